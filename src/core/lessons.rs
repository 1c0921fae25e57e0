//! One-click lessons: a scenario that shows one idea, with a few sentences saying what to
//! look at. Each is a scenario document, so a lesson is exactly what a user could export,
//! share or run with `trace`; `tests/lessons.rs` checks every number and comparison each
//! text states, as written, against the lesson's own runs.

use super::scenario::{Scenario, ScenarioError};

pub struct Lesson {
    pub id: &'static str,
    pub title: &'static str,
    /// What to look at, in 2–5 sentences; every number in it is asserted by its test.
    pub text: &'static str,
    /// A question to ask before playing (predict, then reveal).
    pub question: &'static str,
    /// Its answer, in a sentence or two; every number in it is one the text states (and the
    /// test asserts).
    pub answer: &'static str,
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

pub static LESSONS: [Lesson; 16] = [
    Lesson {
        id: "adagrad-stalls",
        title: "AdaGrad stalls, RMSProp keeps going",
        text: "AdaGrad divides by the root of the sum of every squared gradient so far, and on \
               Rosenbrock its first two updates see gradients between 50 and 600 per \
               coordinate. Later gradients are small, so from step 10 to step 3000 its rate \
               changes by less than 1%: it is stuck with the rate the steep start left it, \
               not shrinking further. RMSProp's moving average (ρ = 0.9) forgets the start, \
               and its rate rises more than tenfold after step 10. With these learning rates \
               (AdaGrad α = 0.5, RMSProp α = 0.005) RMSProp ends below loss 0.01 at step 3000 \
               and AdaGrad above 0.02: compare the two lines in the effective-learning-rate \
               chart.",
        question: "After the steep start, does AdaGrad's effective learning rate keep shrinking?",
        answer: "No: from step 10 on it changes by less than 1%, stuck where the steep start left it, while RMSProp's rises more than tenfold.",
        scenario: r#"{"surface": "rosenbrock", "start": [-1.5, 2.0], "steps": 3000,
            "runs": [{"optimizer": "adagrad", "lr": 0.5},
                     {"optimizer": "rmsprop", "lr": 0.005, "decay": 0.9}]}"#,
    },
    Lesson {
        id: "decay-memory",
        title: "Decay: long memory vs sign descent",
        text: "The decay ρ sets how long RMSProp remembers; all three runs use α = 0.05. With \
               ρ = 0 it divides each gradient by its own size, so every step is ±α per \
               coordinate up to ε (sign descent), and with ρ = 0.9 it forgets within about ten steps: \
               over the last 100 steps both rattle back and forth at ±α, and their loss stays \
               above 5·10⁻⁴. With ρ = 0.999 v still remembers the steep start, so near the \
               minimum the steps shrink with the gradient: its loss never rises and ends below \
               10⁻¹⁰⁰, though its first step is α/√(1 − ρ) ≈ 31.6α. The rattle comes from a \
               constant α with a short memory, not from ρ = 0 as such.",
        question: "Which of ρ = 0, 0.9 and 0.999 still rattles at ±α near the minimum at the end?",
        answer: "ρ = 0 and ρ = 0.9 both do; ρ = 0.999, whose v still remembers the steep start, settles smoothly.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 400,
            "runs": [{"optimizer": "rmsprop", "lr": 0.05, "decay": 0.0},
                     {"optimizer": "rmsprop", "lr": 0.05, "decay": 0.9},
                     {"optimizer": "rmsprop", "lr": 0.05, "decay": 0.999}]}"#,
    },
    Lesson {
        id: "big-epsilon",
        title: "A large ε turns RMSProp into SGD",
        text: "ε keeps the denominator away from zero. Make it much larger than the mean square \
               v of the gradient and the denominator is just √ε (ε inside the root) or ε \
               (outside): RMSProp becomes plain gradient descent with learning rate α/√ε or \
               α/ε. Here v stays below 4 and ε = 100, so RMSProp with α = 2 (inside) and with \
               α = 20 (outside) both follow SGD with α = 0.2 to within 0.03 at every step, \
               while the first RMSProp (ε = 1e-8) strays more than 0.5 from SGD's path.",
        question: "With ε = 100 inside the root and α = 2, which SGD learning rate does RMSProp imitate?",
        answer: "α/√ε = 0.2: it stays within 0.03 of SGD with α = 0.2.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 300,
            "runs": [{"optimizer": "rmsprop", "lr": 0.05, "eps": 1e-8},
                     {"optimizer": "rmsprop", "lr": 2.0, "eps": 100.0},
                     {"optimizer": "rmsprop", "lr": 20.0, "eps": 100.0, "eps_placement": "outside"},
                     {"optimizer": "sgd", "lr": 0.2}]}"#,
    },
    Lesson {
        id: "eps-placement",
        title: "ε inside or outside the root",
        text: "Far out on this plateau the gradient is tiny (about 10⁻⁴ per coordinate). With \
               ε = 10⁻⁶ outside the root (PyTorch: √v + ε) the denominator shrinks with the \
               gradient and RMSProp's first step is about 3α, as anywhere; with the same ε \
               inside (TensorFlow, Keras, optax: √(v + ε)) the denominator cannot fall below \
               √ε = 10⁻³, so its first step is under 0.1α and it creeps. It reaches loss 10⁻³ \
               at step 203 outside and at step 336 inside: same name, same numbers, different \
               optimizer.",
        question: "With the same ε = 10⁻⁶, which placement crosses the plateau first?",
        answer: "Outside the root (PyTorch): loss 10⁻³ at step 203, against step 336 inside.",
        scenario: r#"{"surface": {"formula": "1 - exp(-(x^2 + y^2)/4)", "window": [[-6, 6], [-6, 6]]},
            "start": [5.0, 4.0], "steps": 400,
            "runs": [{"optimizer": "rmsprop", "lr": 0.02, "eps": 1e-6, "eps_placement": "outside"},
                     {"optimizer": "rmsprop", "lr": 0.02, "eps": 1e-6, "eps_placement": "inside"}]}"#,
    },
    Lesson {
        id: "bias-correction",
        title: "Adam's bias correction vs RMSProp's first step",
        text: "RMSProp's mean square starts at 0, so with ρ = 0.999 the first update sees \
               v = 0.001·g² and steps α/√(1 − ρ) ≈ 31.6α per coordinate: at α = 0.2 it jumps \
               6.3 and the loss rises from 6.1 to 47. Adam with β₁ = 0, β₂ = 0.999 is that \
               same RMSProp plus bias correction: it divides v by 1 − β₂ᵗ, so its first step \
               is exactly α and its loss falls at every update. Adam's defaults (β₁ = 0.9) \
               correct m the same way, and its first step is again α. Here the overshoot is \
               harmless (the uncorrected run is below loss 0.01 by step 4): step through the \
               first updates and watch the explainer.",
        question: "With ρ = 0.999 and α = 0.2, how big is uncorrected RMSProp's first step, and Adam's?",
        answer: "About 31.6α, a jump of 6.3 per coordinate, for RMSProp; exactly α = 0.2 for Adam.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 100,
            "runs": [{"optimizer": "rmsprop", "lr": 0.2, "decay": 0.999},
                     {"optimizer": "adam", "lr": 0.2, "beta1": 0.0, "beta2": 0.999},
                     {"optimizer": "adam", "lr": 0.2}]}"#,
    },
    Lesson {
        id: "axis-aligned",
        title: "An axis-aligned valley: per-coordinate steps",
        text: "The bowl 0.1x² + 2y² is 20× steeper along y than along x. SGD (α = 0.2) steps by \
               α·g: y reaches the valley floor within 5 steps (|y| < 0.001) while x has moved \
               less than 0.8, an L-shaped path. RMSProp (α = 0.05) divides each coordinate by \
               its own gradient size, so x and y move at nearly the same pace (|Δx|/|Δy| below \
               1.6 for 20 steps): the path heads off at about 45° and, once y is near the floor \
               (|y| < 0.01 by step 44), runs along x. That is not faster here: RMSProp reaches \
               loss 10⁻³ at step 94, SGD at step 91 and Adam (α = 0.1) at step 64.",
        question: "On the upright valley, does RMSProp reach loss 10⁻³ sooner than SGD?",
        answer: "No: at step 94, against SGD's 91. It moves both coordinates at one pace; that is not faster here.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 300,
            "runs": [{"optimizer": "sgd", "lr": 0.2},
                     {"optimizer": "rmsprop", "lr": 0.05},
                     {"optimizer": "adam", "lr": 0.1}]}"#,
    },
    Lesson {
        id: "rotated-valley",
        title: "The rotated valley: adaptivity is per axis, not per direction",
        text: "The same valley turned 45°, started from the upright lesson's start turned with \
               it: the steep and the shallow directions are now the diagonals. SGD does not \
               care how the axes are drawn: its path is the upright path turned 45°, step for \
               step, and it reaches loss 10⁻³ at step 91 on both. x and y now see gradients of \
               similar size, so per-coordinate scaling cannot tell the directions apart: \
               RMSProp needs 110 steps instead of 94 and Adam 164 instead of 64. Adaptive \
               methods rescale axes, not directions.",
        question: "Turn the valley by 45°: which of SGD, RMSProp and Adam is unaffected?",
        answer: "SGD: its path is the upright one turned (loss 10⁻³ at step 91 both times); RMSProp and Adam need 110 and 164 steps.",
        scenario: r#"{"surface": "rotated_bowl", "start": [-1.7677669529663687, -3.8890872965260113],
            "steps": 300,
            "runs": [{"optimizer": "sgd", "lr": 0.2},
                     {"optimizer": "rmsprop", "lr": 0.05},
                     {"optimizer": "adam", "lr": 0.1}]}"#,
    },
    Lesson {
        id: "scale-invariance",
        title: "Scale invariance on Goldstein–Price",
        text: "Goldstein–Price spans values from 3 to a million, and its gradients as much. \
               SGD's step is α·g: at α = 1e-5 it explodes at update 6, and at 2e-6 it survives \
               but ends in a side valley (loss above 50). RMSProp and Adam divide by the \
               gradient's own size, so ordinary rates take them to the global minimum at \
               (0, −1), and on copies of f multiplied by 1000 or by 0.001 their paths stay the \
               same to within 10⁻⁷ (the difference is ε's), while SGD's explode by update 4 or \
               stay within 0.2 of the start. This is invariance to the scale of f, not to \
               stretching θ: on f(2x, y) RMSProp's path, stretched back, is another path.",
        question: "Multiply Goldstein–Price by 1000: what happens to Adam's path, and to SGD's?",
        answer: "Adam's stays the same to within 10⁻⁷; SGD's explodes by update 4.",
        scenario: r#"{"surface": "goldstein_price", "start": [1.5, -2.5], "steps": 500,
            "runs": [{"optimizer": "sgd", "lr": 1e-5},
                     {"optimizer": "sgd", "lr": 2e-6},
                     {"optimizer": "rmsprop", "lr": 0.01},
                     {"optimizer": "adam", "lr": 0.05}]}"#,
    },
    Lesson {
        id: "rmsprop-forgets",
        title: "RMSProp forgets, AdaGrad cannot",
        text: "At step 200 this bowl moves by (3, −1) and becomes 100× flatter (the scenario's \
               shift): every later gradient is a hundredth of what it would have been. RMSProp \
               (ρ = 0.9) averages roughly its last 1/(1 − ρ) = 10 squared gradients, so its \
               denominator follows the new scale: 20 steps after the shift √v is within a \
               factor of 3 of |g| in both coordinates, and it comes within 0.1 of the new \
               minimum by step 281. AdaGrad's sum still holds the steep start: its rate stays \
               within 1% of what it was, √s is more than 100× |g|, and at step 600 it is still \
               more than 2.5 from the new minimum. This is the seed's “adjusts in real time”: \
               RMSProp forgets, AdaGrad cannot.",
        question: "After the surface moves and becomes 100× flatter at step 200, which run reaches the new minimum?",
        answer: "RMSProp, within 0.1 of it by step 281; AdaGrad is still more than 2.5 away at step 600.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 600,
            "shift": {"step": 200, "scale": 0.01, "offset": [3.0, -1.0]},
            "runs": [{"optimizer": "rmsprop", "lr": 0.05, "decay": 0.9},
                     {"optimizer": "adagrad", "lr": 0.5}]}"#,
    },
    Lesson {
        id: "noisy-gradients",
        title: "Noisy gradients: RMSProp scales the step, it does not average it",
        text: "Every gradient here carries Gaussian noise (σ = 1, the same for all runs), so \
               near the minimum it is mostly noise. RMSProp divides by √v, which now measures \
               the noise, and still takes steps of about α (0.8α on average over the last 200 \
               steps) in directions the noise picks: only their mean, about α·E[g]/√E[g²], \
               points downhill, so it needs 130 steps to reach loss 0.1 instead of 61 without \
               noise. Adam's m averages the directions (momentum does, RMSProp does not), so \
               its steps average under 0.2α over the last 200, and AdaGrad's rate keeps falling \
               as noisy squares pile up (to less than half between steps 100 and 1000), which \
               gives it the lowest mean loss of the three over the last 200 steps. So RMSProp \
               “smooths out noisy updates” only in size, not in direction.",
        question: "Under noise, does RMSProp take smaller steps near the minimum?",
        answer: "No: still 0.8α on average; only their mean shrinks. Adam's momentum averages the directions, to under 0.2α.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 1000,
            "noise": {"sigma": 1.0, "seed": 1},
            "runs": [{"optimizer": "rmsprop", "lr": 0.05},
                     {"optimizer": "adam", "lr": 0.05},
                     {"optimizer": "adagrad", "lr": 0.5}]}"#,
    },
    Lesson {
        id: "constant-lr-floor",
        title: "A constant learning rate never converges",
        text: "With a constant α RMSProp never settles: near the minimum it divides each tiny \
               gradient by its own tiny size, so its steps stay at ±α per coordinate and it \
               rattles around the minimum. Its loss stops at a floor that grows with α: about \
               5.2·10⁻⁵ at α = 0.01 and 1.3·10⁻³ at α = 0.05, 25× higher for 5× the rate. On \
               the same bowl SGD (α = 0.2) converges, below 10⁻³⁰ by step 1000, and so does \
               AdaGrad (α = 0.5), whose rate keeps falling: a decaying learning rate removes \
               the floor.",
        question: "Five times the learning rate: how much higher is RMSProp's loss floor?",
        answer: "25× higher: 5.2·10⁻⁵ at α = 0.01, 1.3·10⁻³ at α = 0.05.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 1000,
            "runs": [{"optimizer": "rmsprop", "lr": 0.01},
                     {"optimizer": "rmsprop", "lr": 0.05},
                     {"optimizer": "sgd", "lr": 0.2},
                     {"optimizer": "adagrad", "lr": 0.5}]}"#,
    },
    Lesson {
        id: "bounded-steps",
        title: "Every RMSProp step is bounded",
        text: "Because v_t ≥ (1 − ρ)·g_t², no RMSProp step without momentum or centering can \
               exceed α/√(1 − ρ) per coordinate, whatever the gradient: 3.16α for ρ = 0.9. So \
               at α = 1 RMSProp stays on the bowl, while SGD at the same rate multiplies y by \
               1 − 4α = −3 every step: by step 300 its loss is above 10²⁰⁰. SGD needs α < 0.5 \
               here (at α = 0.4 its loss is below 10⁻²⁰ by step 300). \
               In the sweep map (learning rate × decay, 48 rates from 10⁻⁵ to 10) no RMSProp \
               cell diverges, while SGD at each of those rates above 0.5 ends with a loss above \
               10¹⁰. That is \
               robustness to the gradient's scale, not freedom from tuning: at α = 1 RMSProp \
               still ends with a loss near 0.5.",
        question: "At α = 1 on the bowl, which one diverges, SGD or RMSProp?",
        answer: "SGD (its loss is above 10²⁰⁰ by step 300); RMSProp's steps are bounded by α/√(1 − ρ) = 3.16α.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 300,
            "runs": [{"optimizer": "rmsprop", "lr": 1.0},
                     {"optimizer": "sgd", "lr": 1.0},
                     {"optimizer": "sgd", "lr": 0.4}]}"#,
    },
    Lesson {
        id: "which-minimum",
        title: "Which minimum you reach",
        text: "Himmelblau has four minima, all with f = 0: no method can find a better one, \
               only a different one. From (1.25, −1.25) SGD (α = 0.01) ends in the minimum at \
               (3.58, −1.85), while RMSProp (α = 0.05) and Adam (α = 0.1) end near (3, 2). \
               Open the start-point map with each: of its 48 × 48 starts, SGD and Adam end in \
               different minima from 167 of the 2304. Adaptive steps change which basin a \
               start drains into; they do not make the minimum better.",
        question: "From (1.25, −1.25), do SGD and Adam end in the same minimum?",
        answer: "No: SGD ends at (3.58, −1.85), Adam near (3, 2), and both have f = 0.",
        scenario: r#"{"surface": "himmelblau", "start": [1.25, -1.25], "steps": 500,
            "runs": [{"optimizer": "sgd", "lr": 0.01},
                     {"optimizer": "rmsprop", "lr": 0.05},
                     {"optimizer": "adam", "lr": 0.1}]}"#,
    },
    Lesson {
        id: "saddle-escape",
        title: "Escaping a saddle",
        text: "On the saddle x² − y², started at (−2.5, 0.05), the escape direction y has a \
               gradient 50× smaller than x's. At the same α = 0.05, SGD's first step in y is \
               α·|g_y| = 0.005: it first slides to the saddle point (x ≈ −0.09 when it escapes) \
               and needs 32 steps to reach |y| > 1. RMSProp and Adam divide each coordinate by \
               its own gradient size, so y moves by about α at once (RMSProp's first step is \
               3.16α, Adam's α): they reach |y| > 1 in 8 and 19 steps, while x is still below \
               −1.5.",
        question: "At the same α = 0.05, which leaves the saddle first: SGD, RMSProp or Adam?",
        answer: "RMSProp (|y| > 1 after 8 steps), then Adam (19), then SGD (32).",
        scenario: r#"{"surface": "saddle", "start": [-2.5, 0.05], "steps": 200,
            "runs": [{"optimizer": "sgd", "lr": 0.05},
                     {"optimizer": "rmsprop", "lr": 0.05},
                     {"optimizer": "adam", "lr": 0.05}]}"#,
    },
    Lesson {
        id: "momentum-vs-adam",
        title: "RMSProp with momentum vs Adam",
        text: "Both use α = 0.01 and a memory of 0.9: RMSProp with ρ = 0.9 and momentum \
               μ = 0.9, Adam with β₁ = β₂ = 0.9. PyTorch's momentum buffer is a sum, \
               b ← μ·b + g/den, so on the long slope along x its steps grow to about \
               α/(1 − μ) = 10α (10.1α at most here). Adam's m is a moving average, weighted by \
               1 − β₁ and bias-corrected, so its steps stay at or below α from the first one \
               on. Scale RMSProp's α by 1 − μ (the third run, α = 0.001) and the two nearly \
               agree: their paths stay within 0.13 of each other.",
        question: "Same α = 0.01 and a memory of 0.9: whose steps grow bigger, RMSProp with momentum or Adam?",
        answer: "RMSProp with momentum, to about 10α (10.1α at most); Adam's stay at or below α.",
        scenario: r#"{"surface": "bowl", "start": [-4.0, 1.5], "steps": 300,
            "runs": [{"optimizer": "rmsprop", "lr": 0.01, "decay": 0.9, "momentum": 0.9},
                     {"optimizer": "adam", "lr": 0.01, "beta1": 0.9, "beta2": 0.9},
                     {"optimizer": "rmsprop", "lr": 0.001, "decay": 0.9, "momentum": 0.9}]}"#,
    },
    Lesson {
        id: "eps-regimes",
        title: "ε regimes: inside, outside, ε-hat",
        text: "On the plateau of the ε-placement lesson, ε = 10⁻⁶ inside the root and \
               ε = 10⁻³ = √(10⁻⁶) outside act alike: √(v + ε) and √v + √ε differ by at most a \
               factor √2, their first steps agree within 3%, and they reach loss 10⁻³ at steps \
               336 and 374. With ε = 10⁻⁶ outside it is another optimizer here (step 203). \
               Keras's Adam adds ε to √v before the bias correction (ε-hat): at step 1 with \
               β₂ = 0.999 that ε weighs √1000 ≈ 31.6× more than PyTorch's ε of the same value.",
        question: "Which ε outside the root behaves like ε = 10⁻⁶ inside it?",
        answer: "ε = 10⁻³ = √(10⁻⁶): their first steps agree within 3%.",
        scenario: r#"{"surface": {"formula": "1 - exp(-(x^2 + y^2)/4)", "window": [[-6, 6], [-6, 6]]},
            "start": [5.0, 4.0], "steps": 400,
            "runs": [{"optimizer": "rmsprop", "lr": 0.02, "eps": 1e-6, "eps_placement": "inside"},
                     {"optimizer": "rmsprop", "lr": 0.02, "eps": 1e-3, "eps_placement": "outside"},
                     {"optimizer": "rmsprop", "lr": 0.02, "eps": 1e-6, "eps_placement": "outside"}]}"#,
    },
];
