//! Every lesson loads, and shows what its text claims.

use rmsprop_lab::core::lessons::{Lesson, LESSONS};
use rmsprop_lab::core::trajectory::{run, Trajectory};

fn runs(id: &str) -> Vec<Trajectory> {
    let lesson = Lesson::by_id(id).unwrap_or_else(|| panic!("no lesson {id}"));
    let s = lesson.scenario().unwrap_or_else(|e| panic!("lesson {id}: {e}"));
    let p = s.problem();
    s.runs.iter().map(|o| run(&p, o)).collect()
}

fn steps_to(t: &Trajectory, threshold: f64) -> usize {
    t.loss.iter().position(|&f| f <= threshold).unwrap_or(usize::MAX)
}

fn last_loss(t: &Trajectory) -> f64 {
    *t.loss.last().unwrap()
}

#[test]
fn every_lesson_loads_with_a_short_explanation() {
    assert!(LESSONS.len() >= 6);
    for l in LESSONS.iter() {
        let s = l.scenario().unwrap_or_else(|e| panic!("{}: {e}", l.id));
        assert!((2..=4).contains(&s.runs.len()), "{}: 2–4 runs", l.id);
        let sentences = l.text.matches(". ").count() + 1;
        assert!((2..=5).contains(&sentences), "{}: {sentences} sentences", l.id);
        assert_eq!(Lesson::by_id(l.id).map(|x| x.title), Some(l.title));
    }
}

#[test]
fn adagrad_stalls_while_rmsprop_keeps_moving() {
    let r = runs("adagrad-stalls");
    let (ada, rms) = (&r[0], &r[1]);
    for w in ada.steps.windows(2) {
        assert!(w[1].eff_lr[0] <= w[0].eff_lr[0], "AdaGrad's rate only shrinks");
    }
    let last = |t: &Trajectory| t.steps.last().unwrap().eff_lr[0];
    assert!(last(rms) > 2.0 * last(ada), "RMSProp keeps a larger step size");
    assert!(last_loss(rms) < last_loss(ada) / 3.0);
}

#[test]
fn decay_zero_is_sign_descent_and_decay_near_one_starts_big() {
    let r = runs("decay-memory");
    for s in &r[0].steps {
        for c in 0..2 {
            if s.grad[c].abs() > 0.1 {
                assert!((s.delta[c].abs() - 0.05).abs() < 1e-6, "ρ = 0: every step is ±α");
            }
        }
    }
    let first = r[2].steps[0].delta[0].abs();
    assert!(
        (first / (0.005 / 0.001f64.sqrt()) - 1.0).abs() < 1e-4,
        "ρ = 0.999: first step α/√(1−ρ)"
    );
}

#[test]
fn a_large_epsilon_makes_rmsprop_follow_sgd() {
    let r = runs("big-epsilon");
    let gap = r[1].points.iter().zip(&r[2].points).map(|(a, b)| (a[0] - b[0]).hypot(a[1] - b[1]));
    assert!(gap.fold(0.0, f64::max) < 0.05, "RMSProp(ε = 100) stays on SGD's path");
    let adaptive_gap =
        r[0].points.iter().zip(&r[2].points).map(|(a, b)| (a[0] - b[0]).hypot(a[1] - b[1]));
    assert!(adaptive_gap.fold(0.0, f64::max) > 0.5, "RMSProp(ε = 1e-8) does not");
}

#[test]
fn eps_outside_the_root_moves_faster_on_a_plateau() {
    let r = runs("eps-placement");
    let (outside, inside) = (&r[0], &r[1]);
    assert!(outside.steps[0].delta[0].abs() > 10.0 * inside.steps[0].delta[0].abs());
    assert!(steps_to(outside, 1e-3) < steps_to(inside, 1e-3));
}

#[test]
fn adam_first_step_is_alpha_rmsprop_overshoots() {
    let r = runs("bias-correction");
    let rms = r[0].steps[0].delta[0].abs();
    let adam = r[1].steps[0].delta[0].abs();
    assert!((adam - 0.3).abs() < 1e-6);
    assert!((rms - 0.3 / 0.1f64.sqrt()).abs() < 1e-6);
}

#[test]
fn per_axis_scaling_helps_on_the_upright_valley_not_the_rotated_one() {
    let up = runs("axis-aligned");
    let rot = runs("rotated-valley");
    // SGD's L-shape: after 10 steps y has collapsed, x has barely moved.
    let p = up[0].points[10];
    assert!(p[1].abs() < 0.05 && p[0] < -2.5, "{p:?}");
    // RMSProp moves x and y at the same pace at first.
    let d = up[1].points[10];
    let (dx, dy) = ((d[0] + 4.0).abs(), (d[1] - 1.5).abs());
    assert!(dx > 0.5 * dy, "{d:?}");
    // Rotated: the adaptive methods take longer than on the upright bowl.
    for i in 1..3 {
        assert!(steps_to(&rot[i], 1e-3) > steps_to(&up[i], 1e-3), "run {i}");
    }
}

#[test]
fn sgd_is_not_scale_invariant_the_adaptive_methods_are() {
    let r = runs("scale-invariance");
    assert!(r[0].diverged_at.is_some_and(|k| k < 20), "SGD at 1e-5 explodes");
    assert!(last_loss(&r[1]) > 50.0, "SGD at 2e-6 ends in a side valley");
    for t in &r[2..] {
        assert!(
            (last_loss(t) - 3.0).abs() < 0.05,
            "{:?} reaches the global minimum",
            t.optimizer.kind()
        );
    }
}
