//! What the sweep panel's two maps show: cell colours, ticks, the colour bar, the basin
//! legend, and the read-out of a cell, built from a (possibly partial) grid of outcomes;
//! and where a map's plot sits on its canvas (margins, which cell is under a point).

use crate::core::surface::Minimum;
use crate::core::sweep::{basin, basin_radius, Axis, AxisScale, CellValue, GridRun, Metric};
use crate::core::trajectory::Outcome;
use crate::core::url_state::number;
use crate::view::colormap::Palette;
use crate::view::format::{precise, short};
use crate::view::sweep::{axis_ticks, basin_rgb, grid_rgba, ColorScale};
use std::sync::Arc;

/// Margins around a map's plot, in CSS pixels.
pub const LEFT: f64 = 62.0;
pub const TOP: f64 = 8.0;
pub const BOTTOM: f64 = 42.0;
pub const RIGHT: f64 = 12.0;
/// Room for the colour bar and its labels.
pub const RIGHT_BAR: f64 = 94.0;
pub const MAX_PLOT_H: f64 = 360.0;

/// Everything the base layer draws. Positions are fractions of the plot: x from the left,
/// y from the bottom.
#[derive(Clone, Debug, PartialEq)]
pub struct MapPicture {
    pub nx: usize,
    pub ny: usize,
    /// RGBA, one pixel per cell, top row first (see `view::sweep::grid_rgba`).
    pub pixels: Arc<Vec<u8>>,
    pub x_ticks: Vec<(f64, String)>,
    pub y_ticks: Vec<(f64, String)>,
    pub x_title: String,
    pub y_title: String,
    /// Colour-bar ticks and title when the cells show viridis values.
    pub bar: Option<(Vec<(f64, String)>, String)>,
    /// Known minima.
    pub crosses: Vec<(f64, f64)>,
    /// Plot height over width.
    pub aspect: f64,
}

/// Where a map is laid out: the plot rectangle in CSS pixels, for a canvas `css_w` wide.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub css_w: f64,
    pub css_h: f64,
    pub left: f64,
    pub width: f64,
    pub height: f64,
}

pub fn geometry(css_w: f64, pic: &MapPicture) -> Geometry {
    let right = if pic.bar.is_some() { RIGHT_BAR } else { RIGHT };
    let avail = (css_w - LEFT - right).max(80.0);
    let aspect = pic.aspect.clamp(0.3, 2.0);
    // Keep the aspect (start maps share the surface's scale); centre when height-capped.
    let width = avail.min(MAX_PLOT_H / aspect);
    let left = LEFT + (avail - width) / 2.0;
    Geometry { css_w, css_h: TOP + width * aspect + BOTTOM, left, width, height: width * aspect }
}

impl Geometry {
    /// The cell under CSS point (px, py), if any.
    pub fn cell(&self, pic: &MapPicture, px: f64, py: f64) -> Option<(usize, usize)> {
        let fx = (px - self.left) / self.width;
        let fy = 1.0 - (py - TOP) / self.height;
        if !((0.0..1.0).contains(&fx) && (0.0..1.0).contains(&fy)) {
            return None;
        }
        Some(((fx * pic.nx as f64) as usize, (fy * pic.ny as f64) as usize))
    }

    pub fn px(&self, (fx, fy): (f64, f64)) -> (f64, f64) {
        (self.left + fx * self.width, TOP + (1.0 - fy) * self.height)
    }
}

/// How the start-point map colours its cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartColour {
    Basin,
    FinalLoss,
}

impl StartColour {
    pub const ALL: [StartColour; 2] = [StartColour::Basin, StartColour::FinalLoss];

    /// The name in the sweep panel's select.
    pub fn name(self) -> &'static str {
        match self {
            StartColour::Basin => "basin",
            StartColour::FinalLoss => "loss",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StartColour::Basin => "minimum reached",
            StartColour::FinalLoss => "final loss (log)",
        }
    }

    pub fn from_name(name: &str) -> Option<StartColour> {
        StartColour::ALL.into_iter().find(|c| c.name() == name)
    }
}

fn metric_values(g: &GridRun, metric: Metric) -> Vec<f64> {
    g.cells()
        .iter()
        .filter_map(|o| match metric.value(o) {
            CellValue::Value(v) => Some(v),
            _ => None,
        })
        .collect()
}

fn scale_for(values: &[f64], metric: Metric, floor: Option<f64>) -> ColorScale {
    match metric {
        Metric::FinalLoss => ColorScale::for_loss(values, floor),
        Metric::StepsToThreshold => ColorScale::for_steps(values),
    }
}

/// The learning-rate × setting map.
pub fn sweep_picture(g: &GridRun, metric: Metric, floor: Option<f64>) -> MapPicture {
    let spec = g.spec();
    let values = metric_values(g, metric);
    let scale = scale_for(&values, metric, floor);
    let palette = Palette::viridis();
    let pixels = grid_rgba(g.nx(), g.ny(), |i, j| {
        g.cell(i, j).map(|o| scale.rgb(&palette, metric.value(o)))
    });
    MapPicture {
        nx: g.nx(),
        ny: g.ny(),
        pixels: Arc::new(pixels),
        x_ticks: axis_ticks(&spec.x, 5),
        y_ticks: axis_ticks(&spec.y, 5),
        x_title: axis_title(&spec.x),
        y_title: axis_title(&spec.y),
        bar: (!values.is_empty()).then(|| (scale.ticks(), bar_title(metric, floor))),
        crosses: Vec::new(),
        aspect: 1.0,
    }
}

/// "learning rate (log)": the setting's label, and the scale when its steps are logarithmic
/// (a near-one axis reads as the plain values it is labelled with).
pub fn axis_title(axis: &Axis) -> String {
    match axis.scale {
        AxisScale::Log => format!("{} (log)", lower_first(axis.label)),
        AxisScale::Linear | AxisScale::NearOne => lower_first(axis.label),
    }
}

/// "Learning rate" → "learning rate". Labels are sentence case, so only the first letter
/// changes (and `str::to_lowercase` would bring Unicode's case tables into the wasm).
fn lower_first(label: &str) -> String {
    let mut s = label.to_string();
    if let Some(first) = s.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    s
}

fn bar_title(metric: Metric, floor: Option<f64>) -> String {
    match (metric, floor) {
        (Metric::FinalLoss, Some(_)) => "final f − f* (log)".into(),
        (Metric::FinalLoss, None) => "final loss".into(),
        (Metric::StepsToThreshold, _) => "steps to threshold".into(),
    }
}

/// The start-point map; `aspect` as the surface view draws the window.
pub fn start_picture(
    g: &GridRun,
    colour: StartColour,
    minima: &[Minimum],
    floor: Option<f64>,
    aspect: f64,
) -> MapPicture {
    let spec = g.spec();
    let radius = basin_radius(spec.problem.surface.window());
    let values = metric_values(g, Metric::FinalLoss);
    let scale = ColorScale::for_loss(&values, floor);
    let palette = Palette::viridis();
    let pixels = grid_rgba(g.nx(), g.ny(), |i, j| {
        g.cell(i, j).map(|o| match colour {
            StartColour::Basin => basin_rgb(basin(o, minima, radius)),
            StartColour::FinalLoss => scale.rgb(&palette, Metric::FinalLoss.value(o)),
        })
    });
    let crosses =
        minima.iter().map(|m| (spec.x.fraction(m.at[0]), spec.y.fraction(m.at[1]))).collect();
    MapPicture {
        nx: g.nx(),
        ny: g.ny(),
        pixels: Arc::new(pixels),
        x_ticks: axis_ticks(&spec.x, 5),
        y_ticks: axis_ticks(&spec.y, 5),
        x_title: "start x".into(),
        y_title: "start y".into(),
        bar: (colour == StartColour::FinalLoss && !values.is_empty())
            .then(|| (scale.ticks(), bar_title(Metric::FinalLoss, floor))),
        crosses,
        aspect,
    }
}

/// One legend row per known minimum (with how many starts end there), then "elsewhere" and
/// "diverged": (colour, label, count).
pub fn basin_legend(g: &GridRun, minima: &[Minimum]) -> Vec<([u8; 3], String, usize)> {
    use crate::core::sweep::Basin;
    let radius = basin_radius(g.spec().problem.surface.window());
    let mut counts = vec![0usize; minima.len() + 2];
    for o in g.cells() {
        let k = match basin(o, minima, radius) {
            Basin::Minimum(i) => i,
            Basin::Elsewhere => minima.len(),
            Basin::Diverged => minima.len() + 1,
        };
        counts[k] += 1;
    }
    let mut rows: Vec<_> = minima
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let label = format!("({}, {})", short(m.at[0]), short(m.at[1]));
            (basin_rgb(Basin::Minimum(i)), label, counts[i])
        })
        .collect();
    let far = format!("not within {} of a minimum", short(radius));
    rows.push((basin_rgb(Basin::Elsewhere), far, counts[minima.len()]));
    rows.push((basin_rgb(Basin::Diverged), "diverged".into(), counts[minima.len() + 1]));
    rows
}

/// How a run ended, in words: its final loss and when it reached the threshold.
pub fn outcome_text(o: &Outcome, floor: Option<f64>, threshold_text: &str, steps: usize) -> String {
    if let Some(k) = o.diverged_at {
        return format!("diverged at step {k}");
    }
    if !o.final_loss.is_finite() {
        return format!("loss overflowed ({})", short(o.final_loss));
    }
    let mut s = format!("final loss {}", precise(o.final_loss, 4));
    if let Some(f) = floor {
        s.push_str(&format!(" (f − f* = {})", short((o.final_loss - f).max(0.0))));
    }
    match o.reached_at {
        Some(k) => s.push_str(&format!("; reached {threshold_text} at step {k}")),
        None => s.push_str(&format!("; never reached {threshold_text} in {steps} steps")),
    }
    s
}

/// "lr 0.00316 · decay 0.99", the settings of a sweep cell.
pub fn settings_text(g: &GridRun, i: usize, j: usize) -> Option<String> {
    let (x, y) = g.values_at(i, j)?;
    let spec = g.spec();
    // Every digit, as the run's exact-value fields show the values a click loads.
    Some(format!("{} {} · {} {}", spec.x.label, number(x), spec.y.label, number(y)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::optim::OptimizerKind;
    use crate::core::surface::{Surface, SurfaceKind};
    use crate::core::sweep::GridSpec;
    use crate::core::trajectory::Problem;

    /// A 6 × 4 start map of RMSProp on Himmelblau (four minima), computed whole.
    fn start_grid() -> GridRun {
        let surface = Surface::Builtin(SurfaceKind::Himmelblau);
        let w = surface.window();
        let p = Problem { start: [0.0, 0.0], ..Problem::new(surface, 200) };
        let opt = OptimizerKind::RmsProp.default_config();
        let mut g = GridRun::new(GridSpec::starts(p, opt, w, 6, 4, 1e-3).unwrap()).unwrap();
        while g.next_chunk(100) > 0 {}
        g
    }

    #[test]
    fn a_start_map_has_a_pixel_per_cell_and_a_cross_per_minimum() {
        let g = start_grid();
        let minima = g.spec().problem.surface.minima().to_vec();
        let pic = start_picture(&g, StartColour::Basin, &minima, Some(0.0), 0.8);
        assert_eq!((pic.nx, pic.ny, pic.pixels.len()), (6, 4, 6 * 4 * 4));
        assert_eq!(pic.crosses.len(), 4);
        assert!(pic
            .crosses
            .iter()
            .all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y)));
        assert!(pic.bar.is_none(), "basins need no colour bar");
        let by_loss = start_picture(&g, StartColour::FinalLoss, &minima, Some(0.0), 0.8);
        assert_eq!(by_loss.bar.map(|b| b.1), Some("final f − f* (log)".to_string()));
        let legend = basin_legend(&g, &minima);
        assert_eq!(legend.len(), 6);
        assert_eq!(legend.iter().map(|r| r.2).sum::<usize>(), 24, "every start is counted once");
    }

    #[test]
    fn geometry_maps_points_to_cells_and_back() {
        let g = start_grid();
        let minima = g.spec().problem.surface.minima().to_vec();
        let pic = start_picture(&g, StartColour::Basin, &minima, None, 0.5);
        let geo = geometry(400.0, &pic);
        assert!((geo.height / geo.width - 0.5).abs() < 1e-12);
        assert!(geo.left >= LEFT && geo.left + geo.width <= 400.0 - RIGHT + 1e-9);
        // The centre of cell (i, j) lies in cell (i, j).
        for (i, j) in [(0, 0), (5, 3), (2, 1)] {
            let (px, py) = geo.px(((i as f64 + 0.5) / 6.0, (j as f64 + 0.5) / 4.0));
            assert_eq!(geo.cell(&pic, px, py), Some((i, j)));
        }
        assert_eq!(geo.cell(&pic, 1.0, 1.0), None, "the margin is no cell");
    }

    #[test]
    fn titles_follow_the_axis_scale_and_outcomes_read_as_words() {
        let lr = Axis::new("lr", "Learning rate", AxisScale::Log, 1e-3, 1.0, 4).unwrap();
        assert_eq!(axis_title(&lr), "learning rate (log)");
        let decay = Axis::new("decay", "Decay ρ", AxisScale::NearOne, 0.5, 0.999, 4).unwrap();
        assert_eq!(axis_title(&decay), "decay ρ");
        let o = Outcome {
            final_point: [0.0; 2],
            final_loss: 0.5,
            reached_at: Some(12),
            diverged_at: None,
        };
        assert_eq!(
            outcome_text(&o, Some(0.25), "f − f* ≤ 0.01", 100),
            "final loss 0.5 (f − f* = 0.25); reached f − f* ≤ 0.01 at step 12"
        );
        let d = Outcome { diverged_at: Some(3), ..o };
        assert_eq!(outcome_text(&d, None, "x", 100), "diverged at step 3");
    }

    #[test]
    fn select_names_read_back() {
        for c in StartColour::ALL {
            assert_eq!(StartColour::from_name(c.name()), Some(c));
        }
        for m in Metric::ALL {
            assert_eq!(Metric::from_name(m.name()), Some(m));
        }
        assert_eq!(Metric::from_name("nonsense"), None);
    }
}
