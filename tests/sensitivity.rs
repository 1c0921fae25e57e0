//! Learning-rate sensitivity: every point is the run it claims to be (schedule and noise
//! included), chunking changes nothing, the rates are the sweep's, the best rate is the one
//! the words say, and the picture puts each dot where a click finds it.

use rmsprop_lab::core::optim::OptimizerKind;
use rmsprop_lab::core::schedule::ScheduleKind;
use rmsprop_lab::core::sensitivity::{
    best, CurveSpec, Sensitivity, SensitivitySpec, RATES_PER_RUN,
};
use rmsprop_lab::core::surface::{Surface, SurfaceKind};
use rmsprop_lab::core::sweep::{auto_lr_range, Metric};
use rmsprop_lab::core::trajectory::{run, Noise, Outcome, Problem, Run};
use rmsprop_lab::view::format::noise_text;
use rmsprop_lab::view::sensitivity::{best_text, caption, dot_at, picture, step_dot, DotKind};
use rmsprop_lab::view::theme::{run_color, run_marker};

fn problem(steps: usize) -> Problem {
    Problem::new(Surface::from(SurfaceKind::Rosenbrock), steps)
}

fn runs() -> Vec<(u32, Run)> {
    let rms = Run::from(OptimizerKind::RmsProp.default_config());
    let adam = Run {
        optimizer: OptimizerKind::Adam.default_config(),
        schedule: ScheduleKind::Cosine.example(200),
    };
    // SGD blows up at the top of its range on Rosenbrock.
    let sgd = Run::from(OptimizerKind::Sgd.default_config());
    vec![(4, rms), (7, adam), (9, sgd)]
}

fn computed(p: Problem, chunk: usize) -> Sensitivity {
    let mut s = Sensitivity::new(SensitivitySpec::new(p, runs(), 1e-3).unwrap());
    while s.next_chunk(chunk) > 0 {}
    s
}

fn same(a: &Outcome, b: &Outcome) -> bool {
    a.final_loss.to_bits() == b.final_loss.to_bits()
        && a.final_point.map(f64::to_bits) == b.final_point.map(f64::to_bits)
        && a.reached_at == b.reached_at
        && a.diverged_at == b.diverged_at
}

#[test]
fn every_point_is_the_run_at_its_rate_with_its_schedule_and_noise() {
    let p = Problem { noise: Some(Noise { sigma: 0.3, seed: 9, relative: false }), ..problem(200) };
    let s = computed(p.clone(), 7);
    assert!(s.is_done());
    assert_eq!(s.total(), 3 * RATES_PER_RUN);
    for (k, c) in s.spec().curves.iter().enumerate() {
        assert_eq!(s.outcomes(k).len(), RATES_PER_RUN);
        for (i, o) in s.outcomes(k).iter().enumerate() {
            let alpha = c.alphas.value(i);
            let r = c.run_at(alpha);
            assert_eq!(r.optimizer.lr(), alpha);
            assert_eq!(r.schedule, runs()[k].1.schedule, "the run's schedule applies");
            let tr = run(&p, &r);
            let last = tr.loss.len() - 1;
            assert_eq!(o.final_loss.to_bits(), tr.loss[last].to_bits(), "curve {k} rate {i}");
            assert_eq!(o.diverged_at, tr.diverged_at);
            // A schedule's rates scale with α, as the run's path's do.
            if let Some(s) = tr.steps.get(10) {
                assert_eq!(s.lr, r.schedule.lr_at(alpha, 11));
            }
        }
    }
    // Chunk sizes change nothing.
    let whole = computed(p, usize::MAX);
    for k in 0..3 {
        assert!(s.outcomes(k).iter().zip(whole.outcomes(k)).all(|(a, b)| same(a, b)));
    }
}

#[test]
fn rates_are_the_sweeps_range_and_loading_one_changes_no_spec() {
    let p = problem(100);
    let spec = SensitivitySpec::new(p.clone(), runs(), 1e-3).unwrap();
    for (c, (_, r)) in spec.curves.iter().zip(runs()) {
        let (lo, hi) = auto_lr_range(&p.surface, r.optimizer.kind());
        assert_eq!((c.alphas.min, c.alphas.max, c.alphas.cells), (lo, hi, RATES_PER_RUN));
        let a = c.alphas.values();
        assert!(a.windows(2).all(|w| w[0] < w[1] && w[1] / w[0] < 2.0), "log-spaced: {a:?}");
        assert_eq!(c.run.optimizer.lr(), a[0]);
    }
    // Loading a point's α into a run gives the same spec, so nothing is recomputed.
    let mut moved = runs();
    let alpha = spec.curves[1].alphas.value(13);
    moved[1].1.optimizer.set_real("lr", alpha).unwrap();
    assert_eq!(SensitivitySpec::new(p.clone(), moved, 1e-3).unwrap(), spec);
    let (lo, hi) = spec.log_alpha_range();
    assert!(lo < hi && lo.is_finite());
    // Refused, with words, rather than a panic.
    assert!(SensitivitySpec::new(p.clone(), Vec::new(), 1e-3).is_err());
    assert!(SensitivitySpec::new(p, runs(), f64::NAN).is_err());
}

#[test]
fn odd_problems_compute_without_panicking() {
    for start in [[f64::NAN, 0.0], [1e300, -1e300]] {
        let p = Problem { start, ..problem(30) };
        let s = computed(p, 3);
        assert!(s.is_done());
        let style = [(run_color(0), run_marker(0))];
        let pic = picture(&s, Metric::FinalLoss, &style, &[]);
        assert!(pic.y.0 < pic.y.1 && pic.y.0.is_finite() && pic.y.1.is_finite());
        assert!(pic.dots.iter().all(|d| d.kind == DotKind::Diverged && d.at.1 == 1.0));
    }
    let curve = CurveSpec::new(&problem(10), 0, runs()[0].1).unwrap();
    // A rate not on the curve leaves the run at a valid one.
    assert!(curve.run_at(-1.0).optimizer.lr() > 0.0);
}

fn outcome(final_loss: f64, reached_at: Option<usize>, diverged_at: Option<usize>) -> Outcome {
    Outcome { final_point: [0.0; 2], final_loss, reached_at, diverged_at }
}

#[test]
fn the_best_rate_is_the_lowest_value_ties_to_the_smaller_rate() {
    let os = [
        outcome(0.5, None, None),
        outcome(0.1, Some(40), None),
        outcome(0.1, Some(30), None),
        outcome(0.2, Some(30), None),
        outcome(f64::NAN, None, Some(5)),
        outcome(f64::INFINITY, None, None),
    ];
    assert_eq!(best(&os, Metric::FinalLoss), Some(1), "0.1 twice: the smaller α");
    assert_eq!(best(&os, Metric::StepsToThreshold), Some(2), "30 steps twice: the lower loss");
    assert_eq!(best(&os[4..], Metric::FinalLoss), None, "nothing that did not blow up");
    assert_eq!(best(&[], Metric::FinalLoss), None);
}

#[test]
fn the_picture_has_a_line_per_run_a_best_dot_each_and_clicks_find_dots() {
    let s = computed(problem(300), 10);
    let style = [(run_color(0), run_marker(0)), (run_color(2), run_marker(2))];
    let now = [s.spec().curves[0].alphas.value(6), 1e9, f64::NAN];
    let pic = picture(&s, Metric::FinalLoss, &style, &now);
    assert_eq!(pic.lines.len(), 3, "a line per run, styled or not");
    // The runs' α now: on the chart where that rate's dots are, or not at all.
    let sixth = pic.dots.iter().find(|d| d.curve == 0 && d.index == 6).unwrap();
    assert!((pic.current[0].unwrap() - sixth.at.0).abs() < 1e-12);
    assert_eq!(pic.current[1..], [None, None]);
    assert_eq!(pic.lines[1].color, run_color(2));
    assert!(pic.log_y);
    assert_eq!(pic.y_label, "final loss f (log)");
    assert_eq!(pic.dots.len(), 3 * RATES_PER_RUN);
    for k in 0..3 {
        let bests: Vec<_> =
            pic.dots.iter().filter(|d| d.curve == k && d.kind == DotKind::Best).collect();
        assert_eq!(bests.len(), 1, "curve {k}");
        assert_eq!(Some(bests[0].index), best(s.outcomes(k), Metric::FinalLoss));
    }
    // SGD's largest rates blow up: at the top edge.
    assert!(pic.dots.iter().any(|d| d.kind == DotKind::Diverged && d.at.1 == 1.0));
    assert!(pic
        .dots
        .iter()
        .all(|d| (0.0..=1.0).contains(&d.at.0) && (0.0..=1.0).contains(&d.at.1)));
    // Each line's points are its dots with values.
    let valued = pic.dots.iter().filter(|d| d.curve == 0 && d.kind != DotKind::Diverged).count();
    assert_eq!(pic.lines[0].points.len(), valued);

    // A click on a dot's spot finds it; the margin finds none.
    let plot = (60.0, 8.0, 400.0, 200.0);
    for (n, d) in pic.dots.iter().enumerate().step_by(7) {
        let at = (60.0 + d.at.0 * 400.0, 8.0 + (1.0 - d.at.1) * 200.0);
        let hit = dot_at(&pic.dots, plot, at, 8.0).unwrap();
        assert_eq!(pic.dots[hit].at, d.at, "dot {n}");
    }
    assert_eq!(dot_at(&pic.dots, plot, (0.0, 300.0), 8.0), None);

    // The keyboard walks along a curve and across curves.
    assert_eq!(step_dot(&pic.dots, None, (1, 0)), Some(0));
    let next = step_dot(&pic.dots, Some(0), (1, 0)).unwrap();
    assert_eq!((pic.dots[next].curve, pic.dots[next].index), (0, 1));
    let down = step_dot(&pic.dots, Some(next), (0, 1)).unwrap();
    assert_eq!((pic.dots[down].curve, pic.dots[down].index), (1, 1));
    let last = step_dot(&pic.dots, Some(down), (0, 1)).unwrap();
    assert_eq!(step_dot(&pic.dots, Some(last), (0, 1)), Some(last), "no curve below the last");
    assert_eq!(step_dot(&pic.dots, Some(0), (-1, -1)), Some(0));

    // The best α in words, with the value it is best by.
    let words = best_text(&s, 0, Metric::FinalLoss);
    let i = best(s.outcomes(0), Metric::FinalLoss).unwrap();
    let alpha = s.spec().curves[0].alphas.value(i);
    assert!(words.starts_with(&format!("best α = {alpha} (final loss ")), "{words}");
    assert_eq!(best_text(&s, 9, Metric::FinalLoss), "", "no such curve");

    let steps = picture(&s, Metric::StepsToThreshold, &style, &[]);
    assert!(!steps.log_y);
    assert_eq!(steps.y_label, "steps to threshold");
    assert!(steps.dots.iter().any(|d| d.kind == DotKind::NotReached && d.at.1 == 1.0));
}

#[test]
fn the_best_is_read_as_the_gap_to_a_known_minimum_or_says_why_there_is_none() {
    // Goldstein–Price's minimum is 3: the words give f − f*, as the chart's axis does.
    let p = Problem::new(Surface::from(SurfaceKind::GoldsteinPrice), 200);
    let mut s = Sensitivity::new(SensitivitySpec::new(p, runs(), 3.0 + 1e-3).unwrap());
    while s.next_chunk(64) > 0 {}
    assert!(best_text(&s, 1, Metric::FinalLoss).contains(" (final f − f* = "));
    // Never within 10⁻¹² of it in 200 steps: no best by steps, and the words say so.
    let mut strict = Sensitivity::new(SensitivitySpec::new(problem(200), runs(), 1e-12).unwrap());
    while strict.next_chunk(64) > 0 {}
    assert_eq!(best_text(&strict, 0, Metric::StepsToThreshold), "no α reached the threshold");
}

#[test]
fn the_caption_says_what_is_computed() {
    let c = caption(Metric::FinalLoss, 300, Some(0.0), None);
    assert!(c.starts_with("Final loss after 300 steps against the learning rate α"));
    let gap = caption(Metric::FinalLoss, 300, Some(-3.0), None);
    assert!(gap.starts_with("Final loss after 300 steps, as f − f* against"));
    assert!(c.contains(&format!("{RATES_PER_RUN} rates")));
    assert!(c.contains("Ringed: the best α, lowest final loss; ties go to the smaller α"));
    assert!(c.contains("dashed: each run's α now"));
    assert!(!c.contains("noise"));
    let noise = Some(Noise { sigma: 0.5, seed: 7, relative: false });
    let noisy =
        caption(Metric::StepsToThreshold, 50, None, noise_text(&Problem { noise, ..problem(50) }));
    assert!(noisy.contains("within 50 steps"));
    assert!(noisy.contains("noise σ = 0.5 (seed 7), each point is one path with the scene's seed"));
    assert!(noisy.contains("fewest steps; ties go to the lower final loss, then the smaller α"));
    assert!(noisy.contains("hollow"));
}
