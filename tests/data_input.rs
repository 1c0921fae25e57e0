//! Data scenes from outside: CSV files, scenario files and links — good input round-trips,
//! bad input is refused with a message naming the field (or row and column), nothing panics.

mod common;

use common::{defaults, LIMITS};
use rmsprop_lab::core::data::csv::{self, CsvError};
use rmsprop_lab::core::data::{Batching, DataSource, DataSurface, Generator, Model, MAX_ROWS};
use rmsprop_lab::core::scenario::Scenario;
use rmsprop_lab::core::surface::Surface;
use rmsprop_lab::core::url_state::{decode, encode, encode_checked, UrlState};

fn csv_err(text: &str) -> String {
    csv::parse(text, None).unwrap_err().to_string()
}

#[test]
fn csv_with_or_without_a_header_picks_the_model_by_its_columns() {
    let t = csv::parse("x,y\n1,2\n3, 4.5\n", None).unwrap();
    assert_eq!(t.model, Model::LinearRegression);
    assert_eq!(t.header, Some(vec!["x".to_string(), "y".to_string()]));
    assert_eq!(t.examples.len(), 2);
    assert_eq!(t.examples[1].target, 4.5);
    let t = csv::parse("\u{feff}1,2,1\r\n\r\n\"3\",4,0\r\n", None).unwrap();
    assert_eq!(t.model, Model::LogisticRegression);
    assert_eq!((t.header, t.examples.len()), (None, 2));
    assert_eq!(t.examples[1].features, [3.0, 4.0]);
    // A model asked for must match the columns.
    let e = csv::parse("1,2\n", Some(Model::LogisticRegression)).unwrap_err();
    assert!(e.to_string().contains("logistic_regression needs 3 columns"), "{e}");
}

#[test]
fn bad_csv_names_the_row_and_the_column() {
    assert_eq!(csv_err("x,y\n1,2\n3,abc\n"), "row 3, column 2: 'abc' is not a number");
    assert_eq!(csv_err("1,2\n3,4,5\n"), "row 2: expected 2 columns, got 3");
    assert_eq!(csv_err("1,2,0\n1,2,0.5\n"), "row 2, column 3: a label must be 0 or 1 (got 0.5)");
    assert_eq!(csv_err("1,2\n,4\n"), "row 2, column 1: empty");
    assert!(csv_err("1,inf\n").starts_with("row 1, column 2: must be a finite number"));
    assert_eq!(csv_err("x,y\n"), "row 1: a header but no rows of data");
    assert_eq!(csv_err("\n \n"), "the file has no rows");
    assert!(csv_err("a,b,c,d\n1,2,3,4\n").contains("expected 2 columns (x, y) or 3"));
    let big: String = (0..=MAX_ROWS).map(|i| format!("{i},1\n")).collect();
    let e: CsvError = csv::parse(&big, None).unwrap_err();
    assert_eq!(
        (e.line, e.to_string()),
        (MAX_ROWS + 1, "row 10001: more than 10000 rows of data".into())
    );
    let exactly: String = (0..MAX_ROWS).map(|i| format!("{i},1\n")).collect();
    assert_eq!(csv::parse(&exactly, None).unwrap().examples.len(), MAX_ROWS);
}

fn scenario_err(text: &str) -> String {
    Scenario::from_json(text).unwrap_err().to_string()
}

fn with_surface(surface: &str, extra: &str) -> String {
    format!(r#"{{"surface": {surface}, {extra} "runs": [{{"optimizer": "sgd"}}]}}"#)
}

#[test]
fn scenarios_with_data_round_trip() {
    for text in [
        with_surface(r#"{"model": "linear_regression", "data": [[0, 1], [1, 3.5], [2, 4]]}"#, ""),
        with_surface(
            r#"{"model": "logistic_regression", "data": {"generate": {"n": 50, "correlation": 0.7}}}"#,
            r#""batch_size": 8, "shuffle": true, "seed": 12, "noise": {"sigma": 0.1},"#,
        ),
        with_surface(
            r#"{"model": "linear_regression", "data": {"generate": {}}}"#,
            r#""batch_size": 5,"#,
        ),
    ] {
        let s = Scenario::from_json(&text).unwrap();
        let again = Scenario::from_json(&s.to_json_pretty()).unwrap();
        assert_eq!(again, s, "{text}");
        assert_eq!(s.start, [0.0, 0.0], "the data's default start");
    }
    let s = Scenario::from_json(&with_surface(
        r#"{"model": "logistic_regression", "data": {"generate": {"n": 50}}}"#,
        r#""batch_size": 8, "shuffle": true, "seed": 12,"#,
    ))
    .unwrap();
    let d = s.surface.data().unwrap();
    assert_eq!(d.batching(), Batching { batch_size: 8, shuffle: Some(12) });
    assert!(matches!(d.source(), DataSource::Generated(g) if g.n == 50));
    let v: serde_json::Value = serde_json::from_str(&s.to_value().to_string()).unwrap();
    assert_eq!(v["surface"]["data"]["generate"]["correlation"], 0.0, "every setting written out");
    assert!(v["surface"]["data"]["generate"].get("w").is_none(), "only the model's settings");
}

#[test]
fn bad_data_scenarios_name_the_field() {
    let lin = |data: &str| format!(r#"{{"model": "linear_regression", "data": {data}}}"#);
    let log = |data: &str| format!(r#"{{"model": "logistic_regression", "data": {data}}}"#);
    let gen =
        |model: &str, s: &str| format!(r#"{{"model": "{model}", "data": {{"generate": {s}}}}}"#);
    let cases = [
        (
            with_surface(r#"{"model": "svm", "data": [[1, 2]]}"#, ""),
            "surface.model: unknown model 'svm' (known: linear_regression, logistic_regression)",
        ),
        (with_surface(r#"{"model": 3, "data": [[1, 2]]}"#, ""), "surface.model: expected a string"),
        (with_surface(r#"{"model": "linear_regression"}"#, ""), "surface.data: missing"),
        (
            with_surface(&lin("[[1, 2], [1, 2, 3]]"), ""),
            "surface.data[1]: expected 2 values (x, y), got 3",
        ),
        (with_surface(&lin("[[1, 2], 5]"), ""), "surface.data[1]: expected a row [x, y]"),
        (with_surface(&lin(r#"[[1, "a"]]"#), ""), "surface.data[0][1]: expected a number"),
        (
            with_surface(&lin("[[1, 1e10]]"), ""),
            "surface.data[0][1]: must be a finite number within",
        ),
        (
            with_surface(&log("[[1, 2, 2]]"), ""),
            "surface.data[0][2]: a label must be 0 or 1 (got 2)",
        ),
        (with_surface(&lin("[]"), ""), "surface.data: must have 1 to 10000 rows (got 0)"),
        (with_surface(&lin(r#""rows""#), ""), "surface.data: expected rows or"),
        (with_surface(&lin(r#"{"rows": 3}"#), ""), "surface.data.rows: unknown field"),
        (
            with_surface(&gen("linear_regression", r#"{"n": 0}"#), ""),
            "surface.data.generate.n: must be in [1, 10000] (got 0)",
        ),
        (
            with_surface(&gen("linear_regression", r#"{"n": 10001}"#), ""),
            "surface.data.generate.n: must be in [1, 10000]",
        ),
        (
            with_surface(&gen("linear_regression", r#"{"n": 6.5}"#), ""),
            "surface.data.generate.n: must be a whole number",
        ),
        (
            with_surface(&gen("linear_regression", r#"{"correlation": 0.5}"#), ""),
            "surface.data.generate.correlation: unknown setting for linear_regression data",
        ),
        (
            with_surface(&gen("logistic_regression", r#"{"correlation": 1}"#), ""),
            "surface.data.generate.correlation: must be in (-1, 1) (got 1)",
        ),
        (
            with_surface(&gen("logistic_regression", r#"{"feature_scale": 0}"#), ""),
            "surface.data.generate.feature_scale: must be in (0, 1000]",
        ),
        (
            with_surface(&gen("logistic_regression", r#"{"noise": "x"}"#), ""),
            "surface.data.generate.noise: expected a number, got a string",
        ),
        (
            with_surface(&gen("logistic_regression", r#"{"n": 20}"#), r#""batch_size": 0,"#),
            "batch_size: must be a whole number from 1 to the number of rows, 20 (got 0)",
        ),
        (
            with_surface(&gen("logistic_regression", r#"{"n": 20}"#), r#""batch_size": 21,"#),
            "batch_size: must be a whole number from 1 to the number of rows, 20 (got 21)",
        ),
        (
            with_surface(&gen("logistic_regression", "{}"), r#""shuffle": 1,"#),
            "shuffle: expected true or false",
        ),
        (
            with_surface(&gen("logistic_regression", "{}"), r#""seed": 1,"#),
            "seed: only a shuffle has a seed",
        ),
        (with_surface(r#""bowl""#, r#""shuffle": true,"#), "shuffle: only a data surface"),
        (with_surface(r#""bowl""#, r#""batch_size": 2,"#), "batch_size: only a data surface"),
    ];
    for (text, words) in cases {
        let e = scenario_err(&text);
        assert!(e.starts_with(words), "{text}\n  gave: {e}\n  want: {words}");
        assert_eq!(e.lines().count(), 1);
    }
}

fn data_state(d: DataSurface) -> UrlState {
    let surface = Surface::Data(Box::new(d));
    UrlState { start: [0.5, -0.25], ..defaults(Some(surface)) }
}

fn decoded(query: &str) -> (UrlState, Vec<String>) {
    let d = decode(query, &LIMITS, defaults);
    (d.state, d.notices)
}

#[test]
fn data_scenes_round_trip_through_links() {
    let mut g = Generator::default_for(Model::LogisticRegression);
    g.correlation = 0.9;
    g.n = 200;
    let gen = DataSurface::generated(Model::LogisticRegression, g).unwrap();
    let shuffled =
        gen.clone().with_batching(Batching { batch_size: 16, shuffle: Some(0) }).unwrap();
    let rows = csv::parse("0.1,2\n1.5,-3e-7\n2,4.25\n", None).unwrap();
    let explicit = DataSurface::from_examples(rows.model, rows.examples).unwrap();
    let explicit = explicit.with_batching(Batching { batch_size: 2, shuffle: None }).unwrap();
    for d in [gen, shuffled, explicit] {
        let s = data_state(d);
        let q = encode(&s);
        let (back, notices) = decoded(&q);
        assert!(notices.is_empty(), "{q}: {notices:?}");
        assert_eq!(back, s, "{q}");
    }
    let q = encode(&data_state(DataSurface::generated(Model::LogisticRegression, g).unwrap()));
    assert!(q.starts_with("model=logistic_regression&data=generate,n=200,correlation=0.9&"), "{q}");
    let rows = csv::parse("0.1,2\n1.5,-3e-7\n", None).unwrap();
    let q = encode(&data_state(DataSurface::from_examples(rows.model, rows.examples).unwrap()));
    assert!(q.starts_with("model=linear_regression&rows=0.1,2;1.5,-3e-7&"), "{q}");
}

#[test]
fn a_data_set_too_large_for_a_link_is_refused_with_a_reason() {
    let text: String = (0..3000).map(|i| format!("{}.125,{}.5\n", i, i * 7)).collect();
    let t = csv::parse(&text, None).unwrap();
    let s = data_state(DataSurface::from_examples(t.model, t.examples).unwrap());
    let e = encode_checked(&s).unwrap_err();
    assert!(e.contains("the data's 3000 rows make it") && e.contains("scenario file"), "{e}");
    let small = data_state(
        DataSurface::generated(
            Model::LinearRegression,
            Generator::default_for(Model::LinearRegression),
        )
        .unwrap(),
    );
    assert_eq!(encode_checked(&small).unwrap(), encode(&small));
}

#[test]
fn bad_data_in_a_link_is_ignored_with_a_notice() {
    let has = |q: &str, words: &str| {
        let (s, notices) = decoded(q);
        assert!(notices.iter().any(|n| n.contains(words)), "{q}: {notices:?}");
        s
    };
    let s = has("model=svm&data=generate", "model: unknown model 'svm'");
    assert!(s.surface.data().is_none(), "the default scene stays");
    let s = has(
        "model=linear_regression&data=generate,n=0,seed=4",
        "n of data: must be in [1, 10000] (got 0)",
    );
    let Some(DataSource::Generated(g)) = s.surface.data().map(|d| d.source()) else { panic!() };
    assert_eq!((g.n, g.seed), (64, 4), "the bad setting keeps its default, the rest loads");
    has(
        "model=linear_regression&data=generate,correlation=0.5",
        "unknown setting for linear_regression",
    );
    has("model=linear_regression&data=rows", "'rows' is not generate");
    let s = has(
        "model=logistic_regression&rows=1,2,3",
        "rows: row 1, column 3: a label must be 0 or 1",
    );
    assert!(s.surface.data().is_none());
    has("model=linear_regression&rows=1,2;3", "rows: row 2: expected 2 columns, got 1");
    let s = has(
        "model=linear_regression&data=generate,n=10&batch=11",
        "batch: 11 is out of range (from 1 to 10)",
    );
    assert_eq!(s.surface.data().unwrap().batching(), Batching::full(10));
    has("model=linear_regression&data=generate&shuffle=x", "shuffle: 'x' is not a whole number");
    has("surface=bowl&batch=3", "batch: only a model on data");
    has("surface=bowl&rows=1,2", "rows: only a model (model=...) has data");
    has(
        "model=linear_regression&surface=bowl",
        "surface: a model on data (model=...) is given too",
    );
}
