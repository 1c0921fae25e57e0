//! What a lesson's text points at: the charts, panels and overlays it names, each a button
//! under the text that brings the thing into view and highlights it. Found from the words
//! the text uses, so a new lesson gets its pointers by naming things as the UI does.

/// Something on the page a lesson can point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pointer {
    /// The button's text.
    pub label: &'static str,
    /// The CSS selector of what it shows.
    pub target: &'static str,
}

/// (words in the text, what they point at), in the order the buttons appear.
const NAMED: [(&[&str], Pointer); 6] = [
    (
        &["effective-learning-rate chart", "effective learning rate chart", "rate chart"],
        Pointer { label: "Effective learning rate chart", target: "[data-testid=eff-lr-chart]" },
    ),
    (&["loss chart"], Pointer { label: "Loss chart", target: "[data-testid=loss-chart]" }),
    (
        &["accumulator chart"],
        Pointer { label: "Accumulator chart", target: "[data-testid=accumulator-chart]" },
    ),
    (
        &["explainer", "step through"],
        Pointer { label: "Step explainer", target: "[data-testid=explainer]" },
    ),
    (
        &["sweep map", "start-point map"],
        Pointer { label: "Sweep maps", target: "[data-testid=sweep-panel]" },
    ),
    (&["timeline"], Pointer { label: "Timeline", target: ".playback .timeline" }),
];

/// The pointers for `text`, each once.
pub fn pointers(text: &str) -> Vec<Pointer> {
    // ASCII only: `str::to_lowercase` would link Unicode's case tables into the wasm.
    let text = text.to_ascii_lowercase();
    NAMED
        .iter()
        .filter(|(words, _)| words.iter().any(|w| text.contains(w)))
        .map(|(_, p)| *p)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::lessons::{parse, Lesson};

    fn lessons() -> Vec<Lesson> {
        parse(include_str!("../../assets/app/lessons.json")).unwrap()
    }

    #[test]
    fn named_things_become_pointers() {
        let p =
            pointers("Compare the lines in the effective-learning-rate chart; step through it.");
        assert_eq!(
            p.iter().map(|p| p.label).collect::<Vec<_>>(),
            ["Effective learning rate chart", "Step explainer"]
        );
        assert!(pointers("Nothing named here.").is_empty());
    }

    #[test]
    fn lessons_that_name_a_chart_or_map_point_at_it() {
        let all = lessons();
        let by_id = |id: &str| all.iter().find(|l| l.id == id).unwrap();
        let labels = |id| pointers(&by_id(id).text).iter().map(|p| p.label).collect::<Vec<_>>();
        assert_eq!(labels("adagrad-stalls"), ["Effective learning rate chart"]);
        assert!(labels("bias-correction").contains(&"Step explainer"));
        for l in &all {
            let t = l.text.to_ascii_lowercase();
            if t.contains("sweep map") || t.contains("start-point map") {
                assert!(pointers(&l.text).iter().any(|p| p.label == "Sweep maps"), "{}", l.id);
            }
        }
    }
}
