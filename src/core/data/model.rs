//! The two models and their losses, written once for any set of rows.
//!
//! Both are linear in their parameters θ = (θ₁, θ₂): each row gives a feature pair φ and a
//! target y, the model's output is z = θ₁·φ₁ + θ₂·φ₂, and the loss is the mean over the
//! rows of a loss ℓ(z, y). Linear regression's features are (x, 1), so z = w·x + b.

/// A model to train, by the names scenarios, URLs and `trace` use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Model {
    /// Parameters (w, b); rows [x, y]; ℓ = (w·x + b − y)², PyTorch's `MSELoss()`.
    LinearRegression,
    /// Parameters (w1, w2), no bias; rows [x1, x2, label] with label 0 or 1;
    /// ℓ = BCEWithLogits(w1·x1 + w2·x2, label), PyTorch's `BCEWithLogitsLoss()`.
    LogisticRegression,
}

/// One row as the loss sees it: the features the parameters multiply, and the target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Example {
    /// (x, 1) for linear regression, (x1, x2) for logistic regression.
    pub features: [f64; 2],
    /// y, or the label 0 or 1.
    pub target: f64,
}

impl Model {
    pub const ALL: [Model; 2] = [Model::LinearRegression, Model::LogisticRegression];

    pub fn name(self) -> &'static str {
        match self {
            Model::LinearRegression => "linear_regression",
            Model::LogisticRegression => "logistic_regression",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Model::LinearRegression => "Linear regression",
            Model::LogisticRegression => "Logistic regression",
        }
    }

    pub fn from_name(name: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The parameters' names: the map's x and y axes.
    pub fn params(self) -> [&'static str; 2] {
        match self {
            Model::LinearRegression => ["w", "b"],
            Model::LogisticRegression => ["w1", "w2"],
        }
    }

    /// The columns of a row of data, in order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Model::LinearRegression => &["x", "y"],
            Model::LogisticRegression => &["x1", "x2", "label"],
        }
    }

    /// The loss in words, for where a formula would be shown.
    pub fn loss_text(self) -> &'static str {
        match self {
            Model::LinearRegression => "mean over the batch of (w*x + b - y)^2",
            Model::LogisticRegression => {
                "mean over the batch of BCEWithLogits(w1*x1 + w2*x2, label)"
            }
        }
    }

    /// A row of data (in [`Model::columns`] order) as an example, or what is wrong with it:
    /// the 0-based column at fault, if one is, and why.
    pub fn example(self, row: &[f64]) -> Result<Example, (Option<usize>, String)> {
        let width = self.columns().len();
        if row.len() != width {
            let names = self.columns().join(", ");
            return Err((None, format!("expected {width} values ({names}), got {}", row.len())));
        }
        if let Some(c) = row.iter().position(|v| !v.is_finite() || v.abs() > MAX_VALUE) {
            return Err((Some(c), format!("must be a finite number within ±{MAX_VALUE:e}")));
        }
        Ok(match self {
            Model::LinearRegression => Example { features: [row[0], 1.0], target: row[1] },
            Model::LogisticRegression => {
                if row[2] != 0.0 && row[2] != 1.0 {
                    return Err((Some(2), format!("a label must be 0 or 1 (got {})", row[2])));
                }
                Example { features: [row[0], row[1]], target: row[2] }
            }
        })
    }

    /// The row of data an example came from (the inverse of [`Model::example`]).
    pub fn row(self, e: &Example) -> Vec<f64> {
        match self {
            Model::LinearRegression => vec![e.features[0], e.target],
            Model::LogisticRegression => vec![e.features[0], e.features[1], e.target],
        }
    }

    /// ℓ(z, y) and dℓ/dz for one row.
    ///
    /// Logistic: PyTorch's CPU kernel (`binary_cross_entropy_with_logits` in ATen's
    /// Loss.cpp) computes (1 − y)·z − log σ(z), with log σ(z) = min(z, 0) − log1p(e^(−|z|))
    /// (the `log_sigmoid` kernel): no exponential of a large positive number, so it is exact
    /// for any |z|. Its derivative, as torch's backward, is σ(z) − y; σ comes from the same
    /// e^(−|z|) (1/(1 + e) for z ≥ 0, e/(1 + e) below), one exponential per row instead of
    /// two — sweeps evaluate this millions of times.
    pub fn point_loss(self, z: f64, y: f64) -> (f64, f64) {
        match self {
            Model::LinearRegression => {
                let r = z - y;
                (r * r, 2.0 * r)
            }
            Model::LogisticRegression => {
                let e = (-z.abs()).exp();
                let log_sigmoid = z.min(0.0) - e.ln_1p();
                ((1.0 - y) * z - log_sigmoid, sigmoid_from(z, e) - y)
            }
        }
    }

    /// dℓ/dz alone, as [`Model::point_loss`] computes it (an update on a minibatch needs
    /// only the gradient, and the logarithm is half a logistic row's cost).
    pub fn point_slope(self, z: f64, y: f64) -> f64 {
        match self {
            Model::LinearRegression => 2.0 * (z - y),
            Model::LogisticRegression => sigmoid_from(z, (-z.abs()).exp()) - y,
        }
    }

    /// d²ℓ/dz²: 2, or σ(z)·(1 − σ(z)).
    pub fn curvature(self, z: f64) -> f64 {
        match self {
            Model::LinearRegression => 2.0,
            Model::LogisticRegression => {
                let s = 1.0 / (1.0 + (-z).exp());
                s * (1.0 - s)
            }
        }
    }

    /// The mean loss over `rows` at θ, and its gradient: the mean of ℓ(θ·φ, y) and of
    /// dℓ/dz · φ. The sums run in the rows' order and are divided by the count once, as
    /// PyTorch's `reduction="mean"`. No rows: NaN.
    pub fn mean_loss<'a>(
        self,
        rows: impl IntoIterator<Item = &'a Example>,
        theta: [f64; 2],
    ) -> (f64, [f64; 2]) {
        mean_over(rows, theta, |z, y| self.point_loss(z, y))
    }

    /// The gradient of the mean loss over `rows` at θ, exactly as [`Model::mean_loss`] gives it.
    pub fn mean_gradient<'a>(
        self,
        rows: impl IntoIterator<Item = &'a Example>,
        theta: [f64; 2],
    ) -> [f64; 2] {
        mean_over(rows, theta, |z, y| (0.0, self.point_slope(z, y))).1
    }

    /// The Hessian of the mean loss at θ: the mean of ℓ''(z)·φφᵀ, as [h11, h12, h22].
    pub fn hessian(self, rows: &[Example], theta: [f64; 2]) -> [f64; 3] {
        let mut h = [0.0; 3];
        for e in rows {
            let [a, b] = e.features;
            let c = self.curvature(theta[0] * a + theta[1] * b);
            h[0] += c * a * a;
            h[1] += c * a * b;
            h[2] += c * b * b;
        }
        h.map(|v| v / rows.len() as f64)
    }
}

/// σ(z) from e = e^(−|z|): 1/(1 + e) for z ≥ 0, e/(1 + e) below.
fn sigmoid_from(z: f64, e: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    }
}

/// The means of ℓ(θ·φ, y) and of dℓ/dz · φ over `rows`, with `per_row` giving (ℓ, dℓ/dz).
fn mean_over<'a>(
    rows: impl IntoIterator<Item = &'a Example>,
    theta: [f64; 2],
    per_row: impl Fn(f64, f64) -> (f64, f64),
) -> (f64, [f64; 2]) {
    let (mut sum, mut g, mut count) = (0.0, [0.0, 0.0], 0usize);
    for e in rows {
        let z = theta[0] * e.features[0] + theta[1] * e.features[1];
        let (l, dz) = per_row(z, e.target);
        sum += l;
        g[0] += dz * e.features[0];
        g[1] += dz * e.features[1];
        count += 1;
    }
    let n = count as f64;
    (sum / n, [g[0] / n, g[1] / n])
}

/// Data values beyond this are refused: squared, summed over 10 000 rows and multiplied by
/// weights, they would overflow long before they meant anything.
pub const MAX_VALUE: f64 = 1e9;
