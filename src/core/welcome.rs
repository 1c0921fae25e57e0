//! The scene a first visit opens on: a race that shows each default optimizer's character
//! within seconds (`tests/welcome.rs` checks each clause). From below Rosenbrock's valley
//! AdaGrad leaps into it first and then crawls as its sum of squares grows; RMSProp climbs at
//! 45° (its first steps are about α·sign(g) per coordinate) on a route of its own, takes the
//! lead and keeps going along the floor; Adam arrives second and is overtaken.
//! From the catalog's own start, (−1.5, 2), RMSProp's path lies under Adam's.

use super::scenario::{Scenario, ScenarioError};

pub const WELCOME_SCENARIO: &str = r#"{"surface": "rosenbrock", "start": [-1.8, -0.5], "steps": 1000,
    "runs": [{"optimizer": "rmsprop", "lr": 0.01}, {"optimizer": "adagrad", "lr": 0.5},
             {"optimizer": "adam", "lr": 0.05}]}"#;

/// How long the race takes to play, in seconds.
pub const WELCOME_SECONDS: f64 = 6.0;

pub fn welcome() -> Result<Scenario, ScenarioError> {
    Scenario::from_json(WELCOME_SCENARIO)
}
