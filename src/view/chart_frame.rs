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

/// A chart line's width in CSS px (see [`Frame::pen_width`]).
pub const LINE_CSS_PX: f64 = 2.0;
/// A line whose length on screen exceeds this many plot widths is dense.
pub const DENSE_INK: f64 = 12.0;

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

    /// The pixel polyline of `points` (y through `axis`, e.g. log10): one piece per stretch of
    /// finite points, and within a piece every point closer than `gap` pixels to the last one
    /// kept is dropped, except a piece's last. The line then strays from a dropped point by
    /// less than `gap`, invisible under a thicker pen, and strokes a third as many segments
    /// (a chart's 600 points on 270 px): stroking is most of a slider move's painting.
    pub fn polyline(
        &self,
        points: &[(f64, f64)],
        axis: &dyn Fn(f64) -> f64,
        gap: f64,
    ) -> Vec<Vec<(f64, f64)>> {
        let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
        // The last point dropped since the last one kept, if any: it ends its piece.
        let mut pending = None;
        let mut open = false;
        for &(x, y) in points {
            let p = (self.px_x(x), self.px_y(axis(y)));
            let finite = p.0.is_finite() && p.1.is_finite();
            if !finite || !open {
                pieces.last_mut().into_iter().for_each(|l| l.extend(pending.take()));
                if finite {
                    pieces.push(vec![p]);
                }
                open = finite;
                continue;
            }
            let line = pieces.last_mut().expect("an open piece");
            let last = *line.last().expect("a piece has its first point");
            if (p.0 - last.0).hypot(p.1 - last.1) < gap {
                pending = Some(p);
            } else {
                line.push(p);
                pending = None;
            }
        }
        pieces.last_mut().into_iter().for_each(|l| l.extend(pending.take()));
        pieces
    }

    /// The pen width (device px) for a chart line drawn as `pieces`: [`LINE_CSS_PX`] CSS px,
    /// or one device pixel for a dense line, one whose ink is more than [`DENSE_INK`] times
    /// the plot's width (a chaotic run zigzags through every column). Such a line paints a
    /// solid band at either width, and a wider pen costs the browser's software rasterizer
    /// about five times as much: most of a slider move's frame with six chaotic runs.
    pub fn pen_width(&self, pieces: &[Vec<(f64, f64)>], dpr: f64) -> f64 {
        let ink: f64 = pieces
            .iter()
            .flat_map(|p| p.windows(2))
            .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
            .sum();
        if ink > DENSE_INK * (self.right - self.left) {
            1.0
        } else {
            (LINE_CSS_PX * dpr).round()
        }
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
    #[test]
    fn polylines_break_at_gaps_and_drop_points_closer_than_the_gap() {
        let f = super::Frame::new(400.0, 300.0, 1.0, (0.0, 400.0), (0.0, 100.0)).unwrap();
        let id = |v: f64| v;
        let pts: Vec<(f64, f64)> =
            (0..=400).map(|k| (k as f64, 50.0 + 0.3 * (k % 3) as f64)).collect();
        let all = f.polyline(&pts, &id, 0.0);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].len(), 401);
        let thin = f.polyline(&pts, &id, 3.0);
        let piece = &thin[0];
        assert_eq!(piece.first(), all[0].first());
        assert_eq!(piece.last(), all[0].last(), "the last point is kept");
        assert!(piece.len() < 200, "{} points kept", piece.len());
        // Every dropped point lies within the gap of the drawn line.
        for p in &all[0] {
            let near = piece.windows(2).any(|w| {
                let (a, b) = (w[0], w[1]);
                let t = ((p.0 - a.0) * (b.0 - a.0) + (p.1 - a.1) * (b.1 - a.1))
                    / ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2));
                let t = t.clamp(0.0, 1.0);
                (p.0 - a.0 - t * (b.0 - a.0)).hypot(p.1 - a.1 - t * (b.1 - a.1)) < 3.0
            });
            assert!(near, "{p:?}");
        }
        // A non-finite value breaks the line; a spike survives thinning.
        let mut spiky = pts.clone();
        spiky[100].1 = f64::NAN;
        spiky[300].1 = 90.0;
        let pieces = f.polyline(&spiky, &id, 3.0);
        assert_eq!(pieces.len(), 2);
        assert!(pieces[1].iter().any(|p| (p.1 - f.px_y(90.0)).abs() < 1e-9));
        assert_eq!(pieces[0].last().map(|p| p.0), Some(f.px_x(99.0)));
        // A smooth line keeps its pen; a zigzag through every column gets a fine one.
        assert_eq!(f.pen_width(&thin, 2.0), 4.0);
        let zigzag: Vec<_> =
            (0..=400).map(|k| (k as f64, if k % 2 == 0 { 10.0 } else { 90.0 })).collect();
        assert_eq!(f.pen_width(&f.polyline(&zigzag, &id, 2.0), 2.0), 1.0);
    }

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
