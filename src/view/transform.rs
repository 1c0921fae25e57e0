//! Mapping between the surface's coordinates (x, y) and the canvas (pixels, y down).

use crate::core::surface::Window;

/// Space around the plot for tick labels, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Margins {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

/// A window drawn into a rectangle of a canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub window: Window,
    /// The plot rectangle in canvas pixels: left, top, width, height.
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl Frame {
    /// The plot area of a `canvas_w` × `canvas_h` canvas less its margins.
    pub fn new(window: Window, canvas_w: f64, canvas_h: f64, m: Margins) -> Frame {
        Frame {
            window,
            left: m.left,
            top: m.top,
            width: (canvas_w - m.left - m.right).max(1.0),
            height: (canvas_h - m.top - m.bottom).max(1.0),
        }
    }

    /// The same frame on a canvas `scale` times larger (device pixels at devicePixelRatio).
    pub fn scaled(&self, scale: f64) -> Frame {
        Frame {
            window: self.window,
            left: self.left * scale,
            top: self.top * scale,
            width: self.width * scale,
            height: self.height * scale,
        }
    }

    /// A direction in window coordinates as a unit vector in pixels (y down; the axes may
    /// have different scales).
    pub fn direction_px(&self, d: [f64; 2]) -> (f64, f64) {
        let Window { x, y } = self.window;
        let (px, py) = (d[0] / (x.1 - x.0) * self.width, -d[1] / (y.1 - y.0) * self.height);
        let len = px.hypot(py);
        if len > 0.0 {
            (px / len, py / len)
        } else {
            (0.0, 0.0)
        }
    }

    pub fn to_px(&self, p: [f64; 2]) -> (f64, f64) {
        let Window { x, y } = self.window;
        (
            self.left + (p[0] - x.0) / (x.1 - x.0) * self.width,
            self.top + (y.1 - p[1]) / (y.1 - y.0) * self.height,
        )
    }

    pub fn to_world(&self, px: f64, py: f64) -> [f64; 2] {
        let Window { x, y } = self.window;
        [
            x.0 + (px - self.left) / self.width * (x.1 - x.0),
            y.1 - (py - self.top) / self.height * (y.1 - y.0),
        ]
    }

    /// Whether a canvas point lies inside the plot rectangle.
    pub fn contains_px(&self, px: f64, py: f64) -> bool {
        px >= self.left
            && px <= self.left + self.width
            && py >= self.top
            && py <= self.top + self.height
    }

    /// World units per pixel along x and y.
    pub fn units_per_px(&self) -> [f64; 2] {
        let Window { x, y } = self.window;
        [(x.1 - x.0) / self.width, (y.1 - y.0) / self.height]
    }
}

/// The plot height for a plot `width` wide that keeps x and y at the same scale, within
/// `[min_ratio, max_ratio]` of the width so extreme windows stay usable.
pub fn plot_height_for(window: Window, width: f64, min_ratio: f64, max_ratio: f64) -> f64 {
    let ratio = (window.y.1 - window.y.0) / (window.x.1 - window.x.0);
    width * ratio.clamp(min_ratio, max_ratio)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_follow_the_axes_scales_and_point_down_the_screen() {
        let f = Frame {
            window: Window { x: (0.0, 1.0), y: (0.0, 10.0) },
            left: 0.0,
            top: 0.0,
            width: 100.0,
            height: 100.0,
        };
        assert_eq!(f.direction_px([0.0, 1.0]), (0.0, -1.0));
        assert_eq!(f.direction_px([1.0, 0.0]), (1.0, 0.0));
        // One unit of x is 100 px, one of y 10 px: (0.1, 1) in the window is 45° on screen.
        let (x, y) = f.direction_px([0.1, 1.0]);
        assert!((x - 0.5f64.sqrt()).abs() < 1e-12 && (y + 0.5f64.sqrt()).abs() < 1e-12);
        assert_eq!(f.direction_px([0.0, 0.0]), (0.0, 0.0));
    }

    const M: Margins = Margins { left: 40.0, right: 10.0, top: 10.0, bottom: 30.0 };

    fn frame() -> Frame {
        Frame::new(Window { x: (-2.0, 2.0), y: (-1.0, 3.0) }, 450.0, 440.0, M)
    }

    #[test]
    fn corners_map_to_the_plot_rectangle() {
        let f = frame();
        assert_eq!(f.to_px([-2.0, 3.0]), (40.0, 10.0));
        assert_eq!(f.to_px([2.0, -1.0]), (440.0, 410.0));
        assert_eq!(f.to_px([0.0, 1.0]), (240.0, 210.0));
    }

    #[test]
    fn to_world_inverts_to_px() {
        let f = frame();
        for p in [[-1.5, 2.5], [0.3, -0.7], [1.99, 0.0]] {
            let (px, py) = f.to_px(p);
            let q = f.to_world(px, py);
            assert!((q[0] - p[0]).abs() < 1e-12 && (q[1] - p[1]).abs() < 1e-12);
        }
    }

    #[test]
    fn scaling_keeps_world_points_on_the_same_relative_pixels() {
        let f = frame();
        let g = f.scaled(2.0);
        let (a, b) = f.to_px([0.5, 0.5]);
        assert_eq!(g.to_px([0.5, 0.5]), (2.0 * a, 2.0 * b));
    }

    #[test]
    fn contains_and_units() {
        let f = frame();
        assert!(f.contains_px(40.0, 10.0) && f.contains_px(240.0, 200.0));
        assert!(!f.contains_px(39.0, 100.0) && !f.contains_px(100.0, 411.0));
        assert_eq!(f.units_per_px(), [0.01, 0.01]);
    }

    #[test]
    fn plot_height_keeps_aspect_within_limits() {
        let w = Window { x: (-5.0, 5.0), y: (-3.0, 3.0) };
        assert_eq!(plot_height_for(w, 500.0, 0.4, 1.2), 300.0);
        let tall = Window { x: (0.0, 1.0), y: (0.0, 10.0) };
        assert_eq!(plot_height_for(tall, 500.0, 0.4, 1.2), 600.0);
    }
}
