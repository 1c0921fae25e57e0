//! The core must reproduce PyTorch's and optax's trajectories (tests/data/REFERENCE.md).
//! Every case runs through the `trace` binary, exactly as a user would run it.
//!
//! `reference_trajectories.json` is the project's ground truth; `extra_cases.json` was made
//! the same way from real PyTorch, optax and Keras 3 by `tests/data/make_extra_cases.py` and
//! covers every option (momentum, Nesterov, centered, ε placement, AMSGrad, lr_decay, initial
//! accumulator) on every surface, runs that diverge, Keras's Adam (`eps_hat`) and RMSprop,
//! and shifting objectives (`shift`) against an independent torch loop; and the newer
//! optimizers, weight decay, RMSProp's `initial_scale` and `bias_correction` and every
//! learning-rate schedule (`tests/toolkit.rs` checks that they are all there).

mod common;

use common::trace::trace_json;
use serde_json::Value;

/// |ours − ref| ≤ TOL · max(1, |ref|) per coordinate, from the reference README.
const TOL: f64 = 1e-9;

fn close(ours: f64, reference: f64) -> bool {
    (ours - reference).abs() <= TOL * reference.abs().max(1.0)
}

/// Compares one case; a `null` loss (an overflow at a finite point) must be `null` for us too.
fn check_case(label: &str, case: &Value) {
    let out = trace_json(&case["scenario"]);
    let run = &out["runs"][0];
    let ours = run["points"].as_array().unwrap();
    let reference = case["points"].as_array().unwrap();
    assert_eq!(ours.len(), reference.len(), "{label}: number of points (divergence step)");
    let diverged = case["diverged"].as_bool().unwrap();
    assert_eq!(run["diverged_at"].is_null(), !diverged, "{label}: diverged");
    if diverged {
        assert_eq!(
            run["diverged_at"].as_u64(),
            Some(reference.len() as u64),
            "{label}: diverged_at"
        );
    }
    let comparable = case["comparable_points"].as_u64().unwrap() as usize;
    for k in 0..comparable {
        for c in 0..2 {
            let (o, r) = (ours[k][c].as_f64().unwrap(), reference[k][c].as_f64().unwrap());
            assert!(close(o, r), "{label}: point {k} coordinate {c}: ours {o:e}, reference {r:e}");
        }
        match (run["loss"][k].as_f64(), case["loss"][k].as_f64()) {
            (Some(o), Some(r)) => {
                assert!(close(o, r), "{label}: loss {k}: ours {o:e}, reference {r:e}")
            }
            (None, None) => {}
            (o, r) => panic!("{label}: loss {k}: ours {o:?}, reference {r:?}"),
        }
    }
}

fn check_file(text: &str, min_cases: usize) {
    let data: Value = serde_json::from_str(text).unwrap();
    let cases = data["cases"].as_array().unwrap();
    assert!(cases.len() >= min_cases, "the reference file lost its cases");
    for (i, case) in cases.iter().enumerate() {
        let scenario = &case["scenario"];
        let label = format!("case {i} ({} {})", scenario["surface"], scenario["runs"][0]);
        check_case(&label, case);
    }
}

#[test]
fn trace_reproduces_every_reference_case() {
    check_file(include_str!("data/reference_trajectories.json"), 8);
}

#[test]
fn trace_reproduces_pytorch_and_optax_for_every_option() {
    check_file(include_str!("data/extra_cases.json"), 57);
}

#[test]
fn the_extra_cases_include_keras_and_shifting_objectives() {
    let data: Value = serde_json::from_str(include_str!("data/extra_cases.json")).unwrap();
    let cases = data["cases"].as_array().unwrap();
    let count = |f: &dyn Fn(&Value) -> bool| cases.iter().filter(|c| f(c)).count();
    let keras = |c: &Value, opt: &str| {
        c["reference"] == "keras" && c["scenario"]["runs"][0]["optimizer"] == opt
    };
    assert!(count(&|c| keras(c, "adam") && c["scenario"]["runs"][0]["eps_hat"] == true) >= 5);
    assert!(count(&|c| keras(c, "rmsprop")) >= 4);
    assert!(count(&|c| c["reference"] == "torch" && c["scenario"].get("shift").is_some()) >= 5);
}
