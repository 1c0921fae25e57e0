//! Properties every implementation of these update rules must have.

use proptest::prelude::*;
use rmsprop_lab::core::optim::{Adagrad, Adam, At, EpsPlacement, RmsProp, Rule, Sgd};

fn grads() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(prop_oneof![-1e3..1e3f64, -1e-3..1e-3f64, Just(0.0)], 1..60)
}

/// Runs `rule` on a sequence of gradients, returning the (delta, eff_lr) of each step.
fn steps<R: Rule>(rule: R, gs: &[f64]) -> Vec<(f64, f64)> {
    let mut s = rule.init();
    gs.iter()
        .enumerate()
        .map(|(i, &g)| {
            let u = rule.step(&mut s, g, 0.0, At { t: i as u32 + 1, lr: rule.lr() });
            (u.delta, u.eff_lr)
        })
        .collect()
}

/// Both coordinates at once (as trajectories step) must be exactly two single steps.
fn assert_step_both_is_two_steps<R: Rule>(rule: R, gx: &[f64], gy: &[f64]) {
    let (mut one, mut both) = ([rule.init(), rule.init()], [rule.init(), rule.init()]);
    for (i, (&x, &y)) in gx.iter().zip(gy).enumerate() {
        let t = i as u32 + 1;
        let at = At { t, lr: rule.lr() };
        let [ux, uy] = rule.step_both(&mut both, [x, y], [0.0, 0.0], at);
        let (vx, vy) = (rule.step(&mut one[0], x, 0.0, at), rule.step(&mut one[1], y, 0.0, at));
        for (a, b) in [(ux, vx), (uy, vy)] {
            assert_eq!(
                (a.delta.to_bits(), a.eff_lr.to_bits()),
                (b.delta.to_bits(), b.eff_lr.to_bits())
            );
        }
        assert_eq!(both, one, "step {t}");
    }
}

/// Runs one configured rule over a gradient sequence.
type Runner<'a> = &'a dyn Fn(&[f64]) -> Vec<(f64, f64)>;

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn stepping_both_coordinates_at_once_is_bit_identical(gx in grads(), gy in grads(), amsgrad: bool) {
        assert_step_both_is_two_steps(Adam { amsgrad, ..Adam::default() }, &gx, &gy);
        assert_step_both_is_two_steps(RmsProp { momentum: 0.9, ..RmsProp::default() }, &gx, &gy);
        assert_step_both_is_two_steps(Adagrad { lr_decay: 0.01, ..Adagrad::default() }, &gx, &gy);
        assert_step_both_is_two_steps(Sgd::default(), &gx, &gy);
    }

    /// v_t ≥ (1 − ρ)·g_t², so |g_t| / √(v_t + ε) ≤ 1 / √(1 − ρ).
    #[test]
    fn rmsprop_step_is_bounded_by_lr_over_sqrt_one_minus_decay(
        gs in grads(), lr in 1e-5..10f64, decay in 0.0..0.9999f64, eps in prop_oneof![Just(0.0), 1e-12..1.0f64],
    ) {
        let rule = RmsProp { lr, decay, eps, eps_placement: EpsPlacement::Inside, ..RmsProp::default() };
        let bound = lr / (1.0 - decay).sqrt();
        for (t, (delta, _)) in steps(rule, &gs).into_iter().enumerate() {
            if gs[t] != 0.0 || eps > 0.0 {
                prop_assert!(delta.abs() <= bound * (1.0 + 1e-12), "step {t}: |{delta}| > {bound}");
            }
        }
    }

    #[test]
    fn adagrad_effective_rate_never_increases(
        gs in grads(), lr in 1e-5..10f64, eps in 0.0..1.0f64, s0 in 0.0..1.0f64, lr_decay in 0.0..1.0f64, inside in any::<bool>(),
    ) {
        let eps_placement = if inside { EpsPlacement::Inside } else { EpsPlacement::Outside };
        let rule = Adagrad { lr, eps, initial_accumulator: s0, lr_decay, eps_placement, weight_decay: 0.0 };
        let rates: Vec<f64> = steps(rule, &gs).into_iter().map(|(_, r)| r).collect();
        for w in rates.windows(2) {
            prop_assert!(w[1] <= w[0], "effective rate grew: {} -> {}", w[0], w[1]);
        }
    }

    /// With ε = 0 the adaptive methods see only the gradient's direction pattern, not its scale.
    #[test]
    fn adaptive_methods_are_invariant_to_gradient_scale(
        gs in prop::collection::vec(0.1..10f64, 1..30), scale in 1e-4..1e4f64, decay in 0.5..0.999f64,
    ) {
        let scaled: Vec<f64> = gs.iter().map(|g| g * scale).collect();
        let same = |a: Vec<(f64, f64)>, b: Vec<(f64, f64)>| {
            a.iter().zip(&b).all(|(x, y)| (x.0 - y.0).abs() <= 1e-9 * x.0.abs().max(1e-300))
        };
        let rms = RmsProp { lr: 0.1, decay, eps: 0.0, ..RmsProp::default() };
        prop_assert!(same(steps(rms, &gs), steps(rms, &scaled)));
        let rms_out = RmsProp { eps_placement: EpsPlacement::Outside, centered: false, momentum: 0.9, ..rms };
        prop_assert!(same(steps(rms_out, &gs), steps(rms_out, &scaled)));
        let adam = Adam { lr: 0.1, eps: 0.0, beta2: decay, ..Adam::default() };
        prop_assert!(same(steps(adam, &gs), steps(adam, &scaled)));
        let ada = Adagrad { lr: 0.1, eps: 0.0, ..Adagrad::default() };
        prop_assert!(same(steps(ada, &gs), steps(ada, &scaled)));
    }

    /// RMSProp's first step is α/√(1 − ρ) in the gradient's direction (ε = 0); Adam's is α.
    #[test]
    fn first_steps_have_the_textbook_size(g in prop_oneof![-1e3..-1e-3f64, 1e-3..1e3f64], decay in 0.0..0.999f64, lr in 1e-4..1.0f64) {
        let rms = RmsProp { lr, decay, eps: 0.0, ..RmsProp::default() };
        let (d, _) = steps(rms, &[g])[0];
        prop_assert!((d + g.signum() * lr / (1.0 - decay).sqrt()).abs() <= 1e-12 * d.abs());
        let adam = Adam { lr, eps: 0.0, ..Adam::default() };
        let (d, _) = steps(adam, &[g])[0];
        prop_assert!((d + g.signum() * lr).abs() <= 1e-12 * lr);
    }

    /// The effective learning rate is exactly the factor the step applies.
    #[test]
    fn effective_rate_times_gradient_is_the_step(gs in grads(), lr in 1e-4..1.0f64, decay in 0.0..0.999f64) {
        let rules: [Runner; 3] = [
            &|g| steps(RmsProp { lr, decay, ..RmsProp::default() }, g),
            &|g| steps(Adagrad { lr, ..Adagrad::default() }, g),
            &|g| steps(Sgd { lr, ..Sgd::default() }, g),
        ];
        for rule in rules {
            for (t, (delta, eff)) in rule(&gs).into_iter().enumerate() {
                prop_assert!((delta + eff * gs[t]).abs() <= 1e-12 * delta.abs().max(1e-300));
            }
        }
    }
}

#[test]
fn amsgrad_never_lets_the_denominator_shrink() {
    // A large gradient then small ones: plain Adam's rate grows back, AMSGrad's stays down.
    let gs = [100.0, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01];
    let plain: Vec<f64> =
        steps(Adam { lr: 0.1, beta2: 0.9, ..Adam::default() }, &gs).iter().map(|s| s.1).collect();
    let ams: Vec<f64> = steps(Adam { lr: 0.1, beta2: 0.9, amsgrad: true, ..Adam::default() }, &gs)
        .iter()
        .map(|s| s.1)
        .collect();
    assert!(plain[7] > ams[7], "plain {plain:?} vs amsgrad {ams:?}");
}

#[test]
fn sgd_momentum_and_nesterov_follow_pytorch() {
    // b1 = g1; b2 = μ b1 + g2. Nesterov steps with g + μ b.
    let gs = [1.0, 2.0];
    let heavy = steps(Sgd { lr: 0.1, momentum: 0.5, nesterov: false, weight_decay: 0.0 }, &gs);
    assert_eq!(heavy[0].0, -0.1);
    assert_eq!(heavy[1].0, -0.1 * (0.5 * 1.0 + 2.0));
    let nag = steps(Sgd { lr: 0.1, momentum: 0.5, nesterov: true, weight_decay: 0.0 }, &gs);
    assert_eq!(nag[0].0, -0.1 * (1.0 + 0.5 * 1.0));
    assert_eq!(nag[1].0, -0.1 * (2.0 + 0.5 * 2.5));
}

#[test]
fn centered_rmsprop_divides_by_the_variance() {
    // A constant gradient has zero variance: centered steps are much larger than plain ones.
    let gs = [1.0; 20];
    let plain = steps(RmsProp { lr: 0.01, ..RmsProp::default() }, &gs);
    let centered = steps(RmsProp { lr: 0.01, centered: true, ..RmsProp::default() }, &gs);
    assert!(centered[19].0.abs() > 2.0 * plain[19].0.abs());
}

#[test]
fn adagrad_lr_decay_and_initial_accumulator() {
    let rule = Adagrad {
        lr: 1.0,
        eps: 0.0,
        initial_accumulator: 3.0,
        lr_decay: 0.5,
        ..Adagrad::default()
    };
    let s = steps(rule, &[1.0, 1.0]);
    assert_eq!(s[0].0, -1.0 / 2.0); // √(3 + 1) = 2
    assert_eq!(s[1].0, -(1.0 / 1.5) / 5f64.sqrt());
}
