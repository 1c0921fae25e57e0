//! Run names that say what tells runs apart: a run alone of its optimizer is "RMSProp"; when
//! several share one, each is named by the settings that differ among them ("RMSProp ρ=0",
//! "RMSProp ρ=0.999"), and runs that differ in nothing are numbered ("RMSProp 1", "RMSProp 2").

use super::format::short;
use crate::core::optim::params::{ParamSpec, ParamValue};
use crate::core::optim::Optimizer;

/// At most this many settings in a name; runs that differ in more are told apart by these.
const MAX_SETTINGS_IN_NAME: usize = 2;

/// The symbol a name uses for a setting: the one its help text opens with ("ρ: …"), else
/// ε for where ε goes, else its key.
fn symbol(spec: &ParamSpec) -> &'static str {
    match spec.help.split_once(": ") {
        Some((sym, _)) if sym.chars().count() <= 3 => sym,
        _ if spec.key == "eps_placement" => "ε",
        _ => spec.key,
    }
}

/// One setting as a name shows it: "ρ=0.99", "ε outside", "centered", "no AMSGrad".
fn describe(spec: &ParamSpec, value: ParamValue) -> String {
    match value {
        ParamValue::Real(x) => format!("{}={}", symbol(spec), short(x)),
        ParamValue::Flag(true) => spec.label.to_string(),
        ParamValue::Flag(false) => format!("no {}", spec.label),
        ParamValue::Choice(c) => format!("{} {c}", symbol(spec)),
    }
}

/// The names of `runs`, in order.
pub fn run_names(runs: &[Optimizer]) -> Vec<String> {
    let mut names: Vec<String> = runs.iter().map(|o| o.kind().title().to_string()).collect();
    for (i, o) in runs.iter().enumerate() {
        let kind = o.kind();
        let family: Vec<usize> = (0..runs.len()).filter(|&j| runs[j].kind() == kind).collect();
        if family.len() < 2 || family[0] != i {
            continue; // named with its family, by the family's first run
        }
        let differing: Vec<&ParamSpec> = kind
            .params()
            .iter()
            .filter(|p| family.iter().any(|&j| runs[j].get(p.key) != o.get(p.key)))
            .take(MAX_SETTINGS_IN_NAME)
            .collect();
        for &j in &family {
            let mut parts: Vec<String> = Vec::new();
            for p in &differing {
                let Some(value) = runs[j].get(p.key) else { continue };
                // "ε=1e-6" and "ε inside" read as one: "ε=1e-6 inside".
                let same_symbol =
                    parts.iter_mut().find(|s| s.starts_with(&format!("{}=", symbol(p))));
                match (value, same_symbol) {
                    (ParamValue::Choice(c), Some(part)) => part.push_str(&format!(" {c}")),
                    _ => parts.push(describe(p, value)),
                }
            }
            names[j] =
                [kind.title().to_string()].into_iter().chain(parts).collect::<Vec<_>>().join(" ");
        }
        number_repeats(&mut names, &family);
    }
    names
}

/// Runs of a family whose names came out the same are numbered within the family.
fn number_repeats(names: &mut [String], family: &[usize]) {
    let repeated: Vec<bool> = family
        .iter()
        .map(|&j| family.iter().filter(|&&k| names[k] == names[j]).count() > 1)
        .collect();
    for (n, (&j, rep)) in family.iter().zip(repeated).enumerate() {
        if rep {
            names[j] = format!("{} {}", names[j], n + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim::{Adam, EpsPlacement, RmsProp, Sgd};

    fn rms(f: impl FnOnce(&mut RmsProp)) -> Optimizer {
        let mut o = RmsProp::default();
        f(&mut o);
        Optimizer::RmsProp(o)
    }

    #[test]
    fn a_run_alone_of_its_kind_is_named_by_its_kind() {
        let runs = [rms(|_| {}), Optimizer::Adam(Adam::default()), Optimizer::Sgd(Sgd::default())];
        assert_eq!(run_names(&runs), ["RMSProp", "Adam", "SGD"]);
    }

    #[test]
    fn runs_of_one_kind_are_named_by_the_settings_that_differ() {
        let runs = [
            rms(|o| o.decay = 0.0),
            Optimizer::Adam(Adam::default()),
            rms(|o| o.decay = 0.999),
            rms(|o| o.decay = 0.9),
        ];
        assert_eq!(run_names(&runs), ["RMSProp ρ=0", "Adam", "RMSProp ρ=0.999", "RMSProp ρ=0.9"]);
        let two = [rms(|o| o.lr = 0.03), rms(|o| o.eps_placement = EpsPlacement::Outside)];
        assert_eq!(run_names(&two), ["RMSProp α=0.03 ε inside", "RMSProp α=0.01 ε outside"]);
        let eps = [rms(|o| o.eps = 1e-6), rms(|o| o.eps_placement = EpsPlacement::Outside)];
        assert_eq!(run_names(&eps), ["RMSProp ε=1e-6 inside", "RMSProp ε=1e-8 outside"]);
        let flags = [rms(|o| o.centered = true), rms(|_| {})];
        assert_eq!(run_names(&flags), ["RMSProp Centered", "RMSProp no Centered"]);
    }

    #[test]
    fn runs_that_differ_in_nothing_shown_are_numbered() {
        assert_eq!(run_names(&[rms(|_| {}), rms(|_| {})]), ["RMSProp 1", "RMSProp 2"]);
        // Two equal, one different: the two equal ones get numbers within the family.
        let runs = [rms(|_| {}), rms(|o| o.decay = 0.5), rms(|_| {})];
        assert_eq!(run_names(&runs), ["RMSProp ρ=0.9 1", "RMSProp ρ=0.5", "RMSProp ρ=0.9 3"]);
    }
}
