//! MathML presentation markup, built as strings: the step explainer writes its equations with
//! these and the browser typesets them (MathML Core is native in Chromium and Firefox, so no
//! script or web font is needed). Markup is the simplest thing to build and to test here;
//! every text that goes in is escaped.

use super::format::precise;

/// Significant digits of the numbers in equations.
pub const DIGITS: usize = 4;

/// `<math>` around `inner`, with a class if any; in display style, so that fractions keep
/// full size.
pub fn math(class: &str, inner: &str) -> String {
    let class =
        if class.is_empty() { String::new() } else { format!(r#" class="{}""#, escape(class)) };
    format!(r#"<math{class} displaystyle="true">{inner}</math>"#)
}

/// An identifier: one letter renders italic, a word upright (as `den`, `max`). The mean
/// square v is upright: an italic v reads as the Greek ν in most math fonts.
pub fn mi(name: &str) -> String {
    let variant = if name == "v" { r#" mathvariant="normal""# } else { "" };
    format!("<mi{variant}>{}</mi>", escape(name))
}

/// An operator: `=`, `+`, `·`, `←`, `(`.
pub fn mo(op: &str) -> String {
    format!("<mo>{}</mo>", escape(op))
}

pub fn mtext(text: &str) -> String {
    format!("<mtext>{}</mtext>", escape(text))
}

pub fn row(parts: &[String]) -> String {
    format!("<mrow>{}</mrow>", parts.concat())
}

pub fn sub(base: &str, index: &str) -> String {
    format!("<msub>{base}{index}</msub>")
}

pub fn sup(base: &str, exponent: &str) -> String {
    format!("<msup>{base}{exponent}</msup>")
}

/// `base` with a subscript and a superscript, stacked (β₁ᵗ).
pub fn subsup(base: &str, index: &str, exponent: &str) -> String {
    format!("<msubsup>{base}{index}{exponent}</msubsup>")
}

pub fn frac(num: &str, den: &str) -> String {
    format!("<mfrac>{num}{den}</mfrac>")
}

pub fn sqrt(inner: &str) -> String {
    format!("<msqrt>{inner}</msqrt>")
}

/// `x̂` (Adam's bias-corrected moments). The accents do not stretch: without a math font
/// a stretched `^` covers the letter. Nor are they MathML accents, which Chromium sets on
/// the letter's top, so that at devicePixelRatio 1 the hat merges into an `m` or a `v`: an
/// over-script keeps a gap of two pixels.
pub fn hat(base: &str) -> String {
    format!(r#"<mover accent="false">{base}<mo stretchy="false">ˆ</mo></mover>"#)
}

/// `x̄` (centered RMSProp's mean and variance), set as [`hat`] is.
pub fn bar(base: &str) -> String {
    format!(r#"<mover accent="false">{base}<mo stretchy="false">¯</mo></mover>"#)
}

/// `( inner )`.
pub fn paren(inner: &str) -> String {
    row(&[mo("("), inner.to_string(), mo(")")])
}

/// A number with [`DIGITS`] significant digits: `0.02135`, `−1.4`, `1.5·10⁻⁹`, `10⁻⁸`, `∞`.
pub fn num(x: f64) -> String {
    if x.is_nan() {
        return mtext("undefined");
    }
    if x.is_infinite() {
        return if x > 0.0 { mi("∞") } else { row(&[minus(), mi("∞")]) };
    }
    let text = precise(x, DIGITS);
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let body = match digits.split_once('e') {
        Some((mantissa, exp)) => {
            let exp = exp.replace('-', "−");
            let power = sup("<mn>10</mn>", &format!("<mn>{exp}</mn>"));
            if mantissa == "1" {
                power
            } else {
                row(&[format!("<mn>{mantissa}</mn>"), mo("·"), power])
            }
        }
        None => format!("<mn>{digits}</mn>"),
    };
    if negative {
        row(&[minus(), body])
    } else {
        body
    }
}

/// A number as an operand of `·`, `+` or a power: in parentheses when it has a sign or a
/// power of ten, so `0.1·(−1.4)²` and `(2·10⁻⁵)²` read right.
pub fn operand(x: f64) -> String {
    let n = num(x);
    if x < 0.0 || n.contains("<msup>") {
        paren(&n)
    } else {
        n
    }
}

/// `−inner`, the sign hugging its operand.
pub fn neg(inner: &str) -> String {
    row(&[minus(), inner.to_string()])
}

/// A prefix minus sign that hugs its operand.
fn minus() -> String {
    r#"<mo form="prefix" rspace="0">−</mo>"#.to_string()
}

/// Escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// `markup` with the text between each `open` and the following `close` taken out, and
/// all those texts in order. Two equations of the same shape differ in these texts only
/// (numbers: `<mn>…</mn>`, `data-value="…"`), which the explainer then updates in place
/// instead of typesetting everything again. A text with an entity stays in the shape too (it
/// is never a number), so equal shapes have equal such texts.
pub fn split_slots(markup: &str, open: &str, close: &str) -> (String, Vec<String>) {
    let (mut shape, mut texts, mut rest) =
        (String::with_capacity(markup.len()), Vec::new(), markup);
    while let Some(at) = rest.find(open) {
        let after = &rest[at + open.len()..];
        let Some(end) = after.find(close) else { break };
        let text = &after[..end];
        shape.push_str(&rest[..at + open.len()]);
        if text.contains('&') {
            shape.push_str(text);
        }
        texts.push(text.to_string());
        rest = &after[end..];
    }
    shape.push_str(rest);
    (shape, texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_four_digits_and_real_exponents() {
        assert_eq!(num(0.0213456), "<mn>0.02135</mn>");
        assert_eq!(num(2.0), "<mn>2</mn>");
        assert_eq!(num(-1.4), r#"<mrow><mo form="prefix" rspace="0">−</mo><mn>1.4</mn></mrow>"#);
        assert_eq!(num(1e-8), "<msup><mn>10</mn><mn>−8</mn></msup>");
        assert_eq!(
            num(1.23456e-9),
            "<mrow><mn>1.235</mn><mo>·</mo><msup><mn>10</mn><mn>−9</mn></msup></mrow>"
        );
        assert_eq!(
            num(2.5e7),
            "<mrow><mn>2.5</mn><mo>·</mo><msup><mn>10</mn><mn>7</mn></msup></mrow>"
        );
        assert_eq!(num(f64::NAN), "<mtext>undefined</mtext>");
        assert_eq!(num(f64::INFINITY), "<mi>∞</mi>");
        assert!(num(f64::NEG_INFINITY).contains("−"));
    }

    #[test]
    fn operands_are_bracketed_when_they_would_misread() {
        assert_eq!(operand(0.9), "<mn>0.9</mn>");
        assert!(operand(-1.4).starts_with("<mrow><mo>(</mo>"));
        assert!(operand(1e-8).starts_with("<mrow><mo>(</mo>"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(mi("a<b"), "<mi>a&lt;b</mi>");
        assert_eq!(mtext("\"&\""), "<mtext>&quot;&amp;&quot;</mtext>");
        assert_eq!(math("x\"y", ""), r#"<math class="x&quot;y" displaystyle="true"></math>"#);
        assert_eq!(math("", "<mi>x</mi>"), r#"<math displaystyle="true"><mi>x</mi></math>"#);
    }

    #[test]
    fn numbers_split_from_the_shape() {
        let mn = |m: &str| split_slots(m, "<mn>", "</mn>");
        let a = format!("{}{}{}", num(0.5), mo("+"), num(-1.25e-9));
        let b = format!("{}{}{}", num(0.75), mo("+"), num(-3.5e-9));
        let ((shape_a, numbers_a), (shape_b, numbers_b)) = (mn(&a), mn(&b));
        assert_eq!(shape_a, shape_b);
        assert_eq!(numbers_a, ["0.5", "1.25", "10", "−9"]);
        assert_eq!(numbers_b, ["0.75", "3.5", "10", "−9"]);
        // A number that changes form changes the shape.
        assert_ne!(mn(&num(2.0)).0, mn(&num(-2.0)).0);
        assert_eq!(
            mn("<mn>&lt;</mn><mi>x</mi>"),
            ("<mn>&lt;</mn><mi>x</mi>".into(), vec!["&lt;".into()])
        );
        assert_eq!(mn("no numbers <mn>1"), ("no numbers <mn>1".into(), vec![]));
        let attrs = split_slots(
            r#"<div data-value="1.5"></div><div data-value="-2e-9">"#,
            r#"data-value=""#,
            "\"",
        );
        assert_eq!(
            attrs,
            (
                r#"<div data-value=""></div><div data-value="">"#.into(),
                vec!["1.5".into(), "-2e-9".into()]
            )
        );
    }

    #[test]
    fn v_is_upright_so_it_is_not_read_as_nu() {
        assert_eq!(mi("v"), r#"<mi mathvariant="normal">v</mi>"#);
        assert_eq!(mi("m"), "<mi>m</mi>");
        assert_eq!(mi("den"), "<mi>den</mi>");
    }
}
