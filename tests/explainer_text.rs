//! The explainer's gist of each optimizer and option: every number it states is checked
//! against real steps of the core.

use rmsprop_lab::core::formula::Formula;
use rmsprop_lab::core::optim::params::ParamValue::{self, Choice, Flag, Real};
use rmsprop_lab::core::optim::{OptState, Optimizer, OptimizerKind};
use rmsprop_lab::core::surface::{CustomSurface, Surface, SurfaceKind, Window};
use rmsprop_lab::core::trajectory::{run, Problem, Trajectory};
use rmsprop_lab::view::explainer_text::gist;

fn opt(kind: OptimizerKind, settings: &[(&str, ParamValue)]) -> Optimizer {
    let mut o = kind.default_config();
    for (k, v) in settings {
        o.set(k, *v).unwrap();
    }
    o
}

fn on(surface: Surface, start: [f64; 2], steps: usize, o: &Optimizer) -> Trajectory {
    run(&Problem { surface, start, steps, noise: None, shift: None }, o)
}

/// f = x: a steady slope (gradient 1 along x), for momentum's amplification.
fn slope() -> Surface {
    let window = Window { x: (-1e6, 1e6), y: (-1.0, 1.0) };
    Surface::Custom(Box::new(CustomSurface { formula: Formula::parse("x").unwrap(), window }))
}

fn says(o: &Optimizer, quote: &str) {
    let g = gist(o);
    assert!(g.contains(quote), "the gist of {o:?} no longer says “{quote}”:\n{g}");
}

fn first_step(o: &Optimizer) -> f64 {
    let t = on(SurfaceKind::Bowl.into(), [-4.0, 1.5], 1, o);
    (t.points[1][0] - t.points[0][0]).abs() / o.lr()
}

#[test]
fn every_option_combination_has_a_gist_of_at_most_a_few_sentences() {
    let combos: Vec<Optimizer> = vec![
        opt(OptimizerKind::RmsProp, &[]),
        opt(
            OptimizerKind::RmsProp,
            &[("centered", Flag(true)), ("eps_placement", Choice("outside"))],
        ),
        opt(OptimizerKind::RmsProp, &[("momentum", Real(0.9))]),
        opt(OptimizerKind::Adagrad, &[]),
        opt(OptimizerKind::Adagrad, &[("lr_decay", Real(0.1))]),
        opt(OptimizerKind::Adam, &[]),
        opt(OptimizerKind::Adam, &[("amsgrad", Flag(true)), ("eps_hat", Flag(true))]),
        opt(OptimizerKind::Sgd, &[]),
        opt(OptimizerKind::Sgd, &[("momentum", Real(0.9))]),
        opt(OptimizerKind::Sgd, &[("momentum", Real(0.9)), ("nesterov", Flag(true))]),
    ];
    for o in &combos {
        let g = gist(o);
        let sentences = g.matches(". ").count() + 1;
        assert!((1..=9).contains(&sentences), "{o:?}: {sentences} sentences");
    }
}

#[test]
fn rmsprop_first_steps_and_momentum_amplification_are_as_stated() {
    let rms = opt(OptimizerKind::RmsProp, &[]);
    says(&rms, "the first steps are larger, up to α/√(1 − ρ) (3.16α at ρ = 0.9)");
    assert!((first_step(&rms) - 3.16).abs() < 0.005);
    let t = on(SurfaceKind::Rosenbrock.into(), [-1.5, 2.0], 200, &rms);
    let bound = 1.0 / 0.1f64.sqrt();
    assert!(t
        .steps
        .iter()
        .all(|s| s.delta.iter().all(|d| d.abs() <= bound * rms.lr() * (1.0 + 1e-12))));
    says(&rms, " ε sits inside the root (TensorFlow, Keras, optax).");
    says(
        &opt(OptimizerKind::RmsProp, &[("eps_placement", Choice("outside"))]),
        "outside the root (PyTorch)",
    );
    let mom = opt(OptimizerKind::RmsProp, &[("momentum", Real(0.9))]);
    says(&mom, "the step is −α·b");
    says(&mom, "steps grow to about 1/(1 − μ) times α (10α at μ = 0.9)");
    let t = on(slope(), [0.0, 0.0], 300, &mom);
    let last = t.steps.last().unwrap().delta[0].abs() / mom.lr();
    assert!((last - 10.0).abs() < 0.01, "{last}");
}

#[test]
fn adagrad_rate_only_shrinks_but_its_steps_can_grow() {
    let ada = opt(OptimizerKind::Adagrad, &[("lr", Real(0.5))]);
    says(&ada, "each coordinate's rate α/√s can only shrink");
    says(&ada, "its steps can still grow where the gradient does");
    let t = on(SurfaceKind::Rosenbrock.into(), [-1.5, 2.0], 500, &ada);
    assert!(t.steps.windows(2).all(|w| (0..2).all(|c| w[1].eff_lr[c] <= w[0].eff_lr[c])));
    assert!(t.steps.windows(2).any(|w| w[1].delta[0].abs() > w[0].delta[0].abs()));
    let decay = opt(OptimizerKind::Adagrad, &[("lr_decay", Real(0.1))]);
    says(&decay, "α/(1 + (t − 1)·η)");
    let Optimizer::Adagrad(a) = decay else { panic!() };
    let t = on(SurfaceKind::Bowl.into(), [-4.0, 1.5], 3, &decay);
    let OptState::Adagrad(s) = t.steps[2].state[0] else { panic!() };
    let expected = a.lr / (1.0 + 2.0 * a.lr_decay) / (s.sum_sq.sqrt() + a.eps);
    assert!((t.steps[2].eff_lr[0] / expected - 1.0).abs() < 1e-15);
}

#[test]
fn adams_first_step_and_each_half_of_its_bias_correction() {
    let adam = opt(OptimizerKind::Adam, &[]);
    let Optimizer::Adam(a) = adam else { panic!() };
    says(&adam, "the first step is α per coordinate");
    assert!((first_step(&adam) - 1.0).abs() < 1e-6);
    // The first update's moments: m = (1 − β₁)·g, v = (1 − β₂)·g².
    let g = 0.8_f64;
    let (m, v) = ((1.0 - a.beta1) * g, (1.0 - a.beta2) * g * g);
    says(&adam, "Without any correction it would be (1 − β₁)/√(1 − β₂)·α ≈ 3.16α at the defaults");
    assert!((m / v.sqrt() - 3.16).abs() < 0.005);
    says(&adam, "correcting m alone would make it α/√(1 − β₂) ≈ 31.6α");
    assert!(((m / (1.0 - a.beta1)) / v.sqrt() - 31.6).abs() < 0.05);
    // That is RMSProp with ρ = β₂, whose first step the core takes.
    let rms = opt(OptimizerKind::RmsProp, &[("decay", Real(0.999)), ("eps", Real(0.0))]);
    assert!((first_step(&rms) - 31.6).abs() < 0.05);
    says(&adam, "v alone (1 − β₁)·α = 0.1α");
    assert!((m / (v / (1.0 - a.beta2)).sqrt() - 0.1).abs() < 1e-12);
    says(&adam, "Its effective learning rate is the scale on m̂, α/(√v̂ + ε).");
    let t = on(SurfaceKind::Bowl.into(), [-4.0, 1.5], 5, &adam);
    for (k, s) in t.steps.iter().enumerate() {
        let OptState::Adam(st) = s.state[0] else { panic!() };
        let tt = (k + 1) as i32;
        let (m_hat, v_hat) = (st.m / (1.0 - a.beta1.powi(tt)), st.v / (1.0 - a.beta2.powi(tt)));
        assert!((s.eff_lr[0] / (a.lr / (v_hat.sqrt() + a.eps)) - 1.0).abs() < 1e-12);
        assert!((s.delta[0] + s.eff_lr[0] * m_hat).abs() < 1e-15);
    }
}

#[test]
fn amsgrads_denominator_never_decreases_though_its_steps_can_grow() {
    let ams = opt(OptimizerKind::Adam, &[("amsgrad", Flag(true)), ("lr", Real(0.05))]);
    says(&ams, "the v in the denominator never decreases");
    says(&ams, "its steps can still grow");
    let t = on(SurfaceKind::Rosenbrock.into(), [-1.5, 2.0], 300, &ams);
    let vmax = |k: usize| match t.steps[k].state[0] {
        OptState::Adam(s) => s.v_max,
        _ => unreachable!(),
    };
    assert!((1..t.steps.len()).all(|k| vmax(k) >= vmax(k - 1)));
    assert!(t.steps.windows(2).any(|w| w[1].eff_lr[0] > w[0].eff_lr[0]), "the rate grows back");
}

#[test]
fn eps_hat_weighs_eps_more_early_on() {
    let keras = opt(OptimizerKind::Adam, &[("eps_hat", Flag(true)), ("eps", Real(1e-2))]);
    says(&keras, "ε is added to √v before the bias correction");
    says(&keras, "(31.6× at step 1 with β₂ = 0.999)");
    says(&keras, "the scale on m̂ is α·√(1 − β₂ᵗ)/(√v + ε)");
    let t = on(SurfaceKind::Bowl.into(), [-4.0, 1.5], 1, &keras);
    let g = t.steps[0].grad[0].abs();
    // α·√(1 − β₂)/(√(1 − β₂)·|g| + ε) = α/(|g| + ε/√(1 − β₂)), ε/√0.001 ≈ 31.6ε.
    let expected = 0.001 / (g + 1e-2 / 0.001f64.sqrt());
    assert!((t.steps[0].eff_lr[0] / expected - 1.0).abs() < 1e-12);
    assert!((1.0 / 0.001f64.sqrt() - 31.6).abs() < 0.05);
}

#[test]
fn sgd_momentum_sums_and_amplifies_tenfold() {
    let plain = opt(OptimizerKind::Sgd, &[]);
    says(&plain, "Its effective learning rate is α.");
    for nesterov in [false, true] {
        let o = opt(OptimizerKind::Sgd, &[("momentum", Real(0.9)), ("nesterov", Flag(nesterov))]);
        says(&o, "a sum, not an average");
        says(&o, "(10× at μ = 0.9)");
        let t = on(slope(), [0.0, 0.0], 300, &o);
        let last = t.steps.last().unwrap().delta[0].abs() / o.lr();
        assert!((last - 10.0).abs() < 1e-6, "nesterov {nesterov}: {last}");
    }
    let o = opt(OptimizerKind::Sgd, &[("momentum", Real(0.9))]);
    says(&o, "steps by −α·b");
}
