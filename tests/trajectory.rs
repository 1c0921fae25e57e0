//! The trajectory record: consistent with itself, the surface, and the noise it was given.

use rmsprop_lab::core::optim::{Optimizer, OptimizerKind};
use rmsprop_lab::core::surface::{Surface, SurfaceKind};
use rmsprop_lab::core::trajectory::{run, run_outcome, Noise, Problem};

fn problem(kind: SurfaceKind, steps: usize, noise: Option<Noise>) -> Problem {
    Problem { noise, ..Problem::new(Surface::from(kind), steps) }
}

fn configured(kind: OptimizerKind, lr: f64) -> Optimizer {
    let mut o = kind.default_config();
    o.set_real("lr", lr).unwrap();
    o
}

#[test]
fn records_are_consistent_for_every_surface_and_optimizer() {
    for sk in SurfaceKind::ALL {
        for ok in OptimizerKind::ALL {
            let p = problem(sk, 200, None);
            let opt = configured(ok, sk.info().lr[ok.lr_index()]);
            let t = run(&p, &opt);
            let n = t.points.len();
            assert_eq!(t.loss.len(), n);
            assert_eq!(t.grad.len(), n);
            assert_eq!(t.steps.len(), n - 1);
            assert_eq!(t.points[0], sk.info().start);
            for k in 0..n {
                let (f, g) = p.surface.value_and_grad(t.points[k]);
                assert_eq!((f, g), (t.loss[k], t.grad[k]), "{} {}: step {k}", sk.name(), ok.name());
            }
            for k in 1..n {
                let s = &t.steps[k - 1];
                assert_eq!(
                    s.grad,
                    t.grad[k - 1],
                    "without noise the optimizer sees the exact gradient"
                );
                for c in 0..2 {
                    assert_eq!(t.points[k][c], t.points[k - 1][c] + s.delta[c]);
                    assert!(s.eff_lr[c] > 0.0 || s.eff_lr[c].is_nan() || s.eff_lr[c] == 0.0);
                }
            }
            match t.diverged_at {
                Some(k) => assert_eq!(k, n),
                None => assert_eq!(n, 201),
            }
        }
    }
}

#[test]
fn the_default_learning_rates_make_progress_without_diverging() {
    for sk in SurfaceKind::ALL {
        for ok in OptimizerKind::ALL {
            let t = run(&problem(sk, 500, None), &configured(ok, sk.info().lr[ok.lr_index()]));
            assert_eq!(t.diverged_at, None, "{} {} diverged", sk.name(), ok.name());
            let (first, last) = (t.loss[0], *t.loss.last().unwrap());
            assert!(last < first, "{} {}: loss {first} -> {last}", sk.name(), ok.name());
        }
    }
}

#[test]
fn state_before_is_the_previous_state() {
    let t =
        run(&problem(SurfaceKind::Rosenbrock, 10, None), &configured(OptimizerKind::Adam, 0.05));
    assert_eq!(t.state_before(1)[0], t.optimizer.initial_state());
    assert_eq!(t.state_before(5), t.steps[3].state);
    assert_eq!(t.steps[0].state[0].first_moment(), Some((1.0 - 0.9) * t.grad[0][0]));
}

#[test]
fn noise_is_deterministic_per_seed_and_shared_by_runs() {
    let noisy =
        |seed| problem(SurfaceKind::Bowl, 100, Some(Noise { sigma: 0.5, seed, relative: false }));
    let opt = configured(OptimizerKind::RmsProp, 0.05);
    let a = run(&noisy(7), &opt);
    assert_eq!(a, run(&noisy(7), &opt), "same seed, same path");
    assert_ne!(a.points, run(&noisy(8), &opt).points, "another seed, another path");
    // The noise is the gradient's: it does not depend on the optimizer.
    let b = run(&noisy(7), &configured(OptimizerKind::Sgd, 0.1));
    let noise_a = [a.steps[0].grad[0] - a.grad[0][0], a.steps[0].grad[1] - a.grad[0][1]];
    let noise_b = [b.steps[0].grad[0] - b.grad[0][0], b.steps[0].grad[1] - b.grad[0][1]];
    assert_eq!(noise_a, noise_b);
    // σ = 0 is no noise at all.
    let quiet =
        problem(SurfaceKind::Bowl, 100, Some(Noise { sigma: 0.0, seed: 7, relative: false }));
    assert_eq!(run(&quiet, &opt).points, run(&problem(SurfaceKind::Bowl, 100, None), &opt).points);
}

#[test]
fn noise_is_standard_normal() {
    let n = Noise { sigma: 1.0, seed: 42, relative: false };
    let draws: Vec<f64> = (1..=20_000).flat_map(|t| [n.z(t, 0), n.z(t, 1)]).collect();
    let mean = draws.iter().sum::<f64>() / draws.len() as f64;
    let var = draws.iter().map(|z| (z - mean).powi(2)).sum::<f64>() / draws.len() as f64;
    assert!(mean.abs() < 0.02, "mean {mean}");
    assert!((var - 1.0).abs() < 0.03, "variance {var}");
    let within_one = draws.iter().filter(|z| z.abs() < 1.0).count() as f64 / draws.len() as f64;
    assert!((within_one - 0.6827).abs() < 0.01, "P(|z| < 1) = {within_one}");
}

#[test]
fn outcome_matches_the_full_run() {
    let p = problem(SurfaceKind::Himmelblau, 300, None);
    let opt = configured(OptimizerKind::Adam, 0.1);
    let t = run(&p, &opt);
    let o = run_outcome(&p, &opt, 1e-3);
    assert_eq!(o.final_point, *t.points.last().unwrap());
    assert_eq!(o.final_loss, *t.loss.last().unwrap());
    assert_eq!(o.reached_at, t.loss.iter().position(|&f| f <= 1e-3));
    assert_eq!(o.diverged_at, t.diverged_at);
}

#[test]
fn non_finite_regions_of_a_formula_stop_the_run() {
    let surface = Surface::Custom(Box::new(rmsprop_lab::core::surface::CustomSurface {
        formula: rmsprop_lab::core::formula::Formula::parse("log(x) + y^2").unwrap(),
        window: rmsprop_lab::core::surface::Window { x: (-1.0, 3.0), y: (-1.0, 1.0) },
    }));
    // Minimizing log(x) walks x towards 0 and past it, where log is NaN.
    let p = Problem { surface, start: [1.0, 0.5], steps: 1000, noise: None, shift: None };
    let t = run(&p, &configured(OptimizerKind::Sgd, 0.1));
    let k = t.diverged_at.expect("the run leaves log's domain");
    assert_eq!(t.points.len(), k);
    assert!(k < 1000);
    // The last position is finite but outside the domain: kept, with its undefined loss.
    assert!(t.points[k - 1][0] < 0.0 && t.loss[k - 1].is_nan());
    assert!(t.loss[..k - 1].iter().all(|f| f.is_finite()));
}

#[test]
fn the_head_is_clamped_and_absent_without_points() {
    let p = problem(SurfaceKind::Bowl, 20, None);
    let tr = run(&p, &configured(OptimizerKind::Sgd, 0.01));
    assert_eq!(tr.head(5), Some(5));
    assert_eq!(tr.head(1000), Some(20));
    assert_eq!(tr.path_to(3).len(), 4);
    let bad = Problem { start: [f64::NAN, 0.0], ..p };
    let tr = run(&bad, &configured(OptimizerKind::Sgd, 0.01));
    assert!(tr.points.is_empty());
    assert_eq!(tr.head(0), None);
    assert!(tr.path_to(10).is_empty());
}

#[test]
fn a_dropped_runs_step_records_are_reused_by_the_next_run() {
    use rmsprop_lab::core::trajectory::recycled;
    let p = problem(SurfaceKind::Rosenbrock, 5000, None);
    let o = configured(OptimizerKind::RmsProp, 0.001);
    let fresh = run(&p, &o);
    let a = run(&p, &o);
    let block = a.steps.as_ptr();
    drop(a);
    let b = run(&p, &o);
    assert_eq!(b.steps.as_ptr(), block, "the next run of that size takes the freed block");
    assert_eq!(b, fresh, "and records exactly what a fresh buffer would");
    // A shorter run may reuse a longer one's block; the pool stays bounded.
    let short = run(&problem(SurfaceKind::Rosenbrock, 2000, None), &o);
    assert_eq!(short.steps.len(), 2000);
    let many: Vec<_> = (0..3 * recycled::KEEP).map(|_| run(&p, &o)).collect();
    drop(many);
    assert_eq!(recycled::kept(), recycled::KEEP);
}

#[test]
fn relative_noise_is_the_absolute_noise_scaled_by_the_gradient_at_the_start() {
    let sk = SurfaceKind::Rosenbrock;
    let relative = Noise { sigma: 0.02, seed: 5, relative: true };
    let p = problem(sk, 300, Some(relative));
    let (_, g) = p.surface.value_and_grad(p.start);
    let size = g[0].hypot(g[1]);
    assert!(size > 50.0, "Rosenbrock is steep at its start: {size}");
    let used = p.noise_used().unwrap();
    assert_eq!(used, Noise { sigma: 0.02 * size, seed: 5, relative: false });
    let opt = configured(OptimizerKind::RmsProp, 0.01);
    let (a, b) = (run(&p, &opt), run(&problem(sk, 300, Some(used)), &opt));
    assert_eq!(a.points, b.points, "the same path as the absolute noise it comes to");
    assert_ne!(a.points, run(&problem(sk, 300, None), &opt).points);
    // At a minimum the gradient is 0, and so is the noise; the run stays there.
    let at_min = Problem { start: [1.0, 1.0], ..p.clone() };
    assert_eq!(at_min.noise_used().unwrap().sigma, 0.0);
    assert!(run(&at_min, &opt).points.iter().all(|q| *q == [1.0, 1.0]));
    // Absolute noise is used as it is.
    let abs = Noise { relative: false, ..relative };
    assert_eq!(problem(sk, 3, Some(abs)).noise_used(), Some(abs));
}
