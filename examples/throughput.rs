//! Native optimizer throughput, for `tests/bench/run` to compare with the same loop in WASM.
//!
//! Runs the benchmark's heavy scene (6 runs × 10 000 steps on Rosenbrock, the three default
//! optimizers twice) through `trajectory::run`, as the app does, and prints steps per second
//! as JSON.

use rmsprop_lab::core::optim::OptimizerKind;
use rmsprop_lab::core::surface::{Surface, SurfaceKind};
use rmsprop_lab::core::trajectory::{run, Problem};
use std::time::Instant;

fn main() {
    let kind = SurfaceKind::Rosenbrock;
    let problem = Problem {
        surface: Surface::from(kind),
        start: kind.info().start,
        steps: 10_000,
        noise: None,
        shift: None,
    };
    let runs: Vec<_> = [OptimizerKind::RmsProp, OptimizerKind::Adagrad, OptimizerKind::Adam]
        .iter()
        .cycle()
        .take(6)
        .map(|k| {
            let mut o = k.default_config();
            let _ = o.set_real("lr", kind.info().lr[k.lr_index()]);
            o
        })
        .collect();
    // Warm up, then take the best of several repeats (the least disturbed by other load).
    let mut best = f64::INFINITY;
    let mut steps = 0;
    for _ in 0..12 {
        let t = Instant::now();
        steps = runs.iter().map(|o| run(&problem, o).steps.len()).sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{{\"steps\": {steps}, \"seconds\": {best}, \"steps_per_second\": {}}}",
        steps as f64 / best
    );
}
