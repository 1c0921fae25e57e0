//! Where a path that has left the window went: the map marks the point where it last
//! crossed the window's edge, points the way it was heading, and names the step, so a run
//! that flew off is not simply gone.

use crate::core::surface::Window;

/// The last exit of a path whose end lies outside the window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exit {
    /// Where the path crosses the window's edge (window coordinates).
    pub at: [f64; 2],
    /// The way it was heading there: the unit vector of the crossing segment, in window
    /// coordinates.
    pub dir: [f64; 2],
    /// The first step outside.
    pub step: usize,
}

/// The last exit of `points` (a path in step order): None while its last point is inside
/// the window, or if it never was inside.
pub fn last_exit(points: &[[f64; 2]], window: Window) -> Option<Exit> {
    let last = points.last()?;
    if window.contains(*last) {
        return None;
    }
    let j = points.iter().rposition(|p| window.contains(*p))?;
    let (a, b) = (points[j], points[j + 1]);
    let d = [b[0] - a[0], b[1] - a[1]];
    let len = d[0].hypot(d[1]);
    // The fraction of the segment at which each bound is crossed, the nearest one first.
    let cross = |a: f64, d: f64, (lo, hi): (f64, f64)| match d {
        _ if d > 0.0 => (hi - a) / d,
        _ if d < 0.0 => (lo - a) / d,
        _ => f64::INFINITY,
    };
    let t = cross(a[0], d[0], window.x).min(cross(a[1], d[1], window.y)).clamp(0.0, 1.0);
    Some(Exit {
        at: [a[0] + t * d[0], a[1] + t * d[1]],
        dir: [d[0] / len, d[1] / len],
        step: j + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Window = Window { x: (-1.0, 1.0), y: (-2.0, 2.0) };

    #[test]
    fn a_path_inside_or_back_inside_has_no_exit() {
        assert_eq!(last_exit(&[], W), None);
        assert_eq!(last_exit(&[[0.0, 0.0], [0.5, 1.0]], W), None);
        assert_eq!(last_exit(&[[0.0, 0.0], [5.0, 0.0], [0.5, 0.0]], W), None);
        assert_eq!(last_exit(&[[3.0, 0.0], [4.0, 0.0]], W), None, "never inside");
    }

    #[test]
    fn the_last_exit_is_on_the_edge_heading_out() {
        // Out through the right edge at step 2, back in, out through the top at step 4.
        let pts = [[0.0, 0.0], [0.5, 0.0], [3.0, 0.0], [0.0, 1.0], [0.0, 5.0], [9.0, 9.0]];
        let e = last_exit(&pts, W).unwrap();
        assert_eq!(e.step, 4);
        assert_eq!(e.at, [0.0, 2.0]);
        assert_eq!(e.dir, [0.0, 1.0]);
        // A diagonal crossing meets the nearer edge first: x = 1 before y = 2.
        let e = last_exit(&[[0.0, 0.0], [2.0, 2.0]], W).unwrap();
        assert_eq!((e.at, e.step), ([1.0, 1.0], 1));
        let s = std::f64::consts::FRAC_1_SQRT_2;
        assert!((e.dir[0] - s).abs() < 1e-15 && (e.dir[1] - s).abs() < 1e-15);
        // Leftwards and downwards.
        let e = last_exit(&[[0.0, 0.0], [-3.0, -1.0]], W).unwrap();
        assert_eq!(e.at, [-1.0, -1.0 / 3.0]);
    }
}
