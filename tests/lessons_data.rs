//! The lessons on data (models trained on rows, in assets/app/lessons.json): every number
//! and comparison each text states holds, as written, for the lesson's own runs.

use rmsprop_lab::core::data::DataSurface;
use rmsprop_lab::core::lessons::{self, Lesson};
use rmsprop_lab::core::scenario::Scenario;
use rmsprop_lab::core::surface::Minimum;
use rmsprop_lab::core::trajectory::{run, Trajectory};

fn lesson(id: &str) -> Lesson {
    let all = lessons::parse(include_str!("../assets/app/lessons.json")).unwrap();
    all.into_iter().find(|l| l.id == id).unwrap_or_else(|| panic!("no lesson {id}"))
}

/// Asserts that the lesson's text contains `quote` (so the claim tested is the one shown).
fn says(l: &Lesson, quote: &str) {
    assert!(l.text.contains(quote), "lesson {} no longer says “{quote}”:\n{}", l.id, l.text);
}

fn data(s: &Scenario) -> &DataSurface {
    s.surface.data().expect("a data scene")
}

fn best(s: &Scenario) -> Minimum {
    data(s).minima()[0]
}

fn runs(s: &Scenario) -> Vec<Trajectory> {
    let p = s.problem();
    s.runs.iter().map(|r| run(&p, r)).collect()
}

/// The Hessian at the optimum: its eigenvalues (large, small), the angle (degrees) of the
/// flat direction from the b (second) axis, and the correlation of the two coordinates.
fn curvature(s: &Scenario) -> ([f64; 2], f64, f64) {
    let d = data(s);
    let [a, c, b] = d.model().hessian(d.examples(), best(s).at);
    let (mid, half) = ((a + b) / 2.0, ((a - b).powi(2) / 4.0 + c * c).sqrt());
    let (big, small) = (mid + half, mid - half);
    // The flat direction (c, small − a); its angle from the b axis.
    let angle = c.atan2(small - a).to_degrees().abs();
    let angle = angle.min(180.0 - angle);
    ([big, small], angle, c / (a * b).sqrt())
}

/// The condition number left after dividing each coordinate by its own curvature scale, as
/// a per-coordinate method does at best: (1 + |r|)/(1 − |r|) for correlation r.
fn after_diagonal_scaling(r: f64) -> f64 {
    (1.0 + r.abs()) / (1.0 - r.abs())
}

fn first(t: &Trajectory, near: impl Fn([f64; 2]) -> bool) -> Option<usize> {
    t.points.iter().position(|p| near(*p))
}

/// The mean step per coordinate over the last 100 updates of `t`.
fn late_steps(t: &Trajectory) -> [f64; 2] {
    let n = t.points.len();
    [0, 1].map(|c| {
        (n - 100..n).map(|k| (t.points[k][c] - t.points[k - 1][c]).abs()).sum::<f64>() / 100.0
    })
}

/// The highest loss of `t` over the positions after its last 100 updates.
fn late_worst(t: &Trajectory) -> f64 {
    t.loss[t.loss.len() - 100..].iter().copied().fold(0.0, f64::max)
}

fn round_to(x: f64, digits: i32) -> f64 {
    let p = 10f64.powi(digits);
    (x * p).round() / p
}

#[test]
fn a_badly_scaled_feature_is_fixed_by_per_coordinate_steps() {
    let l = lesson("scaled-feature");
    let s = &l.scenario;
    let m = best(s);
    let ([big, small], angle, _) = curvature(s);
    says(&l, "the loss curves about 1000 times more steeply along w than along b");
    assert!((900.0..1100.0).contains(&(big / small)), "{big} / {small}");
    says(&l, "the valley lies along the b axis (within 0.4°)");
    assert!(angle < 0.4, "{angle}");
    says(&l, "SGD's α must stay below 2/2018 ≈ 0.00099, or its steps along w grow without bound");
    assert_eq!((round_to(big, 0), round_to(2.0 / big, 5)), (2018.0, 0.00099));
    let mut over = s.clone();
    over.runs[0].optimizer.set_real("lr", 0.001).unwrap();
    let t = run(&over.problem(), &over.runs[0]);
    assert!(t.loss.last().unwrap() > &1e10 && t.points[500][0].abs() > 1e3, "just above the limit");
    let t = runs(s);
    let (sgd, rms) = (&t[0], &t[1]);
    says(&l, "at α = 0.0009 it fits w to within 0.01 by step 25");
    assert_eq!(first(sgd, |p| (p[0] - m.at[0]).abs() < 0.01), Some(25));
    says(&l, "after 500 steps its b is still −0.60, where the best b is −1.05");
    assert_eq!((round_to(sgd.points[500][1], 2), round_to(m.at[1], 2)), (-0.60, -1.05));
    says(&l, "its b is within 0.01 of the best by step 245");
    assert_eq!(first(rms, |p| (p[1] - m.at[1]).abs() < 0.01), Some(245));
}

#[test]
fn an_uncentred_feature_tilts_the_valley_beyond_per_coordinate_repair() {
    let l = lesson("uncentred-feature");
    let s = &l.scenario;
    let m = best(s);
    let ([big, small], angle, r) = curvature(s);
    says(&l, "the valley is about 10 000 times steeper across than along, and it lies 5.5° off");
    assert!((9000.0..12000.0).contains(&(big / small)), "{big} / {small}");
    assert_eq!(round_to(angle, 1), 5.5);
    says(&l, "w and b are correlated 0.995, and after the best such rescaling the valley is still about 390 times");
    assert_eq!(round_to(r, 3), 0.995);
    assert!((380.0..400.0).contains(&after_diagonal_scaling(r)));
    says(&l, "SGD (α = 0.009, just below its limit 2/213 ≈ 0.0094)");
    assert_eq!((round_to(big, 0), round_to(2.0 / big, 4)), (213.0, 0.0094));
    let t = runs(s);
    let b = |t: &Trajectory| round_to(t.points[2000][1], 2);
    says(&l, "has b at −0.34 and RMSProp (α = 0.005) at −1.22, where the best b is −1.55");
    assert_eq!((b(&t[0]), b(&t[1]), round_to(m.at[1], 2)), (-0.34, -1.22, -1.55));
    says(&l, "the cross term of the curvature is twice the mean of x");
    let d = data(s);
    let mean_x = d.examples().iter().map(|e| e.features[0]).sum::<f64>() / d.n() as f64;
    let h = d.model().hessian(d.examples(), m.at);
    assert!((h[1] - 2.0 * mean_x).abs() < 1e-9 * h[1].abs(), "{h:?} {mean_x}");
    assert!((9.0..11.0).contains(&mean_x), "mean 10");
}

#[test]
fn minibatch_noise_keeps_a_constant_rate_moving() {
    let l = lesson("minibatch-noise");
    let s = &l.scenario;
    let m = best(s);
    says(&l, "Each update sees 4 of the 64 rows, in a new shuffled order every epoch");
    let d = data(s);
    assert_eq!((d.batching().batch_size, d.n(), d.batching().shuffle.is_some()), (4, 64, true));
    let t = runs(s);
    let (sgd, rms) = (&t[0], &t[1]);
    says(&l, "over the last 100 of 600 steps SGD (α = 0.1) still moves about 0.024 per coordinate");
    assert!(late_steps(sgd).iter().all(|s| (0.022..0.026).contains(s)), "{:?}", late_steps(sgd));
    says(&l, "RMSProp (α = 0.01) about three quarters of α");
    assert!(late_steps(rms).iter().all(|s| (0.007..0.008).contains(s)), "{:?}", late_steps(rms));
    says(&l, "Neither loss stays at the minimum 0.0926: SGD's reaches 0.110 and RMSProp's 0.0946");
    assert_eq!(round_to(m.f, 4), 0.0926);
    assert_eq!((round_to(late_worst(sgd), 3), round_to(late_worst(rms), 4)), (0.110, 0.0946));
    let with_batch = |b: usize| {
        let mut v = s.clone();
        let d = data(s).clone();
        let batching = rmsprop_lab::core::data::Batching { batch_size: b, ..d.batching() };
        v.surface =
            rmsprop_lab::core::surface::Surface::Data(Box::new(d.with_batching(batching).unwrap()));
        runs(&v)
    };
    says(&l, "Raise the batch size to 16 and SGD's worst loss over those steps falls to 0.094");
    assert_eq!(round_to(late_worst(&with_batch(16)[0]), 3), 0.094);
    says(&l, "at 64, the full batch, SGD's steps shrink to nothing while RMSProp's stay at α");
    let full = with_batch(64);
    assert!(late_steps(&full[0]).iter().all(|s| *s < 1e-9), "{:?}", late_steps(&full[0]));
    assert!(
        late_steps(&full[1]).iter().all(|s| (s / 0.01 - 1.0).abs() < 0.01),
        "{:?}",
        late_steps(&full[1])
    );
}
