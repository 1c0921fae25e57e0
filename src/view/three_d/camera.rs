//! The orbit camera: its angles give the view and projection matrices; points go to pixels
//! and pixels back to rays (for picking). Pixels count from the canvas's top left.

use super::mat::{add, cross, normalize, scale, sub, Mat4, Vec3};
use crate::core::view3d::CameraAngles;

/// Vertical field of view: a mild perspective, close to a photograph's normal lens.
pub const FOV_Y_DEGREES: f64 = 35.0;
/// Eye distance from the target at zoom 1: the whole box (2 wide, up to 1.4 tall) in view.
pub const BASE_DISTANCE: f64 = 4.8;
const NEAR: f64 = 0.05;
const FAR: f64 = 60.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub view_proj: Mat4,
    inverse: Mat4,
    pub eye: Vec3,
    /// The viewport in pixels (width, height).
    pub size: (f64, f64),
}

/// The eye's position for `angles` around `target`.
pub fn eye_position(angles: CameraAngles, target: Vec3) -> Vec3 {
    let (yaw, pitch) = (angles.yaw.to_radians(), angles.pitch.to_radians());
    let d = BASE_DISTANCE / angles.zoom;
    let dir = [pitch.cos() * yaw.cos(), pitch.cos() * yaw.sin(), pitch.sin()];
    add(target, scale(dir, d))
}

impl Camera {
    /// A camera at `angles` around `target`, for a viewport of `size` pixels.
    pub fn new(angles: CameraAngles, target: Vec3, size: (f64, f64)) -> Camera {
        let eye = eye_position(angles, target);
        let view = Mat4::look_at(eye, target, [0.0, 0.0, 1.0]);
        let aspect = size.0.max(1.0) / size.1.max(1.0);
        let proj = Mat4::perspective(FOV_Y_DEGREES.to_radians(), aspect, NEAR, FAR);
        let view_proj = proj.mul(&view);
        let inverse = view_proj.inverse().unwrap_or(Mat4::IDENTITY);
        Camera { view_proj, inverse, eye, size }
    }

    /// The pixel (x, y) of world point `p` and its depth in [−1, 1]; None behind the eye.
    pub fn project(&self, p: Vec3) -> Option<[f64; 3]> {
        let [x, y, z, w] = self.view_proj.transform(p);
        if w <= 1e-9 {
            return None;
        }
        let (nx, ny) = (x / w, y / w);
        Some([(nx + 1.0) * 0.5 * self.size.0, (1.0 - ny) * 0.5 * self.size.1, z / w])
    }

    /// The ray through pixel (px, py): its origin on the near plane and unit direction.
    pub fn ray(&self, px: f64, py: f64) -> (Vec3, Vec3) {
        let nx = px / self.size.0 * 2.0 - 1.0;
        let ny = 1.0 - py / self.size.1 * 2.0;
        let at = |z: f64| {
            let [x, y, z, w] = self.inverse.transform([nx, ny, z]);
            [x / w, y / w, z / w]
        };
        let (a, b) = (at(-1.0), at(1.0));
        (a, normalize(sub(b, a)))
    }
}

/// The target moved so that the scene follows a drag of (dx, dy) pixels in a viewport
/// `height` pixels tall: panning in the ground plane, at the speed of the point looked at.
pub fn panned(angles: CameraAngles, target: Vec3, (dx, dy): (f64, f64), height: f64) -> Vec3 {
    let eye = eye_position(angles, target);
    let forward = normalize(sub(target, eye));
    let right = normalize(cross(forward, [0.0, 0.0, 1.0]));
    // "Up" on the screen, flattened onto the ground: forward without its vertical part.
    let ahead = normalize([forward[0], forward[1], 0.0]);
    let dist = BASE_DISTANCE / angles.zoom;
    let per_px = 2.0 * dist * (FOV_Y_DEGREES.to_radians() / 2.0).tan() / height.max(1.0);
    let moved = add(
        scale(right, -dx * per_px),
        scale(ahead, dy * per_px / angles.pitch.to_radians().sin().max(0.2)),
    );
    add(target, [moved[0], moved[1], 0.0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_projects_to_the_centre_and_rays_go_back_through_it() {
        let cam = Camera::new(CameraAngles::DEFAULT, [0.1, -0.2, 0.3], (800.0, 600.0));
        let [x, y, d] = cam.project([0.1, -0.2, 0.3]).unwrap();
        assert!((x - 400.0).abs() < 1e-9 && (y - 300.0).abs() < 1e-9 && d.abs() < 1.0);
        let (o, dir) = cam.ray(400.0, 300.0);
        let t = (0.3 - o[2]) / dir[2];
        let hit = add(o, scale(dir, t));
        assert!((hit[0] - 0.1).abs() < 1e-9 && (hit[1] + 0.2).abs() < 1e-9, "{hit:?}");
        // Points behind the eye have no pixel.
        let behind = add(cam.eye, sub(cam.eye, [0.1, -0.2, 0.3]));
        assert!(cam.project(behind).is_none());
    }

    #[test]
    fn every_pixel_ray_projects_back_to_its_pixel() {
        let angles = CameraAngles { yaw: 30.0, pitch: 70.0, zoom: 2.0 };
        let cam = Camera::new(angles, [0.0, 0.0, 0.4], (640.0, 480.0));
        for (px, py) in [(0.0, 0.0), (639.0, 12.5), (320.0, 479.0), (101.3, 222.7)] {
            let (o, d) = cam.ray(px, py);
            for t in [0.5, 1.0, 3.0] {
                let [x, y, _] = cam.project(add(o, scale(d, t))).unwrap();
                assert!(
                    (x - px).abs() < 1e-6 && (y - py).abs() < 1e-6,
                    "({px}, {py}) → ({x}, {y})"
                );
            }
        }
    }

    #[test]
    fn a_higher_pitch_looks_more_from_above_and_zoom_brings_the_eye_closer() {
        let t = [0.0, 0.0, 0.0];
        let low = eye_position(CameraAngles { pitch: 10.0, ..CameraAngles::DEFAULT }, t);
        let high = eye_position(CameraAngles { pitch: 80.0, ..CameraAngles::DEFAULT }, t);
        assert!(high[2] > low[2]);
        let near = eye_position(CameraAngles { zoom: 2.0, ..CameraAngles::DEFAULT }, t);
        let len = |v: Vec3| v.iter().map(|c| c * c).sum::<f64>().sqrt();
        assert!((len(near) - BASE_DISTANCE / 2.0).abs() < 1e-12);
        // The default yaw looks from the front right: the eye is at positive x, negative y.
        let eye = eye_position(CameraAngles::DEFAULT, t);
        assert!(eye[0] > 0.0 && eye[1] < 0.0);
    }

    #[test]
    fn panning_follows_the_drag_in_the_ground_plane() {
        let a = CameraAngles { yaw: -90.0, pitch: 45.0, zoom: 1.0 };
        // Eye at −y looking at +y: dragging right moves the target to −x (the scene follows).
        let t = panned(a, [0.0, 0.0, 0.5], (100.0, 0.0), 500.0);
        assert!(t[0] < 0.0 && t[1].abs() < 1e-9 && t[2] == 0.5, "{t:?}");
        let t = panned(a, [0.0, 0.0, 0.5], (0.0, 100.0), 500.0);
        assert!(t[1] > 0.0 && t[0].abs() < 1e-9, "{t:?}");
    }
}
