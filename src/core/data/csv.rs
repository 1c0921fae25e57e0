//! The user's own data as CSV: 2 numeric columns (x, y: linear regression) or 3 (x1, x2,
//! label: logistic regression), comma-separated, one row per line, a header line optional,
//! at most [`MAX_ROWS`] rows.
//!
//! The first non-blank line is a header when none of its fields is a number. Blank lines
//! are skipped; fields may be padded with spaces or wrapped in double quotes; a byte-order
//! mark and Windows line ends are fine. Errors name the line (counted from 1, as an editor
//! shows it) and the column.

use super::generate::MAX_ROWS;
use super::model::{Example, Model};
use crate::core::decimal;
use std::fmt;

/// A table read from CSV.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub model: Model,
    pub examples: Vec<Example>,
    /// The header's fields, if the file had one.
    pub header: Option<Vec<String>>,
}

/// What is wrong, and where: `line` counts from 1, `column` from 1 (none: the whole line or
/// file).
#[derive(Clone, Debug, PartialEq)]
pub struct CsvError {
    pub line: usize,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.message),
            (l, None) => write!(f, "row {l}: {}", self.message),
            (l, Some(c)) => write!(f, "row {l}, column {c}: {}", self.message),
        }
    }
}

impl std::error::Error for CsvError {}

fn fail<T>(line: usize, column: Option<usize>, message: impl Into<String>) -> Result<T, CsvError> {
    Err(CsvError { line, column, message: message.into() })
}

/// Reads `text` as rows for `model`, or for the model its column count implies (2: linear
/// regression, 3: logistic regression) when `model` is `None`.
pub fn parse(text: &str, model: Option<Model>) -> Result<Table, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines =
        text.lines().enumerate().map(|(i, l)| (i + 1, l)).filter(|(_, l)| !l.trim().is_empty());
    let Some((first_no, first)) = lines.next() else {
        return fail(0, None, "the file has no rows");
    };
    let first_fields = fields(first);
    let header = first_fields.iter().all(|f| decimal::parse(f).is_none());
    let model = pick_model(model, first_fields.len(), first_no)?;
    let mut examples = Vec::new();
    let data = std::iter::once((first_no, first)).filter(|_| !header).chain(lines);
    for (no, line) in data {
        if examples.len() == MAX_ROWS {
            return fail(no, None, format!("more than {MAX_ROWS} rows of data"));
        }
        examples.push(row(model, no, line)?);
    }
    if examples.is_empty() {
        return fail(first_no, None, "a header but no rows of data");
    }
    let header = header.then(|| first_fields.iter().map(|f| f.to_string()).collect());
    Ok(Table { model, examples, header })
}

fn fields(line: &str) -> Vec<&str> {
    line.split(',').map(|f| f.trim().trim_matches('"').trim()).collect()
}

fn pick_model(model: Option<Model>, width: usize, line: usize) -> Result<Model, CsvError> {
    let by_width = Model::ALL.into_iter().find(|m| m.columns().len() == width);
    match (model, by_width) {
        (Some(m), _) if m.columns().len() == width => Ok(m),
        (Some(m), _) => fail(
            line,
            None,
            format!(
                "{} needs {} columns ({}), got {width}",
                m.name(),
                m.columns().len(),
                m.columns().join(", ")
            ),
        ),
        (None, Some(m)) => Ok(m),
        (None, None) => {
            fail(line, None, format!("expected 2 columns (x, y) or 3 (x1, x2, label), got {width}"))
        }
    }
}

fn row(model: Model, no: usize, line: &str) -> Result<Example, CsvError> {
    let width = model.columns().len();
    let fs = fields(line);
    if fs.len() != width {
        return fail(no, None, format!("expected {width} columns, got {}", fs.len()));
    }
    let mut values = Vec::with_capacity(width);
    for (c, f) in fs.iter().enumerate() {
        match decimal::parse(f) {
            Some(v) => values.push(v),
            None if f.is_empty() => return fail(no, Some(c + 1), "empty"),
            None => return fail(no, Some(c + 1), format!("'{}' is not a number", clip(f))),
        }
    }
    model.example(&values).or_else(|(c, m)| fail(no, c.map(|c| c + 1), m))
}

/// Quoted user text is cut short, so a message stays one readable line.
fn clip(s: &str) -> String {
    const MAX: usize = 24;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
