//! Drawing math for the sweep and start-point maps: the colour scale of a metric (with its
//! colour-bar ticks), ticks for swept settings, the basin colours, and a grid's RGBA buffer.

use super::colormap::{LossScale, Palette};
use super::format::short;
use super::ticks::{log_ticks, nice_ticks};
use crate::core::sweep::{Axis, AxisScale, Basin, CellValue};

/// Cells whose run diverged or overflowed: a red no colormap here uses.
pub const DIVERGED_RGB: [u8; 3] = [214, 39, 40];
/// Cells that never reached the threshold, or starts that ended near no known minimum.
pub const NONE_RGB: [u8; 3] = [200, 204, 214];
/// One colour per known minimum (Okabe–Ito, without its red-like vermillion).
pub const BASIN_RGB: [[u8; 3]; 6] =
    [[230, 159, 0], [86, 180, 233], [0, 158, 115], [204, 121, 167], [0, 114, 178], [240, 228, 66]];

pub fn basin_rgb(b: Basin) -> [u8; 3] {
    match b {
        Basin::Minimum(i) => BASIN_RGB[i % BASIN_RGB.len()],
        Basin::Elsewhere => NONE_RGB,
        Basin::Diverged => DIVERGED_RGB,
    }
}

pub fn css(rgb: [u8; 3]) -> String {
    format!("rgb({},{},{})", rgb[0], rgb[1], rgb[2])
}

/// How metric values map to [0, 1] along the colormap.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ColorScale {
    /// log10 of the gap to the known minimum `floor`, from 10^lo to 10^hi.
    LogGap { floor: f64, lo: f64, hi: f64 },
    /// Loss without a known minimum: linear near the lowest value, logarithmic above.
    Soft(LossScale),
    /// Step counts.
    Linear { lo: f64, hi: f64 },
}

/// Gaps below this are rounding (the catalog gives minima to 6 decimals).
const MIN_GAP: f64 = 1e-16;
/// A colour bar spans at most this many decades, so one stray tiny gap cannot wash out
/// the rest of the map.
const MAX_DECADES: f64 = 14.0;

impl ColorScale {
    /// A log scale of the loss above `floor` (when the surface has a known minimum), else a
    /// soft log scale of the loss; non-finite values are ignored.
    pub fn for_loss(values: &[f64], floor: Option<f64>) -> ColorScale {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let Some(floor) = floor.filter(|f| f.is_finite()) else {
            return ColorScale::Soft(LossScale::fit(&finite, None));
        };
        let logs = finite.iter().map(|v| (v - floor).max(MIN_GAP).log10());
        let (lo, hi) =
            logs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), l| (a.min(l), b.max(l)));
        if !lo.is_finite() {
            return ColorScale::LogGap { floor, lo: -3.0, hi: 0.0 };
        }
        let lo = lo.max(hi - MAX_DECADES);
        // At least one decade, so equal values still get a readable bar.
        let (lo, hi) =
            if hi - lo < 1.0 { ((lo + hi) / 2.0 - 0.5, (lo + hi) / 2.0 + 0.5) } else { (lo, hi) };
        ColorScale::LogGap { floor, lo, hi }
    }

    /// A linear scale over the finite values (at least one step wide).
    pub fn for_steps(values: &[f64]) -> ColorScale {
        let finite = values.iter().copied().filter(|v| v.is_finite());
        let (lo, hi) =
            finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| (a.min(v), b.max(v)));
        if !lo.is_finite() {
            return ColorScale::Linear { lo: 0.0, hi: 1.0 };
        }
        ColorScale::Linear { lo, hi: hi.max(lo + 1.0) }
    }

    /// Position of `v` on the colour bar, clamped to [0, 1]; NaN for NaN.
    pub fn unit(&self, v: f64) -> f64 {
        if v.is_nan() {
            return f64::NAN;
        }
        match *self {
            ColorScale::LogGap { floor, lo, hi } => {
                (((v - floor).max(MIN_GAP).log10() - lo) / (hi - lo)).clamp(0.0, 1.0)
            }
            ColorScale::Soft(s) => s.unit(v),
            ColorScale::Linear { lo, hi } => ((v - lo) / (hi - lo)).clamp(0.0, 1.0),
        }
    }

    /// Labelled ticks for the colour bar: (position in [0, 1], label).
    pub fn ticks(&self) -> Vec<(f64, String)> {
        let ends = |a: f64, b: f64| vec![(0.0, short(a)), (1.0, short(b))];
        match *self {
            ColorScale::LogGap { lo, hi, .. } => {
                let t = log_ticks(10f64.powf(lo), 10f64.powf(hi));
                if t.len() < 2 {
                    return ends(10f64.powf(lo), 10f64.powf(hi));
                }
                t.into_iter().map(|v| ((v.log10() - lo) / (hi - lo), short(v))).collect()
            }
            ColorScale::Soft(s) => {
                [0.0, 0.25, 0.5, 0.75, 1.0].iter().map(|&t| (t, short(s.value_at(t)))).collect()
            }
            ColorScale::Linear { lo, hi } => nice_ticks(lo, hi, 5)
                .into_iter()
                .map(|v| ((v - lo) / (hi - lo), short(v)))
                .collect(),
        }
    }

    /// The colour of a cell's metric: viridis for values, fixed colours otherwise.
    pub fn rgb(&self, palette: &Palette, v: CellValue) -> [u8; 3] {
        match v {
            CellValue::Value(x) => palette.rgb(self.unit(x)),
            CellValue::NotReached => NONE_RGB,
            CellValue::Diverged => DIVERGED_RGB,
        }
    }
}

/// Labelled ticks along a swept axis: (position in [0, 1], label). Powers of ten on a log
/// axis, 0.9, 0.99, … on a decay axis, round numbers on a linear one.
pub fn axis_ticks(axis: &Axis, target: usize) -> Vec<(f64, String)> {
    let values = match axis.scale {
        AxisScale::Log => log_ticks(axis.min, axis.max),
        AxisScale::NearOne => {
            (0..=8).map(round_nines).filter(|v| *v >= axis.min && *v <= axis.max).collect()
        }
        AxisScale::Linear => nice_ticks(axis.min, axis.max, target),
    };
    values.into_iter().map(|v| (axis.fraction(v), short(v))).collect()
}

/// 0, 0.9, 0.99, … as the doubles nearest those decimals.
fn round_nines(k: i32) -> f64 {
    let m = 10f64.powi(k);
    (m - 1.0) / m
}

/// The RGBA pixels (one per cell, opaque; cells `colour` returns `None` for are transparent)
/// of an `nx` × `ny` grid whose row j = 0 is at the bottom, as image rows run top down.
pub fn grid_rgba(
    nx: usize,
    ny: usize,
    colour: impl Fn(usize, usize) -> Option<[u8; 3]>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(nx * ny * 4);
    for row in 0..ny {
        let j = ny - 1 - row;
        for i in 0..nx {
            match colour(i, j) {
                Some([r, g, b]) => out.extend_from_slice(&[r, g, b, 255]),
                None => out.extend_from_slice(&[0, 0, 0, 0]),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_gap_scale_spans_the_decades_of_the_gaps() {
        let s = ColorScale::for_loss(&[3.001, 3.1, 13.0, f64::NAN, f64::INFINITY], Some(3.0));
        let ColorScale::LogGap { lo, hi, .. } = s else { panic!("{s:?}") };
        assert!((lo + 3.0).abs() < 1e-9 && (hi - 1.0).abs() < 1e-9, "{lo} {hi}");
        assert_eq!(s.unit(3.001), 0.0);
        assert_eq!(s.unit(13.0), 1.0);
        assert!((s.unit(3.1) - 0.5).abs() < 1e-9);
        let labels: Vec<String> = s.ticks().into_iter().map(|t| t.1).collect();
        assert_eq!(labels, ["0.001", "0.01", "0.1", "1", "10"]);
        // Below the floor (the catalog's rounded minimum) is the lowest colour, not NaN.
        assert_eq!(s.unit(2.9999), 0.0);
    }

    #[test]
    fn log_gap_scale_caps_its_range_and_widens_a_flat_one() {
        let s = ColorScale::for_loss(&[0.0, 1e-30, 100.0], Some(0.0));
        let ColorScale::LogGap { lo, hi, .. } = s else { panic!() };
        assert_eq!((lo, hi), (2.0 - MAX_DECADES, 2.0));
        let flat = ColorScale::for_loss(&[1.0, 1.0], Some(0.0));
        assert_eq!(flat, ColorScale::LogGap { floor: 0.0, lo: -0.5, hi: 0.5 });
        // Under one power of ten inside: the bar labels its ends.
        let ends: Vec<f64> = flat.ticks().iter().map(|t| t.0).collect();
        assert_eq!(ends, [0.0, 1.0]);
    }

    #[test]
    fn without_a_known_minimum_the_scale_is_soft_and_handles_negative_losses() {
        let s = ColorScale::for_loss(&[-50.0, -10.0, 0.0, 40.0], None);
        assert!(matches!(s, ColorScale::Soft(_)));
        assert_eq!(s.unit(-50.0), 0.0);
        assert_eq!(s.unit(40.0), 1.0);
        let t = s.ticks();
        assert_eq!(t.first().map(|x| x.1.as_str()), Some("-50"));
        assert_eq!(t.last().map(|x| x.1.as_str()), Some("40"));
    }

    #[test]
    fn step_scale_is_linear_with_round_ticks() {
        let s = ColorScale::for_steps(&[20.0, 220.0, f64::NAN]);
        assert_eq!(s, ColorScale::Linear { lo: 20.0, hi: 220.0 });
        assert_eq!(s.unit(120.0), 0.5);
        let labels: Vec<String> = s.ticks().into_iter().map(|t| t.1).collect();
        assert_eq!(labels, ["50", "100", "150", "200"]);
        assert_eq!(ColorScale::for_steps(&[7.0]), ColorScale::Linear { lo: 7.0, hi: 8.0 });
    }

    #[test]
    fn cells_without_a_value_get_their_own_colours() {
        let s = ColorScale::for_steps(&[1.0, 2.0]);
        let p = Palette::viridis();
        assert_eq!(s.rgb(&p, CellValue::Diverged), DIVERGED_RGB);
        assert_eq!(s.rgb(&p, CellValue::NotReached), NONE_RGB);
        assert_eq!(s.rgb(&p, CellValue::Value(1.0)), p.rgb(0.0));
        assert_eq!(basin_rgb(Basin::Minimum(1)), BASIN_RGB[1]);
        assert_eq!(basin_rgb(Basin::Elsewhere), NONE_RGB);
        let all: Vec<[u8; 3]> = BASIN_RGB.iter().copied().chain([NONE_RGB, DIVERGED_RGB]).collect();
        for (i, a) in all.iter().enumerate() {
            assert!(all[i + 1..].iter().all(|b| a != b), "colours are distinct");
        }
    }

    #[test]
    fn axis_ticks_sit_where_their_values_are() {
        let lr = Axis::new("lr", "Learning rate", AxisScale::Log, 1e-4, 1.0, 48).unwrap();
        let t = axis_ticks(&lr, 5);
        assert_eq!(
            t.iter().map(|x| x.1.as_str()).collect::<Vec<_>>(),
            ["1e-4", "0.001", "0.01", "0.1", "1"]
        );
        assert!((t[2].0 - 0.5).abs() < 1e-12);
        let decay = Axis::new("decay", "Decay", AxisScale::NearOne, 0.0, 0.9999, 48).unwrap();
        let t = axis_ticks(&decay, 5);
        assert_eq!(
            t.iter().map(|x| x.1.as_str()).collect::<Vec<_>>(),
            ["0", "0.9", "0.99", "0.999", "0.9999"]
        );
        assert!((t[1].0 - 0.25).abs() < 1e-12 && (t[4].0 - 1.0).abs() < 1e-12);
        let m = Axis::new("momentum", "Momentum", AxisScale::Linear, 0.0, 0.99, 48).unwrap();
        let t = axis_ticks(&m, 5);
        assert_eq!(t.first().map(|x| x.0), Some(0.0));
        assert!(t.iter().all(|x| (0.0..=1.0).contains(&x.0)));
    }

    #[test]
    fn grid_rows_are_flipped_so_the_first_row_is_at_the_bottom() {
        let px = grid_rgba(2, 2, |i, j| (i + j > 0).then_some([i as u8, j as u8, 9]));
        // Image row 0 is grid row 1.
        assert_eq!(&px[0..8], &[0, 1, 9, 255, 1, 1, 9, 255]);
        assert_eq!(&px[8..16], &[0, 0, 0, 0, 1, 0, 9, 255]);
    }
}
