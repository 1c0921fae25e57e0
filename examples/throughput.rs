//! Native speeds for `tests/bench/run`: the optimizer throughput (compared with the same loop
//! in WASM) and the time of a 48×48 × 500-step sweep, on Rosenbrock and on 64 rows of data.
//!
//! The throughput runs the benchmark's heavy scene (6 runs × 10 000 steps on Rosenbrock, the
//! three default optimizers twice) through `trajectory::run`, as the app does. Prints JSON.

use rmsprop_lab::core::data::{Batching, DataSurface, Generator, Model};
use rmsprop_lab::core::optim::{Optimizer, OptimizerKind};
use rmsprop_lab::core::surface::{Surface, SurfaceKind};
use rmsprop_lab::core::sweep::{Axis, GridRun, GridSpec, Plan, DEFAULT_GAP};
use rmsprop_lab::core::trajectory::{run, Problem};
use std::time::Instant;

/// The best of `n` timings of `f`, in seconds (the run least disturbed by other load).
fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..n {
        let t = Instant::now();
        out = Some(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, out.expect("n > 0"))
}

fn with_lr(kind: OptimizerKind, lr: f64) -> Optimizer {
    let mut o = kind.default_config();
    let _ = o.set_real("lr", lr);
    o
}

/// Milliseconds for the app's sweep of RMSProp's learning rate × decay on `surface`.
fn sweep_ms(surface: Surface) -> f64 {
    let spec = GridSpec {
        problem: Problem::new(surface.clone(), 500),
        plan: Plan::Settings { base: with_lr(OptimizerKind::RmsProp, 0.01).into() },
        x: Axis::for_param(OptimizerKind::RmsProp, "lr", 48).expect("lr axis"),
        y: Axis::for_param(OptimizerKind::RmsProp, "decay", 48).expect("decay axis"),
        // As the app's sweep sets it: this close to the known minimum.
        threshold: surface.loss_floor().unwrap_or(0.0) + DEFAULT_GAP,
    };
    let (s, _) = best_of(3, || {
        let mut grid = GridRun::new(spec.clone()).expect("a valid sweep");
        while grid.next_chunk(64) > 0 {}
    });
    s * 1000.0
}

fn data(model: Model, batch_size: usize) -> Surface {
    let g = Generator { n: 64, ..Generator::default_for(model) };
    let d = DataSurface::generated(model, g).expect("generated rows");
    Surface::Data(Box::new(
        d.with_batching(Batching { batch_size, shuffle: None }).expect("batches"),
    ))
}

fn main() {
    let kind = SurfaceKind::Rosenbrock;
    let problem = Problem::new(Surface::from(kind), 10_000);
    let runs: Vec<_> = [OptimizerKind::RmsProp, OptimizerKind::Adagrad, OptimizerKind::Adam]
        .iter()
        .cycle()
        .take(6)
        .map(|k| with_lr(*k, kind.info().lr[k.lr_index()]))
        .collect();
    let (seconds, steps) =
        best_of(12, || runs.iter().map(|o| run(&problem, o).steps.len()).sum::<usize>());
    let rosenbrock = sweep_ms(Surface::from(kind));
    let linear = sweep_ms(data(Model::LinearRegression, 8));
    let logistic = sweep_ms(data(Model::LogisticRegression, 8));
    println!(
        "{{\"steps\": {steps}, \"seconds\": {seconds}, \"steps_per_second\": {}, \
         \"sweep_rosenbrock_ms\": {rosenbrock}, \"sweep_linear_64_rows_ms\": {linear}, \
         \"sweep_logistic_64_rows_ms\": {logistic}}}",
        steps as f64 / seconds
    );
}
