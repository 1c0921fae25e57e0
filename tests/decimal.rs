//! `core::decimal`: the syntax check accepts exactly what Rust's float parser accepts, so the
//! wasm build (which hands the digits to JavaScript) reads the same texts.

use proptest::prelude::*;
use rmsprop_lab::core::decimal::{parse, spelled, Spelled};
use rmsprop_lab::core::url_state::number;

fn agrees(s: &str) {
    let rust = s.parse::<f64>().ok();
    match (spelled(s), rust) {
        (None, None) | (Some(Spelled::Digits), Some(_)) => {}
        (Some(Spelled::Named(x)), Some(r)) => {
            assert_eq!(x.to_bits(), r.to_bits(), "{s:?}");
        }
        (got, want) => panic!("{s:?}: spelled {got:?}, Rust reads {want:?}"),
    }
    assert_eq!(parse(s).map(f64::to_bits), rust.map(f64::to_bits), "{s:?}");
}

#[test]
fn the_texts_rust_reads_and_refuses() {
    for s in [
        "0",
        "-0",
        "+1",
        "1.",
        ".5",
        "-.5e-3",
        "1e5",
        "1E+5",
        "1.e5",
        "007",
        "1e0400",
        "1e-400",
        "inf",
        "-Infinity",
        "+INF",
        "NaN",
        "-nan",
        "2.2250738585072011e-308",
        "0.1000000000000000055511151231257827021181583404541015625",
    ] {
        assert!(spelled(s).is_some(), "{s}");
        agrees(s);
    }
    for s in [
        "",
        "+",
        "-",
        ".",
        "e5",
        "1e",
        "1e+",
        "1.5.2",
        "1e5.5",
        " 1",
        "1 ",
        "1_000",
        "0x10",
        "--1",
        "+-1",
        "infinit",
        "nana",
        "1,5",
        "١",
        "1e5e5",
        "Infinity1",
    ] {
        assert_eq!(spelled(s), None, "{s:?}");
        agrees(s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]
    #[test]
    fn any_text_of_float_characters_is_judged_as_rust_judges_it(
        s in "[-+.eE0-9inftyaINFTYA ]{0,12}"
    ) {
        agrees(&s);
    }
}

#[test]
fn the_hard_roundings_give_the_doubles_the_browser_test_expects() {
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("data/decimal_cases.json")).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let (text, shortest) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
        let x = parse(text).unwrap();
        assert_eq!(number(x), shortest, "{text}");
        agrees(text);
    }
}
