//! Seeded synthetic data sets: the same rows on every machine and in the browser.
//!
//! ```text
//! rng = SplitMix64(seed)                    (core::rng; normals by Box–Muller)
//! for each of the n rows, in order:
//!   linear_regression:
//!     z₁, z₂ ~ N(0, 1)
//!     x = feature_mean + feature_scale·z₁
//!     y = w·x + b + noise·z₂
//!   logistic_regression:
//!     z₁, z₂ ~ N(0, 1);  u ~ U(0, 1)
//!     x1 = feature_mean + feature_scale·z₁
//!     x2 = feature_mean + feature_scale2·(ρ·z₁ + √(1 − ρ²)·z₂)      (ρ = correlation)
//!     label = 1 if w1·x1 + w2·x2 + noise·ln(u / (1 − u)) > 0, else 0
//! ```
//! Each row takes the same number of draws, so the first k rows do not depend on n: more
//! rows add to a data set without changing it. Logistic noise is the standard logistic
//! distribution scaled by `noise`: with noise 1 the labels are exactly the logistic model's,
//! P(label = 1) = σ(w1·x1 + w2·x2), and the best fit lies near the true (w1, w2); with
//! noise s it lies near (w1, w2)/s; with noise 0 the classes are separable and the loss has
//! no minimum (it keeps falling as the weights grow).

use super::model::{Example, Model};
use crate::core::optim::params::{check_whole, Range, SliderScale};
use crate::core::rng::SplitMix64;

/// The most rows a data set may have (generated or imported): enough for any picture, and
/// few enough that every step's full-batch loss stays cheap in the browser.
pub const MAX_ROWS: usize = 10_000;
/// Seeds stay below 2⁵³ so that they survive JSON (and JavaScript) as exact integers.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// A generator's settings. `truth` holds the true parameters: (w, b) for linear
/// regression, (w1, w2) for logistic regression; `feature_scale2` and `correlation` are used
/// by logistic regression only.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Generator {
    pub n: usize,
    pub seed: u64,
    pub feature_mean: f64,
    pub feature_scale: f64,
    pub feature_scale2: f64,
    pub correlation: f64,
    pub noise: f64,
    pub truth: [f64; 2],
}

/// One setting of the generator: its key (in scenarios and URLs), label, valid values and
/// slider, and the models that have it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GenField {
    pub key: &'static str,
    pub label: &'static str,
    pub range: Range,
    /// Whole numbers only (n, seed).
    pub whole: bool,
    pub slider: SliderScale,
    pub models: &'static [Model],
}

const BOTH: &[Model] = &Model::ALL;
const LINEAR: &[Model] = &[Model::LinearRegression];
const LOGISTIC: &[Model] = &[Model::LogisticRegression];

const fn closed(min: f64, max: f64) -> Range {
    Range { min, min_open: false, max, max_open: false }
}
/// Scales are > 0: a zero scale makes every row's feature equal, and the fit singular.
const SCALE: Range = Range { min: 0.0, min_open: true, max: 1e3, max_open: false };
const WEIGHT: Range = closed(-1e3, 1e3);

const fn field(
    key: &'static str,
    label: &'static str,
    range: Range,
    slider: SliderScale,
    models: &'static [Model],
) -> GenField {
    GenField { key, label, range, whole: false, slider, models }
}

/// A whole-number setting (n, seed) for every model.
const fn count(
    key: &'static str,
    label: &'static str,
    range: Range,
    slider: SliderScale,
) -> GenField {
    GenField { whole: true, ..field(key, label, range, slider, BOTH) }
}

/// Every setting, in the order the UI lists them.
pub static FIELDS: [GenField; 11] = [
    count("n", "rows", closed(1.0, MAX_ROWS as f64), SliderScale::Log { min: 4.0, max: 1e3 }),
    count(
        "seed",
        "seed",
        closed(0.0, MAX_SEED as f64),
        SliderScale::Linear { min: 0.0, max: 100.0 },
    ),
    field(
        "feature_mean",
        "feature mean",
        closed(-1e3, 1e3),
        SliderScale::Linear { min: -20.0, max: 20.0 },
        BOTH,
    ),
    field(
        "feature_scale",
        "feature scale",
        SCALE,
        SliderScale::Log { min: 0.01, max: 100.0 },
        BOTH,
    ),
    field(
        "feature_scale2",
        "second feature's scale",
        SCALE,
        SliderScale::Log { min: 0.01, max: 100.0 },
        LOGISTIC,
    ),
    field(
        "correlation",
        "correlation of the features",
        Range { min: -1.0, min_open: true, max: 1.0, max_open: true },
        SliderScale::Linear { min: -0.99, max: 0.99 },
        LOGISTIC,
    ),
    field("noise", "noise", closed(0.0, 1e3), SliderScale::Linear { min: 0.0, max: 3.0 }, BOTH),
    field("w", "true w", WEIGHT, SliderScale::Linear { min: -5.0, max: 5.0 }, LINEAR),
    field("b", "true b", WEIGHT, SliderScale::Linear { min: -5.0, max: 5.0 }, LINEAR),
    field("w1", "true w1", WEIGHT, SliderScale::Linear { min: -5.0, max: 5.0 }, LOGISTIC),
    field("w2", "true w2", WEIGHT, SliderScale::Linear { min: -5.0, max: 5.0 }, LOGISTIC),
];

impl GenField {
    /// Whether `x` is a valid value; the message says why not.
    pub fn check(&self, x: f64) -> Result<f64, String> {
        if self.whole {
            check_whole(x)?;
        }
        if self.range.contains(x) {
            Ok(x)
        } else {
            Err(format!("must be {} (got {x})", self.range.describe()))
        }
    }
}

impl Generator {
    /// The defaults: 64 rows, seed 1, features of mean 0 and scale 1, uncorrelated; true
    /// parameters (2, −1); noise 0.3 on y for linear regression, 1 (the logistic model's
    /// own labels) for logistic regression.
    pub fn default_for(model: Model) -> Generator {
        let noise = match model {
            Model::LinearRegression => 0.3,
            Model::LogisticRegression => 1.0,
        };
        Generator {
            n: 64,
            seed: 1,
            feature_mean: 0.0,
            feature_scale: 1.0,
            feature_scale2: 1.0,
            correlation: 0.0,
            noise,
            truth: [2.0, -1.0],
        }
    }

    /// The settings `model` has, in the UI's order.
    pub fn fields(model: Model) -> impl Iterator<Item = &'static GenField> {
        FIELDS.iter().filter(move |f| f.models.contains(&model))
    }

    /// The setting `key` of `model`, if it has one.
    pub fn field(model: Model, key: &str) -> Option<&'static GenField> {
        Self::fields(model).find(|f| f.key == key)
    }

    pub fn get(&self, key: &str) -> Option<f64> {
        Some(match key {
            "n" => self.n as f64,
            "seed" => self.seed as f64,
            "feature_mean" => self.feature_mean,
            "feature_scale" => self.feature_scale,
            "feature_scale2" => self.feature_scale2,
            "correlation" => self.correlation,
            "noise" => self.noise,
            "w" | "w1" => self.truth[0],
            "b" | "w2" => self.truth[1],
            _ => return None,
        })
    }

    /// Sets `key` of `model`'s generator, if valid (the message says why not).
    pub fn set(&mut self, model: Model, key: &str, x: f64) -> Result<(), String> {
        let Some(spec) = Self::field(model, key) else {
            let known: Vec<_> = Self::fields(model).map(|f| f.key).collect();
            return Err(format!(
                "unknown setting for {} data (expected one of: {})",
                model.name(),
                known.join(", ")
            ));
        };
        let x = spec.check(x)?;
        match key {
            "n" => self.n = x as usize,
            "seed" => self.seed = x as u64,
            "feature_mean" => self.feature_mean = x,
            "feature_scale" => self.feature_scale = x,
            "feature_scale2" => self.feature_scale2 = x,
            "correlation" => self.correlation = x,
            "noise" => self.noise = x,
            "w" | "w1" => self.truth[0] = x,
            _ => self.truth[1] = x,
        }
        Ok(())
    }

    /// These settings if every one is valid for `model` (the error gives the key and why
    /// not), with those `model` does not have set to their defaults, so equal data sets
    /// compare equal.
    pub fn check(&self, model: Model) -> Result<Generator, (String, String)> {
        let mut out = Generator::default_for(model);
        for f in Self::fields(model) {
            let x = self.get(f.key).unwrap_or(f64::NAN);
            out.set(model, f.key, x).map_err(|m| (f.key.to_string(), m))?;
        }
        Ok(out)
    }

    /// The rows, as the module's doc describes.
    pub fn examples(&self, model: Model) -> Vec<Example> {
        let mut rng = SplitMix64::new(self.seed);
        (0..self.n).map(|_| self.draw(model, &mut rng)).collect()
    }

    fn draw(&self, model: Model, rng: &mut SplitMix64) -> Example {
        let [w1, w2] = self.truth;
        let (z1, z2) = (rng.normal(), rng.normal());
        let x1 = self.feature_mean + self.feature_scale * z1;
        match model {
            Model::LinearRegression => {
                Example { features: [x1, 1.0], target: w1 * x1 + w2 + self.noise * z2 }
            }
            Model::LogisticRegression => {
                let u = rng.uniform_inside();
                let rho = self.correlation;
                let mixed = rho * z1 + (1.0 - rho * rho).sqrt() * z2;
                let x2 = self.feature_mean + self.feature_scale2 * mixed;
                let logit = w1 * x1 + w2 * x2 + self.noise * (u / (1.0 - u)).ln();
                Example { features: [x1, x2], target: if logit > 0.0 { 1.0 } else { 0.0 } }
            }
        }
    }
}
