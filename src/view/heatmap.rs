//! The surface sampled on a grid: one loss value per pixel, turned into an RGBA buffer that
//! the canvas takes in a single `putImageData` call.

use super::colormap::{LossScale, Palette, UNDEFINED_RGB};
use crate::core::surface::{Surface, Window};

/// Row-major samples; row 0 is the top of the window (largest y), sample (i, j) sits at the
/// centre of pixel (i, j).
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub window: Window,
    pub nx: usize,
    pub ny: usize,
    pub values: Vec<f64>,
}

impl Grid {
    pub fn sample(surface: &Surface, window: Window, nx: usize, ny: usize) -> Grid {
        Grid::sample_fn(|p| surface.value(p), window, nx, ny)
    }

    /// [`Grid::sample`] of any function of the point (a shifted objective, say).
    pub fn sample_fn(f: impl Fn([f64; 2]) -> f64, window: Window, nx: usize, ny: usize) -> Grid {
        Grid::sample_into(f, window, nx, ny, Vec::new())
    }

    /// [`Grid::sample_fn`] into `values`' memory: a view that redraws keeps one buffer, so
    /// surfaces of other sizes do not leave the heap in pieces.
    pub fn sample_into(
        f: impl Fn([f64; 2]) -> f64,
        window: Window,
        nx: usize,
        ny: usize,
        mut values: Vec<f64>,
    ) -> Grid {
        let (nx, ny) = (nx.max(2), ny.max(2));
        let dx = (window.x.1 - window.x.0) / nx as f64;
        let dy = (window.y.1 - window.y.0) / ny as f64;
        values.clear();
        values.reserve(nx * ny);
        for j in 0..ny {
            let y = window.y.1 - (j as f64 + 0.5) * dy;
            for i in 0..nx {
                values.push(f([window.x.0 + (i as f64 + 0.5) * dx, y]));
            }
        }
        Grid { window, nx, ny, values }
    }

    /// The world point of grid coordinates (gx, gy), where sample (i, j) is at (i + ½, j + ½).
    pub fn to_world(&self, gx: f64, gy: f64) -> [f64; 2] {
        let w = self.window;
        [
            w.x.0 + gx / self.nx as f64 * (w.x.1 - w.x.0),
            w.y.1 - gy / self.ny as f64 * (w.y.1 - w.y.0),
        ]
    }

    /// Whether any sample is undefined (NaN): what the heatmap greys out. An overflow to
    /// +∞ is not undefined; it takes the top colour.
    pub fn has_undefined(&self) -> bool {
        self.values.iter().any(|v| v.is_nan())
    }

    /// What the user should be told about where f has a value in this window.
    pub fn coverage(&self) -> Coverage {
        if self.values.iter().any(|v| v.is_finite()) {
            if self.has_undefined() {
                Coverage::Partly
            } else {
                Coverage::Everywhere
            }
        } else if self.values.iter().all(|v| v.is_nan()) {
            Coverage::UndefinedEverywhere
        } else {
            Coverage::NowhereFinite
        }
    }
}

/// Where f has a finite value on a grid of samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coverage {
    Everywhere,
    /// Undefined (grey) somewhere, finite elsewhere.
    Partly,
    /// Not a number anywhere (`sqrt(-1)`): nothing to draw, nowhere to start.
    UndefinedEverywhere,
    /// Infinite or undefined everywhere (`1/0`).
    NowhereFinite,
}

impl Coverage {
    /// The note beside the formula, if one is needed.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Coverage::Everywhere => None,
            Coverage::Partly => {
                Some("Grey: f is undefined there. A run that lands there stops (diverged).")
            }
            Coverage::UndefinedEverywhere => Some(
                "f is undefined everywhere in this window: there is nothing to draw and no \
                 start a run can leave. Change the formula or the window.",
            ),
            Coverage::NowhereFinite => Some(
                "f is infinite or undefined everywhere in this window: no run can make \
                 progress. Change the formula or the window.",
            ),
        }
    }
}

/// The RGBA pixels of `grid` (4 bytes per sample, opaque).
pub fn rgba(grid: &Grid, scale: &LossScale, palette: &Palette) -> Vec<u8> {
    let mut out = Vec::new();
    rgba_into(grid, scale, palette, &mut out);
    out
}

/// [`rgba`] into `out`'s memory (see [`Grid::sample_into`]).
pub fn rgba_into(grid: &Grid, scale: &LossScale, palette: &Palette, out: &mut Vec<u8>) {
    out.clear();
    out.resize(grid.values.len() * 4, 255);
    // The palette's 256 colours split the loss axis at 255 losses: a sample's colour is how
    // many of them lie at or below it. A binary search per sample instead of a logarithm
    // (a library call in WASM) and a rounding: the same colours, about 3× faster.
    let steps = palette.colours() - 1;
    let bounds: Vec<f64> =
        (1..=steps).map(|k| scale.value_at((k as f64 - 0.5) / steps as f64)).collect();
    for (&v, px) in grid.values.iter().zip(out.chunks_exact_mut(4)) {
        let rgb = if v.is_nan() {
            UNDEFINED_RGB
        } else {
            // +∞ (overflow) is the top of the scale.
            palette.indexed(bounds.partition_point(|&b| b <= v))
        };
        px[..3].copy_from_slice(&rgb);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::formula::Formula;
    use crate::core::surface::{CustomSurface, SurfaceKind};

    fn coverage_of(formula: &str) -> Coverage {
        let formula = Formula::parse(formula).unwrap();
        let window = Window { x: (-2.0, 2.0), y: (-2.0, 2.0) };
        let s = Surface::Custom(Box::new(CustomSurface { formula, window }));
        Grid::sample(&s, window, 24, 24).coverage()
    }

    #[test]
    fn coverage_tells_undefined_and_infinite_everywhere_apart() {
        assert_eq!(coverage_of("x^2 + y^2"), Coverage::Everywhere);
        assert_eq!(coverage_of("log(x) + y^2"), Coverage::Partly);
        assert_eq!(coverage_of("sqrt(-1)"), Coverage::UndefinedEverywhere);
        assert_eq!(coverage_of("1/0"), Coverage::NowhereFinite);
        assert_eq!(Coverage::Everywhere.note(), None);
        assert!(Coverage::UndefinedEverywhere.note().unwrap().contains("undefined everywhere"));
    }

    #[test]
    fn samples_pixel_centres_top_row_first() {
        let w = Window { x: (0.0, 4.0), y: (0.0, 2.0) };
        let g = Grid::sample(&Surface::from(SurfaceKind::Saddle), w, 4, 2);
        // Pixel (0, 0) is centred at (0.5, 1.5): 0.25 − 2.25.
        assert_eq!(g.values[0], 0.25 - 2.25);
        // Pixel (3, 1) is centred at (3.5, 0.5).
        assert_eq!(g.values[7], 12.25 - 0.25);
        assert_eq!(g.to_world(0.5, 0.5), [0.5, 1.5]);
    }

    #[test]
    fn rgba_is_opaque_and_orders_colours_by_loss() {
        let w = SurfaceKind::Bowl.info().window;
        let g = Grid::sample(&Surface::from(SurfaceKind::Bowl), w, 40, 24);
        let scale = LossScale::fit(&g.values, Some(0.0));
        let px = rgba(&g, &scale, &Palette::viridis());
        assert_eq!(px.len(), 40 * 24 * 4);
        assert!(px.chunks(4).all(|c| c[3] == 255));
        // The centre (minimum) is darker than a corner.
        let at = |i: usize, j: usize| {
            let k = (j * 40 + i) * 4;
            u32::from(px[k]) + u32::from(px[k + 1]) + u32::from(px[k + 2])
        };
        assert!(at(20, 12) < at(0, 0));
    }

    #[test]
    fn rgba_gives_each_sample_the_colour_of_its_place_on_the_scale() {
        // The binary search against the colour bounds agrees with mapping every value.
        let values: Vec<f64> = (0..20_000)
            .map(|i| (f64::from(i) * 0.37).sin() * 50.0 + 60.0 + f64::from(i) * 1e-3)
            .collect();
        let grid = Grid {
            values: values.clone(),
            nx: 200,
            ny: 100,
            window: Window { x: (0.0, 1.0), y: (0.0, 1.0) },
        };
        let scale = LossScale::fit(&values, None);
        let palette = Palette::viridis();
        let pixels = rgba(&grid, &scale, &palette);
        let differ = values
            .iter()
            .zip(pixels.chunks(4))
            .filter(|(v, px)| palette.rgb(scale.unit(**v)) != [px[0], px[1], px[2]])
            .count();
        assert!(differ <= values.len() / 1000, "{differ} samples coloured differently");
        let ends = Grid {
            values: vec![f64::INFINITY, f64::NAN, -1e300],
            nx: 3,
            ny: 1,
            window: grid.window,
        };
        let px = rgba(&ends, &scale, &palette);
        assert_eq!(&px[0..3], &palette.rgb(1.0));
        assert_eq!(&px[4..7], &UNDEFINED_RGB);
        assert_eq!(&px[8..11], &palette.rgb(0.0));
    }

    #[test]
    fn sampling_into_a_used_buffer_equals_sampling_afresh() {
        let w = Window { x: (-2.0, 2.0), y: (-1.0, 3.0) };
        let f = |p: [f64; 2]| p[0] * p[0] + 3.0 * p[1];
        let used = Grid::sample_fn(|p| p[1], w, 80, 50).values;
        let again = Grid::sample_into(f, w, 30, 20, used);
        let fresh = Grid::sample_fn(f, w, 30, 20);
        assert_eq!(again.values, fresh.values);
        let scale = LossScale::fit(&fresh.values, None);
        let mut out = vec![7; 99_999];
        rgba_into(&again, &scale, &Palette::viridis(), &mut out);
        assert_eq!(out, rgba(&fresh, &scale, &Palette::viridis()));
    }
}
