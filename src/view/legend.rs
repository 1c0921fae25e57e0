//! The PNG export's legend: one line per run naming its notable settings, wrapped to the
//! image's width. Text widths come from the caller (the canvas measures them), so the
//! wrapping is tested here without a browser.

use super::format::short;
use crate::core::optim::params::ParamValue;
use crate::core::optim::Optimizer;

/// "lr 0.01, decay 0.95, no centered": the learning rate and every setting that differs from
/// the optimizer's defaults.
pub fn settings_text(opt: &Optimizer) -> String {
    let parts: Vec<String> = opt
        .notable_settings()
        .into_iter()
        .map(|(p, v)| match v {
            ParamValue::Real(x) => format!("{} {}", p.key, short(x)),
            ParamValue::Flag(true) => p.key.to_string(),
            ParamValue::Flag(false) => format!("no {}", p.key),
            ParamValue::Choice(c) => format!("{} {c}", p.key),
        })
        .collect();
    parts.join(", ")
}

/// `text` broken at spaces into lines at most `max` wide by `width` (a longer word is cut
/// with "…").
pub fn wrap(text: &str, max: f64, width: &impl Fn(&str) -> f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if width(&candidate) <= max || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
        if width(&line) > max {
            lines.push(fit(&line, max, width));
            line.clear();
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text`, cut with "…" to fit `max` by `width`.
pub fn fit(text: &str, max: f64, width: &impl Fn(&str) -> f64) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if width(&candidate) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    chars[..lo].iter().collect::<String>() + "…"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim::OptimizerKind;

    /// One unit per character, like a monospace font.
    fn chars(s: &str) -> f64 {
        s.chars().count() as f64
    }

    #[test]
    fn settings_name_the_rate_and_what_differs() {
        let mut o = OptimizerKind::RmsProp.default_config();
        assert_eq!(settings_text(&o), "lr 0.01");
        o.set_real("decay", 0.95).unwrap();
        assert_eq!(settings_text(&o), "lr 0.01, decay 0.95");
        let mut adam = OptimizerKind::Adam.default_config();
        adam.set("amsgrad", ParamValue::Flag(true)).unwrap();
        assert_eq!(settings_text(&adam), "lr 0.001, amsgrad");
    }

    #[test]
    fn lines_wrap_at_spaces_and_long_words_are_cut() {
        assert_eq!(wrap("aa bb cc", 5.0, &chars), vec!["aa bb", "cc"]);
        assert_eq!(wrap("", 5.0, &chars), vec![""]);
        let cut = wrap("abcdefghij k", 5.0, &chars);
        assert_eq!(cut, vec!["abcd…", "k"]);
        assert!(cut.iter().all(|l| chars(l) <= 5.0));
        assert_eq!(fit("abc", 5.0, &chars), "abc");
        assert_eq!(fit("abcdef", 3.0, &chars), "ab…");
    }
}
