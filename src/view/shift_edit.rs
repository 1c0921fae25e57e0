//! Editing a shifting objective field by field, as the Scene panel does: each field is
//! checked as a scenario file's `shift` is, and a refusal names the field.

use crate::core::decimal;
use crate::core::scenario::{check_shift_scale, shift_offset_ok, shift_step, MAX_COORD};
use crate::core::trajectory::Shift;

/// What switching the shift on proposes: half-way, the loss ×0.01, the minimum moved by
/// (0.5, −0.5): a change RMSProp adapts to within about 1/(1 − ρ) steps.
pub fn proposal(steps: usize) -> Shift {
    Shift { step: (steps / 2).max(1), scale: 0.01, offset: [0.5, -0.5] }
}

/// The shift with field `which` (0 step, 1 scale, 2 offset x, 3 offset y) set from `text`,
/// or a message naming the field.
pub fn with_field(sh: Shift, which: usize, text: &str, steps: usize) -> Result<Shift, String> {
    let text = text.trim().replace(',', ".");
    let x = decimal::parse(&text).ok_or_else(|| format!("'{text}' is not a number"))?;
    let mut out = sh;
    match which {
        0 => {
            out.step = shift_step(x, steps).ok_or_else(|| {
                format!(
                    "shift step: a whole number from 1 to {} (steps − 1), got {text}",
                    steps.saturating_sub(1)
                )
            })?;
        }
        1 => out.scale = check_shift_scale(x).map_err(|m| format!("shift scale: {m}"))?,
        _ if shift_offset_ok(x) => out.offset[which - 2] = x,
        _ => return Err(format!("shift offset: must be a finite number within ±{MAX_COORD}")),
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_checked_and_named() {
        let sh = proposal(1000);
        assert_eq!(sh, Shift { step: 500, scale: 0.01, offset: [0.5, -0.5] });
        assert_eq!(with_field(sh, 0, "250", 1000).map(|s| s.step), Ok(250));
        assert!(with_field(sh, 0, "1000", 1000)
            .unwrap_err()
            .starts_with("shift step: a whole number from 1 to 999"));
        assert!(with_field(sh, 0, "2.5", 1000).is_err());
        assert_eq!(with_field(sh, 1, "0,5", 1000).map(|s| s.scale), Ok(0.5));
        assert_eq!(with_field(sh, 1, "-1", 1000), Err("shift scale: must be > 0 (got -1)".into()));
        assert_eq!(with_field(sh, 3, "2", 1000).map(|s| s.offset), Ok([0.5, 2.0]));
        assert!(with_field(sh, 2, "1e9", 1000).unwrap_err().contains("±1000000"));
        assert_eq!(with_field(sh, 2, "abc", 1000), Err("'abc' is not a number".into()));
    }
}
