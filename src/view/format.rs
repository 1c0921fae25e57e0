//! Numbers as people read them: short, with exponents only where they help.

use crate::core::trajectory::Problem;

/// A compact label: `0.05`, `1.2e-8`, `3.2e+6` → `3.2e6`, `-0`→`0`.
pub fn short(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if x.is_nan() {
        return "undefined".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "∞".into() } else { "−∞".into() };
    }
    let a = x.abs();
    if (1e-3..1e5).contains(&a) {
        let digits = (3 - a.log10().floor() as i32).clamp(0, 6) as usize;
        let s = format!("{x:.digits$}");
        trim_zeros(&s)
    } else {
        let s = format!("{x:.2e}");
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        format!("{}e{}", trim_zeros(mant), exp)
    }
}

/// The problem's gradient noise as the app says it: `σ = 0.5 (seed 7)`, or for a relative σ
/// `σ = 0.5 × |∇f(start)| = 22.8 (seed 7)`; None without noise.
pub fn noise_text(p: &Problem) -> Option<String> {
    Some(format!("{} (seed {})", sigma_text(p)?, p.noise?.seed))
}

/// [`noise_text`] without the seed.
pub fn sigma_text(p: &Problem) -> Option<String> {
    let n = p.noise.filter(|n| n.sigma > 0.0)?;
    Some(match p.noise_used() {
        Some(used) if n.relative => {
            format!("σ = {} × |∇f(start)| = {}", short(n.sigma), short(used.sigma))
        }
        _ => format!("σ = {}", short(n.sigma)),
    })
}

/// Like [`short`] but with `sig` significant digits, for read-outs that need precision.
pub fn precise(x: f64, sig: usize) -> String {
    if x == 0.0 || !x.is_finite() {
        return short(x);
    }
    let a = x.abs();
    if (1e-3..1e6).contains(&a) {
        let digits = (sig as i32 - 1 - a.log10().floor() as i32).clamp(0, 12) as usize;
        trim_zeros(&format!("{x:.digits$}"))
    } else {
        let s = format!("{x:.prec$e}", prec = sig.saturating_sub(1));
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        format!("{}e{}", trim_zeros(mant), exp)
    }
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_labels() {
        assert_eq!(short(0.0), "0");
        assert_eq!(short(-0.0), "0");
        assert_eq!(short(0.05), "0.05");
        assert_eq!(short(2.0), "2");
        assert_eq!(short(-4.5), "-4.5");
        assert_eq!(short(12.5), "12.5");
        assert_eq!(short(1e-8), "1e-8");
        assert_eq!(short(1.23456e-8), "1.23e-8");
        assert_eq!(short(3.2e6), "3.2e6");
        assert_eq!(short(0.9999), "0.9999");
        assert_eq!(short(f64::NAN), "undefined");
        assert_eq!(short(f64::INFINITY), "∞");
    }

    #[test]
    fn precise_labels() {
        assert_eq!(precise(0.0213456, 4), "0.02135");
        assert_eq!(precise(-1.4, 4), "-1.4");
        assert_eq!(precise(1.5e-9, 3), "1.5e-9");
        assert_eq!(precise(123.456789, 5), "123.46");
    }
}
