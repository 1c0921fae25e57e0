//! The step explainer's equations: one update as rows of "rule = numbers substituted =
//! result" in MathML, the rule once and the numbers of x and of y beside it.

use super::mathml::{
    bar, escape, frac, hat, math, mi, mo, mtext, neg, num, operand, paren, row, sqrt, sub, subsup,
    sup,
};
use crate::core::explain::{coupled_weight_decay, Coord, Detail, Explanation};
use crate::core::optim::{EpsPlacement, Optimizer};

/// One line of the working.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// What the row computes ("g", "v", "den", "delta", …), for styling and tests.
    pub key: &'static str,
    /// The rule in symbols, e.g. `v ← ρ·v + (1 − ρ)·g²`.
    pub rule: String,
    /// Per coordinate, the numbers substituted and the result, e.g.
    /// `= 0.9·0.0213 + 0.1·(−1.4)² = 0.215`.
    pub numbers: [String; 2],
    /// Per coordinate, the result at full precision.
    pub value: [f64; 2],
}

/// The rows of update `e`. Both coordinates go through the same formulas, so their rows
/// pair up one to one.
pub fn rows(e: &Explanation) -> Vec<Row> {
    // With noise, both coordinates show the noise term (it could be zero in one).
    let noisy = e.coords.iter().any(|c| c.g.to_bits() != c.g_exact.to_bits());
    let (x, y) = (axis_rows(e, 0, noisy), axis_rows(e, 1, noisy));
    x.into_iter()
        .zip(y)
        .map(|(a, b)| Row {
            key: a.key,
            rule: a.rule,
            numbers: [a.numbers, b.numbers],
            value: [a.value, b.value],
        })
        .collect()
}

/// One coordinate's line.
struct Line {
    key: &'static str,
    rule: String,
    numbers: String,
    value: f64,
}

fn m(s: &str) -> String {
    mi(s)
}

fn times(a: &str, b: &str) -> String {
    row(&[a.to_string(), mo("·"), b.to_string()])
}

fn sq(x: &str) -> String {
    sup(x, "<mn>2</mn>")
}

/// `name ← rule` (an update of state) or `name = rule` (a definition).
fn rule(name: &str, arrow: bool, rhs: &[String]) -> String {
    let mut parts = vec![name.to_string(), mo(if arrow { "←" } else { "=" })];
    parts.extend_from_slice(rhs);
    row(&parts)
}

/// `= substituted = result`.
fn numbers(substituted: &[String], result: f64) -> String {
    let mut parts = vec![mo("=")];
    parts.extend_from_slice(substituted);
    parts.push(mo("="));
    parts.push(num(result));
    row(&parts)
}

/// `ρ·a + (1 − ρ)·b`, with ρ = `keep` and the symbols or numbers given.
fn ema(keep: &str, old: &str, fresh_weight: &str, fresh: &str) -> Vec<String> {
    vec![times(keep, old), mo("+"), times(fresh_weight, fresh)]
}

fn one_minus(x: &str) -> String {
    paren(&row(&[mo_n("1"), mo("−"), x.to_string()]))
}

fn mo_n(n: &str) -> String {
    format!("<mn>{n}</mn>")
}

fn r(key: &'static str, rule: String, numbers: String, value: f64) -> Line {
    Line { key, rule, numbers, value }
}

/// The lines of coordinate `axis` (0 = x, 1 = y) of `e`, whose parameter is θ in the rules.
fn axis_rows(e: &Explanation, axis: usize, noisy: bool) -> Vec<Line> {
    let c = &e.coords[axis.min(1)];
    let mut out = vec![gradient_row(c, noisy)];
    let wd = coupled_weight_decay(&e.optimizer);
    if wd != 0.0 {
        out.push(r(
            "decay",
            rule(&m("g"), true, &[m("g"), mo("+"), times(&m("λ"), &m("θ"))]),
            numbers(&[num(c.g), mo("+"), times(&num(wd), &operand(c.theta_prev))], c.g_wd),
            c.g_wd,
        ));
    }
    let (g, eff_sym) = (c.g_wd, sub(&m("α"), &m("eff")));
    let den_sym = m("den");
    match (&e.optimizer, c.detail) {
        (Optimizer::RmsProp(o), Detail::RmsProp { v_prev, v_new, centered, den, momentum }) => {
            let (rho, rest) = (m("ρ"), one_minus(&m("ρ")));
            out.push(r(
                "v",
                rule(&m("v"), true, &ema(&rho, &m("v"), &rest, &sq(&m("g")))),
                numbers(
                    &ema(&num(o.decay), &operand(v_prev), &num(1.0 - o.decay), &sq(&operand(g))),
                    v_new,
                ),
                v_new,
            ));
            // optax's bias correction: both means divided by 1 − ρᵗ before they are used.
            let bias = if o.bias_correction { 1.0 - o.decay.powi(e.t as i32) } else { 1.0 };
            let v_hat = if o.bias_correction { v_new / bias } else { v_new };
            let v_hat_sym = if o.bias_correction { hat(&m("v")) } else { m("v") };
            if o.bias_correction {
                out.push(r(
                    "vhat",
                    rule(&v_hat_sym, false, &[frac(&m("v"), &one_minus(&sup(&m("ρ"), &m("t"))))]),
                    numbers(&[frac(&num(v_new), &num(bias))], v_hat),
                    v_hat,
                ));
            }
            let (v_sym, v_val) = match centered {
                Some(cn) => {
                    let gbar = bar(&m("g"));
                    out.push(r(
                        "mean",
                        rule(&gbar, true, &ema(&rho, &gbar, &rest, &m("g"))),
                        numbers(
                            &ema(
                                &num(o.decay),
                                &operand(cn.mean_prev),
                                &num(1.0 - o.decay),
                                &operand(g),
                            ),
                            cn.mean_new,
                        ),
                        cn.mean_new,
                    ));
                    let vbar = bar(&m("v"));
                    let (mean_sym, mean) = if o.bias_correction {
                        (frac(&gbar, &one_minus(&sup(&m("ρ"), &m("t")))), cn.mean_new / bias)
                    } else {
                        (gbar, cn.mean_new)
                    };
                    out.push(r(
                        "vbar",
                        rule(&vbar, false, &[v_hat_sym.clone(), mo("−"), sq(&paren(&mean_sym))]),
                        numbers(&[num(v_hat), mo("−"), sq(&operand(mean))], cn.v_bar),
                        cn.v_bar,
                    ));
                    (vbar, cn.v_bar)
                }
                None => (v_hat_sym, v_hat),
            };
            let (den_rule, den_nums) = match o.eps_placement {
                EpsPlacement::Inside => (
                    sqrt(&row(&[v_sym, mo("+"), m("ε")])),
                    sqrt(&row(&[num(v_val), mo("+"), num(o.eps)])),
                ),
                EpsPlacement::Outside => (
                    row(&[sqrt(&v_sym), mo("+"), m("ε")]),
                    row(&[sqrt(&num(v_val)), mo("+"), num(o.eps)]),
                ),
            };
            out.push(r("den", rule(&den_sym, false, &[den_rule]), numbers(&[den_nums], den), den));
            out.push(eff_row(
                &eff_sym,
                &frac(&m("α"), &den_sym),
                &frac(&num(e.lr), &num(den)),
                c.eff_lr,
            ));
            match momentum {
                Some(b) => {
                    out.push(r(
                        "buf",
                        rule(
                            &m("b"),
                            true,
                            &[times(&m("μ"), &m("b")), mo("+"), frac(&m("g"), &den_sym)],
                        ),
                        numbers(
                            &[
                                times(&num(o.momentum), &operand(b.buf_prev)),
                                mo("+"),
                                frac(&num(g), &num(den)),
                            ],
                            b.buf_new,
                        ),
                        b.buf_new,
                    ));
                    out.push(delta_row(
                        &[neg(&times(&m("α"), &m("b")))],
                        &[neg(&times(&num(e.lr), &operand(b.buf_new)))],
                        c.delta,
                    ));
                }
                None => out.push(delta_row(
                    &[neg(&times(&eff_sym, &m("g")))],
                    &[neg(&times(&num(c.eff_lr), &operand(g)))],
                    c.delta,
                )),
            }
        }
        (Optimizer::Adagrad(o), Detail::Adagrad { lr_t, s_prev, s_new, den }) => {
            let alpha_t = sub(&m("α"), &m("t"));
            let lr_sym = if o.lr_decay > 0.0 {
                let t1 = (e.t - 1) as f64;
                out.push(r(
                    "lr_t",
                    rule(
                        &alpha_t,
                        false,
                        &[frac(
                            &m("α"),
                            &row(&[
                                mo_n("1"),
                                mo("+"),
                                times(&paren(&row(&[m("t"), mo("−"), mo_n("1")])), &m("η")),
                            ]),
                        )],
                    ),
                    numbers(
                        &[frac(
                            &num(e.lr),
                            &row(&[mo_n("1"), mo("+"), times(&num(t1), &num(o.lr_decay))]),
                        )],
                        lr_t,
                    ),
                    lr_t,
                ));
                alpha_t
            } else {
                m("α")
            };
            out.push(r(
                "s",
                rule(&m("s"), true, &[m("s"), mo("+"), sq(&m("g"))]),
                numbers(&[num(s_prev), mo("+"), sq(&operand(g))], s_new),
                s_new,
            ));
            let (den_rule, den_nums) = match o.eps_placement {
                EpsPlacement::Inside => (
                    sqrt(&row(&[m("s"), mo("+"), m("ε")])),
                    sqrt(&row(&[num(s_new), mo("+"), num(o.eps)])),
                ),
                EpsPlacement::Outside => (
                    row(&[sqrt(&m("s")), mo("+"), m("ε")]),
                    row(&[sqrt(&num(s_new)), mo("+"), num(o.eps)]),
                ),
            };
            out.push(r("den", rule(&den_sym, false, &[den_rule]), numbers(&[den_nums], den), den));
            out.push(eff_row(
                &eff_sym,
                &frac(&lr_sym, &den_sym),
                &frac(&num(lr_t), &num(den)),
                c.eff_lr,
            ));
            out.push(delta_row(
                &[neg(&times(&eff_sym, &m("g")))],
                &[neg(&times(&num(c.eff_lr), &operand(g)))],
                c.delta,
            ));
        }
        (
            Optimizer::Adam(o),
            Detail::Adam { m_prev, m_new, v_prev, v_new, v_max, bias1, bias2, m_hat, v_hat, den },
        ) => {
            let (b1, b2) = (sub(&m("β"), &mo_n("1")), sub(&m("β"), &mo_n("2")));
            out.push(r(
                "m",
                rule(&m("m"), true, &ema(&b1, &m("m"), &one_minus(&b1), &m("g"))),
                numbers(
                    &ema(&num(o.beta1), &operand(m_prev), &num(1.0 - o.beta1), &operand(g)),
                    m_new,
                ),
                m_new,
            ));
            out.push(r(
                "v",
                rule(&m("v"), true, &ema(&b2, &m("v"), &one_minus(&b2), &sq(&m("g")))),
                numbers(
                    &ema(&num(o.beta2), &operand(v_prev), &num(1.0 - o.beta2), &sq(&operand(g))),
                    v_new,
                ),
                v_new,
            ));
            let v_used = match v_max {
                Some((prev, new)) => {
                    let vmax = sub(&m("v"), &m("max"));
                    out.push(r(
                        "vmax",
                        rule(
                            &vmax,
                            true,
                            &[m("max"), paren(&row(&[vmax.clone(), mo(","), m("v")]))],
                        ),
                        numbers(&[m("max"), paren(&row(&[num(prev), mo(","), num(v_new)]))], new),
                        new,
                    ));
                    vmax
                }
                None => m("v"),
            };
            let t = mo_n(&e.t.to_string());
            // β₁ᵗ and β₂ᵗ as one stacked script, not (β₁)ᵗ.
            let pow1 = subsup(&m("β"), &mo_n("1"), &m("t"));
            let pow2 = subsup(&m("β"), &mo_n("2"), &m("t"));
            for (key, power, beta, bias) in
                [("bias1", &pow1, o.beta1, bias1), ("bias2", &pow2, o.beta2, bias2)]
            {
                out.push(r(
                    key,
                    row(&[mo_n("1"), mo("−"), power.clone()]),
                    numbers(&[mo_n("1"), mo("−"), sup(&operand(beta), &t)], bias),
                    bias,
                ));
            }
            let b1t = row(&[mo_n("1"), mo("−"), pow1]);
            let b2t = row(&[mo_n("1"), mo("−"), pow2]);
            out.push(r(
                "mhat",
                rule(&hat(&m("m")), false, &[frac(&m("m"), &b1t)]),
                numbers(&[frac(&num(m_new), &num(bias1))], m_hat),
                m_hat,
            ));
            let v_used_val = v_max.map_or(v_new, |(_, new)| new);
            out.push(r(
                "vhat",
                rule(&hat(&m("v")), false, &[frac(&v_used, &b2t)]),
                numbers(&[frac(&num(v_used_val), &num(bias2))], v_hat),
                v_hat,
            ));
            if o.eps_hat {
                // Keras: ε joins √v before the bias correction; the scale on m̂ carries
                // √(1 − β₂ᵗ) instead.
                out.push(r(
                    "den",
                    rule(&den_sym, false, &[sqrt(&v_used), mo("+"), m("ε")]),
                    numbers(&[sqrt(&num(v_used_val)), mo("+"), num(o.eps)], den),
                    den,
                ));
                out.push(eff_row(
                    &eff_sym,
                    &frac(&times(&m("α"), &sqrt(&b2t)), &den_sym),
                    &frac(&times(&num(e.lr), &sqrt(&num(bias2))), &num(den)),
                    c.eff_lr,
                ));
            } else {
                out.push(r(
                    "den",
                    rule(&den_sym, false, &[sqrt(&hat(&m("v"))), mo("+"), m("ε")]),
                    numbers(&[sqrt(&num(v_hat)), mo("+"), num(o.eps)], den),
                    den,
                ));
                out.push(eff_row(
                    &eff_sym,
                    &frac(&m("α"), &den_sym),
                    &frac(&num(e.lr), &num(den)),
                    c.eff_lr,
                ));
            }
            out.push(delta_row(
                &[neg(&times(&eff_sym, &hat(&m("m"))))],
                &[neg(&times(&num(c.eff_lr), &operand(m_hat)))],
                c.delta,
            ));
        }
        (Optimizer::Sgd(o), Detail::Sgd { momentum, direction }) => match momentum {
            Some(b) => {
                out.push(r(
                    "buf",
                    rule(&m("b"), true, &[times(&m("μ"), &m("b")), mo("+"), m("g")]),
                    numbers(
                        &[times(&num(o.momentum), &operand(b.buf_prev)), mo("+"), operand(g)],
                        b.buf_new,
                    ),
                    b.buf_new,
                ));
                let d = if o.nesterov {
                    out.push(r(
                        "dir",
                        rule(&m("d"), false, &[m("g"), mo("+"), times(&m("μ"), &m("b"))]),
                        numbers(
                            &[num(g), mo("+"), times(&num(o.momentum), &operand(b.buf_new))],
                            direction,
                        ),
                        direction,
                    ));
                    m("d")
                } else {
                    m("b")
                };
                out.push(delta_row(
                    &[neg(&times(&m("α"), &d))],
                    &[neg(&times(&num(e.lr), &operand(direction)))],
                    c.delta,
                ));
            }
            None => out.push(delta_row(
                &[neg(&times(&m("α"), &m("g")))],
                &[neg(&times(&num(e.lr), &operand(g)))],
                c.delta,
            )),
        },
        (_, Detail::ByStep) => out.extend(by_step_rows(e, c)),
        // A detail of another optimizer cannot come out of `explain`; show what is certain.
        _ => out.push(delta_row(&[mtext("(step)")], &[], c.delta)),
    }
    out.push(r(
        "theta",
        rule(&m("θ"), true, &[m("θ"), mo("+"), m("Δ")]),
        numbers(&[num(c.theta_prev), mo("+"), operand(c.delta)], c.theta_new),
        c.theta_new,
    ));
    out
}

/// A newer optimizer's rows: each state value before and after (the update's intermediate
/// values), the effective rate by its definition, and the step.
fn by_step_rows(e: &Explanation, c: &Coord) -> Vec<Line> {
    let before = c.state_before.fields();
    let mut out: Vec<Line> = before
        .iter()
        .zip(c.state_after.fields())
        .map(|((name, old), (_, new))| {
            r("state", rule(&m(name), true, &[mtext("(update)")]), arrow(*old, new), new)
        })
        .collect();
    let (eff_rule, delta_rule) = by_step_rules(&e.optimizer);
    out.push(r(
        "eff",
        rule(&sub(&m("α"), &m("eff")), false, &[mtext(eff_rule)]),
        row(&[mo("="), num(c.eff_lr)]),
        c.eff_lr,
    ));
    out.push(delta_row(&[mtext(delta_rule)], &[], c.delta));
    out
}

/// `= old → new`.
fn arrow(old: f64, new: f64) -> String {
    row(&[mo("="), num(old), mo("→"), num(new)])
}

/// The plain definitions of a newer optimizer's effective rate and step.
fn by_step_rules(opt: &Optimizer) -> (&'static str, &'static str) {
    match opt {
        Optimizer::Adadelta(_) => ("α·√(u + ε)/√(v + ε)", "−α_eff·g"),
        Optimizer::Adamax(_) => ("α/u", "−α_eff·m̂"),
        Optimizer::NAdam(_) => {
            ("α/(√v̂ + ε)", "−α_eff·((1 − μ_t)/(1 − Π)·g + μ_{t+1}/(1 − Π·μ_{t+1})·m)")
        }
        Optimizer::RAdam(_) => ("α·r_t·√(1 − β₂ᵗ)/(√v + ε), or α while ρ_t ≤ 5", "−α_eff·m̂"),
        Optimizer::AdamW(_) => ("α/(√v̂ + ε)", "−α_eff·m̂ − α·λ·θ"),
        Optimizer::Rprop(_) => ("η (the step size)", "−η·sign(g), 0 after a flip"),
        Optimizer::Lion(_) => ("α", "−α·(sign(c) + λ·θ)"),
        Optimizer::AdaBelief(_) => ("α/(√ŝ + ε)", "−α_eff·m̂"),
        _ => ("", ""),
    }
}

fn gradient_row(c: &Coord, noisy: bool) -> Line {
    let partial = frac(&row(&[m("∂"), m("f")]), &row(&[m("∂"), m("θ")]));
    if noisy {
        r(
            "g",
            rule(&m("g"), false, &[partial, mo("+"), mtext("noise")]),
            numbers(&[num(c.g_exact), mo("+"), operand(c.g - c.g_exact)], c.g),
            c.g,
        )
    } else {
        r("g", rule(&m("g"), false, &[partial]), row(&[mo("="), num(c.g)]), c.g)
    }
}

fn eff_row(sym: &str, rule_rhs: &str, nums: &str, value: f64) -> Line {
    r("eff", rule(sym, false, &[rule_rhs.to_string()]), numbers(&[nums.to_string()], value), value)
}

fn delta_row(rule_rhs: &[String], nums: &[String], value: f64) -> Line {
    let numbers = if nums.is_empty() { row(&[mo("="), num(value)]) } else { numbers(nums, value) };
    r("delta", rule(&m("Δ"), false, rule_rhs), numbers, value)
}

/// The rows as HTML: a table whose rows hold the rule and, per coordinate, the numbers
/// (as `<math>`) with the full-precision result in `data-value`. Each number cell also
/// names its coordinate, for narrow screens where the cells stack under the rule.
pub fn to_html(rows: &[Row]) -> String {
    let mut html = String::from(
        r#"<div class="eq-head" aria-hidden="true"><span></span><span>x</span><span>y</span></div>"#,
    );
    for row in rows {
        html.push_str(&format!(r#"<div class="eq-row" data-row="{}">"#, row.key));
        html.push_str(&format!(r#"<div class="eq-rule">{}</div>"#, math("", &row.rule)));
        for (axis, name) in ["x", "y"].into_iter().enumerate() {
            html.push_str(&format!(
                r#"<div class="eq-cell" data-axis="{name}" data-value="{}"><span class="eq-axis">{name}</span>{}</div>"#,
                escape(&format!("{:e}", row.value[axis])),
                math("", &row.numbers[axis]),
            ));
        }
        html.push_str("</div>");
    }
    html
}
