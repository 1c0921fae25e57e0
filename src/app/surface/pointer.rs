//! Pointer and keyboard on the surface: a press moves the start there (or grabs the start
//! marker; a finger, once it moves or lifts), dragging follows the pointer, the arrow keys
//! nudge it. Shift-drag (or the middle
//! button) pans, two fingers pinch and pan, Ctrl+wheel (or the wheel once the map has focus)
//! and the + and − keys zoom, 0 resets the view.

use super::Layout;
use crate::app::state::Store;
use crate::core::surface::{Surface, Window};
use crate::view::transform::Frame;
use crate::view::zoom::{panned, zoomed, ZOOM_STEP};
use leptos::html::Canvas;
use leptos::prelude::*;
use web_sys::{KeyboardEvent, PointerEvent, WheelEvent};

/// How near (CSS px) a press must be to the start marker to drag it rather than jump.
const GRAB_RADIUS: f64 = 14.0;
/// A finger moves the start only once it has moved this far (CSS px) or lifted, so that the
/// first finger of a pinch leaves it alone.
const TOUCH_SLOP: f64 = 8.0;
/// Wheel zoom: the factor per CSS pixel of scrolling (a 100 px notch zooms by about 1.2).
const WHEEL_ZOOM_PER_PX: f64 = 0.002;

/// The surface's input handlers: pointer down, move, up (and cancel), key down, wheel.
pub struct Handlers {
    pub down: Box<dyn Fn(PointerEvent)>,
    pub moved: Box<dyn Fn(PointerEvent)>,
    pub up: Box<dyn Fn(PointerEvent)>,
    pub key: Box<dyn Fn(KeyboardEvent)>,
    pub wheel: Box<dyn Fn(WheelEvent)>,
}

/// What a pressed pointer is doing.
#[derive(Clone, Copy, PartialEq)]
enum Drag {
    Idle,
    Start,
    /// A finger down here (CSS px): a tap or drag of the start, unless a second finger comes.
    Touch(f64, f64),
    /// Panning, from this canvas point (CSS px).
    Pan(f64, f64),
}

/// Zooms the map by `factor` about the canvas point `at` (CSS px).
pub fn zoom_at(store: Store, frame: &Frame, at: (f64, f64), factor: f64) {
    let base = store.surface.with_untracked(Surface::window);
    let view = zoomed(base, frame.window, frame.to_world(at.0, at.1), factor);
    store.view.set(Some(view));
}

/// Moves the map so that what is at canvas point `from` comes to `to` (CSS px).
fn pan_by(store: Store, frame: &Frame, from: (f64, f64), to: (f64, f64)) {
    let (a, b) = (frame.to_world(from.0, from.1), frame.to_world(to.0, to.1));
    store.view.set(Some(panned(frame.window, [a[0] - b[0], a[1] - b[1]])));
}

/// The middle of the plot (CSS px), where the buttons and keys zoom about.
pub fn middle(frame: &Frame) -> (f64, f64) {
    (frame.left + frame.width / 2.0, frame.top + frame.height / 2.0)
}

pub fn handlers(store: Store, paths: NodeRef<Canvas>, layout: Memo<Layout>) -> Handlers {
    let drag = StoredValue::new(Drag::Idle);
    // Touches down (id, CSS px): two make a pinch.
    let touches = StoredValue::new(Vec::<(i32, (f64, f64))>::new());
    let canvas_px = move |ev: &PointerEvent| -> Option<(f64, f64)> {
        let rect = paths.get_untracked()?.get_bounding_client_rect();
        Some((f64::from(ev.client_x()) - rect.left(), f64::from(ev.client_y()) - rect.top()))
    };
    let pointer_world = move |ev: &PointerEvent| -> Option<[f64; 2]> {
        let (px, py) = canvas_px(ev)?;
        let frame = layout.get_untracked().frame;
        frame.contains_px(px, py).then(|| frame.to_world(px, py))
    };
    let near_start = move |frame: &Frame, p: [f64; 2]| {
        let (sx, sy) = frame.to_px(store.start.get_untracked());
        let (px, py) = frame.to_px(p);
        (sx - px).hypot(sy - py) <= GRAB_RADIUS
    };
    let on_down = move |ev: PointerEvent| {
        let (Some(at), Some(p)) = (canvas_px(&ev), pointer_world(&ev)) else { return };
        if let Some(canvas) = paths.get_untracked() {
            let _ = canvas.set_pointer_capture(ev.pointer_id());
        }
        ev.prevent_default();
        if ev.pointer_type() == "touch" {
            touches.update_value(|t| t.push((ev.pointer_id(), at)));
            // A second finger: a pinch, not a tap or drag of the start.
            let first = touches.with_value(Vec::len) == 1;
            drag.set_value(if first { Drag::Touch(at.0, at.1) } else { Drag::Idle });
            return;
        }
        if ev.shift_key() || ev.button() == 1 {
            drag.set_value(Drag::Pan(at.0, at.1));
            return;
        }
        drag.set_value(Drag::Start);
        if !near_start(&layout.get_untracked().frame, p) {
            store.start.set(p);
        }
    };
    let pinch = move |id: i32, at: (f64, f64)| {
        let t = touches.get_value();
        let Some(i) = t.iter().position(|(k, _)| *k == id) else { return };
        touches.update_value(|t| t[i].1 = at);
        let (Some((_, a)), Some((_, b))) = (t.first(), t.get(1)) else { return };
        if i > 1 {
            return;
        }
        let (old_other, old_this) = if i == 0 { (*b, *a) } else { (*a, *b) };
        let spread = |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).hypot(p.1 - q.1);
        let mid = |p: (f64, f64), q: (f64, f64)| ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0);
        let (d0, d1) = (spread(old_this, old_other), spread(at, old_other));
        if d0 < 1.0 || d1 < 1.0 {
            return;
        }
        let frame = layout.get_untracked().frame;
        let (m0, m1) = (mid(old_this, old_other), mid(at, old_other));
        zoom_at(store, &frame, m0, d1 / d0);
        pan_by(store, &layout.get_untracked().frame, m0, m1);
    };
    let on_move = move |ev: PointerEvent| {
        let frame = layout.get_untracked().frame;
        if ev.pointer_type() == "touch" && touches.with_value(Vec::len) > 1 {
            if let Some(at) = canvas_px(&ev) {
                pinch(ev.pointer_id(), at);
            }
            return;
        }
        match drag.get_value() {
            Drag::Pan(x, y) => {
                if let Some(at) = canvas_px(&ev) {
                    pan_by(store, &frame, (x, y), at);
                    drag.set_value(Drag::Pan(at.0, at.1));
                }
            }
            Drag::Start => {
                if let Some(p) = pointer_world(&ev) {
                    store.start.set(p);
                }
            }
            Drag::Touch(x, y) => {
                if let (Some(at), Some(p)) = (canvas_px(&ev), pointer_world(&ev)) {
                    if (at.0 - x).hypot(at.1 - y) > TOUCH_SLOP {
                        drag.set_value(Drag::Start);
                        store.start.set(p);
                    }
                }
            }
            Drag::Idle => {}
        }
        if let Some(canvas) = paths.get_untracked() {
            let cursor = match (drag.get_value(), pointer_world(&ev)) {
                (Drag::Start | Drag::Pan(..) | Drag::Touch(..), _) => "grabbing",
                (Drag::Idle, Some(p)) if near_start(&frame, p) => "grab",
                _ => "crosshair",
            };
            let _ = web_sys::HtmlElement::style(&canvas).set_property("cursor", cursor);
        }
    };
    let on_up = move |ev: PointerEvent| {
        touches.update_value(|t| t.retain(|(k, _)| *k != ev.pointer_id()));
        // A tap: the start goes where the finger was.
        if let (Drag::Touch(x, y), "pointerup") = (drag.get_value(), ev.type_().as_str()) {
            let frame = layout.get_untracked().frame;
            store.start.set(frame.to_world(x, y));
        }
        drag.set_value(Drag::Idle);
    };
    let on_key = move |ev: KeyboardEvent| {
        let frame = layout.get_untracked().frame;
        let (dx, dy) = match ev.key().as_str() {
            "ArrowLeft" => (-1.0, 0.0),
            "ArrowRight" => (1.0, 0.0),
            "ArrowUp" => (0.0, 1.0),
            "ArrowDown" => (0.0, -1.0),
            "+" | "=" => return zoom_at(store, &frame, middle(&frame), ZOOM_STEP),
            "-" => return zoom_at(store, &frame, middle(&frame), 1.0 / ZOOM_STEP),
            "0" => return store.view.set(None),
            _ => return,
        };
        ev.prevent_default();
        nudge_start(store, frame.window, (dx, dy), ev.shift_key());
    };
    let on_wheel = move |ev: WheelEvent| {
        let focused = paths
            .get_untracked()
            .is_some_and(|c| document().active_element().is_some_and(|a| &a == c.as_ref()));
        if !(ev.ctrl_key() || ev.meta_key() || focused) {
            return;
        }
        ev.prevent_default();
        // Lines (Firefox) are about 16 px, pages the plot's height.
        let frame = layout.get_untracked().frame;
        let unit = [1.0, 16.0, frame.height][ev.delta_mode().min(2) as usize];
        let factor = (-ev.delta_y() * unit * WHEEL_ZOOM_PER_PX).exp();
        zoom_at(store, &frame, (f64::from(ev.offset_x()), f64::from(ev.offset_y())), factor);
    };

    Handlers {
        down: Box::new(on_down),
        moved: Box::new(on_move),
        up: Box::new(on_up),
        key: Box::new(on_key),
        wheel: Box::new(on_wheel),
    }
}

/// Arrow keys move the start by 1% of the window shown (10% with Shift), staying inside it.
fn nudge_start(store: Store, w: Window, (dx, dy): (f64, f64), shift: bool) {
    let k = if shift { 0.1 } else { 0.01 };
    store.start.update(|p| {
        p[0] = (p[0] + dx * k * (w.x.1 - w.x.0)).clamp(w.x.0, w.x.1);
        p[1] = (p[1] + dy * k * (w.y.1 - w.y.0)).clamp(w.y.0, w.y.1);
    });
}
