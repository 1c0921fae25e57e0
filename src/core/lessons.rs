//! One-click lessons: a scenario that shows one idea, with a few sentences saying what to
//! look at. Each is a scenario document, so a lesson is exactly what a user could export,
//! share or run with `trace`; `tests/lessons.rs` checks that each one shows what it claims.

use super::scenario::{Scenario, ScenarioError};

pub struct Lesson {
    pub id: &'static str,
    pub title: &'static str,
    /// What to look at, in 2–4 sentences.
    pub text: &'static str,
    pub scenario: &'static str,
}

impl Lesson {
    pub fn scenario(&self) -> Result<Scenario, ScenarioError> {
        Scenario::from_json(self.scenario)
    }

    pub fn by_id(id: &str) -> Option<&'static Lesson> {
        LESSONS.iter().find(|l| l.id == id)
    }
}

pub static LESSONS: [Lesson; 8] = [
    Lesson {
        id: "adagrad-stalls",
        title: "AdaGrad stalls, RMSProp keeps going",
        text: "AdaGrad divides by the root of the sum of every squared gradient so far, so its \
               effective learning rate can only shrink: in the long valley it slows to a crawl. \
               RMSProp keeps a moving average instead, so its step size recovers once the \
               gradients get small. Compare the two lines in the effective-learning-rate chart.",
        scenario: r#"{"surface": "rosenbrock", "start": [-1.5, 2.0], "steps": 3000,
            "runs": [{"optimizer": "adagrad", "lr": 0.5},
                     {"optimizer": "rmsprop", "lr": 0.005, "decay": 0.9}]}"#,
    },
    Lesson {
        id: "decay-memory",
        title: "Decay: long memory vs sign descent",
        text: "The decay ρ sets how long RMSProp remembers. With ρ = 0 it divides each gradient \
               by its own size: every step is ±α per coordinate (sign descent), and it rattles \
               around the minimum. With ρ = 0.999 it averages over about a thousand steps and \
               moves smoothly, like AdaGrad early on — but its very first steps are α/√(1−ρ), \
               about 32× the learning rate.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 400,
            "runs": [{"optimizer": "rmsprop", "lr": 0.05, "decay": 0.0},
                     {"optimizer": "rmsprop", "lr": 0.05, "decay": 0.9},
                     {"optimizer": "rmsprop", "lr": 0.005, "decay": 0.999}]}"#,
    },
    Lesson {
        id: "big-epsilon",
        title: "A large ε turns RMSProp into SGD",
        text: "ε keeps the denominator away from zero. Make it much larger than the mean \
               square of the gradient and the denominator is just √ε: RMSProp becomes plain \
               gradient descent with learning rate α/√ε. The second RMSProp (ε = 100, α = 2) \
               follows SGD with α = 0.2 step for step; the first shows what adaptivity buys.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 300,
            "runs": [{"optimizer": "rmsprop", "lr": 0.05, "eps": 1e-8},
                     {"optimizer": "rmsprop", "lr": 2.0, "eps": 100.0},
                     {"optimizer": "sgd", "lr": 0.2}]}"#,
    },
    Lesson {
        id: "eps-placement",
        title: "ε inside or outside the root",
        text: "Far out on this plateau the gradient is tiny (about 1e-4). With ε outside the \
               root (PyTorch: √v + ε) the denominator shrinks with the gradient and RMSProp \
               still takes full steps; with the same ε inside (TensorFlow, Keras, optax: \
               √(v + ε)) the denominator cannot fall below √ε, so it creeps. Same name, same \
               numbers, different optimizer.",
        scenario: r#"{"surface": {"formula": "1 - exp(-(x^2 + y^2)/4)", "window": [[-6, 6], [-6, 6]]},
            "start": [5.0, 4.0], "steps": 400,
            "runs": [{"optimizer": "rmsprop", "lr": 0.02, "eps": 1e-6, "eps_placement": "outside"},
                     {"optimizer": "rmsprop", "lr": 0.02, "eps": 1e-6, "eps_placement": "inside"}]}"#,
    },
    Lesson {
        id: "bias-correction",
        title: "Adam's bias correction vs RMSProp's first step",
        text: "RMSProp's mean square starts at 0, so after one step v = (1 − ρ)·g² and the first \
               step is α/√(1 − ρ) ≈ 3.2α for ρ = 0.9 — an overshoot. Adam divides its moments by \
               1 − βᵗ, so its first step is exactly α. Step through the first ten updates and \
               watch the explainer.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 60,
            "runs": [{"optimizer": "rmsprop", "lr": 0.3, "decay": 0.9},
                     {"optimizer": "adam", "lr": 0.3, "beta1": 0.0, "beta2": 0.9}]}"#,
    },
    Lesson {
        id: "axis-aligned",
        title: "An axis-aligned valley: per-coordinate steps",
        text: "The bowl is 20× steeper along y than along x. SGD's step is proportional to the \
               slope, so it drops down the steep y-wall at once and then slides slowly along the \
               shallow x-direction: an L-shaped path. RMSProp and Adam divide each coordinate by \
               its own gradient size, so both coordinates move at the same pace and the path \
               cuts diagonally. Then open the rotated valley.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 300,
            "runs": [{"optimizer": "sgd", "lr": 0.2},
                     {"optimizer": "rmsprop", "lr": 0.05},
                     {"optimizer": "adam", "lr": 0.1}]}"#,
    },
    Lesson {
        id: "rotated-valley",
        title: "The rotated valley: adaptivity is per axis, not per direction",
        text: "The same valley turned 45°: the steep and the shallow directions are now the \
               diagonals. x and y see gradients of similar size, so per-coordinate scaling \
               cannot tell the directions apart; RMSProp and Adam lose their edge and take \
               longer than on the upright bowl. SGD does not care how the axes are drawn: it \
               behaves exactly as before. Adaptive methods rescale axes, not directions.",
        scenario: r#"{"surface": "rotated_bowl", "start": [-4.0, 2.0], "steps": 300,
            "runs": [{"optimizer": "sgd", "lr": 0.2},
                     {"optimizer": "rmsprop", "lr": 0.05},
                     {"optimizer": "adam", "lr": 0.1}]}"#,
    },
    Lesson {
        id: "scale-invariance",
        title: "Scale invariance on Goldstein–Price",
        text: "This surface spans values from 3 to a million, and its gradients as much. SGD's \
               step is α·g: at α = 1e-5 it explodes within a few steps, and at 2e-6 it survives \
               but wanders into a side valley. RMSProp and Adam divide by the gradient's own \
               size, so an ordinary learning rate takes them to the global minimum at (0, −1).",
        scenario: r#"{"surface": "goldstein_price", "start": [1.5, -2.5], "steps": 500,
            "runs": [{"optimizer": "sgd", "lr": 1e-5},
                     {"optimizer": "sgd", "lr": 2e-6},
                     {"optimizer": "rmsprop", "lr": 0.01},
                     {"optimizer": "adam", "lr": 0.05}]}"#,
    },
];
