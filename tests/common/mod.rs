//! Shared by the URL codec's tests, the fuzz tests and the reference tests: the app's limits
//! and defaults, generators of valid states, and running `trace` ([`trace`]).
#![allow(dead_code)]

pub mod trace;

use proptest::prelude::*;
use rmsprop_lab::core::formula::Formula;
use rmsprop_lab::core::lessons::CATALOG;
use rmsprop_lab::core::optim::params::{ParamKind, ParamValue};
use rmsprop_lab::core::optim::{Optimizer, OptimizerKind};
use rmsprop_lab::core::overlays::Overlays;
use rmsprop_lab::core::surface::{CustomSurface, Surface, SurfaceKind, Window};
use rmsprop_lab::core::trajectory::Noise;
use rmsprop_lab::core::url_state::{Limits, RunState, UrlState};

/// The app's limits (src/app/state.rs).
pub const LIMITS: Limits = Limits { steps: (10, 10_000), speed: (1.0, 2000.0), max_runs: 8 };

pub fn run(kind: OptimizerKind, lr: f64, color: usize) -> RunState {
    let mut optimizer = kind.default_config();
    optimizer.set_real("lr", lr).unwrap();
    RunState { optimizer, schedule: Default::default(), visible: true, color }
}

/// Like the app: rosenbrock with three runs, whole runs shown, contours on.
pub fn defaults(surface: Option<Surface>) -> UrlState {
    let surface = surface.unwrap_or(Surface::Builtin(SurfaceKind::Rosenbrock));
    UrlState {
        start: surface.default_start(),
        surface,
        steps: 1000,
        noise: None,
        shift: None,
        runs: vec![
            run(OptimizerKind::RmsProp, 0.01, 0),
            run(OptimizerKind::Adagrad, 0.5, 1),
            run(OptimizerKind::Adam, 0.05, 2),
        ],
        step: 1000,
        speed: 100.0,
        layers: Overlays { contours: true, ..Overlays::NONE },
        view: None,
        selected: Some(0),
        classroom: false,
        lesson: None,
    }
}

pub fn arb_real(kind: ParamKind) -> BoxedStrategy<ParamValue> {
    match kind {
        ParamKind::Real { range, .. } if range.max.is_finite() => {
            prop_oneof![Just(range.min), range.min..range.max, Just(0.9999)]
                .prop_filter("in range", move |x| range.contains(*x))
                .prop_map(ParamValue::Real)
                .boxed()
        }
        ParamKind::Real { range, .. } => (-12.0..6.0f64, any::<bool>())
            .prop_map(move |(e, zero)| {
                // Above the range's bound (0 for most; 1 for Rprop's η₊).
                ParamValue::Real(if zero && !range.min_open {
                    0.0
                } else {
                    range.min + 10f64.powf(e)
                })
            })
            .boxed(),
        ParamKind::Flag => any::<bool>().prop_map(ParamValue::Flag).boxed(),
        ParamKind::Choice(names) => {
            prop::sample::select(names).prop_map(ParamValue::Choice).boxed()
        }
    }
}

pub fn arb_optimizer() -> impl Strategy<Value = Optimizer> {
    prop::sample::select(OptimizerKind::ALL.to_vec()).prop_flat_map(|kind| {
        let values: Vec<_> = kind.params().iter().map(|p| arb_real(p.kind)).collect();
        values.prop_map(move |vs| {
            let mut o = kind.default_config();
            for (spec, v) in kind.params().iter().zip(vs) {
                o.set(spec.key, v).unwrap();
            }
            o
        })
    })
}

pub fn arb_surface() -> impl Strategy<Value = Surface> {
    let formulas = [
        "x^2 + y^2",
        "sin(x)*cos(y) + 0.1*(x^2+y^2)",
        "log(x) + abs(y)^0.5",
        "-(x - 1)^3 / (1 + tanh(y))",
        "  exp(-x*x)  *pi*e ",
    ];
    prop_oneof![
        prop::sample::select(SurfaceKind::ALL.to_vec()).prop_map(Surface::Builtin),
        (
            prop::sample::select(formulas.to_vec()),
            -1e6..1e5f64,
            1e-3..1e5f64,
            -1e3..1e3f64,
            1e-9..10f64
        )
            .prop_map(|(f, x0, dx, y0, dy)| {
                Surface::Custom(Box::new(CustomSurface {
                    formula: Formula::parse(f).unwrap(),
                    window: Window { x: (x0, x0 + dx), y: (y0, y0 + dy) },
                }))
            }),
    ]
}

pub fn arb_state() -> impl Strategy<Value = UrlState> {
    let runs = prop::collection::vec((arb_optimizer(), any::<bool>()), 0..=8);
    let colors = Just((0..8).collect::<Vec<usize>>()).prop_shuffle();
    (
        arb_surface(),
        (-1e6..1e6f64, -1e6..1e6f64),
        (10usize..=10_000).prop_flat_map(|n| (Just(n), 0..=n)),
        (
            prop::option::of((0.0..1e6f64, 0u64..1 << 53, any::<bool>())),
            prop::option::of((0.0..1.0f64, 1e-6..1e6f64, -1e6..1e6f64, -1e6..1e6f64)),
        ),
        (runs, colors),
        (
            1.0..2000f64,
            any::<[bool; 5]>(),
            any::<prop::sample::Index>(),
            any::<bool>(),
            any::<bool>(),
            prop::option::of(any::<prop::sample::Index>()),
        ),
        prop::option::of((-1e6..1e5f64, 1e-3..1e5f64, -1e3..1e3f64, 1e-9..10f64)),
    )
        .prop_map(
            |(surface, start, (steps, step), (noise, shift), (runs, colors), rest, view)| {
                let (speed, l, sel, none, classroom, lesson) = rest;
                let runs: Vec<RunState> = runs
                    .into_iter()
                    .zip(colors)
                    .map(|((optimizer, visible), color)| RunState {
                        optimizer,
                        schedule: Default::default(),
                        visible,
                        color,
                    })
                    .collect();
                let selected = (!runs.is_empty() && !none).then(|| sel.index(runs.len()));
                UrlState {
                    surface,
                    start: [start.0, start.1],
                    steps,
                    noise: noise.map(|(sigma, seed, relative)| Noise { sigma, seed, relative }),
                    // The shift comes after update 1 to steps − 1.
                    shift: shift.map(|(at, scale, a, b)| rmsprop_lab::core::trajectory::Shift {
                        step: 1 + (at * (steps - 1) as f64) as usize % (steps - 1),
                        scale,
                        offset: [a, b],
                    }),
                    runs,
                    step,
                    speed,
                    layers: Overlays {
                        contours: l[0],
                        step_arrows: l[1],
                        accumulator: l[2],
                        quiver: l[3],
                        batch_contours: l[4],
                    },
                    view: view
                        .map(|(x0, dx, y0, dy)| Window { x: (x0, x0 + dx), y: (y0, y0 + dy) }),
                    selected,
                    classroom,
                    lesson: lesson.map(|i| CATALOG[i.index(CATALOG.len())].id),
                }
            },
        )
}
