//! Training on data must reproduce float64 PyTorch training loops (issue #14):
//! `tests/data/data_cases.json`, made by `tests/data/make_data_cases.py` with torch's
//! MSELoss / BCEWithLogitsLoss, DataLoader(shuffle=False) minibatches and torch's (or, for ε
//! inside the root, optax's) optimizers. Every case runs through the `trace` binary; the
//! generated data sets and the batch listings are checked against the script's too.

mod common;

use common::trace::trace_json;
use rmsprop_lab::core::data::{Batch, DataSource};
use rmsprop_lab::core::scenario::Scenario;
use serde_json::Value;

/// |ours − ref| ≤ TOL · max(1, |ref|) per coordinate, from the reference README.
const TOL: f64 = 1e-9;

fn cases() -> Vec<Value> {
    let data: Value = serde_json::from_str(include_str!("data/data_cases.json")).unwrap();
    data["cases"].as_array().unwrap().clone()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

/// The largest scaled error over the comparable points and losses of one case.
fn case_error(label: &str, case: &Value) -> f64 {
    let out = trace_json(&case["scenario"]);
    let run = &out["runs"][0];
    let (ours, reference) = (run["points"].as_array().unwrap(), case["points"].as_array().unwrap());
    assert_eq!(ours.len(), reference.len(), "{label}: number of points");
    assert_eq!(run["diverged_at"].is_null(), !case["diverged"].as_bool().unwrap(), "{label}");
    assert_eq!(run["batches"], case["batches"], "{label}: the batch of each update");
    let mut worst = 0.0f64;
    for k in 0..case["comparable_points"].as_u64().unwrap() as usize {
        let pairs = [
            (f(&ours[k][0]), f(&reference[k][0])),
            (f(&ours[k][1]), f(&reference[k][1])),
            (f(&run["loss"][k]), f(&case["loss"][k])),
        ];
        for (what, (o, r)) in ["x", "y", "loss"].iter().zip(pairs) {
            let err = (o - r).abs() / r.abs().max(1.0);
            assert!(err <= TOL, "{label}: {what} at point {k}: ours {o:e}, reference {r:e}");
            worst = worst.max(err);
        }
    }
    worst
}

#[test]
fn trace_reproduces_torch_training_loops_on_data() {
    let cases = cases();
    assert!(cases.len() >= 65, "the data cases lost some");
    let mut worst = 0.0f64;
    for (i, case) in cases.iter().enumerate() {
        let s = &case["scenario"];
        let label =
            format!("case {i} ({} B={} {})", s["surface"]["model"], s["batch_size"], s["runs"][0]);
        worst = worst.max(case_error(&label, case));
    }
    println!("largest scaled error over {} cases: {worst:e}", cases.len());
}

#[test]
fn the_cases_cover_every_optimizer_both_eps_placements_and_minibatches() {
    let cases = cases();
    let count = |p: &dyn Fn(&Value) -> bool| cases.iter().filter(|c| p(c)).count();
    for opt in ["rmsprop", "adagrad", "adam", "sgd"] {
        for minibatch in [false, true] {
            let n = count(&|c| {
                c["scenario"]["runs"][0]["optimizer"] == opt
                    && c["scenario"].get("batch_size").is_some() == minibatch
            });
            assert!(n >= 4, "{opt}, minibatches {minibatch}: {n} cases");
        }
    }
    for place in ["inside", "outside"] {
        assert!(count(&|c| c["scenario"]["runs"][0]["eps_placement"] == place) >= 16, "{place}");
    }
    for model in ["linear_regression", "logistic_regression"] {
        for generated in [false, true] {
            let n = count(&|c| {
                c["scenario"]["surface"]["model"] == model && c.get("rows").is_some() == generated
            });
            assert!(n >= 16, "{model}, generated {generated}: {n} cases");
        }
    }
}

#[test]
fn generated_rows_match_the_scripts_independent_generator() {
    let mut checked = 0;
    for case in cases().iter().filter(|c| c.get("rows").is_some()) {
        let s = Scenario::from_json(&case["scenario"].to_string()).unwrap();
        let d = s.surface.data().unwrap();
        assert!(matches!(d.source(), DataSource::Generated(_)));
        let rows = case["rows"].as_array().unwrap();
        assert_eq!(rows.len(), d.n());
        for (i, r) in rows.iter().enumerate() {
            let ours = d.row(i).unwrap();
            for (c, v) in r.as_array().unwrap().iter().enumerate() {
                assert!((ours[c] - f(v)).abs() <= 1e-12 * f(v).abs().max(1.0), "row {i}[{c}]");
            }
        }
        checked += 1;
    }
    assert!(checked >= 32);
}

#[test]
fn batches_are_cut_as_torchs_data_loader_cuts_them() {
    for case in cases() {
        let s = Scenario::from_json(&case["scenario"].to_string()).unwrap();
        let d = s.surface.data().unwrap();
        let listing: Vec<Vec<usize>> = serde_json::from_value(case["batch_rows"].clone()).unwrap();
        let ours: Vec<Vec<usize>> =
            (0..listing.len()).map(|index| d.batch_rows(Batch { epoch: 0, index })).collect();
        assert_eq!(ours, listing);
        assert_eq!(d.batching().per_epoch(d.n()), listing.len());
    }
}
