//! The map's zoom, pan and fit (`view::zoom`): proportions kept, limits held.

use rmsprop_lab::core::scenario::MAX_COORD;
use rmsprop_lab::core::surface::Window;
use rmsprop_lab::view::zoom::{fit, panned, zoomed, MAX_ZOOM_IN, MAX_ZOOM_OUT};

const BASE: Window = Window { x: (-2.0, 2.0), y: (-1.0, 3.0) };

fn close(a: Window, b: Window) -> bool {
    let (p, q) = ([a.x.0, a.x.1, a.y.0, a.y.1], [b.x.0, b.x.1, b.y.0, b.y.1]);
    p.iter().zip(q).all(|(u, v)| (u - v).abs() < 1e-12)
}

#[test]
fn zooming_keeps_the_point_under_the_cursor_in_place() {
    let at = [1.0, 2.0];
    let z = zoomed(BASE, BASE, at, 2.0);
    assert!(close(z, Window { x: (-0.5, 1.5), y: (0.5, 2.5) }), "{z:?}");
    // at sits at the same fraction of the window before and after.
    let frac = |w: Window| ((at[0] - w.x.0) / (w.x.1 - w.x.0), (at[1] - w.y.0) / (w.y.1 - w.y.0));
    assert_eq!(frac(z), frac(BASE));
    // In then out by the same factor is the start again.
    assert!(close(zoomed(BASE, z, at, 0.5), BASE));
}

#[test]
fn zoom_stops_at_its_limits_and_ignores_nonsense_factors() {
    let deep = zoomed(BASE, BASE, [0.0, 1.0], 1e9);
    assert!(((deep.x.1 - deep.x.0) - 4.0 / MAX_ZOOM_IN).abs() < 1e-12, "{deep:?}");
    let far = zoomed(BASE, BASE, [0.0, 1.0], 1e-9);
    assert!(((far.x.1 - far.x.0) - 4.0 * MAX_ZOOM_OUT).abs() < 1e-9, "{far:?}");
    for bad in [0.0, -2.0, f64::NAN, f64::INFINITY] {
        assert_eq!(zoomed(BASE, BASE, [0.0, 0.0], bad), BASE);
    }
}

#[test]
fn views_stay_within_the_coordinate_limit() {
    let big = Window { x: (-MAX_COORD / 10.0, MAX_COORD / 10.0), y: (0.0, 1e5) };
    let out = zoomed(big, big, [MAX_COORD / 10.0, 0.0], 1e-9);
    assert!(out.x.0 >= -MAX_COORD && out.x.1 <= MAX_COORD, "{out:?}");
    assert!((out.x.1 - out.x.0 - 2.0 * MAX_COORD).abs() < 1e-6);
    let moved = panned(BASE, [2e6, -3e6]);
    assert_eq!(moved.x, (MAX_COORD - 4.0, MAX_COORD));
    assert_eq!(moved.y, (-MAX_COORD, -MAX_COORD + 4.0));
}

#[test]
fn fit_holds_every_point_in_the_base_proportions_with_a_margin() {
    let pts = [[0.0, 0.0], [1.0, 0.5], [0.5, -0.25], [f64::NAN, 0.0], [1e300, 1.0]];
    let w = fit(BASE, &pts);
    for p in &pts[..3] {
        assert!(w.contains(*p), "{p:?} outside {w:?}");
        // Not on the edge: a margin is left.
        assert!(p[0] > w.x.0 && p[0] < w.x.1 && p[1] > w.y.0 && p[1] < w.y.1);
    }
    // The base is square, so is the fit; the larger extent (1 in x) sets the size.
    let (wx, wy) = (w.x.1 - w.x.0, w.y.1 - w.y.0);
    assert!((wx - wy).abs() < 1e-12 && wx > 1.0 && wx < 1.3, "{w:?}");
    assert_eq!([(w.x.0 + w.x.1) / 2.0, (w.y.0 + w.y.1) / 2.0], [0.5, 0.125]);
    // One point, or none that can be shown: the base's size (centred there), or the base.
    let one = fit(BASE, &[[5.0, 5.0]]);
    assert!(close(one, Window { x: (3.0, 7.0), y: (3.0, 7.0) }), "{one:?}");
    assert_eq!(fit(BASE, &[[f64::NAN, 1.0]]), BASE);
    // Points closer than the zoom limit allows: the limit.
    let tiny = fit(BASE, &[[0.0, 0.0], [1e-9, 1e-9]]);
    assert!(((tiny.x.1 - tiny.x.0) - 4.0 / MAX_ZOOM_IN).abs() < 1e-15);
}
