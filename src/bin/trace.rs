//! `trace`: run a scenario through the same core as the app and print the trajectories.
//!
//! ```text
//! trace [--csv | --code torch|optax|keras] SCENARIO.json     (or - for standard input)
//! ```
//! Prints JSON (`{"runs": [...]}`) or, with `--csv`, one row per run and step; with
//! `--code`, a Python script for that framework that reproduces the runs it can run
//! (`core::code`), or, when it can run none, the reasons on stderr and exit code 2. On a model
//! on data, `loss` is the full-batch loss and each run also names the minibatch of every
//! update (JSON: `"batches"`; CSV: a last column `batch`). Bad input exits with code 2 and
//! one line on stderr that names the problem.

use rmsprop_lab::core::code::{scene_code, Framework};
use rmsprop_lab::core::export::{trajectories_csv, trajectories_json};
use rmsprop_lab::core::scenario::{Scenario, MAX_SCENARIO_BYTES};
use rmsprop_lab::core::trajectory::run;
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str =
    "usage: trace [--csv | --code torch|optax|keras] SCENARIO.json   (use - to read standard input)";

fn main() -> ExitCode {
    match trace(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("trace: {msg}");
            ExitCode::from(2)
        }
    }
}

fn trace(args: Vec<String>) -> Result<(), String> {
    let mut csv = false;
    let mut code = None;
    let mut path = None;
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--csv" => csv = true,
            "--code" => {
                let name = args.next().unwrap_or_default();
                let fw = Framework::from_name(&name).ok_or_else(|| {
                    format!("--code needs torch, optax or keras (got '{name}'); {USAGE}")
                })?;
                code = Some(fw);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            s if s.starts_with("--") => return Err(format!("unknown option '{s}'; {USAGE}")),
            _ if path.is_some() => return Err(format!("more than one scenario given; {USAGE}")),
            _ => path = Some(a),
        }
    }
    let path = path.ok_or_else(|| format!("no scenario given; {USAGE}"))?;
    let text = read_input(&path)?;
    let scenario = Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))?;
    let problem = scenario.problem();
    if csv && code.is_some() {
        return Err(format!("--csv and --code cannot be combined; {USAGE}"));
    }
    let out = if let Some(fw) = code {
        scene_code(&problem, &scenario.runs, fw)?
    } else if csv {
        let runs: Vec<_> = scenario.runs.iter().map(|r| run(&problem, r)).collect();
        trajectories_csv(&runs)
    } else {
        let runs: Vec<_> = scenario.runs.iter().map(|r| run(&problem, r)).collect();
        let mut s = trajectories_json(&runs).to_string();
        s.push('\n');
        s
    };
    // A closed pipe (`trace x.json | head`) is not an error worth a message.
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("writing output: {e}")),
        _ => Ok(()),
    }
}

fn read_input(path: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let res = if path == "-" {
        std::io::stdin().take(MAX_SCENARIO_BYTES + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_SCENARIO_BYTES + 1).read_to_end(&mut bytes))
    };
    res.map_err(|e| format!("cannot read {path}: {e}"))?;
    if bytes.len() as u64 > MAX_SCENARIO_BYTES {
        return Err(format!(
            "{path}: larger than {} MiB; not a scenario",
            MAX_SCENARIO_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|_| format!("{path}: not UTF-8 text"))
}
