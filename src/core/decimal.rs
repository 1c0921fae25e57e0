//! Decimal text to `f64`, exactly as Rust's `str::parse::<f64>` reads it, in one place.
//!
//! In the browser the digits go to JavaScript's `parseFloat`, which rounds to the nearest
//! double as Rust's parser does: Rust's own parser carries a 10 KB table of powers of five
//! (for the Eisel–Lemire algorithm) that would be 2.5 % of the wasm. The syntax is checked
//! here first, so both builds accept exactly the same texts and read them as the same number
//! (tests/decimal.rs holds the syntax to Rust's; tests/browser/decimal.test.mjs the values).

/// What a text that Rust reads as an `f64` spells.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Spelled {
    /// `inf`, `infinity` or `nan` (any case, optionally signed): this value.
    Named(f64),
    /// Digits with an optional point and exponent, such as `-1.5e-3`, `.5` or `7.`.
    Digits,
}

/// The number `s` spells, or None where Rust's `str::parse::<f64>` gives an error.
pub fn parse(s: &str) -> Option<f64> {
    #[cfg(not(target_arch = "wasm32"))]
    return s.parse().ok();
    #[cfg(target_arch = "wasm32")]
    return match spelled(s)? {
        Spelled::Named(x) => Some(x),
        Spelled::Digits => Some(js_sys::Number::parse_float(s)),
    };
}

/// How `s` spells a number, in Rust's float syntax: an optional sign, then either a name or
/// digits (at least one) with at most one point, then optionally `e` or `E`, a sign and
/// digits. Nothing else: no spaces, no `_`, no hex.
pub fn spelled(s: &str) -> Option<Spelled> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    // Negated, not multiplied, as Rust does: the sign of a NaN is then defined.
    let signed = |x: f64| Some(Spelled::Named(if s.starts_with('-') { -x } else { x }));
    if ["inf", "infinity"].iter().any(|n| body.eq_ignore_ascii_case(n)) {
        return signed(f64::INFINITY);
    }
    if body.eq_ignore_ascii_case("nan") {
        return signed(f64::NAN);
    }
    let b = body.as_bytes();
    let digits_from =
        |i: usize| b[i.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    let whole = digits_from(0);
    let mut i = whole;
    let mut n = whole;
    if b.get(i) == Some(&b'.') {
        let frac = digits_from(i + 1);
        i += 1 + frac;
        n += frac;
    }
    if n == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1 + usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
        let exp = digits_from(i);
        if exp == 0 {
            return None;
        }
        i += exp;
    }
    (i == b.len()).then_some(Spelled::Digits)
}
