//! How the 3D view is shown: which views the stage holds, the camera's angles and zoom, and
//! the height scale. One home for the app, links (`view=both&camera=-55,35,1&height=linear`)
//! and their tests; the camera's projection maths is `view::three_d::camera`.

/// What the stage shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The heatmap alone (the default).
    Map,
    /// The 3D view alone.
    ThreeD,
    /// Both, side by side where the screen is wide enough (else the 3D view alone).
    Both,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Map, Stage::ThreeD, Stage::Both];

    /// The name in links.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Map => "map",
            Stage::ThreeD => "3d",
            Stage::Both => "both",
        }
    }

    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.name() == name)
    }

    pub fn shows_3d(self) -> bool {
        self != Stage::Map
    }
}

/// How the loss becomes height.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeightMode {
    /// Height ∝ f − min: true shape, but Rosenbrock's valley is then a flat floor.
    Linear,
    /// Height is the heatmap's colour position (`view::colormap::LossScale::unit`, linear for
    /// small differences, logarithmic above): valleys spanning decades stay readable.
    Log,
}

impl HeightMode {
    pub const ALL: [HeightMode; 2] = [HeightMode::Linear, HeightMode::Log];

    pub fn name(self) -> &'static str {
        match self {
            HeightMode::Linear => "linear",
            HeightMode::Log => "log",
        }
    }

    pub fn from_name(name: &str) -> Option<HeightMode> {
        HeightMode::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// An orbit camera around the middle of the surface: the eye sits at azimuth `yaw` degrees
/// from the +x axis (counter-clockwise seen from above) and `pitch` degrees above the plane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CameraAngles {
    pub yaw: f64,
    pub pitch: f64,
    /// Distance factor: 2 is twice as close as the default.
    pub zoom: f64,
}

/// Lowest and highest pitch (degrees): never under the surface, never straight down (where
/// the orbit's "up" would flip).
pub const PITCH: (f64, f64) = (5.0, 89.0);
/// Zoom limits: from the whole box small in the view to a close look at a valley.
pub const ZOOM: (f64, f64) = (0.5, 6.0);
/// Vertical exaggeration limits (1 is the default box height).
pub const EXAGGERATION: (f64, f64) = (0.25, 4.0);

impl CameraAngles {
    /// A three-quarter view from the front right, looking down at 38°.
    pub const DEFAULT: CameraAngles = CameraAngles { yaw: -60.0, pitch: 38.0, zoom: 1.0 };

    /// Turned by `dyaw` and tilted by `dpitch` degrees: yaw wraps to (−180, 180], pitch and
    /// zoom stay within [`PITCH`] and [`ZOOM`].
    pub fn orbit(self, dyaw: f64, dpitch: f64) -> CameraAngles {
        CameraAngles { yaw: wrap_degrees(self.yaw + dyaw), ..self }.with_pitch(self.pitch + dpitch)
    }

    pub fn with_pitch(self, pitch: f64) -> CameraAngles {
        CameraAngles { pitch: pitch.clamp(PITCH.0, PITCH.1), ..self }
    }

    /// Zoomed by `factor` (> 1: closer), within [`ZOOM`].
    pub fn zoomed(self, factor: f64) -> CameraAngles {
        let z = self.zoom * factor;
        CameraAngles {
            zoom: if z.is_finite() { z.clamp(ZOOM.0, ZOOM.1) } else { self.zoom },
            ..self
        }
    }
}

/// `a` in (−180, 180].
pub fn wrap_degrees(a: f64) -> f64 {
    // Exact for angles already in range (links round-trip bit for bit).
    if a > -180.0 && a <= 180.0 {
        return a;
    }
    let w = a.rem_euclid(360.0);
    if w > 180.0 {
        w - 360.0
    } else {
        w
    }
}

/// The 3D view's settings, as links keep them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View3d {
    pub stage: Stage,
    pub camera: CameraAngles,
    pub height: HeightMode,
    /// Vertical exaggeration, within [`EXAGGERATION`].
    pub exaggeration: f64,
}

impl Default for View3d {
    fn default() -> Self {
        View3d {
            stage: Stage::Map,
            camera: CameraAngles::DEFAULT,
            height: HeightMode::Log,
            exaggeration: 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_name(s.name()), Some(s));
        }
        for m in HeightMode::ALL {
            assert_eq!(HeightMode::from_name(m.name()), Some(m));
        }
        assert_eq!(Stage::from_name("4d"), None);
        assert!(!Stage::Map.shows_3d() && Stage::Both.shows_3d());
    }

    #[test]
    fn orbit_wraps_yaw_and_limits_pitch_and_zoom() {
        let c = CameraAngles::DEFAULT;
        assert_eq!(c.orbit(-125.0, 0.0).yaw, 175.0);
        assert_eq!(c.orbit(240.0, 0.0).yaw, 180.0);
        assert_eq!(c.orbit(0.0, 500.0).pitch, PITCH.1);
        assert_eq!(c.orbit(0.0, -500.0).pitch, PITCH.0);
        assert_eq!(c.zoomed(1e9).zoom, ZOOM.1);
        assert_eq!(c.zoomed(0.0).zoom, ZOOM.0);
        assert_eq!(c.zoomed(f64::NAN).zoom, c.zoom);
        assert_eq!(wrap_degrees(-180.0), 180.0);
        assert_eq!(wrap_degrees(720.5), 0.5);
    }
}
