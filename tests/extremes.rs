//! Extreme settings on every surface and optimizer: no panic, every stored point finite, and a
//! diverged run flagged at exactly the update where it happened.

use rmsprop_lab::core::formula::Formula;
use rmsprop_lab::core::optim::{Optimizer, OptimizerKind};
use rmsprop_lab::core::surface::{CustomSurface, Surface, SurfaceKind, Window};
use rmsprop_lab::core::trajectory::{run, Noise, Problem, Trajectory};

const STEPS: usize = 10_000;

/// The catalog, plus formulas with undefined regions, poles and overflow.
fn surfaces() -> Vec<Surface> {
    let mut all: Vec<Surface> = SurfaceKind::ALL.into_iter().map(Surface::Builtin).collect();
    for (src, x, y) in [
        ("log(x) + y^2", (0.1, 4.0), (-2.0, 2.0)),
        ("sqrt(x*y) + 1/(x^2 + y^2)", (-2.0, 2.0), (-2.0, 2.0)),
        ("exp(x^2) - y^3", (-3.0, 3.0), (-3.0, 3.0)),
    ] {
        let formula = Formula::parse(src).unwrap();
        all.push(Surface::Custom(Box::new(CustomSurface { formula, window: Window { x, y } })));
    }
    all
}

/// The optimizer's settings that decay something, which `decay 0` and `decay 0.9999` set.
fn decay_keys(kind: OptimizerKind) -> &'static [&'static str] {
    match kind {
        OptimizerKind::RmsProp => &["decay", "momentum"],
        OptimizerKind::Adam => &["beta1", "beta2"],
        OptimizerKind::Sgd => &["momentum"],
        OptimizerKind::Adagrad => &["lr_decay"],
        OptimizerKind::Adadelta => &["rho"],
        OptimizerKind::Rprop => &[],
        _ => &["beta1", "beta2"],
    }
}

/// The app's starting configuration of `kind` on `surface`, with each extreme applied in turn
/// (settings an optimizer lacks are skipped).
fn configs(kind: OptimizerKind, surface: &Surface) -> Vec<(String, Optimizer)> {
    let mut base = kind.default_config();
    if let Surface::Builtin(k) = surface {
        base.set_real("lr", k.info().lr[kind.lr_index()]).unwrap();
    }
    let mut out = vec![("defaults".to_string(), base)];
    let mut tweaks: Vec<(&str, f64)> = vec![("lr", 10.0), ("lr", 1e-5), ("eps", 0.0), ("eps", 1.0)];
    for key in decay_keys(kind) {
        tweaks.extend([(*key, 0.0), (*key, 0.9999)]);
    }
    for (key, value) in tweaks {
        let mut o = base;
        if kind.param(key).is_some() {
            o.set_real(key, value).unwrap();
            out.push((format!("{key} {value}"), o));
        }
    }
    out
}

/// Checks the record's invariants; for a diverged run, that the same run one update shorter
/// does not diverge and agrees with it point for point.
fn check(what: &str, problem: &Problem, opt: &Optimizer, tr: &Trajectory) {
    let n = tr.points.len();
    assert!(n >= 1, "{what}: no start point");
    assert_eq!((tr.loss.len(), tr.grad.len(), tr.steps.len() + 1), (n, n, n), "{what}");
    assert!(
        tr.points.iter().flatten().all(|c| c.is_finite()),
        "{what}: a stored point is not finite"
    );
    match tr.diverged_at {
        None => assert_eq!(n, problem.steps + 1, "{what}: stopped early without a flag"),
        Some(k) => {
            assert_eq!(k, n, "{what}: diverged_at is the number of points kept");
            assert!(k <= problem.steps, "{what}");
            // f or ∇f undefined at the start stops a run before its first update.
            let (f, g) = problem.surface.value_and_grad(problem.start);
            let start_undefined = f.is_nan() || g.iter().any(|c| c.is_nan());
            if k > 1 || !start_undefined {
                let shorter = run(&Problem { steps: k - 1, ..problem.clone() }, opt);
                assert_eq!(shorter.diverged_at, None, "{what}: already diverged before update {k}");
                assert_eq!(shorter.points, tr.points, "{what}");
            }
        }
    }
}

#[test]
fn extreme_settings_never_panic_and_flag_divergence_where_it_happens() {
    let mut diverged = Vec::new();
    for surface in surfaces() {
        let problem = Problem {
            start: surface.default_start(),
            surface: surface.clone(),
            steps: STEPS,
            noise: None,
            shift: None,
        };
        for kind in OptimizerKind::ALL {
            for (setting, opt) in configs(kind, &surface) {
                let what = format!("{} / {} / {setting}", surface.formula(), kind.name());
                let tr = run(&problem, &opt);
                check(&what, &problem, &opt, &tr);
                if tr.diverged_at.is_some() {
                    diverged.push(what);
                }
            }
        }
    }
    // Divergence does happen, and is told apart: plain SGD at lr 10 leaves a quartic valley,
    // and a run that walks into log(x ≤ 0) stops there.
    let flagged = |needle: &str| diverged.iter().any(|w| w.starts_with(needle));
    assert!(flagged("(1 - x)^2 + 100*(y - x^2)^2 / sgd / lr 10"), "{diverged:#?}");
    assert!(flagged("log(x) + y^2 / sgd / lr 10"), "{diverged:#?}");
    assert!(!flagged("0.1*x^2 + 2*y^2 / adam / lr 0.00001"), "{diverged:#?}");
}

#[test]
fn extreme_noise_and_far_starts_never_panic() {
    for surface in surfaces() {
        for (start, sigma) in [([1e6, -1e6], 0.0), ([0.5, 0.5], 1e6), ([-1e-300, 1e-300], 1.0)] {
            let problem = Problem {
                surface: surface.clone(),
                start,
                steps: 500,
                noise: Some(Noise { sigma, seed: 42, relative: false }),
                shift: None,
            };
            for kind in OptimizerKind::ALL {
                let opt = kind.default_config();
                let what =
                    format!("{} / {} from {start:?}, σ {sigma}", surface.formula(), kind.name());
                check(&what, &problem, &opt, &run(&problem, &opt));
            }
        }
    }
}
