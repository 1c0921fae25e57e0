//! Every lesson loads, and every number and comparison its text states holds, as written,
//! for the lesson's own runs (the text is quoted beside each assertion).

use rmsprop_lab::core::formula::Formula;
use rmsprop_lab::core::lessons::{self, Lesson, CATALOG};
use rmsprop_lab::core::optim::{OptState, Optimizer, OptimizerKind};
use rmsprop_lab::core::scenario::Scenario;
use rmsprop_lab::core::surface::{CustomSurface, Surface};
use rmsprop_lab::core::sweep::{
    basin, basin_radius, blew_up, lr_range_around, Axis, AxisScale, Basin, GridRun, GridSpec, Plan,
};
use rmsprop_lab::core::trajectory::{run, run_outcome, Problem, Trajectory};

/// The lessons as the app fetches them (`assets/app/lessons.json`), read once.
fn all() -> &'static [Lesson] {
    static ALL: std::sync::OnceLock<Vec<Lesson>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        lessons::parse(include_str!("../assets/app/lessons.json"))
            .unwrap_or_else(|e| panic!("lessons.json: {e}"))
    })
}

fn by_id(id: &str) -> &'static Lesson {
    all().iter().find(|l| l.id == id).unwrap_or_else(|| panic!("no lesson {id}"))
}

fn scenario(id: &str) -> Scenario {
    by_id(id).scenario.clone()
}

fn runs(id: &str) -> Vec<Trajectory> {
    let s = scenario(id);
    let p = s.problem();
    s.runs.iter().map(|o| run(&p, o)).collect()
}

/// Asserts that lesson `id`'s text contains `quote` (so the claim tested is the one shown).
fn says(id: &str, quote: &str) {
    let text = &by_id(id).text;
    assert!(text.contains(quote), "lesson {id} no longer says “{quote}”:\n{text}");
}

fn steps_to(t: &Trajectory, threshold: f64) -> Option<usize> {
    t.loss.iter().position(|&f| f <= threshold)
}

fn last_loss(t: &Trajectory) -> f64 {
    *t.loss.last().unwrap()
}

fn step_size(t: &Trajectory, k: usize, c: usize) -> f64 {
    (t.points[k][c] - t.points[k - 1][c]).abs()
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

fn max_gap(a: &Trajectory, b: &Trajectory) -> f64 {
    a.points.iter().zip(&b.points).map(|(p, q)| dist(*p, *q)).fold(0.0, f64::max)
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let (n, s) = xs.fold((0usize, 0.0), |(n, s), x| (n + 1, s + x));
    s / n as f64
}

fn accumulator(t: &Trajectory, update: usize, c: usize) -> f64 {
    t.steps[update - 1].state[c].accumulator().unwrap()
}

fn custom(formula: &str, s: &Scenario) -> Surface {
    let formula = Formula::parse(formula).unwrap();
    Surface::Custom(Box::new(CustomSurface { formula, window: s.surface.window() }))
}

#[test]
fn every_lesson_loads_with_a_short_explanation() {
    assert!(CATALOG.len() >= 15);
    assert_eq!(all().len(), CATALOG.len(), "one lesson per catalog entry, in its order");
    for (l, e) in all().iter().zip(&CATALOG) {
        assert_eq!((l.id, l.title), (e.id, e.title));
        assert!((2..=4).contains(&l.scenario.runs.len()), "{}: 2–4 runs", l.id);
        let sentences = l.text.matches(". ").count() + 1;
        assert!((2..=5).contains(&sentences), "{}: {sentences} sentences", l.id);
        assert_eq!(CATALOG.iter().filter(|m| m.id == l.id).count(), 1, "{}: unique id", l.id);
    }
}

/// The numbers written in `s`: runs of digits, with decimal points, superscripts and `·`.
fn numbers_in(s: &str) -> Vec<String> {
    let part = |c: char| c.is_ascii_digit() || ".·⁰¹²³⁴⁵⁶⁷⁸⁹⁻".contains(c);
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars().chain([' ']) {
        if part(c) && (!cur.is_empty() || c.is_ascii_digit()) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(cur.trim_end_matches(['.', '·']).to_string());
            cur.clear();
        }
    }
    out
}

#[test]
fn every_question_has_an_answer_whose_numbers_the_text_states() {
    for l in all() {
        assert!(l.question.ends_with('?'), "{}: a question", l.id);
        let sentences = l.answer.matches(". ").count() + 1;
        assert!((1..=2).contains(&sentences), "{}: a short answer", l.id);
        // Every number in the answer is one the lesson's text states, which its test asserts.
        for n in numbers_in(&l.answer) {
            assert!(l.text.contains(&n), "{}: the answer's {n} is not in the text", l.id);
        }
    }
    assert_eq!(numbers_in("at 5.2·10⁻⁵, (3, 2)."), ["5.2·10⁻⁵", "3", "2"]);
}

#[test]
fn adagrad_remembers_the_steep_start_while_rmsprop_forgets_it() {
    let id = "adagrad-stalls";
    let r = runs(id);
    let (ada, rms) = (&r[0], &r[1]);
    says(id, "its first two updates see gradients between 50 and 600 per coordinate");
    for s in &ada.steps[..2] {
        for g in s.grad {
            assert!((50.0..=600.0).contains(&g.abs()), "{g}");
        }
    }
    says(id, "from step 10 to step 3000 its rate changes by less than 1%");
    for c in 0..2 {
        let at10 = ada.steps[9].eff_lr[c];
        for s in &ada.steps[9..] {
            assert!((s.eff_lr[c] / at10 - 1.0).abs() < 0.01, "AdaGrad's rate {c}");
        }
    }
    says(id, "its rate rises more than tenfold after step 10");
    for c in 0..2 {
        let (at10, last) = (rms.steps[9].eff_lr[c], rms.steps.last().unwrap().eff_lr[c]);
        assert!(last > 10.0 * at10, "RMSProp's rate {c}: {at10} → {last}");
    }
    says(id, "RMSProp ends below loss 0.01 at step 3000 and AdaGrad above 0.02");
    assert_eq!(rms.loss.len(), 3001);
    assert!(last_loss(rms) < 0.01 && last_loss(ada) > 0.02);
}

#[test]
fn decay_zero_and_point_nine_rattle_decay_near_one_settles() {
    let id = "decay-memory";
    let r = runs(id);
    says(id, "all three runs use α = 0.05");
    assert!(r.iter().all(|t| t.optimizer.lr() == 0.05));
    says(id, "every step is ±α per coordinate up to ε (sign descent)");
    for s in &r[0].steps {
        for c in 0..2 {
            // |Δ| = α·|g|/√(g² + ε): within ε/(2g²) of α.
            let g2 = s.grad[c] * s.grad[c];
            let expected = 0.05 * (1.0 - 1e-8 / (2.0 * g2)).max(0.0);
            if g2 > 1e-6 {
                assert!((s.delta[c].abs() - expected).abs() < 1e-4 * 0.05, "ρ = 0: ±α");
            }
        }
    }
    says(id, "over the last 100 steps both rattle back and forth at ±α");
    says(id, "their loss stays above 5·10⁻⁴");
    for t in &r[..2] {
        for k in 301..=400 {
            for c in 0..2 {
                assert!((step_size(t, k, c) / 0.05 - 1.0).abs() < 0.01, "±α at step {k}");
            }
            let (d, prev) = (t.steps[k - 1].delta[1], t.steps[k - 2].delta[1]);
            assert!(d * prev < 0.0, "back and forth at step {k}");
            assert!(t.loss[k] > 5e-4);
        }
    }
    says(id, "its loss never rises and ends below 10⁻¹⁰⁰");
    let slow = &r[2];
    assert!(slow.loss.windows(2).all(|w| w[1] <= w[0]));
    assert!(last_loss(slow) < 1e-100);
    says(id, "its first step is α/√(1 − ρ) ≈ 31.6α");
    let first = slow.steps[0].delta[0].abs() / 0.05;
    assert!((first * 0.001f64.sqrt() - 1.0).abs() < 1e-4 && (first - 31.6).abs() < 0.05);
}

#[test]
fn a_large_epsilon_makes_rmsprop_follow_sgd() {
    let id = "big-epsilon";
    let r = runs(id);
    says(id, "Here v stays below 4 and ε = 100");
    for t in &r[1..3] {
        for k in 1..=t.steps.len() {
            assert!(accumulator(t, k, 0) < 4.0 && accumulator(t, k, 1) < 4.0);
        }
    }
    says(id, "RMSProp with α = 2 (inside) and with α = 20 (outside) both follow SGD");
    says(id, "with α = 0.2 to within 0.03 at every step");
    assert_eq!((r[1].optimizer.lr(), r[2].optimizer.lr(), r[3].optimizer.lr()), (2.0, 20.0, 0.2));
    assert!(max_gap(&r[1], &r[3]) < 0.03, "inside: {}", max_gap(&r[1], &r[3]));
    assert!(max_gap(&r[2], &r[3]) < 0.03, "outside: {}", max_gap(&r[2], &r[3]));
    says(id, "the first RMSProp (ε = 1e-8) strays more than 0.5 from SGD's path");
    assert!(max_gap(&r[0], &r[3]) > 0.5);
}

#[test]
fn eps_outside_the_root_moves_faster_on_a_plateau() {
    let id = "eps-placement";
    let r = runs(id);
    let (outside, inside) = (&r[0], &r[1]);
    says(id, "the gradient is tiny (about 10⁻⁴ per coordinate)");
    for g in outside.grad[0] {
        assert!((5e-5..2e-4).contains(&g.abs()), "{g}");
    }
    says(id, "RMSProp's first step is about 3α");
    says(id, "its first step is under 0.1α and it creeps");
    for c in 0..2 {
        let (o, i) = (step_size(outside, 1, c) / 0.02, step_size(inside, 1, c) / 0.02);
        assert!((2.9..3.2).contains(&o) && i < 0.1, "{o} {i}");
    }
    says(id, "√ε = 10⁻³");
    says(id, "at step 203 outside and at step 336 inside");
    assert_eq!((steps_to(outside, 1e-3), steps_to(inside, 1e-3)), (Some(203), Some(336)));
}

#[test]
fn the_uncorrected_first_step_overshoots_and_the_loss_rises() {
    let id = "bias-correction";
    let r = runs(id);
    let (rms, adam0, adam) = (&r[0], &r[1], &r[2]);
    says(id, "steps α/√(1 − ρ) ≈ 31.6α per coordinate: at α = 0.2 it jumps 6.3");
    assert!((accumulator(rms, 1, 0) / rms.steps[0].grad[0].powi(2) - 0.001).abs() < 1e-12);
    for c in 0..2 {
        let d = step_size(rms, 1, c);
        assert!((d / 0.2 - 31.6).abs() < 0.05 && (6.3..6.35).contains(&d), "{d}");
    }
    says(id, "the loss rises from 6.1 to 47");
    assert!((rms.loss[0] - 6.1).abs() < 1e-12 && (rms.loss[1] - 47.0).abs() < 0.5);
    says(id, "Adam with β₁ = 0, β₂ = 0.999");
    let Optimizer::Adam(a) = adam0.optimizer else { panic!() };
    assert_eq!((a.beta1, a.beta2), (0.0, 0.999));
    says(id, "its first step is exactly α and its loss falls at every update");
    says(id, "its first step is again α");
    for t in [adam0, adam] {
        for c in 0..2 {
            assert!((step_size(t, 1, c) / 0.2 - 1.0).abs() < 1e-6);
        }
    }
    assert!(adam0.loss.windows(2).all(|w| w[1] < w[0]));
    says(id, "the uncorrected run is below loss 0.01 by step 4");
    assert!(rms.loss[4] < 0.01);
}

#[test]
fn on_the_upright_valley_rmsprop_heads_off_at_45_degrees_and_is_not_faster() {
    let id = "axis-aligned";
    let r = runs(id);
    let (sgd, rms, adam) = (&r[0], &r[1], &r[2]);
    says(
        id,
        "y reaches the valley floor within 5 steps (|y| < 0.001) while x has moved less than 0.8",
    );
    assert!(sgd.points[5][1].abs() < 0.001 && (sgd.points[5][0] + 4.0).abs() < 0.8);
    says(id, "(|Δx|/|Δy| below 1.6 for 20 steps)");
    for k in 1..=20 {
        let ratio = step_size(rms, k, 0) / step_size(rms, k, 1);
        assert!((0.99..1.6).contains(&ratio), "step {k}: {ratio}");
    }
    says(id, "(|y| < 0.01 by step 44), runs along x");
    assert!(rms.points[44][1].abs() < 0.01);
    for k in 45..=80 {
        assert!(step_size(rms, k, 1) < 0.1 * step_size(rms, k, 0), "along x at {k}");
    }
    says(id, "RMSProp reaches loss 10⁻³ at step 94, SGD at step 91 and Adam (α = 0.1) at step 64");
    assert_eq!(
        (steps_to(rms, 1e-3), steps_to(sgd, 1e-3), steps_to(adam, 1e-3)),
        (Some(94), Some(91), Some(64))
    );
}

#[test]
fn on_the_rotated_valley_sgd_is_the_same_path_turned_and_the_adaptive_ones_are_slower() {
    let id = "rotated-valley";
    let (up, rot) = (runs("axis-aligned"), runs(id));
    let turn = |p: [f64; 2]| {
        let r = std::f64::consts::FRAC_1_SQRT_2;
        [(p[0] + p[1]) * r, (p[0] - p[1]) * r]
    };
    says(id, "started from the upright lesson's start turned with it");
    assert!(dist(turn(scenario("axis-aligned").start), scenario(id).start) < 1e-15);
    says(id, "its path is the upright path turned 45°, step for step");
    assert_eq!(up[0].points.len(), rot[0].points.len());
    for (p, q) in up[0].points.iter().zip(&rot[0].points) {
        assert!(dist(turn(*p), *q) < 1e-12, "{p:?} turned is not {q:?}");
    }
    says(id, "it reaches loss 10⁻³ at step 91 on both");
    assert_eq!((steps_to(&up[0], 1e-3), steps_to(&rot[0], 1e-3)), (Some(91), Some(91)));
    says(id, "x and y now see gradients of similar size");
    let g = rot[0].grad[0];
    assert!((0.5..2.0).contains(&(g[0] / g[1]).abs()), "{g:?}");
    says(id, "RMSProp needs 110 steps instead of 94 and Adam 164 instead of 64");
    assert_eq!((steps_to(&rot[1], 1e-3), steps_to(&up[1], 1e-3)), (Some(110), Some(94)));
    assert_eq!((steps_to(&rot[2], 1e-3), steps_to(&up[2], 1e-3)), (Some(164), Some(64)));
}

#[test]
fn adaptive_paths_ignore_the_scale_of_f_sgd_does_not() {
    let id = "scale-invariance";
    let s = scenario(id);
    let r = runs(id);
    says(id, "at α = 1e-5 it explodes at update 6");
    assert_eq!(r[0].diverged_at, Some(6));
    says(id, "at 2e-6 it survives but ends in a side valley (loss above 50)");
    assert!(r[1].diverged_at.is_none() && last_loss(&r[1]) > 50.0);
    says(id, "to the global minimum at (0, −1)");
    for t in &r[2..] {
        assert!(
            dist(*t.points.last().unwrap(), [0.0, -1.0]) < 1e-3
                && (last_loss(t) - 3.0).abs() < 1e-3
        );
    }
    says(
        id,
        "on copies of f multiplied by 1000 or by 0.001 their paths stay the same to within 10⁻⁷",
    );
    says(id, "while SGD's explode by update 4 or stay within 0.2 of the start");
    let gp = s.surface.formula().to_string();
    for factor in ["1000", "0.001"] {
        let scaled = Problem { surface: custom(&format!("{factor}*({gp})"), &s), ..s.problem() };
        for (i, t) in r.iter().enumerate() {
            let copy = run(&scaled, &t.optimizer);
            if i >= 2 {
                assert!(max_gap(t, &copy) < 1e-7, "×{factor} run {i}: {}", max_gap(t, &copy));
            } else if factor == "1000" {
                assert!(copy.diverged_at.is_some_and(|k| k <= 4), "×1000 SGD {i}");
            } else {
                let far = copy.points.iter().map(|p| dist(*p, s.start)).fold(0.0, f64::max);
                assert!(copy.diverged_at.is_none() && far < 0.2, "×0.001 SGD {i}: {far}");
            }
        }
    }
    // ε's: with ε = 0 the ×0.001 copy runs the same path up to rounding.
    for t in &r[2..] {
        let mut exact = t.optimizer;
        exact.set_real("eps", 0.0).unwrap();
        let scaled = Problem { surface: custom(&format!("0.001*({gp})"), &s), ..s.problem() };
        let (a, b) = (run(&s.problem(), &exact), run(&scaled, &exact));
        assert!(max_gap(&a, &b) < 1e-11, "ε = 0: {}", max_gap(&a, &b));
    }
    says(id, "on f(2x, y) RMSProp's path, stretched back, is another path");
    let squeezed = gp.replace('x', "(2*x)");
    let stretched = Problem {
        surface: custom(&squeezed, &s),
        start: [s.start[0] / 2.0, s.start[1]],
        ..s.problem()
    };
    let other = run(&stretched, &r[2].optimizer);
    let gap = r[2]
        .points
        .iter()
        .zip(&other.points)
        .map(|(p, q)| dist(*p, [2.0 * q[0], q[1]]))
        .fold(0.0, f64::max);
    assert!(gap > 0.1, "{gap}");
}

#[test]
fn after_the_shift_rmsprop_readapts_and_adagrad_crawls() {
    let id = "rmsprop-forgets";
    let s = scenario(id);
    let shift = s.shift.unwrap();
    let r = runs(id);
    let (rms, ada) = (&r[0], &r[1]);
    says(id, "At step 200 this bowl moves by (3, −1) and becomes 100× flatter");
    assert_eq!((shift.step, shift.scale, shift.offset), (200, 0.01, [3.0, -1.0]));
    let goal = s.problem().final_objective().minima()[0].at;
    assert_eq!(goal, [3.0, -1.0]);
    says(id, "RMSProp (ρ = 0.9) averages roughly its last 1/(1 − ρ) = 10 squared gradients");
    says(id, "20 steps after the shift √v is within a factor of 3 of |g| in both coordinates");
    for c in 0..2 {
        let ratio = accumulator(rms, 220, c).sqrt() / rms.steps[219].grad[c].abs();
        assert!((1.0 / 3.0..3.0).contains(&ratio), "RMSProp √v/|g| {c}: {ratio}");
    }
    says(id, "it comes within 0.1 of the new minimum by step 281");
    let near = |t: &Trajectory| (200..t.points.len()).find(|&k| dist(t.points[k], goal) < 0.1);
    assert_eq!(near(rms), Some(281));
    says(id, "its rate stays within 1% of what it was, √s is more than 100× |g|");
    for c in 0..2 {
        let before = ada.steps[199].eff_lr[c];
        for st in &ada.steps[200..] {
            assert!((st.eff_lr[c] / before - 1.0).abs() < 0.01, "AdaGrad's rate {c}");
        }
        let ratio = accumulator(ada, 220, c).sqrt() / ada.steps[219].grad[c].abs();
        assert!(ratio > 100.0, "AdaGrad √s/|g| {c}: {ratio}");
    }
    says(id, "at step 600 it is still more than 2.5 from the new minimum");
    assert_eq!(ada.points.len(), 601);
    assert!(dist(ada.points[600], goal) > 2.5 && near(ada).is_none());
}

#[test]
fn under_noise_rmsprop_keeps_alpha_sized_steps_and_adagrad_settles_lowest() {
    let id = "noisy-gradients";
    let s = scenario(id);
    let r = runs(id);
    let (rms, adam, ada) = (&r[0], &r[1], &r[2]);
    says(id, "Gaussian noise (σ = 1, the same for all runs)");
    assert_eq!(s.noise.map(|n| n.sigma), Some(1.0));
    let late_step = |t: &Trajectory| {
        let lr = t.optimizer.lr();
        mean((801..=1000).flat_map(|k| [0, 1].map(|c| step_size(t, k, c) / lr)))
    };
    says(id, "still takes steps of about α (0.8α on average over the last 200 steps)");
    assert!((0.75..0.85).contains(&late_step(rms)), "{}", late_step(rms));
    says(id, "it needs 130 steps to reach loss 0.1 instead of 61 without noise");
    let quiet = run(&Problem { noise: None, ..s.problem() }, &rms.optimizer);
    assert_eq!((steps_to(rms, 0.1), steps_to(&quiet, 0.1)), (Some(130), Some(61)));
    says(id, "its steps average under 0.2α over the last 200");
    assert!(late_step(adam) < 0.2, "{}", late_step(adam));
    says(id, "(to less than half between steps 100 and 1000)");
    for c in 0..2 {
        assert!(ada.steps[999].eff_lr[c] < 0.5 * ada.steps[99].eff_lr[c]);
    }
    says(id, "gives it the lowest mean loss of the three over the last 200 steps");
    let late_loss = |t: &Trajectory| mean(t.loss[801..].iter().copied());
    assert!(late_loss(ada) < late_loss(rms) && late_loss(ada) < late_loss(adam));
}

#[test]
fn a_constant_rate_leaves_rmsprop_on_a_floor_that_grows_with_alpha() {
    let id = "constant-lr-floor";
    let r = runs(id);
    says(id, "its steps stay at ±α per coordinate");
    for t in &r[..2] {
        let lr = t.optimizer.lr();
        for k in 901..=1000 {
            for c in 0..2 {
                let d = step_size(t, k, c) / lr;
                assert!((0.99..=1.0 + 1e-12).contains(&d), "α = {lr}, step {k}: {d}α");
            }
        }
    }
    says(id, "about 5.2·10⁻⁵ at α = 0.01 and 1.3·10⁻³ at α = 0.05, 25× higher for 5× the rate");
    let floor = |t: &Trajectory| mean(t.loss[901..].iter().copied());
    assert!((5.2e-5..5.3e-5).contains(&floor(&r[0])), "{}", floor(&r[0]));
    assert!((1.3e-3..1.32e-3).contains(&floor(&r[1])), "{}", floor(&r[1]));
    assert!((24.5..25.5).contains(&(floor(&r[1]) / floor(&r[0]))));
    says(id, "SGD (α = 0.2) converges, below 10⁻³⁰ by step 1000, and so does AdaGrad (α = 0.5)");
    assert!(last_loss(&r[2]) < 1e-30 && last_loss(&r[3]) < 1e-30);
    says(id, "whose rate keeps falling");
    assert!(r[3].steps.windows(2).all(|w| (0..2).all(|c| w[1].eff_lr[c] <= w[0].eff_lr[c])));
}

#[test]
fn rmsprop_steps_are_bounded_where_sgd_diverges() {
    let id = "bounded-steps";
    let s = scenario(id);
    let r = runs(id);
    says(id, "exceed α/√(1 − ρ) per coordinate, whatever the gradient: 3.16α for ρ = 0.9");
    assert!((1.0 / 0.1f64.sqrt() - 3.16).abs() < 0.005);
    for st in &r[0].steps {
        for c in 0..2 {
            assert!(st.delta[c].abs() <= 1.0 / 0.1f64.sqrt() * (1.0 + 1e-12));
        }
    }
    says(id, "at α = 1 RMSProp stays on the bowl, while SGD at the same rate multiplies y by");
    says(id, "1 − 4α = −3 every step: by step 300 its loss is above 10²⁰⁰");
    let w = s.surface.window();
    assert!(r[0].diverged_at.is_none());
    assert!(r[0]
        .points
        .iter()
        .all(|p| (w.x.0..=w.x.1).contains(&p[0]) && (w.y.0..=w.y.1).contains(&p[1])));
    for k in 1..=5 {
        assert!((r[1].points[k][1] / r[1].points[k - 1][1] + 3.0).abs() < 1e-12);
    }
    assert!(last_loss(&r[1]) > 1e200);
    says(id, "(at α = 0.4 its loss is below 10⁻²⁰ by step 300)");
    assert!(last_loss(&r[2]) < 1e-20);
    says(id, "(learning rate × decay, 48 rates from 10⁻⁵ to 10) no RMSProp cell diverges");
    says(id, "while SGD at each of those rates above 0.5 ends with a loss above 10¹⁰");
    let lr_axis = Axis::new("lr", "Learning rate", AxisScale::Log, 1e-5, 10.0, 48).unwrap();
    let mut map = GridRun::new(GridSpec {
        problem: s.problem(),
        plan: Plan::Settings { base: r[0].optimizer.into() },
        x: lr_axis,
        y: Axis::for_param(OptimizerKind::RmsProp, "decay", 48).unwrap(),
        threshold: 1e-3,
    })
    .unwrap();
    map.finish();
    assert!(map.cells().iter().all(|o| !blew_up(o)));
    // The map's cells sit inside the range; its top edge, α = 10, too.
    assert_eq!(lr_range_around(0.05), (1e-5, 10.0));
    for decay in map.spec().y.values() {
        let mut o = r[0].optimizer;
        o.set_real("lr", 10.0).unwrap();
        o.set_real("decay", decay).unwrap();
        assert!(!blew_up(&run_outcome(&s.problem(), &o, 0.0)), "α = 10, ρ = {decay}");
    }
    for lr in lr_axis.values().into_iter().filter(|&lr| lr > 0.5) {
        let mut sgd = r[1].optimizer;
        sgd.set_real("lr", lr).unwrap();
        let t = run(&s.problem(), &sgd);
        assert!(t.diverged_at.is_some() || last_loss(&t) > 1e10, "SGD α = {lr}");
    }
    says(id, "at α = 1 RMSProp still ends with a loss near 0.5");
    assert!((0.4..0.6).contains(&last_loss(&r[0])), "{}", last_loss(&r[0]));
}

#[test]
fn methods_reach_different_but_equally_good_minima() {
    let id = "which-minimum";
    let s = scenario(id);
    let r = runs(id);
    let minima = s.surface.minima();
    says(id, "Himmelblau has four minima, all with f = 0");
    assert!(minima.len() == 4 && minima.iter().all(|m| m.f == 0.0));
    says(id, "SGD (α = 0.01) ends in the minimum at (3.58, −1.85)");
    assert!(dist(*r[0].points.last().unwrap(), [3.58, -1.85]) < 0.01);
    says(id, "RMSProp (α = 0.05) and Adam (α = 0.1) end near (3, 2)");
    for t in &r[1..] {
        assert!(dist(*t.points.last().unwrap(), [3.0, 2.0]) < 0.05);
    }
    says(id, "of its 48 × 48 starts, SGD and Adam end in different minima from 167 of the 2304");
    let map = |opt: Optimizer| {
        let w = s.surface.window();
        let mut g =
            GridRun::new(GridSpec::starts(s.problem(), opt, w, 48, 48, 1e-6).unwrap()).unwrap();
        g.finish();
        let radius = basin_radius(w);
        g.cells().iter().map(|o| basin(o, minima, radius)).collect::<Vec<Basin>>()
    };
    let (sgd, adam) = (map(r[0].optimizer), map(r[2].optimizer));
    assert_eq!(sgd.len(), 2304);
    let differ = sgd.iter().zip(&adam).filter(|(a, b)| a != b).count();
    assert_eq!(differ, 167);
}

#[test]
fn per_coordinate_scaling_escapes_the_saddle_sooner() {
    let id = "saddle-escape";
    let r = runs(id);
    let escape = |t: &Trajectory| t.points.iter().position(|p| p[1].abs() > 1.0).unwrap();
    says(id, "the escape direction y has a gradient 50× smaller than x's");
    let g = r[0].grad[0];
    assert!(((g[0] / g[1]).abs() - 50.0).abs() < 1e-9);
    says(id, "At the same α = 0.05");
    assert!(r.iter().all(|t| t.optimizer.lr() == 0.05));
    says(id, "SGD's first step in y is α·|g_y| = 0.005");
    assert!((step_size(&r[0], 1, 1) - 0.005).abs() < 1e-15);
    says(id, "(x ≈ −0.09 when it escapes) and needs 32 steps to reach |y| > 1");
    assert_eq!(escape(&r[0]), 32);
    assert!((r[0].points[32][0] + 0.09).abs() < 0.005);
    says(id, "(RMSProp's first step is 3.16α, Adam's α)");
    assert!((step_size(&r[1], 1, 1) / 0.05 - 3.16).abs() < 0.005);
    assert!((step_size(&r[2], 1, 1) / 0.05 - 1.0).abs() < 1e-6);
    says(id, "they reach |y| > 1 in 8 and 19 steps, while x is still below −1.5");
    assert_eq!((escape(&r[1]), escape(&r[2])), (8, 19));
    assert!(r[1].points[8][0] < -1.5 && r[2].points[19][0] < -1.5);
}

#[test]
fn a_momentum_sum_amplifies_steps_tenfold_adams_average_does_not() {
    let id = "momentum-vs-adam";
    let r = runs(id);
    let (rms, adam, scaled) = (&r[0], &r[1], &r[2]);
    says(id, "RMSProp with ρ = 0.9 and momentum μ = 0.9, Adam with β₁ = β₂ = 0.9");
    let (Optimizer::RmsProp(o), Optimizer::Adam(a)) = (rms.optimizer, adam.optimizer) else {
        panic!()
    };
    assert_eq!(
        (o.lr, o.decay, o.momentum, a.lr, a.beta1, a.beta2),
        (0.01, 0.9, 0.9, 0.01, 0.9, 0.9)
    );
    says(id, "its steps grow to about α/(1 − μ) = 10α (10.1α at most here)");
    let biggest = (1..rms.points.len()).map(|k| step_size(rms, k, 0)).fold(0.0, f64::max);
    assert!((biggest / 0.01 - 10.1).abs() < 0.05, "{}", biggest / 0.01);
    says(id, "its steps stay at or below α from the first one on");
    for k in 1..adam.points.len() {
        for c in 0..2 {
            assert!(step_size(adam, k, c) <= 0.01 * (1.0 + 1e-12), "Adam step {k}");
        }
    }
    says(id, "(the third run, α = 0.001)");
    says(id, "their paths stay within 0.13 of each other");
    assert_eq!(scaled.optimizer.lr(), 0.001);
    assert!(max_gap(adam, scaled) < 0.13, "{}", max_gap(adam, scaled));
}

#[test]
fn eps_inside_is_about_root_eps_outside_and_eps_hat_weighs_more_early() {
    let id = "eps-regimes";
    let s = scenario(id);
    let r = runs(id);
    says(id, "√(v + ε) and √v + √ε differ by at most a factor √2");
    for v in [0.0, 1e-9, 1e-6, 1e-3, 1.0] {
        let (inside, outside) = ((v + 1e-6f64).sqrt(), v.sqrt() + 1e-3);
        assert!(outside >= inside && outside <= 2f64.sqrt() * inside * (1.0 + 1e-15));
    }
    says(id, "their first steps agree within 3%");
    for c in 0..2 {
        assert!((step_size(&r[1], 1, c) / step_size(&r[0], 1, c) - 1.0).abs() < 0.03);
    }
    says(id, "they reach loss 10⁻³ at steps 336 and 374");
    assert_eq!((steps_to(&r[0], 1e-3), steps_to(&r[1], 1e-3)), (Some(336), Some(374)));
    says(id, "With ε = 10⁻⁶ outside it is another optimizer here (step 203)");
    assert_eq!(steps_to(&r[2], 1e-3), Some(203));
    says(id, "at step 1 with β₂ = 0.999 that ε weighs √1000 ≈ 31.6× more than PyTorch's ε");
    // Adam's scale on m̂ at step 1 is α/(|g| + ε·√1000) with ε-hat and α/(|g| + ε) without.
    let (g, eps) = (s.problem().objective_at(0).value_and_grad(s.start).1[0], 1e-4);
    for eps_hat in [false, true] {
        let mut o = OptimizerKind::Adam.default_config();
        o.set_real("eps", eps).unwrap();
        o.set("eps_hat", rmsprop_lab::core::optim::params::ParamValue::Flag(eps_hat)).unwrap();
        let t = run(&Problem { steps: 1, ..s.problem() }, &o);
        let weight = if eps_hat { 1000f64.sqrt() } else { 1.0 };
        let expected = 0.001 / (g.abs() + eps * weight);
        assert!((t.steps[0].eff_lr[0] / expected - 1.0).abs() < 1e-9, "ε-hat {eps_hat}");
        assert!(matches!(t.steps[0].state[0], OptState::Adam(_)));
    }
    assert!((1000f64.sqrt() - 31.6).abs() < 0.05);
}

#[test]
fn a_broken_lessons_file_names_the_lesson_and_field() {
    let good = include_str!("../assets/app/lessons.json");
    let first = CATALOG[0].id;
    let mut doc: serde_json::Value = serde_json::from_str(good).unwrap();
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut d = doc.clone();
        f(&mut d);
        lessons::parse(&d.to_string()).unwrap_err().to_string()
    };
    let e = edit(&|d| drop(d[first].as_object_mut().unwrap().remove("question")));
    assert_eq!(e, format!("{first}.question: missing (a string)"));
    let e = edit(&|d| d[first]["scenario"]["steps"] = 0.into());
    assert!(e.starts_with(&format!("{first}.scenario.steps: must be between 1")), "{e}");
    let e = edit(&|d| d["no-such-lesson"] = d[first].clone());
    assert_eq!(e, "no-such-lesson: not in the lesson catalog");
    doc.as_object_mut().unwrap().remove(first);
    assert_eq!(
        lessons::parse(&doc.to_string()).unwrap_err().to_string(),
        format!("{first}: expected an object, got null")
    );
    assert!(lessons::parse("{").unwrap_err().to_string().starts_with("not valid JSON: "));
}
