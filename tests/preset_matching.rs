//! Which frameworks' defaults a run has: the preset buttons show every one that matches.

use rmsprop_lab::core::optim::OptimizerKind;
use rmsprop_lab::core::presets::{apply, has_defaults_of, Framework};

#[test]
fn adam_with_pytorch_defaults_has_optax_defaults_too() {
    let torch = apply(Framework::PyTorch, OptimizerKind::Adam.default_config());
    assert!(has_defaults_of(Framework::PyTorch, &torch));
    assert!(has_defaults_of(Framework::Optax, &torch), "optax's Adam defaults are PyTorch's");
    assert!(!has_defaults_of(Framework::Keras, &torch), "Keras's ε is 1e-7");
}

#[test]
fn rmsprop_presets_are_told_apart_and_sgd_has_none() {
    let torch = apply(Framework::PyTorch, OptimizerKind::RmsProp.default_config());
    let matches: Vec<_> =
        Framework::ALL.into_iter().filter(|f| has_defaults_of(*f, &torch)).collect();
    assert_eq!(matches, vec![Framework::PyTorch]);
    let sgd = OptimizerKind::Sgd.default_config();
    assert!(Framework::ALL.iter().all(|f| !has_defaults_of(*f, &sgd)));
}
