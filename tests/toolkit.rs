//! The practitioner's toolkit (issue #13): the newer optimizers' defaults are the
//! frameworks', schedules give the frameworks' rates, bad schedules are refused with the
//! field named, links carry schedules, and the reference cases cover everything.

use rmsprop_lab::core::optim::{
    AdaBelief, Adadelta, AdamW, Adamax, Lion, NAdam, Optimizer, OptimizerKind, RAdam, Rprop,
};
use rmsprop_lab::core::scenario::Scenario;
use rmsprop_lab::core::schedule::{Schedule, ScheduleKind};
use rmsprop_lab::core::trajectory::{run, Problem, Run};
use rmsprop_lab::core::url_state::{decode, encode};
use serde_json::Value;

mod common;
use common::{defaults, LIMITS};

fn extra() -> Value {
    serde_json::from_str(include_str!("data/extra_cases.json")).unwrap()
}

/// torch 2.15's and optax 0.2.8's signatures (printed with `inspect.signature`), except
/// Lion's weight decay: optax's default 1e-3 is off here, as for every optimizer.
#[test]
fn defaults_are_the_frameworks() {
    let d = |k: OptimizerKind| k.default_config();
    let adadelta = Adadelta { lr: 1.0, rho: 0.9, eps: 1e-6, weight_decay: 0.0 };
    assert_eq!(d(OptimizerKind::Adadelta), Optimizer::Adadelta(adadelta));
    let adamax = Adamax { lr: 0.002, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.0 };
    assert_eq!(d(OptimizerKind::Adamax), Optimizer::Adamax(adamax));
    let nadam = NAdam {
        lr: 0.002,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        momentum_decay: 0.004,
        weight_decay: 0.0,
    };
    assert_eq!(d(OptimizerKind::NAdam), Optimizer::NAdam(nadam));
    let radam = RAdam { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.0 };
    assert_eq!(d(OptimizerKind::RAdam), Optimizer::RAdam(radam));
    let adamw = AdamW {
        lr: 0.001,
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
        weight_decay: 0.01,
        amsgrad: false,
    };
    assert_eq!(d(OptimizerKind::AdamW), Optimizer::AdamW(adamw));
    let rprop = Rprop { lr: 0.01, eta_minus: 0.5, eta_plus: 1.2, step_min: 1e-6, step_max: 50.0 };
    assert_eq!(d(OptimizerKind::Rprop), Optimizer::Rprop(rprop));
    let lion = Lion { lr: 1e-4, beta1: 0.9, beta2: 0.99, weight_decay: 0.0 };
    assert_eq!(d(OptimizerKind::Lion), Optimizer::Lion(lion));
    let belief = AdaBelief { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-16, eps_root: 1e-16 };
    assert_eq!(d(OptimizerKind::AdaBelief), Optimizer::AdaBelief(belief));
    // Every optimizer but Rprop and AdaBelief has weight decay, 0 but for AdamW.
    for kind in OptimizerKind::ALL {
        let wd = kind.default_config().get("weight_decay");
        let none = matches!(kind, OptimizerKind::Rprop | OptimizerKind::AdaBelief);
        assert_eq!(wd.is_none(), none, "{kind:?}");
    }
}

/// The rates of the frameworks' own schedulers (`schedules` in extra_cases.json).
#[test]
fn schedules_give_the_frameworks_rates() {
    let data = extra();
    let seqs = data["schedules"].as_array().unwrap();
    let mut kinds = Vec::new();
    for s in seqs {
        let doc = serde_json::json!({"surface": "bowl", "steps": 300,
            "runs": [{"optimizer": "sgd", "lr": s["lr"], "schedule": s["schedule"]}]});
        let sc = Scenario::from_json(&doc.to_string()).unwrap();
        let r = sc.runs[0];
        kinds.push(r.schedule.kind());
        let ours: Vec<f64> = r.schedule.rates(r.optimizer.lr()).take(300).collect();
        for (t, (o, want)) in ours.iter().zip(s["rates"].as_array().unwrap()).enumerate() {
            let want = want.as_f64().unwrap();
            assert!(
                (o - want).abs() <= 1e-15 * want.abs().max(1e-300),
                "{s}: update {}: {o} vs {want}",
                t + 1
            );
            assert_eq!(r.schedule.lr_at(r.optimizer.lr(), t + 1), *o);
        }
    }
    for kind in ScheduleKind::ALL.into_iter().filter(|k| *k != ScheduleKind::Constant) {
        assert!(kinds.contains(&kind), "no rates for {kind:?}");
    }
}

#[test]
fn every_optimizer_schedule_and_decay_is_checked_against_a_framework() {
    let data = extra();
    let runs: Vec<&Value> =
        data["cases"].as_array().unwrap().iter().map(|c| &c["scenario"]["runs"][0]).collect();
    let has = |f: &dyn Fn(&Value) -> bool| runs.iter().filter(|r| f(r)).count();
    for kind in OptimizerKind::ALL {
        assert!(has(&|r| r["optimizer"] == kind.name()) >= 2, "{kind:?}");
        if kind.param("weight_decay").is_some() {
            let decayed = |r: &Value| {
                r["optimizer"] == kind.name() && r["weight_decay"].as_f64().unwrap_or(0.0) > 0.0
            };
            assert!(has(&decayed) >= 1, "{kind:?} with weight decay");
        }
    }
    for kind in ScheduleKind::ALL.into_iter().filter(|k| *k != ScheduleKind::Constant) {
        assert!(has(&|r| r["schedule"]["kind"] == kind.name()) >= 2, "{kind:?}");
    }
    assert!(has(&|r| r["initial_scale"].as_f64().unwrap_or(0.0) > 0.0) >= 2);
    assert!(has(&|r| r["bias_correction"] == true) >= 2);
    let diverged = data["cases"].as_array().unwrap().iter().skip(57);
    assert!(diverged.filter(|c| c["diverged"] == true).count() >= 1);
}

fn rejects(schedule: &str, steps: usize, field: &str, needle: &str) {
    let doc = format!(
        r#"{{"surface": "bowl", "steps": {steps}, "runs": [{{"optimizer": "adam"}},
            {{"optimizer": "sgd", "schedule": {schedule}}}]}}"#
    );
    let e = Scenario::from_json(&doc).unwrap_err();
    assert_eq!(e.field, field, "{schedule}: {e}");
    assert!(e.message.contains(needle), "{schedule}: {e}");
}

#[test]
fn bad_schedules_name_the_field() {
    rejects(r#"{"kind": "cyclic"}"#, 100, "runs[1].schedule.kind", "unknown schedule 'cyclic'");
    rejects(r#"{"t_max": 3}"#, 100, "runs[1].schedule.kind", "missing");
    rejects(r#"{"kind": 3}"#, 100, "runs[1].schedule.kind", "expected a string");
    rejects(r#""cosine""#, 100, "runs[1].schedule", "expected an object");
    rejects(r#"{"kind": "cosine"}"#, 100, "runs[1].schedule.t_max", "missing");
    rejects(r#"{"kind": "cosine", "t_max": 0}"#, 100, "runs[1].schedule.t_max", "≥ 1");
    rejects(r#"{"kind": "cosine", "t_max": 2.5}"#, 100, "runs[1].schedule.t_max", "whole");
    rejects(
        r#"{"kind": "cosine", "t_max": 9, "gamma": 1}"#,
        100,
        "runs[1].schedule.gamma",
        "unknown field",
    );
    rejects(
        r#"{"kind": "step", "step_size": 5, "gamma": 0}"#,
        100,
        "runs[1].schedule.gamma",
        "> 0",
    );
    rejects(r#"{"kind": "exponential", "gamma": -1}"#, 100, "runs[1].schedule.gamma", "> 0");
    rejects(r#"{"kind": "exponential"}"#, 100, "runs[1].schedule.gamma", "missing");
    rejects(r#"{"kind": "step", "step_size": "5"}"#, 100, "runs[1].schedule.step_size", "number");
    rejects(
        r#"{"kind": "linear", "start_factor": 0}"#,
        100,
        "runs[1].schedule.start_factor",
        "(0, 1]",
    );
    rejects(
        r#"{"kind": "linear", "end_factor": 1.5}"#,
        100,
        "runs[1].schedule.end_factor",
        "[0, 1]",
    );
    rejects(
        r#"{"kind": "onecycle", "total_steps": 99}"#,
        100,
        "runs[1].schedule.total_steps",
        "at least the run's steps = 100",
    );
    rejects(
        r#"{"kind": "onecycle", "total_steps": 10, "pct_start": 0.1}"#,
        10,
        "runs[1].schedule.pct_start",
        "no length",
    );
    rejects(
        r#"{"kind": "onecycle", "total_steps": 10, "pct_start": 1.5}"#,
        10,
        "runs[1].schedule.pct_start",
        "[0, 1]",
    );
    rejects(
        r#"{"kind": "onecycle", "total_steps": 10, "div_factor": 0}"#,
        10,
        "runs[1].schedule.div_factor",
        "> 0",
    );
    rejects(
        r#"{"kind": "warmup_cosine", "warmup_steps": 10, "decay_steps": 10}"#,
        10,
        "runs[1].schedule.decay_steps",
        "more than warmup_steps",
    );
    rejects(
        r#"{"kind": "warmup_cosine", "decay_steps": 10}"#,
        10,
        "runs[1].schedule.warmup_steps",
        "missing",
    );
    let bad_opt = r#"{"surface": "bowl", "runs": [{"optimizer": "rprop", "eta_plus": 1}]}"#;
    let e = Scenario::from_json(bad_opt).unwrap_err();
    assert_eq!((e.field.as_str(), e.message.contains("> 1")), ("runs[0].eta_plus", true), "{e}");
    let bad_opt = r#"{"surface": "bowl", "runs": [{"optimizer": "adabelief", "weight_decay": 1}]}"#;
    let e = Scenario::from_json(bad_opt).unwrap_err();
    assert!(e.to_string().starts_with("runs[0].weight_decay: unknown field for adabelief"), "{e}");
}

#[test]
fn scheduled_runs_round_trip_through_scenarios_and_links() {
    for (i, kind) in ScheduleKind::ALL.into_iter().enumerate() {
        let optimizer = OptimizerKind::ALL[i % OptimizerKind::ALL.len()].default_config();
        let run = Run { optimizer, schedule: kind.example(400) };
        let doc = serde_json::json!({"surface": "beale", "steps": 400,
            "runs": [serde_json::from_str::<serde_json::Value>(
                &rmsprop_lab::core::scenario::run_to_value(&run).to_string()).unwrap()]});
        let sc = Scenario::from_json(&doc.to_string()).unwrap();
        assert_eq!(sc.runs, vec![run], "{doc}");
        assert_eq!(Scenario::from_json(&sc.to_json_pretty()).unwrap(), sc);

        let mut s = defaults(None);
        (s.steps, s.step) = (400, 400);
        s.runs[0].optimizer = optimizer;
        s.runs[0].schedule = kind.example(400);
        let q = encode(&s);
        assert_eq!(q.contains(",schedule="), kind != ScheduleKind::Constant, "{q}");
        let d = decode(&q, &LIMITS, defaults);
        assert!(d.notices.is_empty(), "{q}: {:?}", d.notices);
        assert_eq!(d.state.runs, s.runs, "{q}");
    }
    let q = "steps=100&run=adam,lr=0.1,schedule=cosine:t_max=50:eta_min=0.001";
    let d = decode(q, &LIMITS, defaults);
    let want = Schedule::Cosine { t_max: 50.0, eta_min: 0.001 };
    assert_eq!(d.state.runs[0].schedule, want);
    let q = "steps=100&run=adam,lr=0.1,schedule=onecycle:total_steps=50";
    let d = decode(q, &LIMITS, defaults);
    assert_eq!(d.state.runs[0].schedule, Schedule::default(), "refused: {:?}", d.notices);
    assert!(
        d.notices[0].starts_with("schedule of run 1: total_steps: must be at least"),
        "{:?}",
        d.notices
    );
    let d = decode("run=sgd,schedule=cyclic", &LIMITS, defaults);
    assert!(d.notices[0].contains("unknown schedule 'cyclic'"), "{:?}", d.notices);
}

/// The CSV's `lr` column is the rate each update used; the effective rate includes it.
#[test]
fn the_scheduled_rate_is_recorded_and_in_the_effective_rate() {
    let p = Problem::new(rmsprop_lab::core::surface::SurfaceKind::Bowl.into(), 30);
    let sgd = OptimizerKind::Sgd.default_config();
    let spec = Run { optimizer: sgd, schedule: Schedule::Exponential { gamma: 0.5 } };
    let tr = run(&p, &spec);
    for (t, rec) in tr.steps.iter().enumerate() {
        let lr = 0.001 * 0.5f64.powi(t as i32);
        assert!((rec.lr - lr).abs() <= 1e-18, "update {}", t + 1);
        assert_eq!(rec.eff_lr, [rec.lr, rec.lr]);
    }
    let csv = rmsprop_lab::core::export::trajectories_csv(std::slice::from_ref(&tr));
    let second: Vec<&str> = csv.lines().nth(2).unwrap().split(',').collect();
    assert_eq!(second.last().unwrap().parse::<f64>().unwrap(), tr.steps[1].lr);
    // An explanation shows the same rate.
    let e = rmsprop_lab::core::explain::explain(&tr, 5).unwrap();
    assert_eq!(e.lr, tr.steps[4].lr);
}

/// The explainer has words and rows for every optimizer, and what it says is true.
#[test]
fn the_explainer_covers_the_newer_optimizers_truthfully() {
    use rmsprop_lab::view::equations::rows;
    use rmsprop_lab::view::explainer_text::gist;
    let p = Problem::new(rmsprop_lab::core::surface::SurfaceKind::Himmelblau.into(), 10);
    for kind in OptimizerKind::ALL {
        let mut o = kind.default_config();
        if kind.param("weight_decay").is_some() {
            o.set_real("weight_decay", 0.1).unwrap();
        }
        let g = gist(&o);
        let sentences = g.matches(". ").count() + 1;
        assert!((2..=9).contains(&sentences), "{kind:?}: {g}");
        let classic = OptimizerKind::ALL[..4].contains(&kind);
        assert!(classic || g.contains("ffective learning rate"), "{g}");
        let e = rmsprop_lab::core::explain::explain(&run(&p, &o), 3).unwrap();
        let keys: Vec<_> = rows(&e).iter().map(|r| r.key).collect();
        for key in ["g", "delta", "theta"] {
            assert!(keys.contains(&key), "{kind:?}: {keys:?}");
        }
        // The classic ones show coupled decay as a row; the newer ones their effective rate.
        let shown = if classic { "decay" } else { "eff" };
        assert!(keys.contains(&shown), "{kind:?}: {keys:?}");
    }
    // RAdam: the first five steps at β₂ = 0.999 are not rectified, the sixth is.
    let radam = RAdam::default();
    let bias2 = |t: f64| 1.0 - 0.999f64.powf(t);
    assert!((1..=5).all(|t| radam.rectification(t as f64, bias2(t as f64)).is_none()));
    assert!(radam.rectification(6.0, bias2(6.0)).is_some());
    // Adadelta's first step is about α·√ε/√(1 − ρ), whatever g.
    let mut a = OptimizerKind::Adadelta.default_config();
    a.set_real("lr", 1.0).unwrap();
    let tr = run(&p, &a);
    let want = 1e-3 / 0.1f64.sqrt();
    assert!(
        tr.steps[0].delta.iter().all(|d| (d.abs() - want).abs() < 1e-3 * want),
        "{:?}",
        tr.steps[0]
    );
    // Lion and Rprop: the step is the effective rate, per coordinate.
    for kind in [OptimizerKind::Lion, OptimizerKind::Rprop] {
        let tr = run(&p, &kind.default_config());
        for s in &tr.steps {
            for c in 0..2 {
                assert!(s.delta[c].abs() == s.eff_lr[c] || s.delta[c] == 0.0, "{kind:?} {s:?}");
            }
        }
    }
}

fn trace(args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_trace"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn trace_writes_the_scheduled_rate_and_names_a_bad_field() {
    let doc = r#"{"surface": "bowl", "steps": 4, "runs": [{"optimizer": "lion", "lr": 0.1,
        "schedule": {"kind": "step", "step_size": 2, "gamma": 0.5}}]}"#;
    let out = trace(&["--csv", "-"], doc);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lr: Vec<&str> = text.lines().skip(1).map(|l| l.rsplit(',').next().unwrap()).collect();
    assert_eq!(lr, ["0.1", "0.1", "0.05", "0.05", ""]);
    let json = trace(&["-"], doc);
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["runs"][0]["params"]["schedule"]["kind"], "step");
    let bad = doc.replace("\"gamma\": 0.5", "\"gamma\": 0");
    let out = trace(&["-"], &bad);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("runs[0].schedule.gamma: must be > 0 (got 0)"), "{err}");
}
