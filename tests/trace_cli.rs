//! `trace` as a process: good scenarios, each kind of bad input, diverging runs.

use rmsprop_lab::core::surface::SurfaceKind;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn trace(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trace"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start trace");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// Exit code 2 and exactly one line on stderr containing `words`; nothing on stdout.
fn fails_with(args: &[&str], stdin: &str, words: &str) {
    let out = trace(args, stdin);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "exit code for {stdin:?}: stderr {err}");
    assert_eq!(err.lines().count(), 1, "one line on stderr, got: {err}");
    assert!(err.contains(words), "stderr lacks '{words}': {err}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
    assert!(out.stdout.is_empty());
}

const GOOD: &str = r#"{"surface": "bowl", "start": [-4, 1.5], "steps": 20,
    "runs": [{"optimizer": "rmsprop", "lr": 0.05}, {"optimizer": "adam", "lr": 0.1}]}"#;

#[test]
fn prints_one_trajectory_per_run() {
    let out = trace(&["-"], GOOD);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["optimizer"], "rmsprop");
    assert_eq!(runs[1]["optimizer"], "adam");
    for r in runs {
        assert_eq!(r["points"].as_array().unwrap().len(), 21);
        assert_eq!(r["loss"].as_array().unwrap().len(), 21);
        assert_eq!(r["points"][0], serde_json::json!([-4.0, 1.5]));
        assert!(r["diverged_at"].is_null());
        // Both methods make progress on the bowl.
        assert!(r["loss"][20].as_f64().unwrap() < r["loss"][0].as_f64().unwrap());
    }
    // The complete settings are echoed, defaults included.
    assert_eq!(runs[0]["params"]["decay"], 0.9);
    assert_eq!(runs[0]["params"]["eps_placement"], "inside");
}

#[test]
fn reads_a_file_and_writes_csv() {
    let dir = std::env::temp_dir().join(format!("trace-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("scenario.json");
    std::fs::write(&path, GOOD).unwrap();
    let out = trace(&["--csv", path.to_str().unwrap()], "");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "run,step,x,y,loss,grad_x,grad_y,eff_lr_x,eff_lr_y,g_x,g_y,lr");
    assert_eq!(lines.len(), 1 + 2 * 21);
    let first: Vec<f64> = lines[1].split(',').map(|c| c.parse().unwrap()).collect();
    assert_eq!(&first[..4], &[0.0, 0.0, -4.0, 1.5]);
    // bowl: f = 0.1x² + 2y², ∇f = (0.2x, 4y).
    assert_eq!(first[4], 0.1 * 16.0 + 2.0 * 2.25);
    assert_eq!(&first[5..7], &[-0.8, 6.0]);
    // RMSProp's first effective rate: α/√((1 − ρ)g² + ε).
    assert!((first[7] - 0.05 / (0.1f64 * 0.64 + 1e-8).sqrt()).abs() < 1e-12);
    // Without noise the gradient used is the exact one.
    assert_eq!(&first[9..11], &first[5..7]);
    assert!(lines[21].ends_with(",,,,"), "last row of a run has no next update: {}", lines[21]);
    assert!(lines[22].starts_with("1,0,"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_diverging_run_stops_and_says_where() {
    let out = trace(
        &["-"],
        r#"{"surface": "saddle", "start": [-2.5, 0.05], "steps": 5000,
            "runs": [{"optimizer": "sgd", "lr": 0.5}, {"optimizer": "rmsprop", "lr": 0.01}]}"#,
    );
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sgd = &v["runs"][0];
    let k = sgd["diverged_at"].as_u64().expect("sgd diverges on the saddle") as usize;
    let points = sgd["points"].as_array().unwrap();
    assert_eq!(points.len(), k, "points hold exactly the finite positions before step {k}");
    assert!(points
        .iter()
        .flat_map(|p| p.as_array().unwrap())
        .all(|c| c.as_f64().unwrap().is_finite()));
    // The other run is unaffected.
    assert!(v["runs"][1]["diverged_at"].is_null());
    assert_eq!(v["runs"][1]["points"].as_array().unwrap().len(), 5001);
}

#[test]
fn bad_input_exits_2_with_one_line() {
    fails_with(&[], "", "no scenario given");
    fails_with(&["--frobnicate", "-"], "", "unknown option '--frobnicate'");
    fails_with(&["a.json", "b.json"], "", "more than one scenario");
    fails_with(&["/nonexistent/scenario.json"], "", "cannot read /nonexistent/scenario.json");
    fails_with(&["-"], "", "not valid JSON");
    fails_with(&["-"], "{\"surface\": \"bowl\",\n \"runs\": [", "not valid JSON");
    fails_with(&["-"], "\u{0}\u{1}garbage", "not valid JSON");
    fails_with(
        &["-"],
        r#"{"surface": "moon", "runs": [{"optimizer": "sgd"}]}"#,
        "surface: unknown surface 'moon'",
    );
    fails_with(
        &["-"],
        r#"{"surface": "bowl", "runs": [{"optimizer": "sgd", "lr": -1}]}"#,
        "runs[0].lr: must be > 0",
    );
    fails_with(
        &["-"],
        r#"{"surface": "bowl", "runs": [{"optimizer": "rmsprop", "decay": 1.5}]}"#,
        "runs[0].decay",
    );
    fails_with(
        &["-"],
        r#"{"surface": "bowl", "runs": [{"optimizer": "adam", "eps": -1}]}"#,
        "runs[0].eps",
    );
    fails_with(
        &["-"],
        r#"{"surface": "bowl", "steps": 0, "runs": [{"optimizer": "sgd"}]}"#,
        "steps",
    );
    fails_with(&["-"], r#"{"surface": "bowl", "runs": []}"#, "runs: must list at least one run");
    fails_with(
        &["-"],
        r#"{"surface": "bowl", "runs": [{"optimizer": "sgd", "speed": 3}]}"#,
        "runs[0].speed: unknown field",
    );
    fails_with(
        &["-"],
        r#"{"surface": {"formula": "x^", "window": [[0, 1], [0, 1]]}, "runs": [{"optimizer": "sgd"}]}"#,
        "surface.formula: at position 2",
    );
}

#[test]
fn non_utf8_input_is_refused() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trace"))
        .arg("-")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&[0xff, 0xfe, 0x7b]).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not UTF-8"));
}

#[test]
fn a_custom_formula_runs() {
    let out = trace(
        &["-"],
        r#"{"surface": {"formula": "(x - 1)^2 + 10*(y + 2)^2", "window": [[-3, 3], [-4, 1]]},
            "start": [-2, 0], "steps": 400, "runs": [{"optimizer": "adam", "lr": 0.05}]}"#,
    );
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let last = &v["runs"][0]["points"][400];
    assert!((last[0].as_f64().unwrap() - 1.0).abs() < 0.05, "{last}");
    assert!((last[1].as_f64().unwrap() + 2.0).abs() < 0.05, "{last}");
}

#[test]
fn a_catalog_formula_typed_as_a_custom_surface_runs_as_the_built_in() {
    // The same function through the formula parser and through the compiled catalog: the
    // trajectories agree to the last bit, for every optimizer, in both output formats.
    let runs = r#"[{"optimizer": "rmsprop", "lr": 0.01}, {"optimizer": "adam", "lr": 0.05},
                   {"optimizer": "adagrad", "lr": 0.5}, {"optimizer": "sgd", "lr": 0.0015, "momentum": 0.5}]"#;
    for kind in ["rosenbrock", "himmelblau", "ackley"] {
        let info = SurfaceKind::from_name(kind).unwrap().info();
        let w = info.window;
        let builtin = format!(r#"{{"surface": "{kind}", "steps": 300, "runs": {runs}}}"#);
        let custom = format!(
            r#"{{"surface": {{"formula": "{}", "window": [[{}, {}], [{}, {}]]}}, "start": [{}, {}], "steps": 300, "runs": {runs}}}"#,
            info.formula, w.x.0, w.x.1, w.y.0, w.y.1, info.start[0], info.start[1]
        );
        for args in [&["-"][..], &["--csv", "-"][..]] {
            let (a, b) = (trace(args, &builtin), trace(args, &custom));
            assert!(a.status.success() && b.status.success(), "{kind}");
            assert!(a.stdout == b.stdout, "{kind} {args:?}: the custom formula's output differs");
        }
    }
}

#[test]
fn a_shift_changes_the_objective_after_its_step() {
    // Updates 1 and 2 see f; from point 2 on the loss is 0.01·f(θ − (1, −0.5)).
    let scenario = r#"{"surface": "bowl", "start": [-4, 1.5], "steps": 4,
        "runs": [{"optimizer": "sgd", "lr": 0.1}],
        "shift": {"step": 2, "scale": 0.01, "offset": [1, -0.5]}}"#;
    let out = trace(&["-"], scenario);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &v["runs"][0];
    let f = |p: &Value| {
        let (x, y) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
        0.1 * x * x + 2.0 * y * y
    };
    for k in 0..=4 {
        let p = &run["points"][k];
        let shifted =
            serde_json::json!([p[0].as_f64().unwrap() - 1.0, p[1].as_f64().unwrap() + 0.5]);
        let expected = if k < 2 { f(p) } else { 0.01 * f(&shifted) };
        let loss = run["loss"][k].as_f64().unwrap();
        assert!((loss - expected).abs() <= 1e-12 * expected.abs().max(1.0), "loss {k}");
    }
    // Update 3 uses the shifted gradient: 0.01·∇f at point 2 − offset.
    let (p2, p3) = (&run["points"][2], &run["points"][3]);
    let gx = 0.01 * 0.2 * (p2[0].as_f64().unwrap() - 1.0);
    let dx = p3[0].as_f64().unwrap() - p2[0].as_f64().unwrap();
    assert!((dx + 0.1 * gx).abs() < 1e-15, "{dx} vs {}", -0.1 * gx);
    fails_with(&["-"], &scenario.replace(r#""step": 2"#, r#""step": 4"#), "shift.step");
    fails_with(&["-"], &scenario.replace("0.01", "-1"), "shift.scale: must be > 0 (got -1)");
    fails_with(&["-"], &scenario.replace("[1, -0.5]", "[1]"), "shift.offset");
}

#[test]
fn csv_gives_adams_effective_rate_as_the_scale_on_m_hat() {
    // At update 1, v̂ = g², so α/(√v̂ + ε) = α/(|g| + ε); with ε-hat α·√(1−β₂)/(√v + ε).
    let scenario = r#"{"surface": "bowl", "start": [-4, 1.5], "steps": 2,
        "runs": [{"optimizer": "adam", "lr": 0.1, "eps": 0.01},
                 {"optimizer": "adam", "lr": 0.1, "eps": 0.01, "eps_hat": true}]}"#;
    let out = trace(&["--csv", "-"], scenario);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let row = |run: &str| {
        let line = text.lines().find(|l| l.starts_with(&format!("{run},0,"))).unwrap();
        line.split(',').map(|c| c.parse::<f64>().unwrap()).collect::<Vec<_>>()
    };
    let (plain, keras) = (row("0"), row("1"));
    let g = plain[5].abs();
    assert!((plain[7] - 0.1 / (g + 0.01)).abs() < 1e-15, "{}", plain[7]);
    let b2 = 0.001f64.sqrt();
    assert!((keras[7] - 0.1 * b2 / (b2 * g + 0.01)).abs() < 1e-15, "{}", keras[7]);
}

#[test]
fn csv_gives_the_noisy_gradient_each_update_used_so_a_run_replays_from_the_file() {
    // SGD: θ_k = θ_{k−1} − α·g_k, with g the noisy gradient in the CSV's g columns.
    let scenario = r#"{"surface": "bowl", "start": [-4, 1.5], "steps": 20,
        "runs": [{"optimizer": "sgd", "lr": 0.1}], "noise": {"sigma": 0.5, "seed": 3}}"#;
    let out = trace(&["--csv", "-"], scenario);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<f64>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|c| c.parse().unwrap_or(f64::NAN)).collect())
        .collect();
    let mut p = [rows[0][2], rows[0][3]];
    for k in 0..20 {
        let (exact, used) = ([rows[k][5], rows[k][6]], [rows[k][9], rows[k][10]]);
        assert_ne!(exact, used, "noise changes the gradient used at step {k}");
        p = [p[0] - 0.1 * used[0], p[1] - 0.1 * used[1]];
        assert_eq!(p, [rows[k + 1][2], rows[k + 1][3]], "replayed step {}", k + 1);
    }
}

const DATA: &str = r#"{"surface": {"model": "linear_regression", "data": [[0, 1], [1, 3], [2, 5.5], [3, 6.5], [4, 9]]},
    "steps": 6, "batch_size": 2, "runs": [{"optimizer": "sgd", "lr": 0.05}]}"#;

#[test]
fn data_scenes_print_the_batch_of_each_update_and_the_full_batch_loss() {
    let out = trace(&["-"], DATA);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &v["runs"][0];
    // 5 rows in batches of 2: batches 0, 1, 2 (one row), then the next epoch.
    assert_eq!(run["batches"], serde_json::json!([0, 1, 2, 0, 1, 2]));
    // loss[0] at (0, 0): the mean of y² over all five rows.
    assert_eq!(run["loss"][0], (1.0 + 9.0 + 30.25 + 42.25 + 81.0) / 5.0);
    // Update 1 uses rows 0 and 1: ∇ = (mean 2r·x, mean 2r) = (−3, −4).
    assert_eq!(run["points"][1], serde_json::json!([0.05 * 3.0, 0.05 * 4.0]));
    // A formula scene has no batches.
    let formula: Value = serde_json::from_slice(&trace(&["-"], GOOD).stdout).unwrap();
    assert!(formula["runs"][0].get("batches").is_none());
}

#[test]
fn data_scenes_add_a_batch_column_to_the_csv() {
    let out = trace(&["--csv", "-"], DATA);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "run,step,x,y,loss,grad_x,grad_y,eff_lr_x,eff_lr_y,g_x,g_y,lr,batch");
    assert_eq!(lines.len(), 1 + 7);
    let row1: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(row1.len(), 13);
    // g is the batch's gradient, grad the full batch's; batch 0 left step 0.
    assert_eq!((row1[9], row1[10], row1[12]), ("-3", "-4", "0"));
    assert_eq!((row1[5], row1[6]), ("-27.8", "-10"));
    assert!(lines[3].ends_with(",2"));
    assert!(lines[7].ends_with(",,,,,,"), "the last row has no update: {}", lines[7]);
}

#[test]
fn bad_data_exits_2_with_one_line_naming_the_field() {
    let data = |s: &str| {
        format!(
            r#"{{"surface": {{"model": "linear_regression", "data": {s}}}, "runs": [{{"optimizer": "sgd"}}]}}"#
        )
    };
    fails_with(
        &["-"],
        &data("[[1, 2]]").replace("linear_regression", "tree"),
        "surface.model: unknown model 'tree'",
    );
    fails_with(&["-"], &data("[[1, 2, 3]]"), "surface.data[0]: expected 2 values (x, y), got 3");
    fails_with(
        &["-"],
        &data("[[1, 2]]").replace("linear_regression", "logistic_regression"),
        "surface.data[0]: expected 3 values",
    );
    let labels = data("[[1, 2, 0.5]]").replace("linear_regression", "logistic_regression");
    fails_with(&["-"], &labels, "surface.data[0][2]: a label must be 0 or 1 (got 0.5)");
    fails_with(&["-"], &data("[]"), "surface.data: must have 1 to 10000 rows (got 0)");
    fails_with(
        &["-"],
        &data(r#"{"generate": {"n": 0}}"#),
        "surface.data.generate.n: must be in [1, 10000] (got 0)",
    );
    fails_with(&["-"], &data(r#"{"generate": {"n": 20000}}"#), "surface.data.generate.n");
    fails_with(
        &["-"],
        &data(r#"{"generate": {"noise": -1}}"#),
        "surface.data.generate.noise: must be in [0, 1000] (got -1)",
    );
    fails_with(
        &["-"],
        &data(r#"{"generate": {"n": 4}}"#).replace(r#""runs""#, r#""batch_size": 5, "runs""#),
        "batch_size: must be a whole number from 1 to the number of rows, 4 (got 5)",
    );
    fails_with(
        &["-"],
        &data("[[1, 2]]").replace(r#""runs""#, r#""batch_size": 0, "runs""#),
        "batch_size",
    );
    fails_with(&["-"], &data("[[1e400, 2]]"), "not valid JSON");
}
