//! The output formats of `trace`, which the app's export buttons write too.

use super::json::{object, Value};
use super::scenario::run_to_value;
use super::trajectory::{Run, Trajectory};
use std::fmt::Write;

/// `{"runs": [{"optimizer": NAME, "params": {...}, "points": [[x, y], ...], "loss": [...],
/// "diverged_at": null | k}]}`. Non-finite losses (overflow at a finite point) become `null`;
/// `loss[k]` is that of the objective in force at point k (see [`trajectories_csv`]). On
/// data, each run also has `"batches": [i₁, i₂, ...]`, the batch (within its epoch) each
/// update used, and `loss` is the full-batch loss.
pub fn trajectories_json(runs: &[Trajectory]) -> Value {
    let runs: Vec<Value> = runs
        .iter()
        .map(|t| {
            let mut run = object([
                ("optimizer", t.optimizer.kind().name().into()),
                ("params", run_to_value(&Run { optimizer: t.optimizer, schedule: t.schedule })),
                ("points", t.points.iter().map(|p| Value::from(*p)).collect()),
                ("loss", t.loss.as_slice().into()),
                ("diverged_at", t.diverged_at.into()),
            ]);
            if let (Some(b), Some(obj)) = (&t.batches, run.as_object_mut()) {
                obj.insert("batches".into(), b.as_slice().into());
            }
            run
        })
        .collect();
    object([("runs", runs.into())])
}

pub const CSV_HEADER: &str = "run,step,x,y,loss,grad_x,grad_y,eff_lr_x,eff_lr_y,g_x,g_y,lr";

/// One row per run and position: `step` k is the position after k updates, `loss` and `grad`
/// the value and exact gradient there of the objective in force at step k (with a shift:
/// f before the shift's step, scale·f(θ − offset) from it on, i.e. the objective the update
/// leaving that position sees), `eff_lr` the effective learning rate of the update that
/// leaves it (the factor on g; Adam: on m̂, α/(√v̂ + ε)), `g` the gradient that update used
/// (`grad` plus the noise, if any: a noisy run can be replayed from the file), `lr` the
/// learning rate that update used (the schedule's); the last row of a run has no next
/// update, so those are empty. Runs are numbered from 0 in scenario order. On data, a last
/// column `batch` names the batch (within its epoch) the update leaving the position used,
/// `g` is that batch's gradient and `loss` the full-batch loss.
pub fn trajectories_csv(runs: &[Trajectory]) -> String {
    let mut out = String::with_capacity(64 * runs.iter().map(|t| t.points.len()).sum::<usize>());
    let batches = runs.iter().any(|t| t.batches.is_some());
    out.push_str(CSV_HEADER);
    out.push_str(if batches { ",batch\n" } else { "\n" });
    for (r, t) in runs.iter().enumerate() {
        for (k, p) in t.points.iter().enumerate() {
            let g = t.grad[k];
            let _ = write!(out, "{r},{k},{},{},{},{},{}", p[0], p[1], t.loss[k], g[0], g[1]);
            match t.steps.get(k) {
                Some(s) => {
                    let [e, g] = [s.eff_lr, s.grad];
                    let _ = write!(out, ",{},{},{},{},{}", e[0], e[1], g[0], g[1], s.lr);
                }
                None => out.push_str(",,,,,"),
            }
            if batches {
                out.push(',');
                if let Some(b) = t.batches.as_ref().and_then(|b| b.get(k)) {
                    let _ = write!(out, "{b}");
                }
            }
            out.push('\n');
        }
    }
    out
}
