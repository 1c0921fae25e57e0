//! The charts' y axis: linear over the values, or over their log10 for a log scale, with the
//! ticks of `view::ticks::chart_ticks`. One axis type for both scales keeps one copy of
//! plotters' generic chart code in the wasm (a second chart type on plotters' `LogCoord`
//! cost 14 KB), and plotters' own `WithKeyPoints` has no label formatting for f64.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use std::ops::Range;

pub struct TickedAxis {
    pub lo: f64,
    pub hi: f64,
    /// Labelled ticks (bold grid lines) and the faint lines between them.
    pub key: Vec<f64>,
    pub light: Vec<f64>,
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    /// As plotters' own f64 axis maps values to pixels.
    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        if self.hi == self.lo {
            return (limit.1 - limit.0) / 2;
        }
        let along = (v - self.lo) / (self.hi - self.lo);
        let length = limit.1 - limit.0;
        if length == 0 {
            return limit.1;
        }
        if along.is_infinite() {
            return if along > 0.0 { limit.1 } else { limit.0 };
        }
        if length > 0 {
            limit.0 + (f64::from(length) * along + 1e-3).floor() as i32
        } else {
            limit.0 + (f64::from(length) * along - 1e-3).ceil() as i32
        }
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.key.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}
