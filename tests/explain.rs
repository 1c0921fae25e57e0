//! The step explainer recomputes every update from its inputs: the result must be exactly
//! what the optimizer recorded, for every optimizer and option, with and without noise.

use rmsprop_lab::core::explain::{
    explain, explain_divergence, seen_gradient, Detail, Divergence, ExplainError, Explanation,
};
use rmsprop_lab::core::formula::Formula;
use rmsprop_lab::core::optim::params::ParamValue;
use rmsprop_lab::core::optim::EpsPlacement;
use rmsprop_lab::core::optim::{OptState, Optimizer, OptimizerKind};
use rmsprop_lab::core::surface::{CustomSurface, Surface, SurfaceKind, Window};
use rmsprop_lab::core::trajectory::{run, Noise, Problem, Trajectory};

const SURFACES: [SurfaceKind; 6] = [
    SurfaceKind::Bowl,
    SurfaceKind::Rosenbrock,
    SurfaceKind::Himmelblau,
    SurfaceKind::Saddle,
    SurfaceKind::Rastrigin,
    SurfaceKind::GoldsteinPrice,
];

/// The four optimizers whose formulas the explainer writes out again.
const CLASSIC: [OptimizerKind; 4] =
    [OptimizerKind::RmsProp, OptimizerKind::Adagrad, OptimizerKind::Adam, OptimizerKind::Sgd];

/// Every combination of the options that change the update's formula, with ordinary and
/// extreme values of the reals.
fn configs(kind: OptimizerKind) -> Vec<Optimizer> {
    use ParamValue::{Choice, Flag, Real};
    let grid: Vec<(&str, Vec<ParamValue>)> = match kind {
        OptimizerKind::RmsProp => vec![
            ("decay", vec![Real(0.9), Real(0.0), Real(0.999)]),
            ("eps", vec![Real(1e-8), Real(0.5), Real(0.0)]),
            ("eps_placement", vec![Choice("inside"), Choice("outside")]),
            ("momentum", vec![Real(0.0), Real(0.9)]),
            ("centered", vec![Flag(false), Flag(true)]),
        ],
        OptimizerKind::Adagrad => vec![
            ("eps", vec![Real(1e-10), Real(0.5)]),
            ("eps_placement", vec![Choice("outside"), Choice("inside")]),
            ("initial_accumulator", vec![Real(0.0), Real(0.1)]),
            ("lr_decay", vec![Real(0.0), Real(0.05)]),
        ],
        OptimizerKind::Adam => vec![
            ("beta1", vec![Real(0.9), Real(0.0)]),
            ("beta2", vec![Real(0.999), Real(0.5)]),
            ("eps", vec![Real(1e-8), Real(0.5)]),
            ("amsgrad", vec![Flag(false), Flag(true)]),
            ("eps_hat", vec![Flag(false), Flag(true)]),
        ],
        OptimizerKind::Sgd => vec![
            ("momentum", vec![Real(0.0), Real(0.9)]),
            ("nesterov", vec![Flag(false), Flag(true)]),
        ],
        // The newer optimizers are explained by their own step (`newer_optimizers_…`).
        _ => vec![],
    };
    let mut out = vec![kind.default_config()];
    for (key, values) in grid {
        out = out
            .into_iter()
            .flat_map(|o| {
                values.iter().map(move |v| {
                    let mut o = o;
                    o.set(key, *v).unwrap();
                    o
                })
            })
            .collect();
    }
    out
}

/// Equal bit for bit (any NaN equals any NaN).
fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    same(a, b) || (a - b).abs() <= rel * a.abs().max(b.abs())
}

fn same_state(a: OptState, b: OptState) -> bool {
    match (a, b) {
        (OptState::RmsProp(a), OptState::RmsProp(b)) => {
            same(a.v, b.v) && same(a.mean_g, b.mean_g) && same(a.buf, b.buf)
        }
        (OptState::Adagrad(a), OptState::Adagrad(b)) => same(a.sum_sq, b.sum_sq),
        (OptState::Adam(a), OptState::Adam(b)) => {
            same(a.m, b.m) && same(a.v, b.v) && same(a.v_max, b.v_max)
        }
        (OptState::Sgd(a), OptState::Sgd(b)) => same(a.buf, b.buf),
        // The newer optimizers' states: equal field by field (NaN equals NaN).
        (a, b) if std::mem::discriminant(&a) == std::mem::discriminant(&b) => {
            a.fields().iter().zip(b.fields()).all(|((_, x), (_, y))| same(*x, y))
        }
        _ => false,
    }
}

/// The explanation of update `t` agrees with the record, and its parts with each other.
fn check(tr: &Trajectory, e: &Explanation, what: &str) {
    check_record(tr, e, what);
    for (i, c) in e.coords.iter().enumerate() {
        let at = format!("{what}, update {}, coordinate {i}", e.t);
        check_detail(&e.optimizer, c.detail, c.state_after, c.g, c.delta, c.eff_lr, e.t, &at);
    }
}

/// The explanation of update `t` agrees with the record bit for bit.
fn check_record(tr: &Trajectory, e: &Explanation, what: &str) {
    let t = e.t;
    let rec = &tr.steps[t - 1];
    for (i, c) in e.coords.iter().enumerate() {
        let at = format!("{what}, update {t}, coordinate {i}");
        assert!(same(c.g, rec.grad[i]), "{at}: g");
        assert!(same(c.g_exact, tr.grad[t - 1][i]), "{at}: exact g");
        assert!(same(c.theta_prev, tr.points[t - 1][i]), "{at}: θ before");
        assert!(same_state(c.state_before, tr.state_before(t)[i]), "{at}: state before");
        assert!(same_state(c.state_after, rec.state[i]), "{at}: state {:?}", c.state_after);
        assert!(same(c.delta, rec.delta[i]), "{at}: Δ {} vs {}", c.delta, rec.delta[i]);
        assert!(same(c.eff_lr, rec.eff_lr[i]), "{at}: eff lr");
        assert!(same(c.theta_new, tr.points[t][i]), "{at}: θ after");
    }
}

/// The intermediate values are the ones the formulas shown in the app name.
#[allow(clippy::too_many_arguments)]
fn check_detail(
    opt: &Optimizer,
    d: Detail,
    after: OptState,
    g: f64,
    delta: f64,
    eff: f64,
    t: usize,
    at: &str,
) {
    match (opt, d, after) {
        (
            Optimizer::RmsProp(o),
            Detail::RmsProp { v_new, centered, den, momentum, .. },
            OptState::RmsProp(s),
        ) => {
            assert!(same(v_new, s.v), "{at}: v");
            assert!(same(eff, o.lr / den), "{at}: α/den");
            assert_eq!(centered.is_some(), o.centered, "{at}: centered");
            if let Some(c) = centered {
                assert!(same(c.mean_new, s.mean_g) && same(c.v_bar, v_new - c.mean_new.powi(2)));
            }
            assert_eq!(momentum.is_some(), o.momentum > 0.0, "{at}: momentum");
            match momentum {
                Some(m) => assert!(same(m.buf_new, s.buf) && same(delta, -o.lr * m.buf_new)),
                None => assert!(same(delta, -eff * g) || close(delta, -eff * g, 1e-15), "{at}"),
            }
        }
        (Optimizer::Adagrad(o), Detail::Adagrad { lr_t, s_new, den, .. }, OptState::Adagrad(s)) => {
            assert!(same(s_new, s.sum_sq), "{at}: s");
            assert!(close(lr_t, o.lr / (1.0 + (t - 1) as f64 * o.lr_decay), 1e-15), "{at}: α_t");
            let expected = match o.eps_placement {
                EpsPlacement::Outside => s_new.sqrt() + o.eps,
                EpsPlacement::Inside => (s_new + o.eps).sqrt(),
            };
            assert!(close(den, expected, 1e-15), "{at}: den");
            assert!(same(eff, lr_t / den), "{at}: eff");
        }
        (
            Optimizer::Adam(o),
            Detail::Adam { m_new, v_new, v_max, bias1, bias2, m_hat, v_hat, den, .. },
            OptState::Adam(s),
        ) => {
            assert!(same(m_new, s.m) && same(v_new, s.v), "{at}: m, v");
            assert_eq!(v_max.is_some(), o.amsgrad, "{at}: amsgrad");
            if let Some((prev, new)) = v_max {
                assert!(same(new, s.v_max) && new >= prev && new >= v_new, "{at}: v_max");
            }
            assert!(close(bias1, 1.0 - o.beta1.powf(t as f64), 1e-12), "{at}: 1 − β₁ᵗ");
            assert!(close(bias2, 1.0 - o.beta2.powf(t as f64), 1e-12), "{at}: 1 − β₂ᵗ");
            assert!(close(m_hat * bias1, m_new, 1e-15), "{at}: m̂");
            let v_used = v_max.map_or(v_new, |(_, new)| new);
            assert!(close(v_hat * bias2, v_used, 1e-15), "{at}: v̂");
            if o.eps_hat {
                // Keras: den = √v + ε and Δ = −α·√(1 − β₂ᵗ)/(1 − β₁ᵗ)·m/den.
                assert!(close(den, v_used.sqrt() + o.eps, 1e-15), "{at}: den {den}");
                let a = o.lr * bias2.sqrt() / bias1;
                assert!(close(delta, -a * m_new / den, 1e-14), "{at}: Δ (ε-hat)");
                // The scale on m̂ is α/(√v̂ + ε/√(1 − β₂ᵗ)).
                let scale = o.lr / (v_hat.sqrt() + o.eps / bias2.sqrt());
                assert!(close(eff, scale, 1e-13), "{at}: α_eff (ε-hat)");
            } else {
                // The textbook form: den = √v̂ + ε and Δ = −α·m̂/den, equal to rounding.
                assert!(close(den, v_hat.sqrt() + o.eps, 1e-14), "{at}: den {den}");
                assert!(close(delta, -o.lr * m_hat / den, 1e-14), "{at}: Δ = −α·m̂/den");
                // The effective learning rate is the scale on m̂: α/(√v̂ + ε).
                assert!(close(eff, o.lr / den, 1e-15), "{at}: α_eff = α/(√v̂ + ε)");
            }
            assert!(close(delta, -eff * m_hat, 1e-14), "{at}: Δ = −α_eff·m̂");
        }
        (Optimizer::Sgd(o), Detail::Sgd { momentum, direction }, OptState::Sgd(s)) => {
            assert!(same(eff, o.lr) && same(delta, -o.lr * direction), "{at}");
            match momentum {
                Some(m) => {
                    assert!(same(m.buf_new, s.buf));
                    let d = if o.nesterov { g + o.momentum * m.buf_new } else { m.buf_new };
                    assert!(same(direction, d), "{at}: direction");
                }
                None => assert!(same(direction, g), "{at}: direction"),
            }
        }
        (_, Detail::ByStep, _) => {
            assert!(!CLASSIC.contains(&opt.kind()), "{at}: a classic optimizer is written out")
        }
        _ => panic!("{at}: detail {d:?} does not match optimizer {opt:?}"),
    }
}

/// Checks every update of `tr`; returns how many there were.
fn check_run(tr: &Trajectory, what: &str) -> usize {
    for t in 1..=tr.steps.len() {
        let e = explain(tr, t).unwrap_or_else(|err| panic!("{what}: {err}"));
        assert_eq!(e.t, t);
        check(tr, &e, what);
    }
    tr.steps.len()
}

#[test]
fn every_update_of_every_option_matches_the_record() {
    let (mut runs, mut updates) = (0, 0);
    for sk in SURFACES {
        for kind in CLASSIC {
            let lr = sk.info().lr[kind.lr_index()];
            for mut opt in configs(kind) {
                opt.set_real("lr", lr).unwrap();
                let p = Problem {
                    surface: sk.into(),
                    start: sk.info().start,
                    steps: 60,
                    noise: None,
                    shift: None,
                };
                let tr = run(&p, &opt);
                updates += check_run(&tr, &format!("{} on {} ({opt:?})", kind.name(), sk.name()));
                runs += 1;
            }
        }
    }
    // 124 option combinations on 6 surfaces; most of them run all 60 updates.
    assert_eq!(runs, 744);
    assert!(updates > 744 * 40, "only {updates} updates were checked");
}

#[test]
fn noisy_and_diverging_runs_match_too() {
    let noise = Some(Noise { sigma: 0.7, seed: 42, relative: false });
    let (mut diverged, mut explained) = (0, 0);
    for sk in [SurfaceKind::Rosenbrock, SurfaceKind::Beale, SurfaceKind::Booth] {
        for kind in CLASSIC {
            // The suggested rate and a far too large one, which diverges on some surfaces.
            for factor in [1.0, 300.0] {
                for mut opt in configs(kind).into_iter().step_by(3) {
                    opt.set_real("lr", sk.info().lr[kind.lr_index()] * factor).unwrap();
                    let p = Problem {
                        surface: sk.into(),
                        start: sk.info().start,
                        steps: 80,
                        noise,
                        shift: None,
                    };
                    let tr = run(&p, &opt);
                    let what = format!("{} on {} ×{factor} ({opt:?})", kind.name(), sk.name());
                    let _ = check_run(&tr, &what);
                    for t in 1..=tr.steps.len() {
                        assert_eq!(seen_gradient(tr.grad[t - 1], noise, t), tr.steps[t - 1].grad);
                    }
                    if tr.diverged_at.is_some() {
                        diverged += 1;
                        explained += usize::from(check_divergence(&tr, noise, &what));
                    }
                }
            }
        }
    }
    assert!(diverged > 10, "only {diverged} runs diverged: the test needs more");
    assert!(explained > 5, "only {explained} diverging updates were recomputed");
}

/// The recomputed diverging update starts where the run stopped and does not land anywhere
/// finite, or the run stopped at a point where the gradient is undefined (overflowed).
fn check_divergence(tr: &Trajectory, noise: Option<Noise>, what: &str) -> bool {
    let k = tr.diverged_at.unwrap_or(0);
    assert_eq!(
        explain(tr, k),
        Err(ExplainError::PastEnd { t: k, available: k - 1, diverged_at: Some(k) })
    );
    match explain_divergence(tr, noise) {
        Some(Divergence::NotFinite(e)) => {
            assert_eq!(e.t, k, "{what}");
            let landed = e.coords.iter().all(|c| c.theta_new.is_finite());
            assert!(!landed, "{what}: the diverging update lands at a finite point");
            for (i, c) in e.coords.iter().enumerate() {
                assert!(same(c.theta_prev, tr.points[k - 1][i]), "{what}");
                assert!(same_state(c.state_before, tr.state_before(k)[i]), "{what}");
            }
            true
        }
        Some(Divergence::Undefined { t, point, loss }) => {
            assert_eq!((t, point), (k, tr.points[k - 1]), "{what}");
            assert!(same(loss, tr.loss[k - 1]), "{what}");
            let g = tr.grad[k - 1];
            assert!(tr.loss[k - 1].is_nan() || g[0].is_nan() || g[1].is_nan(), "{what}");
            false
        }
        other => panic!("{what}: expected the update at {k} explained, got {other:?}"),
    }
}

#[test]
fn updates_that_do_not_exist_are_refused_with_a_reason() {
    let sk = SurfaceKind::Bowl;
    let p =
        Problem { surface: sk.into(), start: sk.info().start, steps: 5, noise: None, shift: None };
    let tr = run(&p, &OptimizerKind::RmsProp.default_config());
    assert_eq!(explain(&tr, 0), Err(ExplainError::Zero));
    let err = explain(&tr, 6).unwrap_err();
    assert_eq!(err, ExplainError::PastEnd { t: 6, available: 5, diverged_at: None });
    assert_eq!(err.to_string(), "there is no update 6: the run has 5 updates");
    assert!(explain(&tr, 5).is_ok());
    assert_eq!(explain_divergence(&tr, None), None, "the run did not diverge");
}

#[test]
fn leaving_the_domain_is_explained_as_undefined() {
    let surface = Surface::Custom(Box::new(CustomSurface {
        formula: Formula::parse("log(x) + y^2").unwrap(),
        window: Window { x: (-1.0, 3.0), y: (-1.0, 1.0) },
    }));
    let p = Problem { surface, start: [1.0, 0.5], steps: 1000, noise: None, shift: None };
    let mut sgd = OptimizerKind::Sgd.default_config();
    sgd.set_real("lr", 0.1).unwrap();
    let tr = run(&p, &sgd);
    let k = tr.diverged_at.unwrap();
    match explain_divergence(&tr, None) {
        Some(Divergence::Undefined { t, point, loss }) => {
            assert_eq!((t, point), (k, tr.points[k - 1]));
            assert!(point[0] < 0.0 && loss.is_nan());
        }
        other => panic!("expected an undefined gradient, got {other:?}"),
    }
    let bad = Problem { start: [f64::NAN, 0.0], ..p };
    assert_eq!(explain_divergence(&run(&bad, &sgd), None), Some(Divergence::BadStart));
}

#[test]
fn overflowing_is_explained_as_an_infinite_loss() {
    // SGD with α = 1 on Rosenbrock: x goes −1.5, 153.5, −1.4e9, 1.2e30, −7e92; there
    // f = ∞ and its gradient is not a number.
    let sk = SurfaceKind::Rosenbrock;
    let p = Problem {
        surface: sk.into(),
        start: sk.info().start,
        steps: 100,
        noise: None,
        shift: None,
    };
    let mut sgd = OptimizerKind::Sgd.default_config();
    sgd.set_real("lr", 1.0).unwrap();
    let tr = run(&p, &sgd);
    assert_eq!(tr.diverged_at, Some(5));
    match explain_divergence(&tr, None) {
        Some(Divergence::Undefined { t: 5, point, loss }) => {
            assert_eq!(point, tr.points[4]);
            assert_eq!(loss, f64::INFINITY);
        }
        other => panic!("expected an overflow at update 5, got {other:?}"),
    }
    // The last update taken is explained as usual.
    check(&tr, &explain(&tr, 4).unwrap(), "the last update before the overflow");
}

/// RMSProp (α = 0.01, ρ = 0.9, ε = 1e-8 inside) on the bowl 0.1x² + 2y² from (−4, 1.5),
/// worked out by hand at 40 digits (Python's decimal): g = (0.2x, 4y), and so on.
#[test]
fn a_hand_computed_rmsprop_case() {
    let sk = SurfaceKind::Bowl;
    let p = Problem { surface: sk.into(), start: [-4.0, 1.5], steps: 2, noise: None, shift: None };
    let tr = run(&p, &OptimizerKind::RmsProp.default_config());
    // Per update and coordinate: g, v, den, eff lr, Δ, θ after.
    type Hand = (f64, f64, f64, f64, f64, f64);
    let expected: [[Hand; 2]; 2] = [
        [
            (
                -0.8,
                0.064,
                0.25298223257770495,
                0.03952846766394333,
                0.03162277413115466,
                -3.968377225868845,
            ),
            (
                6.0,
                3.6,
                1.897366598736259,
                0.005270462759627212,
                -0.03162277655776327,
                1.4683772234422367,
            ),
        ],
        [
            (
                -0.7936754451737691,
                0.12059207122717805,
                0.34726370560019377,
                0.0287965596137278,
                0.02285512227089839,
                -3.945522103597947,
            ),
            (
                5.873508893768947,
                6.689810672518292,
                2.586466833833036,
                0.003866278070606618,
                -0.022708618633491815,
                1.445668604808745,
            ),
        ],
    ];
    for t in 1..=2 {
        let e = explain(&tr, t).unwrap();
        for (i, c) in e.coords.iter().enumerate() {
            let (g, v, den0, eff, delta, theta) = expected[t - 1][i];
            let Detail::RmsProp { v_prev, v_new, den, centered: None, momentum: None } = c.detail
            else {
                panic!("plain RMSProp expected, got {:?}", c.detail);
            };
            let at = format!("update {t}, coordinate {i}");
            assert!(close(c.g, g, 1e-14), "{at}: g {}", c.g);
            assert!(close(v_new, v, 1e-14), "{at}: v {v_new}");
            let v_before = if t == 1 { 0.0 } else { expected[0][i].1 };
            assert!(close(v_prev, v_before, 1e-14), "{at}: v before {v_prev}");
            assert!(close(den, den0, 1e-14), "{at}: den {den}");
            assert!(close(c.eff_lr, eff, 1e-14), "{at}: eff {}", c.eff_lr);
            assert!(close(c.delta, delta, 1e-13), "{at}: Δ {}", c.delta);
            assert!(close(c.theta_new, theta, 1e-14), "{at}: θ {}", c.theta_new);
        }
    }
}

/// Adam's first update, by hand: m̂ = g and v̂ = g², so the step is α·g/(|g| + ε) ≈ α·sign(g).
#[test]
fn adams_first_step_is_the_learning_rate() {
    let sk = SurfaceKind::Bowl;
    let p = Problem { surface: sk.into(), start: [-4.0, 1.5], steps: 1, noise: None, shift: None };
    let mut adam = OptimizerKind::Adam.default_config();
    adam.set_real("lr", 0.1).unwrap();
    let e = explain(&run(&p, &adam), 1).unwrap();
    for (c, g) in e.coords.iter().zip([-0.8, 6.0]) {
        let Detail::Adam { m_prev, v_prev, bias1, bias2, m_hat, v_hat, den, v_max: None, .. } =
            c.detail
        else {
            panic!("Adam expected");
        };
        assert_eq!((m_prev, v_prev), (0.0, 0.0));
        assert!(close(bias1, 0.1, 1e-14) && close(bias2, 0.001, 1e-12), "{bias1} {bias2}");
        assert!(close(m_hat, g, 1e-14) && close(v_hat, g * g, 1e-12), "{m_hat} {v_hat}");
        assert!(close(den, g.abs() + 1e-8, 1e-12), "{den}");
        assert!(close(c.delta, -0.1 * g / (g.abs() + 1e-8), 1e-12), "{}", c.delta);
    }
}

/// Weight decay, schedules, RMSProp's initial scale and bias correction, and the newer
/// optimizers (explained by their own step): every update still matches the record.
#[test]
fn decay_schedules_and_the_newer_optimizers_match_the_record() {
    use rmsprop_lab::core::schedule::Schedule;
    use rmsprop_lab::core::trajectory::Run;
    let schedules = [
        Schedule::default(),
        Schedule::Cosine { t_max: 30.0, eta_min: 0.0 },
        Schedule::OneCycle {
            total_steps: 60.0,
            pct_start: 0.3,
            div_factor: 25.0,
            final_div_factor: 1e4,
        },
    ];
    let mut checked = 0;
    for sk in [SurfaceKind::Rosenbrock, SurfaceKind::Himmelblau, SurfaceKind::Saddle] {
        for kind in OptimizerKind::ALL {
            let mut opt = kind.default_config();
            opt.set_real("lr", sk.info().lr[kind.lr_index()]).unwrap();
            let mut variants = vec![opt];
            if kind.param("weight_decay").is_some() {
                let mut o = opt;
                o.set_real("weight_decay", 0.05).unwrap();
                variants.push(o);
            }
            if kind == OptimizerKind::RmsProp {
                let mut o = opt;
                o.set_real("initial_scale", 1.0).unwrap();
                o.set("bias_correction", ParamValue::Flag(true)).unwrap();
                o.set("centered", ParamValue::Flag(true)).unwrap();
                variants.push(o);
            }
            for (optimizer, schedule) in variants.iter().flat_map(|o| schedules.map(|s| (*o, s))) {
                let noise = Some(Noise { sigma: 0.3, seed: 9, relative: false });
                let p = Problem {
                    surface: sk.into(),
                    start: sk.info().start,
                    steps: 60,
                    noise,
                    shift: None,
                };
                let tr = run(&p, &Run { optimizer, schedule });
                let what =
                    format!("{} on {} ({optimizer:?}, {schedule:?})", kind.name(), sk.name());
                for t in 1..=tr.steps.len() {
                    let e = explain(&tr, t).unwrap();
                    check_record(&tr, &e, &what);
                    assert_eq!(e.lr, tr.steps[t - 1].lr, "{what}");
                    checked += 1;
                }
                if tr.diverged_at.is_some() {
                    let _ = check_divergence(&tr, noise, &what);
                }
            }
        }
    }
    assert!(checked > 5000, "{checked}");
}
