//! A chart's frame in device pixels: the plot rectangle inside the label areas, where each
//! value lands, and the grid lines and labels of both axes. The app strokes what this says
//! on a 2D canvas (drawing it ourselves rather than with a charting crate keeps the wasm
//! small: plotters cost about 10 KB of the gzipped download for axes and polylines).

use super::format::short;
use super::ticks::{chart_ticks, nice_ticks};

/// The gaps around the plot, in CSS px: above it, right of it, the x labels' band below it
/// and the y labels' band left of it.
const TOP: f64 = 8.0;
const RIGHT: f64 = 14.0;
const X_LABELS: f64 = 34.0;
const Y_LABELS: f64 = 58.0;
/// About this many labelled ticks on the x axis.
const X_TICKS: usize = 6;

/// The plot rectangle and the value ranges it shows (y in drawn units: log10 of the value
/// on a log axis).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    pub x: (f64, f64),
    pub y: (f64, f64),
}

/// One grid line: where it is (device px along its axis), whether it is a labelled one, and
/// its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub at: f64,
    pub key: bool,
    pub label: String,
}

impl Frame {
    /// The frame of a canvas `w`×`h` device px at `dpr`, showing x in `x` and y in `y`; None
    /// when the canvas is too small to hold a plot or a range is empty.
    pub fn new(w: f64, h: f64, dpr: f64, x: (f64, f64), y: (f64, f64)) -> Option<Frame> {
        let px = |v: f64| (v * dpr).round();
        let f = Frame {
            left: px(Y_LABELS),
            right: w - px(RIGHT),
            top: px(TOP),
            bottom: h - px(X_LABELS),
            x,
            y,
        };
        let ok = f.right > f.left + 1.0 && f.bottom > f.top + 1.0 && x.1 > x.0 && y.1 >= y.0;
        ok.then_some(f)
    }

    pub fn px_x(&self, v: f64) -> f64 {
        self.left + (v - self.x.0) / (self.x.1 - self.x.0) * (self.right - self.left)
    }

    /// Larger values higher up; a flat range draws at mid-height.
    pub fn px_y(&self, v: f64) -> f64 {
        if self.y.1 == self.y.0 {
            return (self.top + self.bottom) / 2.0;
        }
        self.bottom - (v - self.y.0) / (self.y.1 - self.y.0) * (self.bottom - self.top)
    }

    /// The x axis's grid: round values labelled as they are, fainter lines between; on a
    /// log axis (x in log10 units) decades, labelled with the values.
    pub fn x_ticks(&self, log: bool) -> Vec<Tick> {
        if log {
            let (key, light) = chart_ticks(10f64.powf(self.x.0), 10f64.powf(self.x.1), true);
            return grid(key, light, |v| (self.px_x(v), short(10f64.powf(v))));
        }
        let (lo, hi) = self.x;
        let key = nice_ticks(lo, hi, X_TICKS);
        let light = nice_ticks(lo, hi, 4 * X_TICKS);
        grid(key, light, |v| (self.px_x(v), short(v)))
    }

    /// The y axis's grid (`chart_ticks`); on a log axis the labels are the values, 10^v.
    pub fn y_ticks(&self, log: bool) -> Vec<Tick> {
        let value = |v: f64| if log { 10f64.powf(v) } else { v };
        let (key, light) = chart_ticks(value(self.y.0), value(self.y.1), log);
        grid(key, light, |v| (self.px_y(v), short(value(v))))
    }
}

fn grid(key: Vec<f64>, light: Vec<f64>, place: impl Fn(f64) -> (f64, String)) -> Vec<Tick> {
    let light = light.into_iter().filter(|v| !key.contains(v)).map(|v| (v, false));
    let mut ticks: Vec<Tick> = key
        .iter()
        .map(|&v| (v, true))
        .chain(light)
        .map(|(v, key)| {
            let (at, label) = place(v);
            Tick { at, key, label: if key { label } else { String::new() } }
        })
        .collect();
    ticks.sort_by(|a, b| a.at.total_cmp(&b.at));
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plot_sits_inside_the_label_areas_and_maps_values_linearly() {
        let f = Frame::new(600.0, 420.0, 2.0, (0.0, 300.0), (-2.0, 1.0)).unwrap();
        assert_eq!((f.left, f.right, f.top, f.bottom), (116.0, 572.0, 16.0, 352.0));
        assert_eq!((f.px_x(0.0), f.px_x(300.0), f.px_x(150.0)), (116.0, 572.0, 344.0));
        assert_eq!((f.px_y(-2.0), f.px_y(1.0)), (352.0, 16.0));
        let flat = Frame::new(600.0, 420.0, 1.0, (0.0, 1.0), (3.0, 3.0)).unwrap();
        assert_eq!(flat.px_y(3.0), (flat.top + flat.bottom) / 2.0);
    }

    #[test]
    fn too_small_or_empty_is_no_frame() {
        assert!(Frame::new(60.0, 200.0, 1.0, (0.0, 10.0), (0.0, 1.0)).is_none());
        assert!(Frame::new(600.0, 30.0, 1.0, (0.0, 10.0), (0.0, 1.0)).is_none());
        assert!(Frame::new(600.0, 200.0, 1.0, (5.0, 5.0), (0.0, 1.0)).is_none());
    }

    #[test]
    fn ticks_are_labelled_round_values_with_faint_lines_between() {
        let f = Frame::new(600.0, 210.0, 1.0, (0.0, 300.0), (-3.0, 1.0)).unwrap();
        let x = f.x_ticks(false);
        let labels: Vec<_> = x.iter().filter(|t| t.key).map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["0", "50", "100", "150", "200", "250", "300"]);
        assert!(x.iter().any(|t| !t.key && t.label.is_empty()));
        assert!(x.windows(2).all(|w| w[0].at < w[1].at), "in order along the axis");
        let y = f.y_ticks(true);
        let labels: Vec<_> = y.iter().filter(|t| t.key).map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["10", "1", "0.1", "0.01", "0.001"], "top to bottom");
        assert!(y.iter().all(|t| (f.top..=f.bottom).contains(&t.at)));
        // A log x axis (learning rates from 1e-4 to 1): decades, labelled with the values.
        let f = Frame::new(600.0, 210.0, 1.0, (-4.0, 0.0), (0.0, 1.0)).unwrap();
        let labels: Vec<_> =
            f.x_ticks(true).into_iter().filter(|t| t.key).map(|t| t.label).collect();
        assert_eq!(labels, ["1e-4", "0.001", "0.01", "0.1", "1"]);
    }
}
