//! Loss → colour: a log-like normalisation so valleys show, and the viridis colormap.

/// Maps a loss value to [0, 1] with `t = ln(1 + (f − lo)/s) / ln(1 + (hi − lo)/s)`: linear
/// for differences below `s`, logarithmic above, so a surface spanning decades still shows
/// its valleys. `s` is taken from the data (see [`LossScale::fit`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LossScale {
    pub lo: f64,
    pub hi: f64,
    pub soft: f64,
}

/// How many samples [`LossScale::fit`] takes its percentile from.
const PERCENTILE_SAMPLES: usize = 16_384;

impl LossScale {
    /// Fits the scale to sampled values (non-finite ones are ignored); `floor` is a value the
    /// surface is known to reach (its minimum), which may lie between samples.
    pub fn fit(values: &[f64], floor: Option<f64>) -> LossScale {
        let (mut lo, hi) = values
            .iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
        if lo > hi {
            return LossScale { lo: 0.0, hi: 1.0, soft: 1.0 };
        }
        // The percentile below comes from at most about 16 000 evenly spread samples: as good
        // an estimate for a colour scale, at a fraction of the cost for a full heatmap.
        let every = (values.len() / PERCENTILE_SAMPLES).max(1);
        let mut finite: Vec<f64> =
            values.iter().step_by(every).copied().filter(|v| v.is_finite()).collect();
        if finite.is_empty() {
            finite.push(lo);
        }
        if let Some(f) = floor.filter(|f| f.is_finite()) {
            lo = lo.min(f);
        }
        let range = (hi - lo).max(f64::MIN_POSITIVE);
        // The 2nd percentile sets the linear part: the lowest few percent of the window get
        // a visible share of the colours, whatever the dynamic range. (A selection, not a
        // sort: this runs on every sample of the heatmap.)
        let k = finite.len() / 50;
        let (_, q, _) = finite.select_nth_unstable_by(k, f64::total_cmp);
        let soft = (*q - lo).max(range * 1e-9).max(f64::MIN_POSITIVE);
        LossScale { lo, hi, soft }
    }

    /// Position of `f` on the scale, clamped to [0, 1]; NaN stays NaN.
    pub fn unit(&self, f: f64) -> f64 {
        self.mapper()(f)
    }

    /// [`Self::unit`] as a closure with its constants worked out once, for a whole heatmap.
    pub fn mapper(&self) -> impl Fn(f64) -> f64 {
        let (lo, inv_soft) = (self.lo, 1.0 / self.soft);
        let inv_top = 1.0 / ((self.hi - self.lo) * inv_soft).ln_1p();
        move |f: f64| {
            if f.is_nan() {
                return f64::NAN;
            }
            (((f - lo).max(0.0) * inv_soft).ln_1p() * inv_top).clamp(0.0, 1.0)
        }
    }

    /// The loss at position `t` (the inverse of [`Self::unit`]), for contour levels and the
    /// colour bar.
    pub fn value_at(&self, t: f64) -> f64 {
        let top = (1.0 + (self.hi - self.lo) / self.soft).ln();
        self.lo + self.soft * ((t * top).exp() - 1.0)
    }
}

/// A 256-entry colour table sampled once from a continuous colormap.
#[derive(Clone, Debug)]
pub struct Palette {
    rgb: Vec<[u8; 3]>,
}

/// Where f is undefined (NaN, e.g. log of a negative): a neutral grey that no colormap uses.
pub const UNDEFINED_RGB: [u8; 3] = [96, 96, 96];

impl Palette {
    pub fn viridis() -> Palette {
        Self::from_gradient(colorous::VIRIDIS)
    }

    fn from_gradient(g: colorous::Gradient) -> Palette {
        let rgb = (0..256)
            .map(|i| {
                let c = g.eval_rational(i, 256);
                [c.r, c.g, c.b]
            })
            .collect();
        Palette { rgb }
    }

    /// The colour of `t ∈ [0, 1]`; NaN gives [`UNDEFINED_RGB`].
    /// How many colours the table holds.
    pub fn colours(&self) -> usize {
        self.rgb.len()
    }

    /// Colour number `k` (clamped to the table).
    pub fn indexed(&self, k: usize) -> [u8; 3] {
        self.rgb[k.min(self.rgb.len() - 1)]
    }

    pub fn rgb(&self, t: f64) -> [u8; 3] {
        if t.is_nan() {
            return UNDEFINED_RGB;
        }
        self.rgb[(t.clamp(0.0, 1.0) * 255.0).round() as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_is_monotone_and_spans_zero_to_one() {
        let values: Vec<f64> = (0..=1000).map(|i| f64::from(i).powi(3)).collect();
        let s = LossScale::fit(&values, None);
        assert_eq!(s.unit(0.0), 0.0);
        assert_eq!(s.unit(1e9), 1.0);
        let mut last = -1.0;
        for v in &values {
            let t = s.unit(*v);
            assert!(t >= last);
            last = t;
        }
        // Log-like: the lowest tenth of the values gets far more than a tenth of the colours.
        assert!(s.unit(1e6) > 0.3, "{}", s.unit(1e6));
    }

    #[test]
    fn value_at_inverts_unit() {
        let s = LossScale { lo: 3.0, hi: 1e6, soft: 2.0 };
        for t in [0.0, 0.1, 0.5, 0.9, 1.0] {
            assert!((s.unit(s.value_at(t)) - t).abs() < 1e-12);
        }
    }

    #[test]
    fn fit_ignores_non_finite_and_respects_the_floor() {
        let s = LossScale::fit(&[f64::NAN, 1.0, 2.0, f64::INFINITY, 5.0], Some(0.5));
        assert_eq!((s.lo, s.hi), (0.5, 5.0));
        assert!(s.unit(f64::NAN).is_nan());
        let empty = LossScale::fit(&[f64::NAN], None);
        assert_eq!(empty.unit(0.5), 0.5_f64.ln_1p() / 2f64.ln());
    }

    #[test]
    fn viridis_runs_dark_purple_to_yellow() {
        let p = Palette::viridis();
        let [r0, g0, b0] = p.rgb(0.0);
        let [r1, g1, b1] = p.rgb(1.0);
        assert!(b0 > r0 && b0 > g0, "low end is blue-purple");
        assert!(r1 > b1 && g1 > b1, "high end is yellow");
        let lum = |c: [u8; 3]| {
            0.2126 * f64::from(c[0]) + 0.7152 * f64::from(c[1]) + 0.0722 * f64::from(c[2])
        };
        // Perceptually ordered: luminance rises along the map.
        let mut last = -1.0;
        for i in 0..=20 {
            let l = lum(p.rgb(f64::from(i) / 20.0));
            assert!(l > last);
            last = l;
        }
        assert_eq!(p.rgb(f64::NAN), UNDEFINED_RGB);
    }
}
