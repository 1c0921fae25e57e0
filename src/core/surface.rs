//! Loss surfaces: the 13 built-in functions of the catalog, user formulas, and models on
//! data (their full-batch loss; see [`crate::core::data`]).
//!
//! Each built-in is written once, generically over [`Real`], so the same code gives the
//! heatmap's values (`f64`) and the optimizers' exact gradients ([`Dual2`]). The catalog's
//! formula text is kept beside it; a test checks that both agree everywhere.

use super::data::DataSurface;
use super::dual::{value_and_grad, Dual2, Real};
use super::formula::Formula;
use super::optim::params::LR;
use super::optim::Optimizer;
use std::f64::consts::{E, PI};

/// A view window: `x ∈ [x.0, x.1]`, `y ∈ [y.0, y.1]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub x: (f64, f64),
    pub y: (f64, f64),
}

impl Window {
    /// Whether `p` lies inside the window (its edges included).
    pub fn contains(&self, p: [f64; 2]) -> bool {
        (self.x.0..=self.x.1).contains(&p[0]) && (self.y.0..=self.y.1).contains(&p[1])
    }
}

/// A known global minimum (the surface's value there in `f`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Minimum {
    pub at: [f64; 2],
    pub f: f64,
}

/// The built-in surfaces, by the names scenarios, URLs and `trace` use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SurfaceKind {
    Bowl,
    RotatedBowl,
    Rosenbrock,
    Beale,
    Himmelblau,
    Booth,
    Matyas,
    SixHumpCamel,
    Saddle,
    Rastrigin,
    Ackley,
    StyblinskiTang,
    GoldsteinPrice,
}

/// What the UI and the docs need to know about a built-in surface.
#[derive(Debug)]
pub struct SurfaceInfo {
    pub name: &'static str,
    pub title: &'static str,
    /// The catalog's definition, in the formula syntax of [`Formula`].
    pub formula: &'static str,
    pub window: Window,
    /// Where runs start unless the user picks another point.
    pub start: [f64; 2],
    pub minima: &'static [Minimum],
    /// A learning rate that shows each method well from `start` (the UI's default), in the
    /// order sgd, adagrad, rmsprop, adam.
    pub lr: [f64; 4],
    /// One sentence on what the surface teaches.
    pub blurb: &'static str,
}

const fn w(x0: f64, x1: f64, y0: f64, y1: f64) -> Window {
    Window { x: (x0, x1), y: (y0, y1) }
}
const fn m(x: f64, y: f64, f: f64) -> Minimum {
    Minimum { at: [x, y], f }
}

impl SurfaceKind {
    pub const ALL: [SurfaceKind; 13] = [
        Self::Bowl,
        Self::RotatedBowl,
        Self::Rosenbrock,
        Self::Beale,
        Self::Himmelblau,
        Self::Booth,
        Self::Matyas,
        Self::SixHumpCamel,
        Self::Saddle,
        Self::Rastrigin,
        Self::Ackley,
        Self::StyblinskiTang,
        Self::GoldsteinPrice,
    ];

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.info().name == name)
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The catalog entry (`../shared/reference/surfaces.md`).
    pub fn info(self) -> &'static SurfaceInfo {
        use SurfaceKind::*;
        match self {
            Bowl => &BOWL,
            RotatedBowl => &ROTATED_BOWL,
            Rosenbrock => &ROSENBROCK,
            Beale => &BEALE,
            Himmelblau => &HIMMELBLAU,
            Booth => &BOOTH,
            Matyas => &MATYAS,
            SixHumpCamel => &SIX_HUMP_CAMEL,
            Saddle => &SADDLE,
            Rastrigin => &RASTRIGIN,
            Ackley => &ACKLEY,
            StyblinskiTang => &STYBLINSKI_TANG,
            GoldsteinPrice => &GOLDSTEIN_PRICE,
        }
    }

    /// f(x, y), generic so one definition yields values and exact gradients.
    pub fn eval<T: Real>(self, x: T, y: T) -> T {
        use SurfaceKind::*;
        let c = T::cst;
        match self {
            Bowl => c(0.1) * x.powi(2) + c(2.0) * y.powi(2),
            RotatedBowl => c(0.05) * (x + y).powi(2) + (x - y).powi(2),
            Rosenbrock => (c(1.0) - x).powi(2) + c(100.0) * (y - x.powi(2)).powi(2),
            Beale => {
                (c(1.5) - x + x * y).powi(2)
                    + (c(2.25) - x + x * y.powi(2)).powi(2)
                    + (c(2.625) - x + x * y.powi(3)).powi(2)
            }
            Himmelblau => (x.powi(2) + y - c(11.0)).powi(2) + (x + y.powi(2) - c(7.0)).powi(2),
            Booth => (x + c(2.0) * y - c(7.0)).powi(2) + (c(2.0) * x + y - c(5.0)).powi(2),
            Matyas => c(0.26) * (x.powi(2) + y.powi(2)) - c(0.48) * x * y,
            SixHumpCamel => {
                (c(4.0) - c(2.1) * x.powi(2) + x.powi(4) / c(3.0)) * x.powi(2)
                    + x * y
                    + (c(-4.0) + c(4.0) * y.powi(2)) * y.powi(2)
            }
            Saddle => x.powi(2) - y.powi(2),
            Rastrigin => {
                let tau = c(2.0 * PI);
                c(20.0) + x.powi(2) - c(10.0) * (tau * x).cos() + y.powi(2)
                    - c(10.0) * (tau * y).cos()
            }
            Ackley => {
                let tau = c(2.0 * PI);
                c(-20.0) * (c(-0.2) * (c(0.5) * (x.powi(2) + y.powi(2))).sqrt()).exp()
                    - (c(0.5) * ((tau * x).cos() + (tau * y).cos())).exp()
                    + c(E)
                    + c(20.0)
            }
            StyblinskiTang => {
                c(0.5)
                    * (x.powi(4) - c(16.0) * x.powi(2) + c(5.0) * x + y.powi(4)
                        - c(16.0) * y.powi(2)
                        + c(5.0) * y)
            }
            GoldsteinPrice => {
                let a = c(19.0) - c(14.0) * x + c(3.0) * x.powi(2) - c(14.0) * y
                    + c(6.0) * x * y
                    + c(3.0) * y.powi(2);
                let b = c(18.0) - c(32.0) * x + c(12.0) * x.powi(2) + c(48.0) * y - c(36.0) * x * y
                    + c(27.0) * y.powi(2);
                (c(1.0) + (x + y + c(1.0)).powi(2) * a)
                    * (c(30.0) + (c(2.0) * x - c(3.0) * y).powi(2) * b)
            }
        }
    }
}

/// A user-defined surface: a formula and the window to view it in.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomSurface {
    pub formula: Formula,
    pub window: Window,
}

/// A loss surface the optimizers can run on.
#[derive(Clone, Debug, PartialEq)]
pub enum Surface {
    Builtin(SurfaceKind),
    Custom(Box<CustomSurface>),
    /// A model on a data set: the value is the full-batch loss over its parameters.
    Data(Box<DataSurface>),
}

impl From<SurfaceKind> for Surface {
    fn from(k: SurfaceKind) -> Self {
        Surface::Builtin(k)
    }
}

impl Surface {
    pub fn value(&self, p: [f64; 2]) -> f64 {
        match self {
            Surface::Builtin(k) => k.eval(p[0], p[1]),
            Surface::Custom(c) => c.formula.value(p),
            Surface::Data(d) => d.value_and_grad(p).0,
        }
    }

    /// f(p) and its exact gradient ∇f(p).
    pub fn value_and_grad(&self, p: [f64; 2]) -> (f64, [f64; 2]) {
        match self {
            Surface::Builtin(k) => value_and_grad(|x: Dual2, y: Dual2| k.eval(x, y), p),
            Surface::Custom(c) => c.formula.value_and_grad(p),
            Surface::Data(d) => d.value_and_grad(p),
        }
    }

    /// The names of the two coordinates: x and y, or a model's parameters (w, b).
    pub fn axis_names(&self) -> [&'static str; 2] {
        self.data().map_or(["x", "y"], |d| d.model().params())
    }

    pub fn window(&self) -> Window {
        match self {
            Surface::Builtin(k) => k.info().window,
            Surface::Custom(c) => c.window,
            Surface::Data(d) => d.window(),
        }
    }

    pub fn minima(&self) -> &[Minimum] {
        match self {
            Surface::Builtin(k) => k.info().minima,
            Surface::Custom(_) => &[],
            Surface::Data(d) => d.minima(),
        }
    }

    /// `opt` with the learning rate the catalog (or the data's fit) suggests for its kind on
    /// this surface; a formula has no suggestion, so `opt` comes back as it was.
    pub fn with_suggested_lr(&self, mut opt: Optimizer) -> Optimizer {
        let lrs = match self {
            Surface::Builtin(k) => k.info().lr,
            Surface::Data(d) => d.suggested_lrs(),
            Surface::Custom(_) => return opt,
        };
        if let Some(&lr) = lrs.get(opt.kind().lr_index()) {
            let _ = opt.set_real(LR.key, lr);
        }
        opt
    }

    /// The data set, if this surface is a model on one.
    pub fn data(&self) -> Option<&DataSurface> {
        match self {
            Surface::Data(d) => Some(d),
            _ => None,
        }
    }

    /// The lowest known minimum's value f*: charts, maps and the heatmap show losses as the
    /// gap f − f* to it. None when no minimum is known (a formula).
    pub fn loss_floor(&self) -> Option<f64> {
        self.minima().iter().map(|m| m.f).reduce(f64::min)
    }

    /// The formula text (the catalog's for built-ins; for data, the loss in words, which is
    /// not a formula of x and y).
    pub fn formula(&self) -> &str {
        match self {
            Surface::Builtin(k) => k.info().formula,
            Surface::Custom(c) => c.formula.source(),
            Surface::Data(d) => d.model().loss_text(),
        }
    }

    /// A default start: the catalog's, for a custom surface a point off-centre in its window,
    /// for data the zero initialisation [`crate::core::data::fit::START`].
    pub fn default_start(&self) -> [f64; 2] {
        match self {
            Surface::Builtin(k) => k.info().start,
            Surface::Custom(c) => {
                let Window { x, y } = c.window;
                [x.0 + 0.2 * (x.1 - x.0), y.0 + 0.75 * (y.1 - y.0)]
            }
            Surface::Data(_) => crate::core::data::fit::START,
        }
    }

    /// Distance from `p` to the nearest known minimum, if the surface has any.
    pub fn distance_to_nearest_minimum(&self, p: [f64; 2]) -> Option<f64> {
        self.minima().iter().map(|m| (m.at[0] - p[0]).hypot(m.at[1] - p[1])).min_by(f64::total_cmp)
    }
}

static BOWL: SurfaceInfo = SurfaceInfo {
    name: "bowl",
    title: "Elongated bowl",
    formula: "0.1*x^2 + 2*y^2",
    window: w(-5.0, 5.0, -3.0, 3.0),
    start: [-4.0, 1.5],
    minima: &[m(0.0, 0.0, 0.0)],
    lr: [0.2, 0.5, 0.05, 0.1],
    blurb: "Curvature differs 20× between the axes: per-coordinate steps move both at one pace.",
};
static ROTATED_BOWL: SurfaceInfo = SurfaceInfo {
    name: "rotated_bowl",
    title: "Rotated bowl",
    formula: "0.05*(x + y)^2 + (x - y)^2",
    window: w(-5.0, 5.0, -5.0, 5.0),
    start: [-4.0, 2.0],
    minima: &[m(0.0, 0.0, 0.0)],
    lr: [0.2, 0.5, 0.05, 0.1],
    blurb: "The same bowl turned 45°: adaptive methods rescale axes, not directions.",
};
static ROSENBROCK: SurfaceInfo = SurfaceInfo {
    name: "rosenbrock",
    title: "Rosenbrock",
    formula: "(1 - x)^2 + 100*(y - x^2)^2",
    window: w(-2.0, 2.0, -1.0, 3.0),
    start: [-1.5, 2.0],
    minima: &[m(1.0, 1.0, 0.0)],
    lr: [0.0015, 0.5, 0.01, 0.05],
    blurb: "A curved, flat-bottomed valley: easy to find, slow to follow.",
};
static BEALE: SurfaceInfo = SurfaceInfo {
    name: "beale",
    title: "Beale",
    formula: "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
    window: w(-4.5, 4.5, -4.5, 4.5),
    start: [1.0, 1.5],
    minima: &[m(3.0, 0.5, 0.0)],
    lr: [0.001, 0.5, 0.01, 0.01],
    blurb: "Sharp walls and flat plateaus: gradients vary over orders of magnitude.",
};
static HIMMELBLAU: SurfaceInfo = SurfaceInfo {
    name: "himmelblau",
    title: "Himmelblau",
    formula: "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    window: w(-5.0, 5.0, -5.0, 5.0),
    start: [0.0, 0.0],
    minima: &[
        m(3.0, 2.0, 0.0),
        m(-2.805118, 3.131312, 0.0),
        m(-3.779310, -3.283186, 0.0),
        m(3.584428, -1.848126, 0.0),
    ],
    lr: [0.01, 0.3, 0.05, 0.1],
    blurb: "Four equal minima: the start point and the method decide which one you reach.",
};
static BOOTH: SurfaceInfo = SurfaceInfo {
    name: "booth",
    title: "Booth",
    formula: "(x + 2*y - 7)^2 + (2*x + y - 5)^2",
    window: w(-10.0, 10.0, -10.0, 10.0),
    start: [-8.0, -6.0],
    minima: &[m(1.0, 3.0, 0.0)],
    lr: [0.05, 2.0, 0.1, 0.3],
    blurb: "A plain quadratic bowl with coupled axes.",
};
static MATYAS: SurfaceInfo = SurfaceInfo {
    name: "matyas",
    title: "Matyas",
    formula: "0.26*(x^2 + y^2) - 0.48*x*y",
    window: w(-10.0, 10.0, -10.0, 10.0),
    start: [-7.0, 4.0],
    minima: &[m(0.0, 0.0, 0.0)],
    lr: [0.5, 2.0, 0.1, 0.3],
    blurb: "A long diagonal valley that is almost flat along x = y.",
};
static SIX_HUMP_CAMEL: SurfaceInfo = SurfaceInfo {
    name: "six_hump_camel",
    title: "Six-hump camel",
    formula: "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
    window: w(-3.0, 3.0, -2.0, 2.0),
    start: [-1.5, -1.2],
    minima: &[m(0.089842, -0.712656, -1.031628), m(-0.089842, 0.712656, -1.031628)],
    lr: [0.01, 0.3, 0.02, 0.05],
    blurb: "Six local minima, two of them global: where you start matters.",
};
static SADDLE: SurfaceInfo = SurfaceInfo {
    name: "saddle",
    title: "Saddle",
    formula: "x^2 - y^2",
    window: w(-3.0, 3.0, -3.0, 3.0),
    start: [-2.5, 0.05],
    minima: &[],
    lr: [0.05, 0.3, 0.02, 0.05],
    blurb: "No minimum: the question is how fast a method escapes the saddle point.",
};
static RASTRIGIN: SurfaceInfo = SurfaceInfo {
    name: "rastrigin",
    title: "Rastrigin",
    formula: "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
    window: w(-5.12, 5.12, -5.12, 5.12),
    start: [3.3, 4.1],
    minima: &[m(0.0, 0.0, 0.0)],
    lr: [0.002, 0.5, 0.05, 0.1],
    blurb: "A bowl covered in bumps: local minima everywhere.",
};
static ACKLEY: SurfaceInfo = SurfaceInfo {
    name: "ackley",
    title: "Ackley",
    formula: "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
    window: w(-5.0, 5.0, -5.0, 5.0),
    start: [3.2, 4.1],
    minima: &[m(0.0, 0.0, 0.0)],
    lr: [0.05, 0.5, 0.05, 0.1],
    blurb: "A nearly flat plateau full of dimples around one deep funnel.",
};
static STYBLINSKI_TANG: SurfaceInfo = SurfaceInfo {
    name: "styblinski_tang",
    title: "Styblinski–Tang",
    formula: "0.5*(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)",
    window: w(-5.0, 5.0, -5.0, 5.0),
    start: [4.0, 4.5],
    minima: &[m(-2.903534, -2.903534, -78.332331)],
    lr: [0.005, 0.5, 0.05, 0.1],
    blurb: "Separable, with a local trap on each axis beside the global minimum.",
};
static GOLDSTEIN_PRICE: SurfaceInfo = SurfaceInfo {
    name: "goldstein_price",
    title: "Goldstein–Price",
    formula: "(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))*(30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))",
    window: w(-2.0, 2.0, -3.0, 1.0),
    start: [1.5, -2.5],
    minima: &[m(0.0, -1.0, 3.0)],
    lr: [2e-6, 0.3, 0.01, 0.05],
    blurb: "Values from 3 to 10⁶: adaptive methods ignore the gradient's scale, SGD cannot.",
};
