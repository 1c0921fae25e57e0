//! The explainer's equations: the right rows for each optimizer and option, the numbers of
//! the update substituted, valid markup.

use rmsprop_lab::core::explain::{explain, Explanation};
use rmsprop_lab::core::optim::params::ParamValue;
use rmsprop_lab::core::optim::{Optimizer, OptimizerKind};
use rmsprop_lab::core::surface::SurfaceKind;
use rmsprop_lab::core::trajectory::{run, Noise, Problem};
use rmsprop_lab::view::equations::{rows, to_html, Row};
use rmsprop_lab::view::mathml::{num, operand};

fn optimizer(kind: OptimizerKind, settings: &[(&str, ParamValue)]) -> Optimizer {
    let mut o = kind.default_config();
    for (k, v) in settings {
        o.set(k, *v).unwrap();
    }
    o
}

/// Update `t` of `opt` on the bowl 0.1x² + 2y² from (−4, 1.5).
fn update(opt: Optimizer, t: usize, noise: Option<Noise>) -> Explanation {
    let p = Problem {
        surface: SurfaceKind::Bowl.into(),
        start: [-4.0, 1.5],
        steps: t,
        noise,
        shift: None,
    };
    explain(&run(&p, &opt), t).unwrap()
}

fn keys(rows: &[Row]) -> Vec<&'static str> {
    rows.iter().map(|r| r.key).collect()
}

fn row<'a>(rows: &'a [Row], key: &str) -> &'a Row {
    rows.iter().find(|r| r.key == key).unwrap_or_else(|| panic!("no row {key}"))
}

#[test]
fn rmsprop_shows_its_accumulator_with_the_numbers_substituted() {
    use ParamValue::Real;
    let e = update(optimizer(OptimizerKind::RmsProp, &[("lr", Real(0.01))]), 2, None);
    let r = rows(&e);
    assert_eq!(keys(&r), ["g", "v", "den", "eff", "delta", "theta"]);
    let c = e.coords[0];
    // v ← ρ·v + (1 − ρ)·g² = 0.9·0.064 + 0.1·(−0.7937)² = 0.1206
    let v = row(&r, "v");
    let numbers = &v.numbers[0];
    let expected = format!(
        "<mn>0.9</mn><mo>·</mo>{}</mrow><mo>+</mo><mrow><mn>0.1</mn><mo>·</mo><msup>{}<mn>2</mn></msup>",
        num(0.064),
        operand(c.g)
    );
    assert!(numbers.contains(&expected), "{numbers}");
    assert!(operand(c.g).contains("0.7937") && operand(c.g).contains("<mo>(</mo>"));
    assert!(numbers.ends_with(&format!("<mo>=</mo>{}</mrow>", num(0.1206))), "{numbers}");
    assert!(v.rule.contains("<mi>ρ</mi>") && v.rule.contains("<mo>←</mo>"));
    // The results are the explanation's, at full precision.
    assert_eq!(row(&r, "g").value[0], c.g);
    assert_eq!(row(&r, "eff").value[0], c.eff_lr);
    assert_eq!(row(&r, "delta").value[0], c.delta);
    assert_eq!(row(&r, "theta").value[0], c.theta_new);
    // ε inside the root: √(v + ε), with ε as a power of ten.
    let den = &row(&r, "den").numbers[0];
    assert!(den.contains("<msqrt><mrow><mn>0.1206</mn><mo>+</mo><msup><mn>10</mn><mn>−8</mn>"));
    // The y coordinate has its own numbers under the same rule.
    assert_eq!(row(&r, "g").value[1], e.coords[1].g);
    assert_eq!(row(&r, "theta").value[1], e.coords[1].theta_new);
    assert!(row(&r, "v").numbers[1].contains(&operand(e.coords[1].g)));
    assert!(row(&r, "theta").rule.contains("<mi>θ</mi><mo>←</mo>"));
    // A negative step reads −α_eff·g with the sign hugging its operand.
    assert!(row(&r, "delta").rule.contains(r#"<mo form="prefix" rspace="0">−</mo>"#));
}

#[test]
fn every_option_adds_its_rows() {
    use ParamValue::{Choice, Flag, Real};
    let cases: Vec<(Optimizer, Vec<&str>)> = vec![
        (
            optimizer(OptimizerKind::RmsProp, &[("centered", Flag(true)), ("momentum", Real(0.9))]),
            vec!["g", "v", "mean", "vbar", "den", "eff", "buf", "delta", "theta"],
        ),
        (
            optimizer(OptimizerKind::RmsProp, &[("eps_placement", Choice("outside"))]),
            vec!["g", "v", "den", "eff", "delta", "theta"],
        ),
        (optimizer(OptimizerKind::Adagrad, &[]), vec!["g", "s", "den", "eff", "delta", "theta"]),
        (
            optimizer(OptimizerKind::Adagrad, &[("lr_decay", Real(0.1))]),
            vec!["g", "lr_t", "s", "den", "eff", "delta", "theta"],
        ),
        (
            optimizer(OptimizerKind::Adam, &[]),
            vec!["g", "m", "v", "bias1", "bias2", "mhat", "vhat", "den", "eff", "delta", "theta"],
        ),
        (
            optimizer(OptimizerKind::Adam, &[("amsgrad", Flag(true))]),
            vec![
                "g", "m", "v", "vmax", "bias1", "bias2", "mhat", "vhat", "den", "eff", "delta",
                "theta",
            ],
        ),
        (optimizer(OptimizerKind::Sgd, &[]), vec!["g", "delta", "theta"]),
        (
            optimizer(OptimizerKind::Sgd, &[("momentum", Real(0.5))]),
            vec!["g", "buf", "delta", "theta"],
        ),
        (
            optimizer(OptimizerKind::Sgd, &[("momentum", Real(0.5)), ("nesterov", Flag(true))]),
            vec!["g", "buf", "dir", "delta", "theta"],
        ),
    ];
    for (opt, expected) in cases {
        let e = update(opt, 3, None);
        let r = rows(&e);
        assert_eq!(keys(&r), expected, "{opt:?}");
        for (axis, c) in e.coords.iter().enumerate() {
            assert_eq!(row(&r, "delta").value[axis], c.delta, "{opt:?}");
            assert_eq!(row(&r, "theta").value[axis], c.theta_new, "{opt:?}");
            if keys(&r).contains(&"eff") {
                assert_eq!(row(&r, "eff").value[axis], c.eff_lr, "{opt:?}");
            }
        }
    }
}

#[test]
fn the_outside_placement_and_adams_bias_correction_read_as_written() {
    use ParamValue::Choice;
    let outside = optimizer(OptimizerKind::RmsProp, &[("eps_placement", Choice("outside"))]);
    let den = rows(&update(outside, 1, None)).into_iter().find(|r| r.key == "den").unwrap();
    assert!(den.rule.starts_with(
        "<mrow><mi>den</mi><mo>=</mo><mrow><msqrt><mi mathvariant=\"normal\">v</mi></msqrt><mo>+</mo><mi>ε</mi>"
    ));
    // 1 − β₁ᵗ = 1 − 0.9³ at update 3.
    let e = update(optimizer(OptimizerKind::Adam, &[]), 3, None);
    let r = rows(&e);
    let bias1 = row(&r, "bias1");
    let numbers = &bias1.numbers[1];
    assert!(numbers.contains("<msup><mn>0.9</mn><mn>3</mn></msup>"), "{numbers}");
    assert!((bias1.value[1] - (1.0 - 0.9f64.powi(3))).abs() < 1e-15);
    assert!(bias1.rule.contains("<msubsup><mi>β</mi><mn>1</mn><mi>t</mi></msubsup>"));
    assert!(row(&r, "mhat")
        .rule
        .contains(r#"<mover accent="false"><mi>m</mi><mo stretchy="false">ˆ</mo></mover>"#));
}

#[test]
fn noise_is_shown_as_part_of_the_gradient() {
    let opt = optimizer(OptimizerKind::RmsProp, &[]);
    let e = update(opt, 2, Some(Noise { sigma: 0.5, seed: 3, relative: false }));
    let g = rows(&e).into_iter().next().unwrap();
    assert!(g.rule.contains("<mtext>noise</mtext>"), "{}", g.rule);
    assert_eq!(g.value, [e.coords[0].g, e.coords[1].g]);
    // the exact ∂f/∂θ + the noise = g
    let c = e.coords[0];
    let sum = format!("{}<mo>+</mo>{}", num(c.g_exact), operand(c.g - c.g_exact));
    assert!(g.numbers[0].contains(&sum), "{}", g.numbers[0]);
    let plain = rows(&update(opt, 2, None)).into_iter().next().unwrap();
    assert!(!plain.rule.contains("noise"));
}

#[test]
fn the_html_is_a_table_of_rules_and_exact_values() {
    let e = update(optimizer(OptimizerKind::Adam, &[]), 4, None);
    let r = rows(&e);
    let html = to_html(&r);
    assert_eq!(html.matches("<div class=\"eq-row\"").count(), r.len());
    assert_eq!(html.matches("<div class=\"eq-rule\"><math").count(), r.len());
    assert_eq!(html.matches("<div class=\"eq-cell\"").count(), 2 * r.len());
    assert_eq!(html.matches("<math").count(), 3 * r.len());
    assert_eq!(html.matches("<mrow>").count(), html.matches("</mrow>").count());
    assert_eq!(html.matches("<div").count(), html.matches("</div>").count());
    // data-value holds each result so that it reads back exactly, in row order.
    let mut rest = html.as_str();
    for row in &r {
        rest = &rest[rest.find(&format!("data-row=\"{}\"", row.key)).unwrap()..];
        for (axis, name) in ["x", "y"].into_iter().enumerate() {
            let tag = format!("data-axis=\"{name}\" data-value=\"");
            let at = rest.find(&tag).unwrap() + tag.len();
            let text = &rest[at..at + rest[at..].find('"').unwrap()];
            assert_eq!(text.parse::<f64>().unwrap(), row.value[axis], "{} {name}", row.key);
        }
    }
}

#[test]
fn keras_eps_hat_reads_as_keras_computes_it() {
    use ParamValue::Flag;
    let e = update(optimizer(OptimizerKind::Adam, &[("eps_hat", Flag(true))]), 3, None);
    let r = rows(&e);
    // den = √v + ε, and the scale on m̂ carries √(1 − β₂ᵗ).
    let den = row(&r, "den");
    assert!(
        den.rule.contains("<msqrt><mi mathvariant=\"normal\">v</mi></msqrt><mo>+</mo><mi>ε</mi>"),
        "{}",
        den.rule
    );
    let eff = row(&r, "eff");
    assert!(eff.rule.contains("<msqrt><mrow><mn>1</mn><mo>−</mo><msubsup>"), "{}", eff.rule);
    assert_eq!(eff.value[0], e.coords[0].eff_lr);
    // Both forms step by −α_eff·m̂.
    for opt in [optimizer(OptimizerKind::Adam, &[]), e.optimizer] {
        let r = rows(&update(opt, 3, None));
        assert!(row(&r, "delta").rule.contains(r#"<mi>eff</mi></msub><mo>·</mo><mover"#));
    }
}
