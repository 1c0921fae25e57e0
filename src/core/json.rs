//! A small JSON document model with its reader and writer: the scenario format, the link
//! codec's windows and `trace`'s output. Written here rather than taken from `serde_json`
//! for the browser's download: serde_json (with the `ryu` float printer it brings) was about
//! 15 KB of the gzipped wasm, for documents that need no more than this. Numbers are f64,
//! read exactly (Rust's correctly rounded `str::parse`) and written in the shortest form that
//! reads back the same value, integers (counts, and integer literals read) without a
//! fraction; objects keep their keys sorted, as serde_json's map does.

use super::decimal;
use std::collections::BTreeMap;
use std::fmt::{self, Write};

/// An object's fields, sorted by key. (The defaults keep `Map<String, Value>` readable.)
pub type Map<K = String, V = Value> = BTreeMap<K, V>;

/// Nesting deeper than this is refused rather than recursed into (the stack is small in wasm).
pub const MAX_DEPTH: usize = 128;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A real number, written with a fraction or an exponent ("1.0", "0.01", "1e-8").
    Number(f64),
    /// A whole number: a count, or an integer literal that was read ("300").
    Int(i64),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

impl Value {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(x) => Some(*x),
            Value::Int(i) => Some(*i as f64),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The field `key` of an object (`None` for a missing key or a value that is no object).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|o| o.get(key))
    }

    /// Reads one JSON document (surrounding whitespace allowed, nothing else after it).
    pub fn parse(text: &str) -> Result<Value, ParseError> {
        let mut r = Reader { text: text.as_bytes(), at: 0 };
        let v = r.value(0)?;
        r.skip_space();
        if r.at < r.text.len() {
            return Err(r.error("trailing characters after the document"));
        }
        Ok(v)
    }

    /// Indented by two spaces, one array item or field per line (as serde_json's pretty
    /// printer writes it).
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, Some(0));
        out
    }
}

/// Compact: no whitespace at all.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_value(&mut out, self, None);
        f.write_str(&out)
    }
}

/// An object from its fields, e.g. `object([("sigma", 0.5.into()), ("seed", 7.into())])`.
pub fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Number(x)
    }
}

macro_rules! from_whole {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(x: $t) -> Value {
                i64::try_from(x).map_or(Value::Number(x as f64), Value::Int)
            }
        }
    )*};
}
from_whole!(u32, u64, usize);

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<Map> for Value {
    fn from(o: Map) -> Value {
        Value::Object(o)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Value {
        v.into_iter().collect()
    }
}

impl<T: Into<Value> + Copy, const N: usize> From<[T; N]> for Value {
    fn from(v: [T; N]) -> Value {
        v.into_iter().collect()
    }
}

impl<T: Into<Value> + Copy> From<&[T]> for Value {
    fn from(v: &[T]) -> Value {
        v.iter().copied().collect()
    }
}

impl<T: Into<Value>> FromIterator<T> for Value {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Value {
        Value::Array(iter.into_iter().map(Into::into).collect())
    }
}

/// Where and why a document is not JSON; shown as "… at line L column C".
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub message: &'static str,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {} column {}", self.message, self.line, self.column)
    }
}

impl std::error::Error for ParseError {}

struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn error(&self, message: &'static str) -> ParseError {
        let before = &self.text[..self.at.min(self.text.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Columns count characters, not bytes (UTF-8 continuation bytes do not start one).
        let column = before[line_start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1;
        ParseError { message, line, column }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect_word(&mut self, word: &[u8], v: Value) -> Result<Value, ParseError> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(v)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.skip_space();
        match self.peek() {
            None => Err(self.error("end of text where a value was expected")),
            Some(b'n') => self.expect_word(b"null", Value::Null),
            Some(b't') => self.expect_word(b"true", Value::Bool(true)),
            Some(b'f') => self.expect_word(b"false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'[' | b'{') if depth >= MAX_DEPTH => Err(self.error("nested too deeply")),
            Some(b'[') => self.array(depth + 1),
            Some(b'{') => self.object(depth + 1),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    /// Items separated by commas up to `close`, each read by `item`.
    fn list(
        &mut self,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        self.at += 1;
        self.skip_space();
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(c) if c == close => {
                    self.at += 1;
                    return Ok(());
                }
                None => return Err(self.error("end of text inside a list or object")),
                Some(_) => {
                    let m = if close == b']' { "expected , or ]" } else { "expected , or }" };
                    return Err(self.error(m));
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        let mut items = Vec::new();
        self.list(b']', |r| {
            items.push(r.value(depth)?);
            Ok(())
        })?;
        Ok(Value::Array(items))
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        let mut fields = Map::new();
        self.list(b'}', |r| {
            r.skip_space();
            if r.peek() != Some(b'"') {
                return Err(r.error("expected a field name in double quotes"));
            }
            let key = r.string()?;
            r.skip_space();
            if r.peek() != Some(b':') {
                return Err(r.error("expected : after the field name"));
            }
            r.at += 1;
            fields.insert(key, r.value(depth)?);
            Ok(())
        })?;
        Ok(Value::Object(fields))
    }

    fn digits(&mut self) -> usize {
        let from = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - from
    }

    /// JSON's grammar, -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, read exactly.
    fn number(&mut self) -> Result<Value, ParseError> {
        let from = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        let int_digits = self.digits();
        if int_digits == 0 || (int_digits > 1 && self.text[int_start] == b'0') {
            return Err(self.error("invalid number"));
        }
        let whole = !matches!(self.peek(), Some(b'.' | b'e' | b'E'));
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("invalid number"));
            }
        }
        // The slice is ASCII digits and signs, so it is valid UTF-8 and f64's grammar.
        let text = std::str::from_utf8(&self.text[from..self.at]).unwrap_or("");
        if let Some(i) = (whole && text != "-0").then(|| text.parse::<i64>().ok()).flatten() {
            return Ok(Value::Int(i));
        }
        match decimal::parse(text) {
            Some(x) if x.is_finite() => Ok(Value::Number(x)),
            _ => Err(self.error("number out of range")),
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let hex = |d: &&[u8]| d.iter().all(u8::is_ascii_hexdigit);
        let Some(digits) = self.text.get(self.at..self.at + 4).filter(hex) else {
            return Err(self.error("invalid \\u escape"));
        };
        self.at += 4;
        Ok(digits.iter().fold(0, |u, &b| u * 16 + char::from(b).to_digit(16).unwrap_or(0)))
    }

    /// A \u escape (after the `\u`), joining a surrogate pair into one character.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            if !self.text[self.at..].starts_with(b"\\u") {
                return Err(self.error("unpaired surrogate in a \\u escape"));
            }
            self.at += 2;
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(self.error("unpaired surrogate in a \\u escape"));
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else {
            hi
        };
        char::from_u32(code).ok_or_else(|| self.error("unpaired surrogate in a \\u escape"))
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let Some(b) = self.peek() else {
                return Err(self.error("end of text inside a string"));
            };
            self.at += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.error("end of text inside a string"));
                    };
                    self.at += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => {
                            self.at -= 1;
                            return Err(self.error("invalid escape in a string"));
                        }
                    };
                    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
                0..=0x1F => {
                    self.at -= 1;
                    return Err(self.error("control character inside a string"));
                }
                _ => out.push(b),
            }
        }
        // The input is a &str and escapes add whole characters, so this is valid UTF-8.
        String::from_utf8(out).map_err(|_| self.error("invalid UTF-8 in a string"))
    }
}

/// Writes `v`; `indent` is the current depth for pretty output, `None` for compact.
fn write_value(out: &mut String, v: &Value, indent: Option<usize>) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(x) => write_number(out, *x),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            write_list(out, b"[]", items.len(), indent, items.iter().map(|item| (None, item)))
        }
        Value::Object(fields) => write_list(
            out,
            b"{}",
            fields.len(),
            indent,
            fields.iter().map(|(k, v)| (Some(k.as_str()), v)),
        ),
    }
}

fn write_list<'a>(
    out: &mut String,
    brackets: &[u8; 2],
    len: usize,
    indent: Option<usize>,
    items: impl Iterator<Item = (Option<&'a str>, &'a Value)>,
) {
    out.push(brackets[0] as char);
    let inner = indent.map(|d| d + 1);
    for (i, (key, item)) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, inner);
        if let Some(k) = key {
            write_string(out, k);
            out.push_str(if indent.is_some() { ": " } else { ":" });
        }
        write_value(out, item, inner);
    }
    if len > 0 {
        newline(out, indent);
    }
    out.push(brackets[1] as char);
}

fn newline(out: &mut String, indent: Option<usize>) {
    if let Some(d) = indent {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", d));
    }
}

/// Rust's shortest round-trip form, with a fraction or an exponent ("1.0", "0.01", "1e-8");
/// non-finite numbers, which JSON lacks, as null (as serde_json writes them).
fn write_number(out: &mut String, x: f64) {
    if x.is_finite() {
        let _ = write!(out, "{x:?}");
    } else {
        out.push_str("null");
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_writes() {
        let text = r#"{"a": [1, -0.5, 1e-8, 2.5e300, true, null], "b": {"c": "q\"\\\n\u00e9\ud83d\ude00"}, "d": []}"#;
        let v = Value::parse(text).unwrap();
        assert_eq!(v.get("a").unwrap().as_array().unwrap()[2], Value::Number(1e-8));
        assert_eq!(v.get("b").unwrap().get("c").unwrap().as_str(), Some("q\"\\\né😀"));
        for s in [v.to_string(), v.to_pretty()] {
            assert_eq!(Value::parse(&s).unwrap(), v, "{s}");
        }
    }

    #[test]
    fn numbers_round_trip_exactly_and_counts_read_as_counts() {
        for x in [0.1, 1.0 / 3.0, -1.8, 5e-324, 1.7976931348623157e308, 1e21, 123456789.0] {
            let s = Value::Number(x).to_string();
            assert_eq!(s.parse::<f64>().unwrap().to_bits(), x.to_bits(), "{s}");
        }
        assert_eq!(Value::from(300usize).to_string(), "300");
        assert_eq!(Value::from(-4.0).to_string(), "-4.0");
        assert_eq!(Value::parse("[300, 3e2, 300.0]").unwrap().to_string(), "[300,300.0,300.0]");
        assert_eq!(Value::Number(f64::NAN).to_string(), "null");
    }

    #[test]
    fn pretty_layout_matches_serde_json() {
        let v = object([
            ("runs", vec![object([("lr", 0.01.into())])].into()),
            ("e", Value::Array(vec![])),
        ]);
        assert_eq!(
            v.to_pretty(),
            "{\n  \"e\": [],\n  \"runs\": [\n    {\n      \"lr\": 0.01\n    }\n  ]\n}"
        );
    }

    #[test]
    fn bad_documents_say_where() {
        for (text, message, line, column) in [
            ("", "end of text where a value was expected", 1, 1),
            ("{\"a\": 1,\n  \"b\" 2}", "expected : after the field name", 2, 7),
            ("[1, 2", "end of text inside a list or object", 1, 6),
            ("[01]", "invalid number", 1, 4),
            ("[1e999]", "number out of range", 1, 7),
            ("{\"a\": tru}", "expected a value", 1, 7),
            ("\"\\x\"", "invalid escape in a string", 1, 3),
            ("\"\\ud800\"", "unpaired surrogate in a \\u escape", 1, 8),
            ("\"\\u12x4\"", "invalid \\u escape", 1, 4),
            ("\"\\u+123\"", "invalid \\u escape", 1, 4),
            ("1 2", "trailing characters after the document", 1, 3),
            ("{'a': 1}", "expected a field name in double quotes", 1, 2),
        ] {
            let e = Value::parse(text).unwrap_err();
            assert_eq!((e.message, e.line, e.column), (message, line, column), "{text}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        let deep = "[".repeat(100_000);
        assert_eq!(Value::parse(&deep).unwrap_err().message, "nested too deeply");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(Value::parse(&ok).is_ok());
    }
}
