//! What the step explainer says about which update it shows and why a run has none: the
//! words come from `view::explainer_text`, so every case is checked here without a browser.

use rmsprop_lab::core::formula::Formula;
use rmsprop_lab::core::optim::OptimizerKind;
use rmsprop_lab::core::surface::{CustomSurface, Surface, SurfaceKind, Window};
use rmsprop_lab::core::trajectory::{run, Problem};
use rmsprop_lab::view::explainer_text::describe;

fn bowl(steps: usize, start: [f64; 2]) -> Problem {
    Problem { surface: Surface::Builtin(SurfaceKind::Bowl), start, steps, noise: None, shift: None }
}

#[test]
fn step_zero_explains_the_update_that_leaves_the_start() {
    let tr = run(&bowl(20, [-4.0, 1.5]), &OptimizerKind::RmsProp.default_config());
    let (intro, warning, equations) = describe(&tr, 0, None);
    assert!(intro.starts_with("Step 0 is the start, so this is update 1"), "{intro}");
    assert!(intro.contains("from (-4, 1.5) to"), "{intro}");
    assert_eq!(warning, None);
    assert!(equations.is_some_and(|h| h.contains("<math")));
    let (intro, _, _) = describe(&tr, 7, None);
    assert!(intro.starts_with("Update 7, the one that produced the current position (step 7)"));
}

#[test]
fn past_the_end_and_a_bad_start_say_so() {
    let tr = run(&bowl(20, [-4.0, 1.5]), &OptimizerKind::Sgd.default_config());
    let (_, warning, equations) = describe(&tr, 25, None);
    assert_eq!(warning.as_deref(), Some("Step 25 is past the end of this run: it has 20 updates."));
    assert!(equations.is_none());
    let bad = run(&bowl(20, [f64::NAN, 0.0]), &OptimizerKind::Sgd.default_config());
    let (_, warning, _) = describe(&bad, 3, None);
    assert_eq!(
        warning.as_deref(),
        Some("The start is not a finite point: there is nothing to explain.")
    );
}

#[test]
fn divergence_names_the_update_and_the_step_the_run_ends_at() {
    let mut sgd = OptimizerKind::Sgd.default_config();
    sgd.set_real("lr", 1e6).unwrap();
    let tr = run(&bowl(50, [-4.0, 1.5]), &sgd);
    let t = tr.diverged_at.expect("a huge rate diverges");
    let (_, warning, _) = describe(&tr, 50, None);
    let warning = warning.unwrap();
    assert!(warning.contains(&format!("at update {t}")), "{warning}");
    assert!(warning.contains(&format!("ends at step {}", t - 1)), "{warning}");

    // Outside log's domain: f is undefined, and the explainer says that, not "diverged".
    let formula = Formula::parse("log(x) + y^2").unwrap();
    let window = Window { x: (0.01, 4.0), y: (-2.0, 2.0) };
    let surface = Surface::Custom(Box::new(CustomSurface { formula, window }));
    let mut big = OptimizerKind::Sgd.default_config();
    big.set_real("lr", 10.0).unwrap();
    let tr =
        run(&Problem { surface, start: [1.0, 1.0], steps: 30, noise: None, shift: None }, &big);
    let (_, warning, _) = describe(&tr, 30, None);
    let warning = warning.unwrap();
    assert!(warning.contains("f is undefined at"), "{warning}");
}
