//! One-click lessons: a scenario that shows one idea, with a few sentences saying what to
//! look at. Each is a scenario document, so a lesson is exactly what a user could export,
//! share or run with `trace`; `tests/lessons.rs` checks every number and comparison each
//! text states, as written, against the lesson's own runs.
//!
//! The catalog (ids and titles, for the lessons panel and links) is compiled in; the texts
//! and scenarios are in `assets/app/lessons.json`, which the app fetches when it starts, so
//! they do not weigh on the wasm download.

use super::json::{Map, Value};
use super::scenario::{err, expect_object, Scenario, ScenarioError};

/// A lesson in the catalog: its id (in links and in `lessons.json`) and its title.
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: &'static str,
    pub title: &'static str,
}

/// A lesson, with its text and scenario read from the lessons file.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub id: &'static str,
    pub title: &'static str,
    /// What to look at, in 2–5 sentences; every number in it is asserted by its test.
    pub text: String,
    /// A question to ask before playing (predict, then reveal).
    pub question: String,
    /// Its answer, in a sentence or two; every number in it is one the text states (and the
    /// test asserts).
    pub answer: String,
    pub scenario: Scenario,
}

/// The lessons, in the order the panel lists them.
pub static CATALOG: [Entry; 19] = [
    Entry { id: "adagrad-stalls", title: "AdaGrad stalls, RMSProp keeps going" },
    Entry { id: "decay-memory", title: "Decay: long memory vs sign descent" },
    Entry { id: "big-epsilon", title: "A large ε turns RMSProp into SGD" },
    Entry { id: "eps-placement", title: "ε inside or outside the root" },
    Entry { id: "bias-correction", title: "Adam's bias correction vs RMSProp's first step" },
    Entry { id: "axis-aligned", title: "An axis-aligned valley: per-coordinate steps" },
    Entry {
        id: "rotated-valley",
        title: "The rotated valley: adaptivity is per axis, not per direction",
    },
    Entry { id: "scale-invariance", title: "Scale invariance on Goldstein–Price" },
    Entry { id: "rmsprop-forgets", title: "RMSProp forgets, AdaGrad cannot" },
    Entry {
        id: "noisy-gradients",
        title: "Noisy gradients: RMSProp scales the step, it does not average it",
    },
    Entry { id: "constant-lr-floor", title: "A constant learning rate never converges" },
    Entry { id: "bounded-steps", title: "Every RMSProp step is bounded" },
    Entry { id: "which-minimum", title: "Which minimum you reach" },
    Entry { id: "saddle-escape", title: "Escaping a saddle" },
    Entry { id: "momentum-vs-adam", title: "RMSProp with momentum vs Adam" },
    Entry { id: "eps-regimes", title: "ε regimes: inside, outside, ε-hat" },
    Entry { id: "scaled-feature", title: "Data: a badly scaled feature" },
    Entry { id: "uncentred-feature", title: "Data: an uncentred feature tilts the valley" },
    Entry { id: "minibatch-noise", title: "Data: minibatch noise never settles" },
];

impl Entry {
    pub fn by_id(id: &str) -> Option<&'static Entry> {
        CATALOG.iter().find(|e| e.id == id)
    }
}

/// The name of the lessons file (beside index.html in `dist/`).
pub const FILE: &str = "lessons.json";

/// Reads the lessons file: one object per catalog id, `{"text", "question", "answer",
/// "scenario"}`, in catalog order. A missing, unknown or malformed lesson is an error that
/// names it.
pub fn parse(file: &str) -> Result<Vec<Lesson>, ScenarioError> {
    let doc = Value::parse(file).or_else(|e| err("", format!("not valid JSON: {e}")))?;
    let all = expect_object(&doc, "lessons")?;
    if let Some(id) = all.keys().find(|id| Entry::by_id(id).is_none()) {
        return err(id.as_str(), "not in the lesson catalog");
    }
    CATALOG.iter().map(|e| lesson(e, all)).collect()
}

fn lesson(e: &'static Entry, all: &Map) -> Result<Lesson, ScenarioError> {
    let fields = expect_object(all.get(e.id).unwrap_or(&Value::Null), e.id)?;
    let text = |key: &str| match fields.get(key).and_then(Value::as_str) {
        Some(s) => Ok(s.to_string()),
        None => err(format!("{}.{key}", e.id), "missing (a string)"),
    };
    let scenario = fields.get("scenario").unwrap_or(&Value::Null);
    let scenario = Scenario::from_value(scenario)
        .or_else(|x| err(format!("{}.scenario.{}", e.id, x.field), x.message))?;
    Ok(Lesson {
        id: e.id,
        title: e.title,
        text: text("text")?,
        question: text("question")?,
        answer: text("answer")?,
        scenario,
    })
}
