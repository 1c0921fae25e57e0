//! Runs and sweeps on data: each update uses its minibatch's gradient, every recorded loss
//! is the full-batch one, and the sweeps work (and stay fast) on data scenes.

use rmsprop_lab::core::data::{Batch, Batching, DataSurface, Generator, Model};
use rmsprop_lab::core::optim::{Optimizer, OptimizerKind};
use rmsprop_lab::core::surface::Surface;
use rmsprop_lab::core::sweep::{basin, basin_radius, Axis, Basin, GridRun, GridSpec, Plan};
use rmsprop_lab::core::trajectory::{run, run_outcome, Noise, Outcome, Problem, Shift};

fn data(model: Model, n: usize, batching: Batching) -> Surface {
    let g = Generator { n, ..Generator::default_for(model) };
    let d = DataSurface::generated(model, g).unwrap().with_batching(batching).unwrap();
    Surface::Data(Box::new(d))
}

fn rmsprop(lr: f64) -> Optimizer {
    let mut o = OptimizerKind::RmsProp.default_config();
    o.set_real("lr", lr).unwrap();
    o
}

#[test]
fn updates_use_their_batch_and_losses_are_full_batch() {
    for shuffle in [None, Some(4)] {
        let surface = data(Model::LogisticRegression, 30, Batching { batch_size: 7, shuffle });
        let p = Problem::new(surface, 25);
        let d = p.surface.data().unwrap();
        let t = run(&p, &rmsprop(0.05));
        let batches = t.batches.as_ref().unwrap();
        assert_eq!(batches.len(), 25);
        for k in 1..=25 {
            let batch = d.batch_of_update(k);
            assert_eq!(batches[k - 1], batch.index);
            assert_eq!(p.objective_at(k - 1).batch, Some(batch));
            let (_, g) = d.batch_value_and_grad(batch, t.points[k - 1]);
            assert_eq!(t.steps[k - 1].grad, g, "update {k} used its batch's gradient");
            assert_eq!(p.objective_at(k - 1).batch_value_and_grad(t.points[k - 1]).1, g);
            let (f, full) = d.value_and_grad(t.points[k]);
            assert_eq!((t.loss[k], t.grad[k]), (f, full), "point {k}: the full-batch loss");
        }
        // 30 rows in batches of 7: 4 of 7 and one of 2 per epoch.
        assert_eq!(&batches[..6], &[0, 1, 2, 3, 4, 0]);
        assert_eq!(d.batch_rows(Batch { epoch: 0, index: 4 }).len(), 2);
    }
}

#[test]
fn full_batches_use_the_exact_gradient_shuffled_or_not() {
    let a = run(
        &Problem::new(data(Model::LinearRegression, 20, Batching::full(20)), 50),
        &rmsprop(0.05),
    );
    let shuffled = Batching { batch_size: 20, shuffle: Some(3) };
    let b = run(&Problem::new(data(Model::LinearRegression, 20, shuffled), 50), &rmsprop(0.05));
    assert_eq!(a.points, b.points);
    assert!(a.steps.iter().zip(&a.grad).all(|(s, g)| s.grad == *g));
    assert_eq!(a.batches, Some(vec![0; 50]));
}

#[test]
fn noise_and_shifts_combine_with_minibatches() {
    let surface = data(Model::LinearRegression, 24, Batching { batch_size: 5, shuffle: None });
    let noise = Noise { sigma: 0.3, seed: 2, relative: false };
    let p = Problem { noise: Some(noise), ..Problem::new(surface.clone(), 10) };
    let t = run(&p, &rmsprop(0.05));
    let d = p.surface.data().unwrap();
    for k in 1..=10u32 {
        let (_, g) =
            d.batch_value_and_grad(d.batch_of_update(k as usize), t.points[k as usize - 1]);
        let used = [g[0] + 0.3 * noise.z(k, 0), g[1] + 0.3 * noise.z(k, 1)];
        assert_eq!(t.steps[k as usize - 1].grad, used);
    }
    let shift = Shift { step: 4, scale: 0.5, offset: [1.0, -2.0] };
    let p = Problem { shift: Some(shift), ..Problem::new(surface, 10) };
    let t = run(&p, &rmsprop(0.05));
    for k in 4..=10 {
        let q = t.points[k];
        let (f, _) = d.value_and_grad([q[0] - 1.0, q[1] + 2.0]);
        assert_eq!(t.loss[k], 0.5 * f, "point {k}: the shifted full-batch loss");
    }
    let q = t.points[5];
    let (_, g) = d.batch_value_and_grad(d.batch_of_update(6), [q[0] - 1.0, q[1] + 2.0]);
    assert_eq!(t.steps[5].grad, [0.5 * g[0], 0.5 * g[1]], "update 6: the shifted batch");
    let m = p.final_objective().minima();
    assert_eq!(m[0].at, [d.minima()[0].at[0] + 1.0, d.minima()[0].at[1] - 2.0]);
}

#[test]
fn formulas_have_no_batches() {
    let t = run(
        &Problem::new(Surface::from(rmsprop_lab::core::surface::SurfaceKind::Bowl), 5),
        &rmsprop(0.05),
    );
    assert_eq!(t.batches, None);
    let p = Problem::new(Surface::from(rmsprop_lab::core::surface::SurfaceKind::Bowl), 5);
    assert_eq!(p.objective_at(2).batch, None);
    assert_eq!(
        p.objective_at(2).batch_value_and_grad([1.0, 1.0]),
        p.objective_at(2).value_and_grad([1.0, 1.0])
    );
}

fn assert_cells_are_runs(grid: &GridRun) {
    for j in 0..grid.ny() {
        for i in 0..grid.nx() {
            let p = Problem { start: grid.start_at(i, j), ..grid.spec().problem.clone() };
            let o = run_outcome(&p, &grid.run_at(i, j), grid.spec().threshold);
            assert_eq!(grid.cell(i, j), Some(&o), "cell ({i}, {j})");
        }
    }
}

#[test]
fn sweeps_and_start_maps_work_on_data() {
    let surface = data(Model::LinearRegression, 40, Batching { batch_size: 8, shuffle: Some(1) });
    let p = Problem::new(surface.clone(), 200);
    let x = Axis::for_param(OptimizerKind::RmsProp, "lr", 5).unwrap();
    let y = Axis::for_param(OptimizerKind::RmsProp, "decay", 3).unwrap();
    let plan = Plan::Settings { base: rmsprop(0.01).into() };
    let mut sweep =
        GridRun::new(GridSpec { problem: p.clone(), plan, x, y, threshold: 0.2 }).unwrap();
    sweep.finish();
    assert_cells_are_runs(&sweep);
    let w = surface.window();
    let mut starts =
        GridRun::new(GridSpec::starts(p, rmsprop(0.05), w, 6, 4, 0.2).unwrap()).unwrap();
    starts.finish();
    assert_cells_are_runs(&starts);
    let goal = starts.spec().goal_minima();
    assert_eq!(goal.len(), 1, "the full-batch optimum is the goal");
    let reached =
        starts.cells().iter().filter(|o| basin(o, &goal, basin_radius(w)) == Basin::Minimum(0));
    assert!(reached.count() >= 20, "RMSProp ends near the optimum from most starts");
}

/// The sweep the benchmark times on data (`examples/throughput.rs`): 48×48 × 500 steps on 64
/// rows, full batch and minibatches, fills every cell.
#[test]
fn a_48_by_48_sweep_of_500_steps_on_64_rows_fills_every_cell() {
    for model in [Model::LinearRegression, Model::LogisticRegression] {
        for batch_size in [64, 8] {
            let surface = data(model, 64, Batching { batch_size, shuffle: Some(1) });
            let p = Problem::new(surface, 500);
            let x = Axis::for_param(OptimizerKind::RmsProp, "lr", 48).unwrap();
            let y = Axis::for_param(OptimizerKind::RmsProp, "decay", 48).unwrap();
            let spec = GridSpec {
                problem: p,
                plan: Plan::Settings { base: rmsprop(0.01).into() },
                x,
                y,
                threshold: 0.1,
            };
            let mut grid = GridRun::new(spec).unwrap();
            while grid.next_chunk(64) > 0 {}
            assert_eq!(grid.cells().len(), 48 * 48, "{model:?}, batches of {batch_size}");
            let ok = |o: &&Outcome| o.final_loss.is_finite() || o.diverged_at.is_some();
            assert!(grid.cells().iter().all(|o| ok(&o)), "{model:?}, batches of {batch_size}");
        }
    }
}

#[test]
fn the_cost_of_an_update_counts_rows() {
    let full = Problem::new(data(Model::LinearRegression, 64, Batching::full(64)), 10);
    assert_eq!(full.evaluations_per_update(), 64);
    let mini = Problem::new(
        data(Model::LinearRegression, 64, Batching { batch_size: 8, shuffle: None }),
        10,
    );
    assert_eq!(mini.evaluations_per_update(), 72);
    let bowl = Problem::new(Surface::from(rmsprop_lab::core::surface::SurfaceKind::Bowl), 10);
    assert_eq!(bowl.evaluations_per_update(), 1);
}

/// A sweep's outcome on minibatched logistic data skips the full-batch loss at points it can
/// bound above the threshold (and after the threshold is reached): what it reports is still
/// exactly what the recorded run says, for thresholds reached early, late and never, with
/// and without shuffling, and for runs that blow up.
#[test]
fn outcomes_that_skip_losses_agree_with_the_recorded_run() {
    for shuffle in [None, Some(3)] {
        let surface = data(Model::LogisticRegression, 64, Batching { batch_size: 8, shuffle });
        let floor = surface.loss_floor().expect("an optimum");
        let p = Problem::new(surface, 400);
        for lr in [1e-4, 0.003, 0.03, 0.3, 3.0, 1e3] {
            for kind in [OptimizerKind::RmsProp, OptimizerKind::Sgd, OptimizerKind::Adam] {
                let mut opt = kind.default_config();
                opt.set_real("lr", lr).unwrap();
                let t = run(&p, &opt);
                for gap in [1e-6, 1e-3, 0.05, 0.5, 5.0] {
                    let threshold = floor + gap;
                    let o = run_outcome(&p, &opt, threshold);
                    let at = format!("{kind:?} α = {lr}, gap {gap}, shuffle {shuffle:?}");
                    assert_eq!(o.final_point, *t.points.last().unwrap(), "{at}");
                    assert_eq!(o.final_loss.to_bits(), t.loss.last().unwrap().to_bits(), "{at}");
                    assert_eq!(o.reached_at, t.loss.iter().position(|&f| f <= threshold), "{at}");
                    assert_eq!(o.diverged_at, t.diverged_at, "{at}");
                }
            }
        }
    }
}
