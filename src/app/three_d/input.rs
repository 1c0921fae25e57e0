//! Pointer, wheel and keys on the 3D view: drag to orbit, Shift-drag (or two fingers) to
//! pan, wheel or pinch to zoom, a click sets the start where the ray meets the surface, the
//! start marker can be dragged along the surface, hovering reads out x, y and the loss, the
//! arrow keys orbit. Nothing here scrolls the page.

use super::View;
use crate::core::view3d::CameraAngles;
use crate::view::three_d::camera::panned;
use crate::view::three_d::scene::pick;
use leptos::prelude::*;
use web_sys::{KeyboardEvent, PointerEvent, WheelEvent};

/// A press that moves less than this (CSS px) before release is a click.
const CLICK_SLOP: f64 = 4.0;
/// How near (CSS px) a press must be to the start marker to drag it.
const GRAB_RADIUS: f64 = 14.0;
/// Degrees of orbit per CSS pixel dragged.
const DEGREES_PER_PX: f64 = 0.4;
/// Degrees per arrow key press (Shift: three times as many).
const KEY_DEGREES: f64 = 5.0;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Drag {
    Idle,
    /// Pressed at this point, not moved far yet: a click or the start of an orbit.
    Pressed {
        at: (f64, f64),
        shift: bool,
    },
    Orbit {
        last: (f64, f64),
    },
    Pan {
        last: (f64, f64),
    },
    Start,
    /// Two pointers: distance and midpoint last seen.
    Pinch {
        dist: f64,
        mid: (f64, f64),
    },
}

pub struct Handlers {
    pub down: Box<dyn Fn(PointerEvent)>,
    pub moved: Box<dyn Fn(PointerEvent)>,
    pub up: Box<dyn Fn(PointerEvent)>,
    pub wheel: Box<dyn Fn(WheelEvent)>,
    pub key: Box<dyn Fn(KeyboardEvent)>,
}

pub fn handlers(v: View) -> Handlers {
    let drag = StoredValue::new(Drag::Idle);
    // Pointers that are down: id and last position (two make a pinch).
    let pointers = StoredValue::new(Vec::<(i32, (f64, f64))>::new());
    let local = move |ev: &PointerEvent| -> (f64, f64) {
        let Some(c) = v.canvas.get_untracked() else { return (0.0, 0.0) };
        let r = c.get_bounding_client_rect();
        (f64::from(ev.client_x()) - r.left(), f64::from(ev.client_y()) - r.top())
    };
    let surface_at = move |p: (f64, f64)| -> Option<[f64; 2]> {
        let field = v.field.get_untracked();
        pick(&field.0, &v.camera(), p, v.zscale())
    };
    let set_camera = move |f: &dyn Fn(CameraAngles) -> CameraAngles| {
        v.share.view3d.update(|s| s.camera = f(s.camera));
    };
    let pan_by = move |(dx, dy): (f64, f64)| {
        let angles = v.share.view3d.with_untracked(|s| s.camera);
        let [x, y] = v.target_xy.get_untracked();
        let t = panned(angles, [x, y, 0.0], (dx, dy), v.size.get_untracked().1);
        // Keep the box in view: the target stays over the floor (which spans about ±1).
        v.target_xy.set([t[0].clamp(-1.5, 1.5), t[1].clamp(-1.5, 1.5)]);
    };
    let pinch = move || -> Option<(f64, (f64, f64))> {
        pointers.with_value(|p| match p.as_slice() {
            [(_, a), (_, b), ..] => {
                Some(((a.0 - b.0).hypot(a.1 - b.1), ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)))
            }
            _ => None,
        })
    };
    let on_down = move |ev: PointerEvent| {
        let at = local(&ev);
        if let Some(c) = v.canvas.get_untracked() {
            let _ = c.set_pointer_capture(ev.pointer_id());
            let _ = c.focus();
        }
        ev.prevent_default();
        pointers.update_value(|p| {
            p.retain(|(id, _)| *id != ev.pointer_id());
            p.push((ev.pointer_id(), at));
        });
        if let Some((dist, mid)) = pinch() {
            drag.set_value(Drag::Pinch { dist, mid });
            return;
        }
        let start = v.store.start.get_untracked();
        let field = v.field.get_untracked();
        let m = field.0.model_point(start);
        let near_start = v
            .camera()
            .project([m[0], m[1], m[2] * v.zscale()])
            .is_some_and(|[x, y, _]| (x - at.0).hypot(y - at.1) <= GRAB_RADIUS);
        drag.set_value(if near_start {
            Drag::Start
        } else {
            Drag::Pressed { at, shift: ev.shift_key() }
        });
    };
    let on_move = move |ev: PointerEvent| {
        let at = local(&ev);
        pointers.update_value(|p| {
            if let Some(entry) = p.iter_mut().find(|(id, _)| *id == ev.pointer_id()) {
                entry.1 = at;
            }
        });
        match drag.get_value() {
            Drag::Idle => {
                // Hover: what is under the pointer.
                let hit =
                    surface_at(at).map(|w| (w, v.store.surface.with_untracked(|s| s.value(w))));
                v.hover.set(hit);
            }
            Drag::Pressed { at: from, shift } => {
                if (at.0 - from.0).hypot(at.1 - from.1) > CLICK_SLOP {
                    drag.set_value(if shift {
                        Drag::Pan { last: from }
                    } else {
                        Drag::Orbit { last: from }
                    });
                }
            }
            Drag::Orbit { last } => {
                let (dx, dy) = (at.0 - last.0, at.1 - last.1);
                set_camera(&|c| c.orbit(-dx * DEGREES_PER_PX, dy * DEGREES_PER_PX));
                drag.set_value(Drag::Orbit { last: at });
            }
            Drag::Pan { last } => {
                pan_by((at.0 - last.0, at.1 - last.1));
                drag.set_value(Drag::Pan { last: at });
            }
            Drag::Start => {
                if let Some(w) = surface_at(at) {
                    v.store.start.set(w);
                }
            }
            Drag::Pinch { dist, mid } => {
                if let Some((d, m)) = pinch() {
                    if dist > 0.0 && d > 0.0 {
                        set_camera(&|c| c.zoomed(d / dist));
                    }
                    pan_by((m.0 - mid.0, m.1 - mid.1));
                    drag.set_value(Drag::Pinch { dist: d, mid: m });
                }
            }
        }
    };
    let on_up = move |ev: PointerEvent| {
        pointers.update_value(|p| p.retain(|(id, _)| *id != ev.pointer_id()));
        if let Drag::Pressed { at, .. } = drag.get_value() {
            if ev.type_() == "pointerup" {
                if let Some(w) = surface_at(at) {
                    v.store.start.set(w);
                }
            }
        }
        // A pinch that loses a finger ends; the other finger starts nothing until lifted.
        drag.set_value(Drag::Idle);
    };
    let on_wheel = move |ev: WheelEvent| {
        ev.prevent_default();
        let k = (-ev.delta_y() * 0.0015).clamp(-0.5, 0.5).exp();
        set_camera(&|c| c.zoomed(k));
    };
    let on_key = move |ev: KeyboardEvent| {
        let k = if ev.shift_key() { 3.0 * KEY_DEGREES } else { KEY_DEGREES };
        let (dyaw, dpitch) = match ev.key().as_str() {
            "ArrowLeft" => (k, 0.0),
            "ArrowRight" => (-k, 0.0),
            "ArrowUp" => (0.0, k),
            "ArrowDown" => (0.0, -k),
            "+" | "=" => {
                ev.prevent_default();
                return set_camera(&|c| c.zoomed(1.15));
            }
            "-" => {
                ev.prevent_default();
                return set_camera(&|c| c.zoomed(1.0 / 1.15));
            }
            _ => return,
        };
        ev.prevent_default();
        set_camera(&|c| c.orbit(dyaw, dpitch));
    };
    Handlers {
        down: Box::new(on_down),
        moved: Box::new(on_move),
        up: Box::new(on_up),
        wheel: Box::new(on_wheel),
        key: Box::new(on_key),
    }
}
