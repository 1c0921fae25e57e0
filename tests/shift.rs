//! The shifting objective: which objective is in force at each step, and what runs record.

use rmsprop_lab::core::optim::OptimizerKind;
use rmsprop_lab::core::surface::{Surface, SurfaceKind};
use rmsprop_lab::core::trajectory::{run, run_outcome, Problem, Shift};

fn problem(kind: SurfaceKind, steps: usize) -> Problem {
    Problem::new(Surface::from(kind), steps)
}

#[test]
fn a_shift_moves_the_minima_and_scales_the_objective_from_its_step_on() {
    let shift = Shift { step: 40, scale: 0.01, offset: [1.0, -0.5] };
    let p = Problem { shift: Some(shift), ..problem(SurfaceKind::Bowl, 100) };
    assert!(!p.objective_at(39).is_shifted() && p.objective_at(40).is_shifted());
    assert!(p.final_objective().is_shifted());
    let m = p.final_objective().minima();
    assert_eq!((m[0].at, m[0].f), ([1.0, -0.5], 0.0));
    assert_eq!(p.objective_at(0).minima()[0].at, [0.0, 0.0]);
    let o = p.objective_at(50);
    assert_eq!(o.value([2.0, 0.5]), 0.01 * (0.1 + 2.0));
    let (f, g) = o.value_and_grad([2.0, 0.5]);
    assert_eq!(f, o.value([2.0, 0.5]));
    assert!((g[0] - 0.01 * 0.2).abs() < 1e-18 && (g[1] - 0.01 * 4.0).abs() < 1e-17);
    // The record: loss[k] is the objective in force at point k.
    let opt = OptimizerKind::RmsProp.default_config();
    let tr = run(&p, &opt);
    for (k, (pt, loss)) in tr.points.iter().zip(&tr.loss).enumerate() {
        assert_eq!(*loss, p.objective_at(k).value(*pt), "loss {k}");
    }
    // Up to the shift the run is the unshifted one, bit for bit.
    let plain = run(&problem(SurfaceKind::Bowl, 100), &opt);
    assert_eq!(tr.points[..=40], plain.points[..=40]);
    assert_ne!(tr.points[41], plain.points[41]);
    // A sweep's "reached" counts only once the final objective is in force.
    let out = run_outcome(&p, &opt, f64::INFINITY);
    assert_eq!(out.reached_at, Some(40));
    assert_eq!(out.final_point, *tr.points.last().unwrap());
}
