//! The scenario format: defaults, round trips, and a message naming the field for every kind
//! of bad input.

use proptest::prelude::*;
use rmsprop_lab::core::optim::{EpsPlacement, Optimizer, OptimizerKind, RmsProp};
use rmsprop_lab::core::scenario::{Scenario, DEFAULT_STEPS};
use rmsprop_lab::core::surface::{Surface, SurfaceKind};
use rmsprop_lab::core::trajectory::{Noise, Run, Shift};

fn rejects(json: &str, field: &str, words: &str) {
    match Scenario::from_json(json) {
        Ok(s) => panic!("accepted {json}: {s:?}"),
        Err(e) => {
            assert_eq!(e.field, field, "wrong field for {json}: {e}");
            assert!(e.to_string().contains(words), "message for {json} lacks '{words}': {e}");
        }
    }
}

#[test]
fn omitted_settings_take_the_defaults() {
    let s =
        Scenario::from_json(r#"{"surface": "bowl", "runs": [{"optimizer": "rmsprop"}]}"#).unwrap();
    assert_eq!(s.surface, Surface::Builtin(SurfaceKind::Bowl));
    assert_eq!(s.start, SurfaceKind::Bowl.info().start);
    assert_eq!(s.steps, DEFAULT_STEPS);
    assert_eq!(s.noise, None);
    let rms = RmsProp {
        lr: 0.01,
        decay: 0.9,
        eps: 1e-8,
        eps_placement: EpsPlacement::Inside,
        momentum: 0.0,
        centered: false,
        initial_scale: 0.0,
        bias_correction: false,
        weight_decay: 0.0,
    };
    assert_eq!(s.runs, vec![Optimizer::RmsProp(rms)]);
}

#[test]
fn every_setting_is_read() {
    let s = Scenario::from_json(
        r#"{"surface": "beale", "start": [1, 2], "steps": 10, "noise": {"sigma": 0.5, "seed": 3},
            "runs": [{"optimizer": "rmsprop", "lr": 0.5, "decay": 0.5, "eps": 0.25, "eps_placement": "outside", "momentum": 0.5, "centered": true},
                     {"optimizer": "adam", "lr": 2, "beta1": 0.5, "beta2": 0.75, "eps": 0, "amsgrad": true},
                     {"optimizer": "adagrad", "lr": 3, "eps": 0.5, "initial_accumulator": 0.1, "lr_decay": 0.01},
                     {"optimizer": "sgd", "lr": 4, "momentum": 0.9, "nesterov": true}]}"#,
    )
    .unwrap();
    assert_eq!(s.start, [1.0, 2.0]);
    assert_eq!(s.noise, Some(Noise { sigma: 0.5, seed: 3, relative: false }));
    let text = s.to_value().to_string();
    for needle in [
        r#""eps_placement":"outside""#,
        r#""centered":true"#,
        r#""amsgrad":true"#,
        r#""lr_decay":0.01"#,
        r#""nesterov":true"#,
        r#""beta2":0.75"#,
    ] {
        assert!(text.contains(needle), "{needle} missing from {text}");
    }
}

#[test]
fn custom_formula_surfaces() {
    let s = Scenario::from_json(
        r#"{"surface": {"formula": "x^2 + 3*y^2", "window": [[-2, 2], [-1, 1]]}, "runs": [{"optimizer": "sgd"}]}"#,
    )
    .unwrap();
    assert_eq!(s.surface.value([1.0, 1.0]), 4.0);
    assert_eq!(s.surface.window().y, (-1.0, 1.0));
    assert_eq!(Scenario::from_value(&s.to_value()).unwrap(), s);
    rejects(
        r#"{"surface": {"formula": "x +* y", "window": [[-2, 2], [-1, 1]]}, "runs": [{"optimizer": "sgd"}]}"#,
        "surface.formula",
        "position",
    );
    rejects(
        r#"{"surface": {"formula": "x", "window": [[2, -2], [-1, 1]]}, "runs": [{"optimizer": "sgd"}]}"#,
        "surface.window",
        "increase",
    );
    rejects(
        r#"{"surface": {"formula": "x"}, "runs": [{"optimizer": "sgd"}]}"#,
        "surface.window",
        "missing",
    );
}

#[test]
fn bad_input_names_the_field() {
    let run = r#"[{"optimizer": "rmsprop"}]"#;
    rejects("", "", "not valid JSON");
    rejects("{", "", "not valid JSON");
    rejects("[1, 2]", "scenario", "expected an object");
    rejects(&format!(r#"{{"runs": {run}}}"#), "surface", "missing");
    rejects(
        &format!(r#"{{"surface": "rosenbrok", "runs": {run}}}"#),
        "surface",
        "unknown surface 'rosenbrok'",
    );
    rejects(&format!(r#"{{"surface": 3, "runs": {run}}}"#), "surface", "expected a surface name");
    rejects(
        &format!(r#"{{"surface": "bowl", "colour": 1, "runs": {run}}}"#),
        "colour",
        "unknown field",
    );
    rejects(
        &format!(r#"{{"surface": "bowl", "start": [1], "runs": {run}}}"#),
        "start",
        "two numbers",
    );
    rejects(
        &format!(r#"{{"surface": "bowl", "start": [1, "a"], "runs": {run}}}"#),
        "start[1]",
        "expected a number",
    );
    rejects(
        &format!(r#"{{"surface": "bowl", "start": [1, 1e300], "runs": {run}}}"#),
        "start",
        "within",
    );
    rejects(
        &format!(r#"{{"surface": "bowl", "steps": 0, "runs": {run}}}"#),
        "steps",
        "between 1 and 100000",
    );
    rejects(
        &format!(r#"{{"surface": "bowl", "steps": 100001, "runs": {run}}}"#),
        "steps",
        "between 1 and 100000",
    );
    rejects(
        &format!(r#"{{"surface": "bowl", "steps": 2.5, "runs": {run}}}"#),
        "steps",
        "whole number",
    );
    rejects(
        &format!(r#"{{"surface": "bowl", "steps": "10", "runs": {run}}}"#),
        "steps",
        "expected a number",
    );
    rejects(r#"{"surface": "bowl"}"#, "runs", "missing");
    rejects(r#"{"surface": "bowl", "runs": []}"#, "runs", "at least one");
    rejects(r#"{"surface": "bowl", "runs": {}}"#, "runs", "expected an array");
    rejects(r#"{"surface": "bowl", "runs": [3]}"#, "runs[0]", "expected an object");
    rejects(r#"{"surface": "bowl", "runs": [{}]}"#, "runs[0].optimizer", "missing");
    rejects(
        r#"{"surface": "bowl", "runs": [{"optimizer": "lamb"}]}"#,
        "runs[0].optimizer",
        "unknown optimizer 'lamb'",
    );
    let bad_run =
        |r: &str| format!(r#"{{"surface": "bowl", "runs": [{{"optimizer": "sgd"}}, {r}]}}"#);
    rejects(&bad_run(r#"{"optimizer": "rmsprop", "lr": 0}"#), "runs[1].lr", "> 0");
    rejects(&bad_run(r#"{"optimizer": "rmsprop", "lr": -1}"#), "runs[1].lr", "> 0");
    rejects(
        &bad_run(r#"{"optimizer": "rmsprop", "lr": "big"}"#),
        "runs[1].lr",
        "expected a number",
    );
    rejects(&bad_run(r#"{"optimizer": "rmsprop", "decay": 1}"#), "runs[1].decay", "[0, 1)");
    rejects(&bad_run(r#"{"optimizer": "rmsprop", "decay": -0.1}"#), "runs[1].decay", "[0, 1)");
    rejects(&bad_run(r#"{"optimizer": "rmsprop", "eps": -1e-8}"#), "runs[1].eps", "≥ 0");
    rejects(
        &bad_run(r#"{"optimizer": "rmsprop", "eps_placement": "middle"}"#),
        "runs[1].eps_placement",
        "inside, outside",
    );
    rejects(
        &bad_run(r#"{"optimizer": "rmsprop", "centered": 1}"#),
        "runs[1].centered",
        "true or false",
    );
    rejects(
        &bad_run(r#"{"optimizer": "rmsprop", "beta1": 0.9}"#),
        "runs[1].beta1",
        "unknown field for rmsprop",
    );
    rejects(&bad_run(r#"{"optimizer": "adam", "beta2": 1.0}"#), "runs[1].beta2", "[0, 1)");
    rejects(
        &bad_run(r#"{"optimizer": "adam", "beta1": null}"#),
        "runs[1].beta1",
        "expected a number, got null",
    );
    rejects(&bad_run(r#"{"optimizer": "adagrad", "lr_decay": -1}"#), "runs[1].lr_decay", "≥ 0");
    rejects(&bad_run(r#"{"optimizer": "sgd", "momentum": 1.5}"#), "runs[1].momentum", "[0, 1)");
    rejects(
        r#"{"surface": "bowl", "noise": {"sigma": -1}, "runs": [{"optimizer": "sgd"}]}"#,
        "noise.sigma",
        "must be in",
    );
    rejects(
        r#"{"surface": "bowl", "noise": {"sigma": 1, "seed": -2}, "runs": [{"optimizer": "sgd"}]}"#,
        "noise.seed",
        "between",
    );
    rejects(
        r#"{"surface": "bowl", "noise": {"sigma": 1, "mean": 0}, "runs": [{"optimizer": "sgd"}]}"#,
        "noise.mean",
        "unknown field",
    );
    rejects(
        r#"{"surface": "bowl", "noise": {"sigma": 1, "relative": 1}, "runs": [{"optimizer": "sgd"}]}"#,
        "noise.relative",
        "expected true or false, got a number",
    );
    // JSON has no NaN or infinity; a literal too large for f64 is refused by the parser.
    rejects(
        r#"{"surface": "bowl", "runs": [{"optimizer": "sgd", "lr": 1e999}]}"#,
        "",
        "not valid JSON",
    );
}

fn arb_optimizer() -> impl Strategy<Value = Optimizer> {
    let unit = 0.0..0.9999f64;
    (0usize..4, 1e-6..10f64, unit.clone(), unit, 0.0..1.0f64, any::<bool>(), any::<bool>())
        .prop_map(|(k, lr, a, b, eps, f1, f2)| {
            let kind = OptimizerKind::ALL[k];
            let mut o = kind.default_config();
            o.set_real("lr", lr).unwrap();
            for spec in kind.params() {
                let _ = match spec.key {
                    "decay" | "beta1" | "momentum" => o.set_real(spec.key, a),
                    "beta2" => o.set_real(spec.key, b),
                    "eps" | "initial_accumulator" | "lr_decay" => o.set_real(spec.key, eps),
                    "centered" | "amsgrad" | "nesterov" => {
                        o.set(spec.key, rmsprop_lab::core::optim::params::ParamValue::Flag(f1))
                    }
                    "eps_placement" => o.set(
                        spec.key,
                        rmsprop_lab::core::optim::params::ParamValue::Choice(if f2 {
                            "inside"
                        } else {
                            "outside"
                        }),
                    ),
                    _ => Ok(()),
                };
            }
            o
        })
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn scenarios_round_trip_through_json(
        surface in 0usize..13, x in -1e3..1e3f64, y in -1e3..1e3f64, steps in 1usize..100_000,
        runs in prop::collection::vec(arb_optimizer(), 1..6), noise in prop::option::of((0.0..10f64, 0u64..1 << 53, any::<bool>())),
        shift in prop::option::of((0.0..1.0f64, 1e-9..1e9f64, -1e6..1e6f64, -1e6..1e6f64)),
    ) {
        let s = Scenario {
            surface: Surface::Builtin(SurfaceKind::ALL[surface]),
            start: [x, y],
            steps,
            noise: noise.map(|(sigma, seed, relative)| Noise { sigma, seed, relative }),
            // A shift needs at least two steps: after update 1 to steps − 1.
            shift: shift.filter(|_| steps >= 2).map(|(at, scale, a, b)| Shift {
                step: 1 + (at * (steps - 1) as f64) as usize % (steps - 1),
                scale,
                offset: [a, b],
            }),
            runs: runs.into_iter().map(Run::from).collect(),
        };
        let text = s.to_json_pretty();
        prop_assert_eq!(Scenario::from_json(&text).unwrap(), s);
    }
}

#[test]
fn a_shift_is_read_checked_and_written() {
    let doc = |shift: &str| {
        format!(
            r#"{{"surface": "bowl", "steps": 100, "runs": [{{"optimizer": "sgd"}}], "shift": {shift}}}"#
        )
    };
    let s =
        Scenario::from_json(&doc(r#"{"step": 40, "scale": 0.01, "offset": [1, -0.5]}"#)).unwrap();
    assert_eq!(s.shift, Some(Shift { step: 40, scale: 0.01, offset: [1.0, -0.5] }));
    assert_eq!(s.problem().shift, s.shift);
    assert_eq!(Scenario::from_value(&s.to_value()).unwrap(), s);
    // scale and offset may be left out.
    let s = Scenario::from_json(&doc(r#"{"step": 99}"#)).unwrap();
    assert_eq!(s.shift, Some(Shift { step: 99, scale: 1.0, offset: [0.0, 0.0] }));
    rejects(
        &doc(r#"{"step": 0}"#),
        "shift.step",
        "must be at least 1 and less than steps = 100 (got 0)",
    );
    rejects(&doc(r#"{"step": -3}"#), "shift.step", "(got -3)");
    rejects(&doc(r#"{"step": 100}"#), "shift.step", "less than steps = 100 (got 100)");
    rejects(&doc(r#"{"step": 2.5}"#), "shift.step", "whole number");
    rejects(&doc(r#"{"scale": 2}"#), "shift.step", "missing");
    rejects(&doc(r#"{"step": 5, "scale": -1}"#), "shift.scale", "must be > 0 (got -1)");
    rejects(&doc(r#"{"step": 5, "scale": 0}"#), "shift.scale", "must be > 0 (got 0)");
    rejects(&doc(r#"{"step": 5, "scale": "big"}"#), "shift.scale", "expected a number");
    rejects(&doc(r#"{"step": 5, "offset": [1]}"#), "shift.offset", "two numbers");
    rejects(&doc(r#"{"step": 5, "offset": [1, "a"]}"#), "shift.offset[1]", "expected a number");
    rejects(&doc(r#"{"step": 5, "offset": [1, 1e7]}"#), "shift.offset", "within");
    rejects(&doc(r#"{"step": 5, "shape": 1}"#), "shift.shape", "unknown field");
    rejects(&doc("3"), "shift", "expected an object");
    // A huge number overflows to infinity when parsed: not finite, not a valid scale.
    assert!(Scenario::from_json(&doc(r#"{"step": 5, "scale": 1e999}"#)).is_err());
}

#[test]
fn a_window_from_numbers_is_checked_as_a_scenario_window_is() {
    use rmsprop_lab::core::scenario::{check_window, parse_window};
    let msg = |r: Result<_, rmsprop_lab::core::scenario::ScenarioError>| r.unwrap_err().to_string();
    assert_eq!(
        msg(check_window([0.0, f64::NAN], [0.0, 1.0], "w")),
        "w[0][1]: must be a finite number"
    );
    assert_eq!(
        msg(check_window([1.0, 0.0], [0.0, 1.0], "w")),
        "w: x range must increase (got 1 to 0)"
    );
    let doc = Scenario::from_json(r#"{"surface": {"formula": "x", "window": [[-2, 3], [0, 1e6]]}, "runs": [{"optimizer": "sgd"}]}"#).unwrap();
    let v = rmsprop_lab::core::json::Value::parse("[[-2, 3], [0, 1e6]]").unwrap();
    assert_eq!(check_window([-2.0, 3.0], [0.0, 1e6], "w").unwrap(), parse_window(&v, "w").unwrap());
    assert_eq!(doc.surface.window(), parse_window(&v, "w").unwrap());
    assert!(check_window([0.0, 1.0], [0.0, 2e6], "w").is_err());
}
