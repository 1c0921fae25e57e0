//! Fuzzing the three readers of untrusted text: the formula parser, the URL decoder and the
//! scenario decoder. Ignored by `cargo test`; `scripts/fuzz` runs them with a million inputs
//! each (set FUZZ_CASES to change that) under a memory limit.
//!
//! Inputs mix token soup (fragments of the real syntax, so the parsers get deep), arbitrary
//! Unicode, and random edits of valid documents. Beyond "no panic", each test checks a
//! property: anything accepted is valid (it re-encodes and reads back identically), and no
//! single input takes longer than [`SLOW`].

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use rmsprop_lab::core::formula::{Formula, MAX_FORMULA_LEN};
use rmsprop_lab::core::scenario::Scenario;
use rmsprop_lab::core::url_state::{decode, encode, MAX_NOTICES};
use std::time::{Duration, Instant};

mod common;
use common::{arb_state, defaults, LIMITS};

/// A hang, for any single input (generous: the machine may be busy).
const SLOW: Duration = Duration::from_secs(2);

fn config() -> ProptestConfig {
    let cases = std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        max_shrink_iters: 10_000,
        ..ProptestConfig::default()
    }
}

fn timed<T>(what: &str, input: &str, f: impl FnOnce() -> T) -> T {
    let t0 = Instant::now();
    let out = f();
    let took = t0.elapsed();
    assert!(
        took < SLOW,
        "{what} took {took:?} on {:?}",
        input.chars().take(200).collect::<String>()
    );
    out
}

/// Text made of `tokens`, up to `max` of them.
fn soup(tokens: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(tokens), 0..max).prop_map(|t| t.concat())
}

/// `text` with a few random insertions, deletions and replacements.
fn mutate(text: String, edits: Vec<(prop::sample::Index, u8, char)>) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (at, op, c) in edits {
        let i = at.index(chars.len() + 1);
        match op % 3 {
            0 => chars.insert(i, c),
            1 if i < chars.len() => {
                chars.remove(i);
            }
            _ if i < chars.len() => chars[i] = c,
            _ => chars.push(c),
        }
    }
    chars.into_iter().collect()
}

fn edits() -> impl Strategy<Value = Vec<(prop::sample::Index, u8, char)>> {
    let c = prop_oneof![
        prop::sample::select(&b"&=,%+-.0123456789eE()^*/xy \"[]{}:"[..]).prop_map(char::from),
        any::<char>(),
    ];
    prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), c), 1..6)
}

const FORMULA_TOKENS: &[&str] = &[
    "x", "y", "(", ")", "(", ")", "+", "-", "*", "/", "^", "^", "-", " ", "sin", "cos", "tan",
    "exp", "log", "sqrt", "abs", "tanh", "pi", "e", "1", "2", "0", "0.5", ".", "3.", ".25",
    "1e308", "1e-308", "9e999", "2e", "E", "_", "é", "²", "π", "\u{0}", "x2", "1e", "e-", "1e+3",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    #[ignore = "fuzzing: run scripts/fuzz"]
    fn fuzz_formula_parser(src in prop_oneof![
        4 => soup(FORMULA_TOKENS, 200),
        1 => "\\PC{0,600}",
        1 => any::<String>(),
        // Deep nesting, around the depth limit.
        1 => (0usize..200, prop::sample::select(&["(", "-", "sin(", "x^", "2^-"][..]))
            .prop_map(|(n, open)| format!("{}x", open.repeat(n))),
    ]) {
        match timed("parse", &src, || Formula::parse(&src)) {
            Ok(f) => {
                prop_assert!(src.chars().count() <= MAX_FORMULA_LEN);
                prop_assert_eq!(f.source(), src.as_str());
                for p in [[0.0, 0.0], [1.5, -2.5], [1e308, -1e308], [f64::NAN, 1.0], [-0.0, 1e-320]] {
                    let v = timed("eval", &src, || f.value(p));
                    let (vg, _) = f.value_and_grad(p);
                    // Value and gradient passes agree on the value (or are both NaN).
                    prop_assert!(v.to_bits() == vg.to_bits() || (v.is_nan() && vg.is_nan()), "{src}: {v} vs {vg}");
                }
                // Accepted text parses again to the same program (compared as text: folded
                // constants may be NaN, which is never equal to itself).
                prop_assert_eq!(format!("{:?}", Formula::parse(f.source())), format!("{:?}", Ok::<_, ()>(&f)));
            }
            Err(e) => {
                prop_assert!(!e.message.is_empty());
                prop_assert!(e.position <= src.chars().count().max(MAX_FORMULA_LEN), "{src}: {e}");
            }
        }
    }

    #[test]
    #[ignore = "fuzzing: run scripts/fuzz"]
    fn fuzz_url_decoder(query in prop_oneof![
        3 => soup(URL_TOKENS, 120),
        1 => "\\PC{0,400}",
        3 => (arb_state(), edits()).prop_map(|(s, e)| mutate(encode(&s), e)),
    ]) {
        let d = timed("decode", &query, || decode(&query, &LIMITS, defaults));
        prop_assert!(d.notices.len() <= MAX_NOTICES + 1);
        // Whatever loaded is a valid state: it encodes and reads back exactly, silently
        // (compared as text, as above).
        let again = decode(&encode(&d.state), &LIMITS, defaults);
        prop_assert_eq!(again.notices, Vec::<String>::new());
        prop_assert_eq!(format!("{:?}", again.state), format!("{:?}", d.state));
    }

    #[test]
    #[ignore = "fuzzing: run scripts/fuzz"]
    fn fuzz_scenario_decoder(text in prop_oneof![
        3 => soup(JSON_TOKENS, 150),
        1 => "\\PC{0,400}",
        3 => (arb_state(), edits()).prop_map(|(s, e)| mutate(scenario_text(&s), e)),
        1 => (0usize..300).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n))),
    ]) {
        if let Ok(s) = timed("from_json", &text, || Scenario::from_json(&text)) {
            // Accepted scenarios are valid: they round-trip exactly through the writer.
            let again = Scenario::from_json(&s.to_json_pretty());
            prop_assert_eq!(format!("{again:?}"), format!("{:?}", Ok::<_, ()>(s)));
        }
    }
}

/// A valid scenario document for a URL state (runs and all).
fn scenario_text(s: &rmsprop_lab::core::url_state::UrlState) -> String {
    let scenario = Scenario {
        surface: s.surface.clone(),
        start: s.start,
        steps: s.steps,
        noise: s.noise,
        shift: s.shift,
        runs: s.runs.iter().map(|r| r.run()).collect(),
    };
    scenario.to_json_pretty()
}

const URL_TOKENS: &[&str] = &[
    "&",
    "&",
    "=",
    "=",
    ",",
    ",",
    "?",
    "%",
    "%2",
    "%FF",
    "%20",
    "%2B",
    "+",
    "surface",
    "f",
    "window",
    "start",
    "steps",
    "noise",
    "seed",
    "shift",
    "scale",
    "offset",
    "run",
    "step",
    "speed",
    "overlays",
    "select",
    "classroom",
    "rmsprop",
    "adam",
    "sgd",
    "adagrad",
    "lr",
    "decay",
    "eps",
    "beta1",
    "beta2",
    "momentum",
    "centered",
    "amsgrad",
    "eps_hat",
    "nesterov",
    "eps_placement",
    "inside",
    "outside",
    "initial_accumulator",
    "lr_decay",
    "hidden",
    "color",
    "none",
    "contours",
    "arrows",
    "field",
    "accumulator",
    "rosenbrock",
    "bowl",
    "custom",
    "x^2",
    "(",
    ")",
    "0",
    "1",
    "-1",
    "7",
    "8",
    "1e400",
    "nan",
    "inf",
    "0.5",
    "1e-8",
    "10000",
    "18446744073709551616",
    "true",
    "false",
    "é",
];

const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ",",
    ":",
    ":",
    " ",
    "\"surface\"",
    "\"start\"",
    "\"steps\"",
    "\"runs\"",
    "\"noise\"",
    "\"sigma\"",
    "\"seed\"",
    "\"shift\"",
    "\"step\"",
    "\"scale\"",
    "\"offset\"",
    "\"eps_hat\"",
    "\"optimizer\"",
    "\"formula\"",
    "\"window\"",
    "\"rmsprop\"",
    "\"adam\"",
    "\"sgd\"",
    "\"adagrad\"",
    "\"lr\"",
    "\"decay\"",
    "\"eps\"",
    "\"eps_placement\"",
    "\"inside\"",
    "\"centered\"",
    "\"beta2\"",
    "\"bowl\"",
    "\"x^2 + y\"",
    "\"(\"",
    "true",
    "false",
    "null",
    "0",
    "1",
    "-1",
    "0.5",
    "1e308",
    "1e999",
    "100001",
    "9007199254740992",
    "\"\\u0000\"",
    "\"",
    "\\",
];
