//! Pointer and keyboard on the surface: a press moves the start there (or grabs the start
//! marker), dragging follows the pointer, the arrow keys nudge it.

use super::Layout;
use crate::app::state::Store;
use leptos::html::Canvas;
use leptos::prelude::*;
use web_sys::{KeyboardEvent, PointerEvent};

/// How near (CSS px) a press must be to the start marker to drag it rather than jump.
const GRAB_RADIUS: f64 = 14.0;

/// The surface's input handlers: pointer down, move, up (and cancel), key down.
pub struct Handlers {
    pub down: Box<dyn Fn(PointerEvent)>,
    pub moved: Box<dyn Fn(PointerEvent)>,
    pub up: Box<dyn Fn(PointerEvent)>,
    pub key: Box<dyn Fn(KeyboardEvent)>,
}

pub fn handlers(store: Store, paths: NodeRef<Canvas>, layout: Memo<Layout>) -> Handlers {
    let dragging = StoredValue::new(false);
    let pointer_world = move |ev: &PointerEvent| -> Option<[f64; 2]> {
        let canvas = paths.get_untracked()?;
        let rect = canvas.get_bounding_client_rect();
        let (px, py) =
            (f64::from(ev.client_x()) - rect.left(), f64::from(ev.client_y()) - rect.top());
        let frame = layout.get_untracked().frame;
        frame.contains_px(px, py).then(|| frame.to_world(px, py))
    };
    let on_down = move |ev: PointerEvent| {
        let Some(p) = pointer_world(&ev) else { return };
        if let Some(canvas) = paths.get_untracked() {
            let _ = canvas.set_pointer_capture(ev.pointer_id());
        }
        ev.prevent_default();
        dragging.set_value(true);
        let frame = layout.get_untracked().frame;
        let (sx, sy) = frame.to_px(store.start.get_untracked());
        let (px, py) = frame.to_px(p);
        if (sx - px).hypot(sy - py) > GRAB_RADIUS {
            store.start.set(p);
        }
    };
    let on_move = move |ev: PointerEvent| {
        let frame = layout.get_untracked().frame;
        if let Some(canvas) = paths.get_untracked() {
            let hover = pointer_world(&ev).map(|p| {
                let (sx, sy) = frame.to_px(store.start.get_untracked());
                let (px, py) = frame.to_px(p);
                (sx - px).hypot(sy - py) <= GRAB_RADIUS
            });
            let cursor = match (dragging.get_value(), hover) {
                (true, _) => "grabbing",
                (false, Some(true)) => "grab",
                _ => "crosshair",
            };
            let _ = web_sys::HtmlElement::style(&canvas).set_property("cursor", cursor);
        }
        if dragging.get_value() {
            if let Some(p) = pointer_world(&ev) {
                store.start.set(p);
            }
        }
    };
    let on_up = move |_: PointerEvent| dragging.set_value(false);
    // Arrow keys move the start by 1% of the window (10% with Shift).
    let on_key = move |ev: KeyboardEvent| {
        let (dx, dy) = match ev.key().as_str() {
            "ArrowLeft" => (-1.0, 0.0),
            "ArrowRight" => (1.0, 0.0),
            "ArrowUp" => (0.0, 1.0),
            "ArrowDown" => (0.0, -1.0),
            _ => return,
        };
        ev.prevent_default();
        let w = layout.get_untracked().frame.window;
        let k = if ev.shift_key() { 0.1 } else { 0.01 };
        store.start.update(|p| {
            p[0] = (p[0] + dx * k * (w.x.1 - w.x.0)).clamp(w.x.0, w.x.1);
            p[1] = (p[1] + dy * k * (w.y.1 - w.y.0)).clamp(w.y.0, w.y.1);
        });
    };

    Handlers {
        down: Box::new(on_down),
        moved: Box::new(on_move),
        up: Box::new(on_up),
        key: Box::new(on_key),
    }
}
