//! The URL codec: exact round trips of every state, and lenient decoding that names what it
//! ignored while loading the rest.

use proptest::prelude::*;
use rmsprop_lab::core::formula::Formula;
use rmsprop_lab::core::optim::params::{ParamKind, ParamValue};
use rmsprop_lab::core::optim::OptimizerKind;
use rmsprop_lab::core::overlays::Overlays;
use rmsprop_lab::core::surface::{CustomSurface, Surface, SurfaceKind, Window};
use rmsprop_lab::core::trajectory::{Noise, Shift};
use rmsprop_lab::core::url_state::{
    decode, encode, number, Decoded, UrlState, DEFAULT_CUSTOM_WINDOW, MAX_NOTICES, MAX_QUERY_LEN,
};

mod common;
use common::{arb_state, defaults, run, LIMITS};

fn dec(query: &str) -> Decoded {
    decode(query, &LIMITS, defaults)
}

/// Decodes `query`, expecting exactly these notices (each must contain its needle, in order).
fn dec_with(query: &str, needles: &[&str]) -> UrlState {
    let d = dec(query);
    assert_eq!(d.notices.len(), needles.len(), "notices for {query}: {:#?}", d.notices);
    for (notice, needle) in d.notices.iter().zip(needles) {
        assert!(notice.contains(needle), "notice for {query} lacks '{needle}': {notice}");
        assert!(notice.ends_with(" — ignored"), "{notice}");
    }
    d.state
}

#[test]
fn the_default_state_reads_well_and_round_trips() {
    let s = defaults(None);
    let q = encode(&s);
    assert_eq!(
        q,
        "surface=rosenbrock&start=-1.5,2&steps=1000&run=rmsprop,lr=0.01&run=adagrad,lr=0.5\
         &run=adam,lr=0.05&step=1000&speed=100&overlays=contours&select=1"
    );
    assert_eq!(dec(&q), Decoded { state: s.clone(), notices: vec![] });
    assert_eq!(dec(&format!("?{q}")).state, s);
    assert_eq!(dec("").state, s);
}

#[test]
fn a_full_state_round_trips_exactly() {
    let formula = Formula::parse("x^2 + 3*y^2 - log(abs(x*y) + 1e-3)/2").unwrap();
    let mut rms = run(OptimizerKind::RmsProp, 1e-5, 4);
    rms.optimizer.set("eps_placement", ParamValue::Choice("outside")).unwrap();
    rms.optimizer.set("centered", ParamValue::Flag(true)).unwrap();
    rms.optimizer.set_real("decay", 0.9999).unwrap();
    rms.visible = false;
    let s = UrlState {
        surface: Surface::Custom(Box::new(CustomSurface {
            formula,
            window: Window { x: (-2.5, 1e-3), y: (-0.1, 3.0) },
        })),
        start: [-0.0, 1.0 / 3.0],
        steps: 10_000,
        noise: Some(Noise { sigma: 0.25, seed: (1 << 53) - 1, relative: false }),
        shift: Some(Shift { step: 9_999, scale: 1e-3, offset: [-0.5, 1.0 / 3.0] }),
        runs: vec![rms, run(OptimizerKind::Sgd, 10.0, 0)],
        step: 7,
        speed: 1.5,
        layers: Overlays {
            contours: false,
            step_arrows: true,
            accumulator: true,
            quiver: true,
            batch_contours: false,
        },
        view: Some(Window { x: (-1e-3, 0.5), y: (1.0 / 3.0, 2.0) }),
        selected: Some(1),
        classroom: true,
        lesson: Some("decay-memory"),
    };
    let q = encode(&s);
    assert!(q.starts_with("f=x%5E2%20%2B%203*y%5E2%20-%20log(abs(x*y)%20%2B%201e-3)/2&"), "{q}");
    assert!(
        q.contains(
            "&run=rmsprop,lr=1e-5,decay=0.9999,eps_placement=outside,centered=true,hidden,color=4&"
        ),
        "{q}"
    );
    assert!(q.contains("&noise=0.25&seed=9007199254740991&"), "{q}");
    assert!(
        q.ends_with(
            "&overlays=arrows,accumulator,field&view=-0.001,0.5,0.3333333333333333,2&select=2\
             &classroom=1&lesson=decay-memory"
        ),
        "{q}"
    );
    let back = dec(&q);
    assert_eq!(back.notices, Vec::<String>::new());
    assert_eq!(back.state, s);
    // -0.0 survives (equality above would not tell it from 0.0).
    assert!(back.state.start[0].is_sign_negative());
}

#[test]
fn every_setting_of_every_optimizer_round_trips() {
    for kind in OptimizerKind::ALL {
        for spec in kind.params() {
            let mut r = run(kind, 0.123, 0);
            // A value other than the default, so the link must carry it.
            let value = match spec.kind {
                // (η₊ must exceed 1: it gets 1.0625.)
                ParamKind::Real { range, .. } if !range.contains(0.0625) => {
                    ParamValue::Real(range.min + 0.0625)
                }
                ParamKind::Real { .. } => ParamValue::Real(0.0625),
                ParamKind::Flag => ParamValue::Flag(true),
                ParamKind::Choice(names) => {
                    let default = r.optimizer.get(spec.key);
                    let other = names.iter().find(|n| Some(ParamValue::Choice(n)) != default);
                    ParamValue::Choice(other.expect("a choice has two options"))
                }
            };
            r.optimizer.set(spec.key, value).unwrap();
            let mut s = defaults(None);
            s.runs = vec![r];
            let q = encode(&s);
            assert!(q.contains(&format!(",{}=", spec.key)), "{} missing: {q}", spec.key);
            assert_eq!(dec(&q).state.runs, s.runs, "{q}");
        }
    }
}

#[test]
fn numbers_are_short_and_exact() {
    for (x, text) in [
        (0.01, "0.01"),
        (1e-4, "0.0001"),
        (1e-5, "1e-5"),
        (1e-8, "1e-8"),
        (1000.0, "1000"),
        (1e21, "1e21"),
        (-1.5, "-1.5"),
    ] {
        assert_eq!(number(x), text);
    }
    for x in [0.1 + 0.2, 1.0 / 3.0, f64::MIN_POSITIVE, 5e-324, 1.7976931348623157e308] {
        assert_eq!(number(x).parse::<f64>().unwrap().to_bits(), x.to_bits());
    }
}

#[test]
fn bad_values_are_ignored_and_named_while_the_rest_loads() {
    let s = dec_with(
        "surface=beale&steps=abc&run=rmsprop,lr=0.2&run=adam,lr=abc,beta1=0.5&speed=99",
        &["steps: 'abc' is not a whole number", "lr of run 2: 'abc' is not a number"],
    );
    assert_eq!(s.surface, Surface::Builtin(SurfaceKind::Beale));
    assert_eq!(s.start, SurfaceKind::Beale.info().start);
    assert_eq!(s.steps, 1000);
    assert_eq!(s.runs.len(), 2);
    assert_eq!(s.runs[0].optimizer.lr(), 0.2);
    // The bad lr keeps the optimizer's default; the good beta1 of the same run loads.
    assert_eq!(s.runs[1].optimizer.lr(), 0.001);
    assert_eq!(s.runs[1].optimizer.get("beta1"), Some(ParamValue::Real(0.5)));
    assert_eq!(s.speed, 99.0);
}

#[test]
fn out_of_range_values_say_the_range() {
    let s = dec_with(
        "steps=20000&step=5&speed=0.5&run=rmsprop,lr=0,decay=1,eps=-1,momentum=2",
        &[
            "steps: 20000 is out of range (from 10 to 10000)",
            "lr of run 1: must be > 0 (got 0)",
            "decay of run 1: must be in [0, 1) (got 1)",
            "eps of run 1: must be ≥ 0 (got -1)",
            "momentum of run 1: must be in [0, 1) (got 2)",
            "speed: 0.5 is out of range (from 1 to 2000)",
        ],
    );
    assert_eq!((s.steps, s.step), (1000, 5));
    assert_eq!(s.runs[0].optimizer, OptimizerKind::RmsProp.default_config());
    dec_with("steps=100&step=101", &["step: 101 is out of range (from 0 to 100)"]);
    dec_with("start=1,2e7", &["start: coordinates must be within ±1000000"]);
    dec_with("start=1", &["start: '1' is not 2 numbers separated by commas"]);
    dec_with("start=nan,1", &["start: 'nan' is not a finite number"]);
    dec_with("noise=-1", &["noise: must be in [0, 1000000] (got -1)"]);
    let rel = dec_with("noise=0.5,relative&seed=3", &[]).noise.unwrap();
    assert_eq!(rel, Noise { sigma: 0.5, seed: 3, relative: true });
    assert!(encode(&UrlState { noise: Some(rel), ..defaults(None) })
        .contains("&noise=0.5,relative&seed=3&"));
    dec_with("noise=0.5,relativ", &["noise: '0.5,relativ' is not a number"]);
    dec_with("seed=3", &["seed: there is no noise to seed"]);
    dec_with("noise=1&seed=9007199254740992", &["seed: 9007199254740992 is out of range"]);
    dec_with("select=4", &["select: 4 is out of range (from 1 to 3)"]);
}

#[test]
fn unknown_names_are_listed_with_what_is_known() {
    let s = dec_with(
        "surface=nope&zoom=3&run=lamb,lr=1&run=sgd,beta9=1,nesterov=maybe&overlays=contours,rays",
        &[
            "'zoom': unknown setting",
            "surface: unknown surface 'nope' (known: bowl, rotated_bowl",
            "run 1: unknown optimizer 'lamb' (known: rmsprop, adagrad, adam, sgd, adadelta, adamax, \
             nadam, radam, adamw, rprop, lion, adabelief)",
            "beta9 of run 2: sgd has no such setting (it has: lr, momentum, nesterov, weight_decay)",
            "nesterov of run 2: 'maybe' is not true or false",
            "overlay 'rays': unknown (known: contours, arrows, accumulator, field, batch)",
        ],
    );
    assert_eq!(s.surface, Surface::Builtin(SurfaceKind::Rosenbrock));
    assert_eq!(s.runs.len(), 1);
    assert_eq!(s.runs[0].optimizer.kind(), OptimizerKind::Sgd);
    assert_eq!(s.layers, Overlays { contours: true, ..Overlays::NONE });
    dec_with(
        "run=rmsprop,eps_placement=middle",
        &["must be one of inside, outside (got 'middle')"],
    );
}

#[test]
fn formulas_and_windows() {
    // Typed by hand: a literal '+' is a plus, not a space.
    let s = dec_with("f=x^2+y^2", &[]);
    match &s.surface {
        Surface::Custom(c) => {
            assert_eq!(c.formula.source(), "x^2+y^2");
            assert_eq!(c.window, DEFAULT_CUSTOM_WINDOW);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.start, s.surface.default_start());
    let s = dec_with(
        "surface=booth&f=x*(y&window=0,1,0,1",
        &["formula: at position 2: missing ')'", "window: only a formula"],
    );
    assert_eq!(s.surface, Surface::Builtin(SurfaceKind::Booth));
    let s = dec_with("f=x&window=2,-2,0,1", &["window: x range must increase (got 2 to -2)"]);
    assert_eq!(s.surface.window(), DEFAULT_CUSTOM_WINDOW);
    dec_with("f=x&window=1,2,3", &["window: '1,2,3' is not 4 numbers"]);
    dec_with("f=2x", &["formula: at position 1: expected an operator before 'x'"]);
    dec_with("surface=bowl&f=x", &["surface: a formula (f=...) is given too, and counts"]);
    let long = format!("f={}", "x+".repeat(300) + "x");
    dec_with(&long, &["formula: at position 500: formula is too long"]);
}

#[test]
fn escapes_decode_bytes_and_leave_a_bare_percent_alone() {
    // A formula with reserved characters survives a round trip, readable.
    let mut s = defaults(None);
    s.surface = Surface::Custom(Box::new(CustomSurface {
        formula: Formula::parse("x^2 + (y - 1)^2").unwrap(),
        window: DEFAULT_CUSTOM_WINDOW,
    }));
    let q = encode(&s);
    assert!(q.starts_with("f=x%5E2%20%2B%20"), "{q}");
    assert_eq!(dec(&q).state, s);
    // %XX is a byte (lower-case hex too); a % without two hex digits stays a %.
    let d = dec_with("f=x%5e2%2By%5E2", &[]);
    assert_eq!(d.surface.window(), DEFAULT_CUSTOM_WINDOW);
    match &d.surface {
        Surface::Custom(c) => assert_eq!(c.formula.source(), "x^2+y^2"),
        other => panic!("{other:?}"),
    }
    dec_with("f=x%2", &["formula: at position 1: "]);
    dec_with("f=x%+1", &["formula: at position 1: "]);
    // Multi-byte UTF-8 escapes decode to their character; a lone continuation byte does not.
    dec_with("lesson=%C3%A9", &["lesson: no lesson 'é'"]);
    dec_with("lesson=%A9", &["'lesson=%A9': not valid text"]);
}

#[test]
fn a_zoomed_view_is_checked_like_a_window_and_kept_on_any_surface() {
    let s = dec_with("surface=bowl&view=-0.5,0.25,1,2", &[]);
    assert_eq!(s.view, Some(Window { x: (-0.5, 0.25), y: (1.0, 2.0) }));
    assert_eq!(s.surface, Surface::Builtin(SurfaceKind::Bowl));
    assert_eq!(dec_with("view=0,1,2,1", &["view: y range must increase (got 2 to 1)"]).view, None);
    dec_with("view=0,1,0,2e6", &["view: y range must be within ±1000000"]);
    dec_with("view=0,1,0", &["view: '0,1,0' is not 4 numbers"]);
    dec_with("view=0,1,0,nan", &["view: 'nan' is not a finite number"]);
}

#[test]
fn runs_colours_and_selection() {
    let s = dec_with("run=none", &[]);
    assert_eq!((s.runs.len(), s.selected), (0, None));
    let s = dec_with("run=none&select=none", &[]);
    assert_eq!(s.selected, None);
    let s = dec_with("run=adam,hidden&run=sgd,color=0&run=rmsprop,color=7", &[]);
    let colors: Vec<_> = s.runs.iter().map(|r| r.color).collect();
    // run 1 wants its index 0, which run 2 took: it gets the lowest free colour.
    assert_eq!(colors, [1, 0, 7]);
    assert!(!s.runs[0].visible && s.runs[1].visible);
    let s = dec_with("run=adam,color=3&run=sgd,color=3", &["color of run 2: 3 is already used"]);
    assert_eq!(s.runs.iter().map(|r| r.color).collect::<Vec<_>>(), [3, 1]);
    dec_with("run=adam,color=8", &["color of run 1: 8 is out of range (from 0 to 7)"]);
    let nine = ["run=sgd"; 9].join("&");
    let s = dec_with(&nine, &["run 9: at most 8 runs"]);
    assert_eq!(s.runs.len(), 8);
    // Nothing readable: the default runs stay.
    let s = dec_with(
        "run=x&run=y",
        &["run 1: unknown", "run 2: unknown", "runs: none of them could be read"],
    );
    assert_eq!(s.runs, defaults(None).runs);
    // A bare flag is true; select is 1-based.
    let s = dec_with("run=adam,amsgrad&run=sgd&select=2&classroom", &[]);
    assert_eq!(s.runs[0].optimizer.get("amsgrad"), Some(ParamValue::Flag(true)));
    assert_eq!(s.selected, Some(1));
    assert!(s.classroom);
}

#[test]
fn malformed_text_never_stops_the_rest() {
    let s = dec_with(
        "%FF=1&steps=%FF&speed=2&steps=30&&=&steps",
        &[
            "'%FF=1': not valid text",
            "'steps=%FF': not valid text",
            "'': unknown setting",
            "steps: given twice",
        ],
    );
    // The first readable steps counts; later ones are reported.
    assert_eq!((s.steps, s.speed), (30, 2.0));
    let d = dec("steps=30&steps=40");
    assert_eq!(d.notices, ["steps: given twice (the first one counts) — ignored"]);
    let long = "x".repeat(MAX_QUERY_LEN + 1);
    let d = dec(&long);
    assert_eq!(d.state, defaults(None));
    assert!(d.notices[0].contains("too long"), "{:?}", d.notices);
}

#[test]
fn notices_are_capped() {
    let q: String = (0..50).map(|i| format!("k{i}=1&")).collect();
    let d = dec(&q);
    assert_eq!(d.notices.len(), MAX_NOTICES + 1);
    assert_eq!(d.notices[MAX_NOTICES], format!("… and {} more ignored", 50 - MAX_NOTICES));
    // Quoted text is clipped.
    let d = dec(&format!("surface={}", "a".repeat(200)));
    assert!(d.notices[0].len() < 250 && d.notices[0].contains("…'"), "{:?}", d.notices);
}

// ---------------------------------------------------------------------------------------------
// Property: every valid state comes back exactly, with no notice.

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_valid_state_round_trips(s in arb_state()) {
        let q = encode(&s);
        prop_assert!(q.len() < 4096, "{} characters: {}", q.len(), q);
        let d = dec(&q);
        prop_assert_eq!(d.notices, Vec::<String>::new());
        prop_assert_eq!(d.state, s);
    }
}

#[test]
fn a_shift_round_trips_and_a_bad_one_is_ignored() {
    let s = dec_with("surface=bowl&steps=300&shift=100,0.01,1,-0.5", &[]);
    assert_eq!(s.shift, Some(Shift { step: 100, scale: 0.01, offset: [1.0, -0.5] }));
    let q = encode(&s);
    assert!(q.contains("&shift=100,0.01,1,-0.5&"), "{q}");
    assert_eq!(dec_with(&q, &[]), s);
    for (bad, why) in [
        ("shift=0,1,0,0", "step 0 must be a whole number from 1 to 299"),
        ("shift=300,1,0,0", "step 300 must be a whole number from 1 to 299"),
        ("shift=2.5,1,0,0", "step 2.5"),
        ("shift=10,-1,0,0", "scale must be > 0 (got -1)"),
        ("shift=10,0,0,0", "scale must be > 0 (got 0)"),
        ("shift=10,inf,0,0", "not a finite number"),
        ("shift=10,1,0", "not 4 numbers"),
        ("shift=10,1,0,x", "'x' is not a number"),
        ("shift=10,1,0,1e7", "within"),
    ] {
        let s = dec_with(&format!("surface=bowl&steps=300&{bad}"), &[why]);
        assert_eq!(s.shift, None, "{bad}");
        assert_eq!(s.steps, 300, "the rest loads: {bad}");
    }
}

#[test]
fn a_lesson_in_a_link_is_known_or_listed() {
    let s = dec_with("lesson=decay-memory", &[]);
    assert_eq!(s.lesson, Some("decay-memory"));
    let s = dec_with("lesson=nope", &["lesson: no lesson 'nope'"]);
    assert_eq!(s.lesson, None);
}
