//! Slider positions ↔ hyperparameter values, and parsing typed values.

use crate::core::decimal;
use crate::core::optim::params::{Range, SliderScale};

/// Sliders have this many positions: fine enough that one step is under 1% of a decade.
pub const SLIDER_STEPS: u32 = 1000;

fn near_one_span(max: f64) -> f64 {
    -(1.0 - max).log10()
}

/// The value at slider position `pos` ∈ [0, SLIDER_STEPS], rounded to 3 significant digits so
/// the label reads well (and typed values stay exact: only slider moves round).
pub fn value_at(scale: SliderScale, pos: u32) -> f64 {
    let u = f64::from(pos.min(SLIDER_STEPS)) / f64::from(SLIDER_STEPS);
    let v = match scale {
        SliderScale::Linear { min, max } => min + u * (max - min),
        SliderScale::Log { min, max } => 10f64.powf(min.log10() + u * (max.log10() - min.log10())),
        // −log10(1 − x) runs evenly from 0 (x = 0) to that of `max`.
        SliderScale::NearOne { max } => 1.0 - 10f64.powf(-u * near_one_span(max)),
    };
    match scale {
        SliderScale::NearOne { .. } => round_near_one(v),
        _ => round_sig(v, 3),
    }
}

/// The slider position that shows `value` (clamped to the slider's ends).
pub fn position_of(scale: SliderScale, value: f64) -> u32 {
    let u = match scale {
        SliderScale::Linear { min, max } => (value - min) / (max - min),
        SliderScale::Log { min, max } => {
            if value <= 0.0 {
                0.0
            } else {
                (value.log10() - min.log10()) / (max.log10() - min.log10())
            }
        }
        SliderScale::NearOne { max } => {
            if value >= 1.0 {
                1.0
            } else {
                -(1.0 - value).log10() / near_one_span(max)
            }
        }
    };
    let u = if u.is_nan() { 0.0 } else { u.clamp(0.0, 1.0) };
    (u * f64::from(SLIDER_STEPS)).round() as u32
}

/// `x` rounded to `digits` significant digits.
pub fn round_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    // Through decimal text, so the result is the double nearest the rounded decimal (scaling
    // by a power of ten is inexact above 1000: 1000 came back as 999.9999999999999).
    let sig = (digits - 1).max(0) as usize;
    decimal::parse(&format!("{x:.sig$e}")).unwrap_or(x)
}

/// Near 1 what matters is 1 − x: keep 3 significant digits of it (0.99, 0.999, 0.99877).
fn round_near_one(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    1.0 - round_sig(1.0 - x, 3)
}

/// Parses a typed value for a setting with valid range `range`; the error is for the user.
pub fn parse_value(text: &str, range: &Range) -> Result<f64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("enter a number".into());
    }
    // A decimal comma (phones in many locales offer only that) reads as a point.
    let normalized = if t.contains('.') { t.to_string() } else { t.replace(',', ".") };
    let x = decimal::parse(&normalized).ok_or_else(|| format!("'{t}' is not a number"))?;
    if !x.is_finite() {
        return Err("must be a finite number".into());
    }
    if !range.contains(x) {
        return Err(format!("must be {}", range.describe()));
    }
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim::params::{ParamKind, SliderScale::*};
    use crate::core::optim::params::{DECAY, EPS, LR};

    fn range_of(spec: crate::core::optim::params::ParamSpec) -> Range {
        match spec.kind {
            ParamKind::Real { range, .. } => range,
            _ => unreachable!(),
        }
    }

    #[test]
    fn log_slider_spans_its_decades() {
        let s = Log { min: 1e-5, max: 10.0 };
        assert_eq!(value_at(s, 0), 1e-5);
        assert_eq!(value_at(s, SLIDER_STEPS), 10.0);
        // Six decades: the middle is 10^-2, a sixth further one decade more.
        assert_eq!(value_at(s, 500), 0.01);
        assert_eq!(position_of(s, 0.1), 667);
        assert_eq!(position_of(s, 1e-9), 0);
        assert_eq!(position_of(s, 1e3), SLIDER_STEPS);
    }

    #[test]
    fn near_one_slider_is_finer_near_one() {
        let s = NearOne { max: 0.9999 };
        assert_eq!(value_at(s, 0), 0.0);
        assert_eq!(value_at(s, 250), 0.9);
        assert_eq!(value_at(s, 500), 0.99);
        assert_eq!(value_at(s, 750), 0.999);
        assert_eq!(value_at(s, SLIDER_STEPS), 0.9999);
        assert_eq!(position_of(s, 0.9), 250);
        assert_eq!(position_of(s, 1.0), SLIDER_STEPS);
    }

    #[test]
    fn positions_and_values_round_trip() {
        for scale in
            [Log { min: 1e-12, max: 1.0 }, Linear { min: 0.0, max: 0.99 }, NearOne { max: 0.999 }]
        {
            for pos in (0..=SLIDER_STEPS).step_by(37) {
                let v = value_at(scale, pos);
                let back = position_of(scale, v);
                assert!(back.abs_diff(pos) <= 2, "{scale:?}: {pos} -> {v} -> {back}");
            }
        }
    }

    #[test]
    fn typed_values_are_checked_against_the_range() {
        assert_eq!(parse_value(" 0.05 ", &range_of(LR)), Ok(0.05));
        assert_eq!(parse_value("1e-3", &range_of(LR)), Ok(1e-3));
        assert_eq!(parse_value("0,05", &range_of(LR)), Ok(0.05));
        assert!(parse_value("1,000.5", &range_of(LR)).is_err());
        assert!(parse_value("abc", &range_of(LR)).unwrap_err().contains("'abc' is not a number"));
        assert!(parse_value("", &range_of(LR)).unwrap_err().contains("enter a number"));
        assert!(parse_value("0", &range_of(LR)).unwrap_err().contains("> 0"));
        assert!(parse_value("inf", &range_of(LR)).unwrap_err().contains("finite"));
        assert!(parse_value("1", &range_of(DECAY)).unwrap_err().contains("[0, 1)"));
        assert!(parse_value("-1e-9", &range_of(EPS)).unwrap_err().contains("≥ 0"));
        assert_eq!(parse_value("0", &range_of(EPS)), Ok(0.0));
    }

    /// A slider that could reach a value its setting refuses would silently do nothing there
    /// (the app applies only accepted values); and each value must show the same position.
    #[test]
    fn every_slider_position_is_a_value_its_setting_accepts() {
        use crate::core::optim::OptimizerKind;
        for kind in OptimizerKind::ALL {
            for spec in kind.params() {
                let ParamKind::Real { range, slider } = spec.kind else { continue };
                let mut opt = kind.default_config();
                for pos in 0..=SLIDER_STEPS {
                    let v = value_at(slider, pos);
                    assert!(range.contains(v), "{kind:?} {}: position {pos} gives {v}", spec.key);
                    assert_eq!(opt.set_real(spec.key, v), Ok(()), "{kind:?} {} = {v}", spec.key);
                    let back = position_of(slider, v);
                    assert!(
                        back.abs_diff(pos) <= 2,
                        "{kind:?} {}: {pos} -> {v} -> {back}",
                        spec.key
                    );
                }
            }
        }
    }

    /// The exact-value field shows every digit of the value (`core::url_state::number`): a
    /// slider's values must still read as three significant digits there.
    #[test]
    fn slider_values_print_short_in_full() {
        use crate::core::url_state::number;
        let sig = |t: &str| {
            let mant = t.split('e').next().unwrap_or(t);
            mant.trim_start_matches(['-', '0', '.']).replace('.', "").trim_end_matches('0').len()
        };
        for scale in [
            Log { min: 1e-3, max: 1e3 },
            Log { min: 1e-12, max: 10.0 },
            Linear { min: 0.0, max: 0.99 },
        ] {
            for pos in 0..=SLIDER_STEPS {
                let text = number(value_at(scale, pos));
                assert!(sig(&text) <= 3, "{scale:?} at {pos}: {text}");
            }
        }
        assert_eq!(number(value_at(Log { min: 1e-3, max: 1e3 }, SLIDER_STEPS)), "1000");
    }

    #[test]
    fn rounding_keeps_three_significant_digits() {
        assert_eq!(round_sig(0.012345, 3), 0.0123);
        assert_eq!(round_sig(123456.0, 3), 123000.0);
        assert_eq!(round_sig(-0.98765, 2), -0.99);
    }
}
