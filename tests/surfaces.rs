//! Every catalog surface: exact gradients, agreement with its catalog formula, its minima.

use rmsprop_lab::core::formula::Formula;
use rmsprop_lab::core::surface::{Surface, SurfaceKind};

/// A deterministic grid of points spread over (and a little beyond) the window.
fn sample_points(kind: SurfaceKind) -> Vec<[f64; 2]> {
    let w = kind.info().window;
    let mut pts = Vec::new();
    for i in 0..=12 {
        for j in 0..=12 {
            // Irrational offsets keep the samples off the symmetric points (x = 0, x = y, ...).
            let u = (f64::from(i) + 0.31) / 12.0 * 1.1 - 0.05;
            let v = (f64::from(j) + 0.57) / 12.0 * 1.1 - 0.05;
            pts.push([w.x.0 + u * (w.x.1 - w.x.0), w.y.0 + v * (w.y.1 - w.y.0)]);
        }
    }
    pts
}

#[test]
fn gradients_match_central_finite_differences() {
    for kind in SurfaceKind::ALL {
        let s = Surface::from(kind);
        for p in sample_points(kind) {
            let (_, g) = s.value_and_grad(p);
            for i in 0..2 {
                let h = 1e-6 * p[i].abs().max(1.0);
                let (mut a, mut b) = (p, p);
                a[i] += h;
                b[i] -= h;
                let fd = (s.value(a) - s.value(b)) / (2.0 * h);
                let scale = g[i].abs().max(s.value(p).abs().sqrt()).max(1.0);
                assert!(
                    (g[i] - fd).abs() <= 1e-5 * scale,
                    "{}: ∂f/∂{} at {p:?}: exact {} vs finite difference {fd}",
                    kind.name(),
                    ["x", "y"][i],
                    g[i]
                );
            }
        }
    }
}

#[test]
fn builtin_code_agrees_with_its_catalog_formula() {
    for kind in SurfaceKind::ALL {
        let formula = Formula::parse(kind.info().formula).expect("catalog formula parses");
        let s = Surface::from(kind);
        for p in sample_points(kind) {
            let (f1, g1) = s.value_and_grad(p);
            let (f2, g2) = formula.value_and_grad(p);
            let tol = |r: f64| 1e-12 * r.abs().max(1.0);
            assert!((f1 - f2).abs() <= tol(f2), "{} value at {p:?}: {f1} vs {f2}", kind.name());
            for i in 0..2 {
                assert!(
                    (g1[i] - g2[i]).abs() <= tol(g2[i]).max(1e-9),
                    "{} grad at {p:?}",
                    kind.name()
                );
            }
        }
    }
}

#[test]
fn known_minima_are_minima() {
    for kind in SurfaceKind::ALL {
        let s = Surface::from(kind);
        for m in kind.info().minima {
            let (f, g) = s.value_and_grad(m.at);
            assert!(
                (f - m.f).abs() < 1e-5,
                "{}: f{:?} = {f}, catalog says {}",
                kind.name(),
                m.at,
                m.f
            );
            // The catalog rounds coordinates to 6 decimals, so the gradient is only near zero.
            let scale = 1.0 + f.abs();
            assert!(
                g[0].hypot(g[1]) < 1e-3 * scale,
                "{}: gradient {g:?} at {:?}",
                kind.name(),
                m.at
            );
            // No sampled point is lower than a global minimum.
            for p in sample_points(kind) {
                assert!(s.value(p) >= m.f - 1e-6, "{}: f{p:?} below the minimum", kind.name());
            }
        }
    }
}

#[test]
fn ackley_gradient_is_zero_at_its_minimum() {
    let (f, g) = Surface::from(SurfaceKind::Ackley).value_and_grad([0.0, 0.0]);
    assert!(f.abs() < 1e-12);
    assert_eq!(g, [0.0, 0.0]);
}

#[test]
fn catalog_is_complete_and_names_round_trip() {
    assert_eq!(SurfaceKind::ALL.len(), 13);
    for kind in SurfaceKind::ALL {
        let info = kind.info();
        assert_eq!(SurfaceKind::from_name(info.name), Some(kind));
        let w = info.window;
        assert!(w.x.0 < w.x.1 && w.y.0 < w.y.1);
        let [x, y] = info.start;
        assert!(
            w.x.0 <= x && x <= w.x.1 && w.y.0 <= y && y <= w.y.1,
            "{}: start outside window",
            info.name
        );
        assert!(info.lr.iter().all(|&lr| lr > 0.0));
    }
    assert_eq!(SurfaceKind::from_name("Rosenbrock"), None);
}
