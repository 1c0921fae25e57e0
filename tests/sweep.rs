//! Sweeps and start-point maps: every cell is the run it claims to be, chunking changes
//! nothing, axes hold the values their labels say, and the maps find what they should.

use rmsprop_lab::core::optim::params::ParamValue;
use rmsprop_lab::core::optim::{Optimizer, OptimizerKind};
use rmsprop_lab::core::schedule::{Schedule, ScheduleKind};
use rmsprop_lab::core::surface::{Surface, SurfaceKind};
use rmsprop_lab::core::sweep::{
    basin, basin_radius, blew_up, lr_range_around, second_axis_options, Axis, AxisScale, Basin,
    CellValue, GridRun, GridSpec, Metric, Plan,
};
use rmsprop_lab::core::trajectory::{run, run_outcome, Noise, Outcome, Problem, Run};

fn problem(kind: SurfaceKind, steps: usize) -> Problem {
    Problem::new(Surface::from(kind), steps)
}

fn with_lr(kind: OptimizerKind, lr: f64) -> Optimizer {
    let mut o = kind.default_config();
    o.set_real("lr", lr).unwrap();
    o
}

fn settings(problem: Problem, base: Optimizer, y_key: &str, n: (usize, usize)) -> GridSpec {
    GridSpec {
        problem,
        plan: Plan::Settings { base: base.into() },
        x: Axis::new("lr", "Learning rate", AxisScale::Log, 1e-4, 3.0, n.0).unwrap(),
        y: Axis::for_param(base.kind(), y_key, n.1).unwrap(),
        threshold: 1e-3,
    }
}

/// Bit-for-bit equality, NaN included.
fn same(a: &Outcome, b: &Outcome) -> bool {
    a.final_point.map(f64::to_bits) == b.final_point.map(f64::to_bits)
        && a.final_loss.to_bits() == b.final_loss.to_bits()
        && a.reached_at == b.reached_at
        && a.diverged_at == b.diverged_at
}

/// Checks every cell of a finished grid against a full `trajectory::run` of its settings.
fn assert_cells_are_runs(grid: &GridRun) {
    let p = &grid.spec().problem;
    for j in 0..grid.ny() {
        for i in 0..grid.nx() {
            let cell = grid.cell(i, j).unwrap();
            let problem = Problem { start: grid.start_at(i, j), ..p.clone() };
            let tr = run(&problem, &grid.run_at(i, j));
            let last = tr.loss.len() - 1;
            let what = format!("cell ({i}, {j}) {:?}", grid.run_at(i, j));
            assert_eq!(cell.final_loss.to_bits(), tr.loss[last].to_bits(), "{what}");
            assert_eq!(cell.final_point.map(f64::to_bits), tr.points[last].map(f64::to_bits));
            assert_eq!(cell.diverged_at, tr.diverged_at, "{what}");
            // With a shift, only points where the final objective is in force count.
            let from = p.shift.map_or(0, |s| s.step);
            let reached = tr
                .loss
                .iter()
                .enumerate()
                .skip(from)
                .find_map(|(k, &f)| (f <= grid.spec().threshold).then_some(k));
            assert_eq!(cell.reached_at, reached, "{what}");
        }
    }
}

#[test]
fn sweep_cells_equal_individual_runs_for_every_optimizer_and_axis() {
    for (surface, steps) in [(SurfaceKind::Rosenbrock, 300), (SurfaceKind::Beale, 150)] {
        for kind in OptimizerKind::ALL {
            for spec in second_axis_options(kind) {
                let base = with_lr(kind, 0.01);
                let mut grid =
                    GridRun::new(settings(problem(surface, steps), base, spec.key, (7, 5)))
                        .unwrap();
                grid.finish();
                assert_cells_are_runs(&grid);
                // Each cell varies exactly the two swept settings.
                let (x, y) = grid.values_at(3, 2).unwrap();
                let o = grid.run_at(3, 2).optimizer;
                assert_eq!(o.get("lr"), Some(ParamValue::Real(x)));
                assert_eq!(o.get(spec.key), Some(ParamValue::Real(y)));
                for other in kind.params().iter().filter(|p| p.key != "lr" && p.key != spec.key) {
                    assert_eq!(o.get(other.key), base.get(other.key), "{}", other.key);
                }
            }
        }
    }
}

#[test]
fn noisy_sweeps_and_start_maps_equal_individual_runs() {
    let mut p = problem(SurfaceKind::Himmelblau, 200);
    p.noise = Some(Noise { sigma: 2.0, seed: 11, relative: false });
    let mut sweep =
        GridRun::new(settings(p.clone(), with_lr(OptimizerKind::Adam, 0.1), "beta2", (6, 4)))
            .unwrap();
    sweep.finish();
    assert_cells_are_runs(&sweep);
    let w = p.surface.window();
    let mut starts = GridRun::new(
        GridSpec::starts(p, with_lr(OptimizerKind::RmsProp, 0.05), w, 9, 7, 1e-2).unwrap(),
    )
    .unwrap();
    starts.finish();
    assert_cells_are_runs(&starts);
    assert_eq!(starts.start_at(0, 0)[0], starts.spec().x.value(0));
}

#[test]
fn chunking_gives_the_same_cells_as_one_pass() {
    let spec = settings(
        problem(SurfaceKind::Rosenbrock, 200),
        with_lr(OptimizerKind::Sgd, 1e-3),
        "momentum",
        (9, 8),
    );
    let mut whole = GridRun::new(spec.clone()).unwrap();
    whole.finish();
    assert!(whole.is_done() && whole.done() == 72);
    for chunk in [1, 5, 13, 71, 1000] {
        let mut parts = GridRun::new(spec.clone()).unwrap();
        let mut calls = 0;
        while !parts.is_done() {
            let before = parts.done();
            let did = parts.next_chunk(chunk);
            assert_eq!(did, chunk.min(72 - before));
            assert_eq!(parts.done(), before + did);
            calls += 1;
        }
        assert_eq!(calls, 72_usize.div_ceil(chunk));
        assert_eq!(parts.next_chunk(chunk), 0, "a finished grid does nothing more");
        assert!(whole.cells().iter().zip(parts.cells()).all(|(a, b)| same(a, b)));
    }
    // Cells not yet computed are absent, not guessed.
    let mut partial = GridRun::new(spec).unwrap();
    partial.next_chunk(10);
    assert!(partial.cell(0, 1).is_some() && partial.cell(1, 1).is_none());
    assert!(partial.cell(9, 0).is_none(), "column 9 does not exist");
}

#[test]
fn axis_values_are_what_the_labels_say() {
    // Four cells over four decades: the centres 10^−3.5 … 10^−0.5, shortened to 2 digits.
    let lr = Axis::new("lr", "Learning rate", AxisScale::Log, 1e-4, 1.0, 4).unwrap();
    assert_eq!(lr.values(), vec![3.2e-4, 3.2e-3, 0.032, 0.32]);
    let decay = Axis::new("decay", "Decay", AxisScale::NearOne, 0.0, 0.9999, 4).unwrap();
    assert_eq!(decay.values(), vec![0.68, 0.968, 0.9968, 0.99968]);
    let mom = Axis::new("momentum", "Momentum", AxisScale::Linear, 0.0, 0.9, 3).unwrap();
    assert_eq!(mom.values(), vec![0.15, 0.45, 0.75]);
    // Decade ticks sit on cell boundaries here: 10^-3 is a quarter of the way.
    assert!((lr.fraction(1e-3) - 0.25).abs() < 1e-12);
    assert!((decay.fraction(0.99) - 0.5).abs() < 1e-12);
    assert!((lr.at_fraction(0.5) - 0.01).abs() < 1e-15);

    // Every axis of every optimizer, at the default size: values increase, lie inside the
    // range, sit in their own cell near its centre, and are accepted by the optimizer.
    for kind in OptimizerKind::ALL {
        for spec in second_axis_options(kind) {
            for cells in [1, 7, 48, 256] {
                let a = Axis::for_param(kind, spec.key, cells).unwrap();
                let v = a.values();
                assert!(v.windows(2).all(|w| w[0] < w[1]), "{} {cells}: {v:?}", spec.key);
                for (i, &x) in v.iter().enumerate() {
                    assert!(x >= a.min && x <= a.max, "{} {x}", spec.key);
                    assert_eq!(a.cell_at(a.fraction(x)), Some(i), "{} cell {i} = {x}", spec.key);
                    let off = a.fraction(x) * cells as f64 - (i as f64 + 0.5);
                    assert!(off.abs() <= 0.1, "{} cell {i}: {off}", spec.key);
                    let mut o = kind.default_config();
                    o.set_real(spec.key, x).unwrap();
                }
            }
        }
    }
    let lr48 = Axis::new("lr", "Learning rate", AxisScale::Log, 1e-5, 10.0, 48).unwrap();
    // Three significant digits suffice at 8 cells per decade: 1.15e-5 … 8.66.
    let mantissas = lr48.values().iter().map(|x| format!("{x:e}")).collect::<Vec<_>>();
    assert!(mantissas.iter().all(|m| m.split('e').next().unwrap().len() <= 4), "{mantissas:?}");
    assert_eq!(lr48.cell_at(-0.01), None);
    assert_eq!(lr48.cell_at(1.0), Some(47));
}

#[test]
fn the_default_learning_rate_range_spans_whole_decades_around_a_good_rate() {
    assert_eq!(lr_range_around(0.01), (1e-5, 1.0));
    assert_eq!(lr_range_around(0.05), (1e-5, 10.0));
    assert_eq!(lr_range_around(0.5), (1e-4, 100.0));
    assert_eq!(lr_range_around(1e-5), (1e-8, 1e-3));
    assert_eq!(lr_range_around(0.0), (1e-5, 1.0), "a bad rate falls back to 0.01's range");
    for lr in [1e-5, 3e-4, 0.01, 0.05, 0.3, 2.0] {
        let (lo, hi) = lr_range_around(lr);
        assert!(lo <= lr / 1000.0 * 1.0000001 && hi >= lr * 100.0 / 1.0000001, "{lr}: {lo} {hi}");
        assert!(Axis::new("lr", "Learning rate", AxisScale::Log, lo, hi, 48).is_ok());
    }
}

#[test]
fn second_axes_follow_the_parameter_table() {
    let keys = |k| second_axis_options(k).iter().map(|p| p.key).collect::<Vec<_>>();
    assert_eq!(keys(OptimizerKind::RmsProp), ["decay", "eps", "momentum"]);
    assert_eq!(keys(OptimizerKind::Adam), ["beta2", "beta1", "eps"]);
    assert_eq!(keys(OptimizerKind::Adagrad), ["eps", "initial_accumulator", "lr_decay"]);
    assert_eq!(keys(OptimizerKind::Sgd), ["momentum"]);
    let eps = Axis::for_param(OptimizerKind::RmsProp, "eps", 48).unwrap();
    assert_eq!((eps.scale, eps.min, eps.max), (AxisScale::Log, 1e-12, 1.0));
    let beta2 = Axis::for_param(OptimizerKind::Adam, "beta2", 48).unwrap();
    assert_eq!((beta2.scale, beta2.min, beta2.max), (AxisScale::NearOne, 0.0, 0.99999));
}

#[test]
fn bad_specs_are_refused_with_a_reason() {
    let err = |r: Result<Axis, String>| r.unwrap_err();
    assert!(err(Axis::for_param(OptimizerKind::Sgd, "decay", 8)).contains("no setting 'decay'"));
    assert!(err(Axis::for_param(OptimizerKind::Sgd, "nesterov", 8)).contains("not a number"));
    assert!(err(Axis::new("lr", "Learning rate", AxisScale::Log, 0.0, 1.0, 8)).contains("min > 0"));
    assert!(
        err(Axis::new("lr", "Learning rate", AxisScale::Log, 1.0, 0.1, 8)).contains("min < max")
    );
    assert!(err(Axis::new("lr", "Learning rate", AxisScale::Log, 1e-3, 1.0, 0)).contains("cells"));
    assert!(err(Axis::new("decay", "Decay", AxisScale::NearOne, 0.5, 1.0, 8)).contains("[0, 1)"));

    let base = with_lr(OptimizerKind::RmsProp, 0.01);
    let mut same_axes = settings(problem(SurfaceKind::Bowl, 10), base, "decay", (4, 4));
    same_axes.y = same_axes.x;
    assert!(GridRun::new(same_axes).unwrap_err().contains("both axes"));
    // A momentum axis past 1 is not a valid momentum.
    let mut bad = settings(problem(SurfaceKind::Bowl, 10), base, "momentum", (4, 4));
    bad.y = Axis::new("momentum", "Momentum", AxisScale::Linear, 0.0, 2.0, 4).unwrap();
    assert!(GridRun::new(bad).unwrap_err().starts_with("Momentum: must be in [0, 1)"));
    // An axis the optimizer lacks.
    let mut alien = settings(problem(SurfaceKind::Bowl, 10), base, "decay", (4, 4));
    alien.y = Axis::for_param(OptimizerKind::Adam, "beta1", 4).unwrap();
    assert!(GridRun::new(alien).unwrap_err().contains("no setting 'beta1'"));
}

#[test]
fn diverged_cells_are_marked() {
    // SGD on Rosenbrock: tiny rates crawl, rates near 1 blow up.
    let spec = settings(
        problem(SurfaceKind::Rosenbrock, 300),
        with_lr(OptimizerKind::Sgd, 1e-3),
        "momentum",
        (12, 3),
    );
    let mut grid = GridRun::new(spec).unwrap();
    grid.finish();
    let minima = SurfaceKind::Rosenbrock.info().minima;
    for j in 0..grid.ny() {
        let first = grid.cell(0, j).unwrap();
        let last = grid.cell(11, j).unwrap();
        assert!(!blew_up(first) && first.diverged_at.is_none());
        assert!(last.diverged_at.is_some(), "lr {} diverges", grid.values_at(11, j).unwrap().0);
        assert_eq!(Metric::FinalLoss.value(last), CellValue::Diverged);
        assert_eq!(Metric::StepsToThreshold.value(last), CellValue::Diverged);
        assert_eq!(basin(last, minima, 0.2), Basin::Diverged);
        assert!(matches!(Metric::FinalLoss.value(first), CellValue::Value(f) if f > 0.0));
        assert_eq!(Metric::StepsToThreshold.value(first), CellValue::NotReached);
    }
}

#[test]
fn the_start_map_on_himmelblau_finds_all_four_minima() {
    let kind = SurfaceKind::Himmelblau;
    let p = problem(kind, 500);
    let w = p.surface.window();
    let opt = with_lr(OptimizerKind::Adam, kind.info().lr[OptimizerKind::Adam.lr_index()]);
    let mut grid = GridRun::new(GridSpec::starts(p, opt, w, 24, 24, 1e-6).unwrap()).unwrap();
    grid.finish();
    let minima = kind.info().minima;
    let radius = basin_radius(w);
    assert_eq!(radius, 0.5);
    let mut counts = [0usize; 4];
    for o in grid.cells() {
        if let Basin::Minimum(i) = basin(o, minima, radius) {
            counts[i] += 1;
        }
    }
    assert!(counts.iter().all(|&c| c >= 40), "each minimum draws a region: {counts:?}");
    // A start right beside a minimum ends in it.
    let (i, j) = (
        grid.spec().x.cell_at(grid.spec().x.fraction(3.0)).unwrap(),
        grid.spec().y.cell_at(grid.spec().y.fraction(2.0)).unwrap(),
    );
    assert_eq!(basin(grid.cell(i, j).unwrap(), minima, radius), Basin::Minimum(0));
    // Far from every minimum, nothing is claimed.
    let stuck =
        Outcome { final_point: [0.0, 0.0], final_loss: 170.0, reached_at: None, diverged_at: None };
    assert_eq!(basin(&stuck, minima, radius), Basin::Elsewhere);
}

/// The benchmark's sweep (its time is measured by `examples/throughput.rs`, which
/// `tests/bench/run` reports): chunked to the end, every cell has its outcome.
#[test]
fn a_48_by_48_sweep_of_500_steps_fills_every_cell() {
    let spec = settings(
        problem(SurfaceKind::Rosenbrock, 500),
        with_lr(OptimizerKind::RmsProp, 0.01),
        "decay",
        (48, 48),
    );
    let mut grid = GridRun::new(spec).unwrap();
    while grid.next_chunk(64) > 0 {}
    assert!(grid.is_done());
    assert_eq!(grid.cells().len(), 48 * 48);
    assert!(grid.cells().iter().all(|o| o.final_loss.is_finite() || o.diverged_at.is_some()));
}

#[test]
fn shifted_sweeps_equal_individual_runs_and_judge_by_the_moved_minima() {
    use rmsprop_lab::core::trajectory::Shift;
    let mut p = problem(SurfaceKind::Bowl, 200);
    p.shift = Some(Shift { step: 80, scale: 0.01, offset: [1.0, -0.5] });
    let mut sweep =
        GridRun::new(settings(p.clone(), with_lr(OptimizerKind::RmsProp, 0.05), "decay", (5, 3)))
            .unwrap();
    sweep.finish();
    assert_cells_are_runs(&sweep);
    assert_eq!(sweep.spec().goal_minima()[0].at, [1.0, -0.5]);
    let w = p.surface.window();
    let mut starts = GridRun::new(
        GridSpec::starts(p, with_lr(OptimizerKind::RmsProp, 0.05), w, 6, 5, 1e-2).unwrap(),
    )
    .unwrap();
    starts.finish();
    assert_cells_are_runs(&starts);
    let goal = starts.spec().goal_minima();
    let radius = basin_radius(w);
    let reached = starts.cells().iter().filter(|o| basin(o, &goal, radius) == Basin::Minimum(0));
    assert!(reached.count() > 20, "RMSProp follows the moved minimum from most starts");
}

/// A run with a schedule is swept with it: the learning-rate axis sets the schedule's base
/// rate, as the run's own `lr` does, so each cell is the scheduled run at that rate (not the
/// same rate held constant); the start map keeps the schedule too, and a schedule the grid's
/// steps break (OneCycle shorter than the runs) is refused with its field named.
#[test]
fn sweeps_and_start_maps_keep_the_runs_schedule() {
    let p = problem(SurfaceKind::Rosenbrock, 120);
    let schedule = Schedule::Cosine { t_max: 40.0, eta_min: 0.0 };
    let base = Run { optimizer: with_lr(OptimizerKind::Adam, 0.01), schedule };
    let mut grid = GridRun::new(GridSpec {
        problem: p.clone(),
        plan: Plan::Settings { base },
        x: Axis::new("lr", "Learning rate", AxisScale::Log, 1e-3, 0.3, 5).unwrap(),
        y: Axis::for_param(OptimizerKind::Adam, "beta2", 3).unwrap(),
        threshold: 1e-3,
    })
    .unwrap();
    grid.finish();
    let mut differ = 0;
    for j in 0..grid.ny() {
        for i in 0..grid.nx() {
            let (lr, beta2) = grid.values_at(i, j).unwrap();
            let mut o = base.optimizer;
            o.set_real("lr", lr).unwrap();
            o.set_real("beta2", beta2).unwrap();
            let scheduled = run_outcome(&p, &Run { optimizer: o, schedule }, 1e-3);
            assert!(same(grid.cell(i, j).unwrap(), &scheduled), "cell ({i}, {j})");
            differ += usize::from(!same(&scheduled, &run_outcome(&p, &o, 1e-3)));
        }
    }
    assert_eq!(differ, grid.total(), "the schedule changes every cell");

    let w = p.surface.window();
    let mut starts =
        GridRun::new(GridSpec::starts(p.clone(), base, w, 4, 3, 1e-3).unwrap()).unwrap();
    starts.finish();
    let from = Problem { start: starts.start_at(1, 2), ..p.clone() };
    assert!(same(starts.cell(1, 2).unwrap(), &run_outcome(&from, &base, 1e-3)));

    let short = Run { schedule: ScheduleKind::OneCycle.example(100), ..base };
    let e = GridRun::new(GridSpec::starts(p, short, w, 4, 3, 1e-3).unwrap()).unwrap_err();
    assert!(e.starts_with("schedule total_steps: must be at least the run's steps = 120"), "{e}");
}
