//! "Copy as code" (`core::code`): each framework's script carries the run's own numbers and
//! the frameworks' names for them, a run a framework cannot run is left out with one
//! sentence naming the setting, and no input panics. That the scripts print `trace`'s
//! points is checked by running them (`tests/data/check_snippets.py`).

use rmsprop_lab::core::code::{scene_code, Framework};
use rmsprop_lab::core::formula::Formula;
use rmsprop_lab::core::optim::OptimizerKind;
use rmsprop_lab::core::scenario::Scenario;
use std::process::Command;

fn code(scenario: &str, fw: Framework) -> Result<String, String> {
    let s = Scenario::from_json(scenario).unwrap();
    scene_code(&s.problem(), &s.runs, fw)
}

fn one(run: &str, fw: Framework) -> Result<String, String> {
    code(&format!(r#"{{"surface": "rosenbrock", "steps": 50, "runs": [{run}]}}"#), fw)
}

#[test]
fn every_optimizer_gets_a_script_or_a_sentence_in_every_framework() {
    for fw in Framework::ALL {
        assert_eq!(Framework::from_name(fw.name()), Some(fw));
        for kind in OptimizerKind::ALL {
            match one(&format!(r#"{{"optimizer": "{}", "lr": 0.0123}}"#, kind.name()), fw) {
                Ok(text) => {
                    assert!(text.contains("0.0123"), "{fw:?} {kind:?}: the rate is missing");
                    assert!(text.contains("print(run, k, x, y)"), "{fw:?} {kind:?}");
                }
                Err(why) => {
                    assert!(
                        why.starts_with(&format!(
                            "Run 0 ({}): {} cannot run",
                            kind.title(),
                            fw.title()
                        )),
                        "{why}"
                    );
                    assert_eq!(why.matches(". ").count(), 0, "one sentence: {why}");
                    assert!(why.ends_with('.'), "{why}");
                }
            }
        }
    }
}

#[test]
fn torch_gets_its_own_names_and_every_setting() {
    let t = one(
        r#"{"optimizer": "rmsprop", "lr": 0.02, "decay": 0.95, "eps": 1e-6,
            "eps_placement": "outside", "momentum": 0.5, "centered": true, "weight_decay": 0.1}"#,
        Framework::Torch,
    )
    .unwrap();
    assert!(t.contains(
        "torch.optim.RMSprop([p], lr=0.02, alpha=0.95, eps=1e-6, momentum=0.5, centered=True, \
         weight_decay=0.1)"
    ));
    assert!(t.contains("p = torch.tensor([-1.5, 2.0], requires_grad=True)"));
    assert!(t.contains("torch.set_default_dtype(torch.float64)"));
    assert!(t.contains("STEPS = 50"));
    let adam = one(r#"{"optimizer": "adam", "lr": 0.1, "beta1": 0.8}"#, Framework::Torch).unwrap();
    assert!(adam.contains("betas=(0.8, 0.999)"));
}

#[test]
fn what_a_framework_cannot_run_is_named_with_the_reason() {
    let rms = r#"{"optimizer": "rmsprop", "lr": 0.01}"#;
    let e = one(rms, Framework::Torch).unwrap_err();
    assert!(
        e.contains("eps_placement = inside: torch.optim.RMSprop adds ε outside the root"),
        "{e}"
    );
    assert!(one(rms, Framework::Optax).unwrap().contains("eps_in_sqrt=True"));
    assert!(one(rms, Framework::Keras).unwrap().contains("keras.optimizers.RMSprop("));
    let lion = r#"{"optimizer": "lion", "lr": 0.01}"#;
    assert!(one(lion, Framework::Torch).unwrap_err().contains("torch.optim has no Lion"));
    assert!(one(lion, Framework::Optax).unwrap().contains("optax.lion(learning_rate=0.01"));
    let nadam = r#"{"optimizer": "nadam", "lr": 0.01}"#;
    assert!(one(nadam, Framework::Keras).unwrap_err().contains("momentum_decay = 0.004"));
    let keras_nadam = r#"{"optimizer": "nadam", "lr": 0.01, "momentum_decay": 1}"#;
    assert!(one(keras_nadam, Framework::Keras).unwrap().contains("keras.optimizers.Nadam("));
    // A schedule with momentum: optax and Keras sum the rate into the momentum.
    let sgd = r#"{"optimizer": "sgd", "lr": 0.01, "momentum": 0.9,
                  "schedule": {"kind": "exponential", "gamma": 0.99}}"#;
    assert!(one(sgd, Framework::Keras).unwrap_err().contains("momentum = 0.9 with a schedule"));
    assert!(one(sgd, Framework::Optax).is_ok(), "optax.sgd's trace holds the raw gradients");
    // A scene keeps the runs it can and says why it leaves the others out.
    let scene = code(
        r#"{"surface": "bowl", "runs": [{"optimizer": "rmsprop"}, {"optimizer": "adam"}]}"#,
        Framework::Torch,
    )
    .unwrap();
    assert!(scene.contains("# Run 0 (RMSProp) is left out. PyTorch cannot run eps_placement"));
    assert!(scene.contains("# Run 1: Adam\n"));
}

#[test]
fn schedules_are_the_frameworks_own_or_a_rate_function() {
    let run = r#"{"optimizer": "adam", "lr": 0.05, "schedule": {"kind": "cosine", "t_max": 30}}"#;
    let t = one(run, Framework::Torch).unwrap();
    assert!(t.contains("torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=30, eta_min=0.0)"));
    let o = one(run, Framework::Optax).unwrap();
    assert!(o.contains("def rate0(c):"));
    assert!(o.contains("optax.adam(learning_rate=lambda count: rate0(int(count))"));
    let warm = r#"{"optimizer": "sgd", "lr": 0.1,
                   "schedule": {"kind": "warmup_cosine", "warmup_steps": 5, "decay_steps": 40}}"#;
    let t = one(warm, Framework::Torch).unwrap();
    assert!(t.contains("trace(0, p, opt, rate=rate0)"), "{t}");
    let cycle = r#"{"optimizer": "adam", "lr": 0.05, "eps_hat": true,
                    "schedule": {"kind": "onecycle", "total_steps": 50}}"#;
    let k = one(cycle, Framework::Keras).unwrap();
    assert!(k.contains("def anneal(start, end, pct):") && k.contains("rate=rate0"));
}

#[test]
fn weight_decay_is_coupled_as_pytorch_couples_it() {
    let run = r#"{"optimizer": "adam", "lr": 0.05, "eps_hat": true, "weight_decay": 0.1}"#;
    assert!(one(run, Framework::Keras).unwrap().contains(", wd=0.1)"));
    let run = r#"{"optimizer": "adam", "lr": 0.05, "weight_decay": 0.1}"#;
    assert!(one(run, Framework::Optax)
        .unwrap()
        .contains("optax.chain(optax.add_decayed_weights(0.1), optax.adam("));
    let lion = r#"{"optimizer": "lion", "lr": 0.01, "weight_decay": 0.2}"#;
    assert!(one(lion, Framework::Keras).unwrap().contains("weight_decay=0.2)"));
}

#[test]
fn formulas_print_as_python_with_every_operation_in_parentheses() {
    let py = |s: &str| Formula::parse(s).unwrap().python("jnp");
    assert_eq!(py("-x^2 + y"), "((-(x ** 2)) + y)");
    assert_eq!(py("2^3^2*x"), "(512.0 * x)");
    assert_eq!(py("x - -3"), "(x - (-3.0))");
    assert_eq!(py("sin(x)/log(y)"), "(jnp.sin(x) / jnp.log(y))");
    assert_eq!(py("x^0.5 + 1/0"), "((x ** 0.5) + float('inf'))");
    assert_eq!(py("2^x"), "(2.0 ** x)");
    let custom = r#"{"surface": {"formula": "tanh(x) + y^2", "window": [[-2, 2], [-2, 2]]},
                     "runs": [{"optimizer": "sgd", "lr": 0.1}]}"#;
    assert!(code(custom, Framework::Torch).unwrap().contains("return (torch.tanh(x) + (y ** 2))"));
    assert!(code(custom, Framework::Keras).unwrap().contains("return (jnp.tanh(x) + (y ** 2))"));
    // A newline typed in the formula stays inside the comment that names the surface.
    let typed = custom.replace("tanh(x) + y^2", "tanh(x) +\\n y^2");
    let text = code(&typed, Framework::Optax).unwrap();
    assert!(
        text.starts_with("# rmsprop-lab: 300 steps on f(x, y) = tanh(x) +  y^2, in optax"),
        "{text}"
    );
    let none = Scenario::from_json(custom).unwrap();
    assert!(scene_code(&none.problem(), &[], Framework::Torch).unwrap_err().contains("no run"));
}

#[test]
fn noise_data_and_shuffles_are_said_plainly() {
    let noisy = r#"{"surface": "bowl", "noise": {"sigma": 0.5, "seed": 1},
                    "runs": [{"optimizer": "sgd"}]}"#;
    for fw in Framework::ALL {
        assert!(code(noisy, fw).unwrap_err().contains("gradient noise"));
    }
    let data = r#"{"surface": {"model": "linear_regression", "data": [[0, 1], [1, 3], [2, 5]]},
                   "batch_size": 2, "runs": [{"optimizer": "adam", "lr": 0.1}]}"#;
    let t = code(data, Framework::Torch).unwrap();
    assert!(t.contains("DataLoader(TensorDataset(ROWS), batch_size=2, shuffle=False)"));
    assert!(t.contains("[1.0, 3.0],"));
    assert!(code(data, Framework::Optax).unwrap_err().contains("PyTorch only"));
    let shuffled =
        data.replace("\"batch_size\": 2", "\"batch_size\": 2, \"shuffle\": true, \"seed\": 4");
    assert!(code(&shuffled, Framework::Torch).unwrap_err().contains("shuffle"));
    let shifted = r#"{"surface": "bowl", "steps": 20, "shift": {"step": 5, "scale": 2, "offset": [1, 0]},
                      "runs": [{"optimizer": "sgd"}]}"#;
    assert!(code(shifted, Framework::Optax)
        .unwrap()
        .contains("f(x, y) if k < 5 else 2.0 * f(x - 1.0, y)"));
}

#[test]
fn trace_prints_a_script_or_the_reasons() {
    let dir = std::env::temp_dir().join(format!("code-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.json");
    std::fs::write(&path, r#"{"surface": "bowl", "runs": [{"optimizer": "lion", "lr": 0.01}]}"#)
        .unwrap();
    let trace =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_trace")).args(args).output().unwrap();
    let p = path.to_str().unwrap();
    let ok = trace(&["--code", "optax", p]);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("optax.lion("));
    let no = trace(&["--code", "torch", p]);
    assert_eq!(no.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no.stderr).contains("torch.optim has no Lion"));
    let bad = trace(&["--code", "jax", p]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--code needs torch, optax or keras"));
    let both = trace(&["--csv", "--code", "keras", p]);
    assert_eq!(both.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}
