//! Real training problems: a two-parameter model on a data set, trained with minibatches.
//!
//! A [`DataSurface`] is a loss surface like the catalog's, over the model's parameters: its
//! value at θ is the full-batch loss (what the heatmap shows and `loss[k]` records), while
//! update t of a run uses the gradient of minibatch t's loss ([`batch`]). The data are
//! explicit rows or a seeded [`Generator`]'s; the window, start and known minimum are
//! derived from them ([`fit`]).

pub mod batch;
pub mod bound;
pub mod csv;
pub mod fit;
pub mod generate;
pub mod model;
pub mod parse;

pub use batch::{Batch, Batching};
use bound::LossBound;
pub use generate::{GenField, Generator, MAX_ROWS};
pub use model::{Example, Model};

use super::surface::{Minimum, Window};

/// Where the rows came from: kept so scenarios and links can say it briefly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DataSource {
    /// Given row by row (a scenario's `"data": [[…], …]`, an imported CSV).
    Rows,
    Generated(Generator),
}

/// A model on a data set, with its minibatches; built checked, so its fields always agree.
#[derive(Clone, Debug, PartialEq)]
pub struct DataSurface {
    model: Model,
    source: DataSource,
    examples: Vec<Example>,
    batching: Batching,
    /// The full-batch optimum, if there is a single one (at most one entry).
    minima: Vec<Minimum>,
    window: Window,
    lrs: [f64; 4],
    /// Bounds on the loss that cost no exponential, where it has them.
    bound: Option<LossBound>,
}

impl DataSurface {
    /// `model` on explicit rows (from [`Model::example`]), with full batches; 1 to
    /// [`MAX_ROWS`] rows.
    pub fn from_examples(model: Model, examples: Vec<Example>) -> Result<DataSurface, String> {
        if !(1..=MAX_ROWS).contains(&examples.len()) {
            return Err(format!("must have 1 to {MAX_ROWS} rows (got {})", examples.len()));
        }
        Ok(Self::build(model, DataSource::Rows, examples))
    }

    /// `model` on the rows `generator` makes, with full batches. Each setting must be valid
    /// for the model ([`Generator::check`]); the error names the one that is not.
    pub fn generated(model: Model, generator: Generator) -> Result<DataSurface, (String, String)> {
        let generator = generator.check(model)?;
        Ok(Self::build(model, DataSource::Generated(generator), generator.examples(model)))
    }

    fn build(model: Model, source: DataSource, examples: Vec<Example>) -> DataSurface {
        let minimum = fit::minimum(model, &examples);
        let window = fit::window(model, &examples, minimum.as_ref());
        let lrs = fit::suggested_lrs(model, &examples, window);
        let batching = Batching::full(examples.len());
        let bound = LossBound::of(model, &examples);
        DataSurface {
            model,
            source,
            examples,
            batching,
            minima: minimum.into_iter().collect(),
            window,
            lrs,
            bound,
        }
    }

    /// The same data cut into other minibatches, if they fit its rows.
    pub fn with_batching(mut self, batching: Batching) -> Result<DataSurface, String> {
        batching.check(self.n())?;
        self.batching = batching;
        Ok(self)
    }

    pub fn model(&self) -> Model {
        self.model
    }

    pub fn source(&self) -> DataSource {
        self.source
    }

    /// The rows as the loss sees them.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// Row `i` in the columns of [`Model::columns`].
    pub fn row(&self, i: usize) -> Option<Vec<f64>> {
        self.examples.get(i).map(|e| self.model.row(e))
    }

    /// The number of rows.
    pub fn n(&self) -> usize {
        self.examples.len()
    }

    pub fn batching(&self) -> Batching {
        self.batching
    }

    /// Whether updates use minibatches (batches smaller than the data).
    pub fn minibatched(&self) -> bool {
        !self.batching.is_full(self.n())
    }

    /// The full-batch optimum, if there is a single one.
    pub fn minima(&self) -> &[Minimum] {
        &self.minima
    }

    /// Why no minimum is marked, when none is (for the UI to say so).
    pub fn no_minimum_reason(&self) -> Option<&'static str> {
        if !self.minima.is_empty() {
            return None;
        }
        Some(match self.model {
            Model::LinearRegression => {
                "no single minimum: with fewer than two distinct x a whole line of (w, b) fits equally well"
            }
            Model::LogisticRegression => {
                "no minimum: a line through the origin separates the labels (or the features are collinear), so the loss keeps falling as the weights grow"
            }
        })
    }

    pub fn window(&self) -> Window {
        self.window
    }

    /// Learning rates for sgd, adagrad, rmsprop, adam ([`fit::suggested_lrs`]).
    pub fn suggested_lrs(&self) -> [f64; 4] {
        self.lrs
    }

    /// The full-batch loss at θ and its gradient.
    pub fn value_and_grad(&self, theta: [f64; 2]) -> (f64, [f64; 2]) {
        self.model.mean_loss(&self.examples, theta)
    }

    /// Whether the full-batch loss at θ is surely above `threshold`, found without
    /// evaluating it (a sweep asks only whether a threshold is reached); `anchor` is a point
    /// and a number its loss is at least, which this may replace with θ's. None where no
    /// bound applies (linear regression, or a θ where the loss might not be finite).
    pub fn surely_above(
        &self,
        threshold: f64,
        anchor: &mut ([f64; 2], f64),
        theta: [f64; 2],
    ) -> Option<bool> {
        let b = self.bound.filter(|b| b.finite_at(theta))?;
        if anchor.1.is_finite() && b.near(anchor.0, anchor.1, theta) > threshold {
            return Some(true);
        }
        let (above, here) = b.above(&self.examples, theta, threshold);
        *anchor = (theta, here);
        Some(above)
    }

    /// Whether the full-batch loss at θ is surely finite (so it need not be evaluated to
    /// know the run goes on).
    pub fn surely_finite(&self, theta: [f64; 2]) -> bool {
        self.bound.is_some_and(|b| b.finite_at(theta))
    }

    /// The batch update `t` (1-based) uses.
    pub fn batch_of_update(&self, t: usize) -> Batch {
        self.batching.of_update(self.n(), t)
    }

    /// The row indices of `batch`, in the order they are summed.
    pub fn batch_rows(&self, batch: Batch) -> Vec<usize> {
        self.batching.rows(self.n(), batch)
    }

    /// The mean loss over the rows `rows` (indices) at θ, and its gradient.
    pub fn rows_value_and_grad(&self, rows: &[usize], theta: [f64; 2]) -> (f64, [f64; 2]) {
        self.model.mean_loss(rows.iter().filter_map(|&i| self.examples.get(i)), theta)
    }

    /// The loss of `batch` at θ, and its gradient.
    pub fn batch_value_and_grad(&self, batch: Batch, theta: [f64; 2]) -> (f64, [f64; 2]) {
        self.rows_value_and_grad(&self.batch_rows(batch), theta)
    }
}

/// The batch losses of a run's updates, one after another, without recomputing an epoch's
/// order for every update (a run asks for them in the order t = 1, 2, …).
pub struct Batcher<'a> {
    data: &'a DataSurface,
    /// The epoch whose order `order` holds.
    epoch: Option<usize>,
    order: Vec<usize>,
}

impl<'a> Batcher<'a> {
    pub fn new(data: &'a DataSurface) -> Batcher<'a> {
        Batcher { data, epoch: None, order: Vec::new() }
    }

    /// The gradient of the loss update `t` (1-based) sees at θ.
    pub fn gradient(&mut self, t: usize, theta: [f64; 2]) -> [f64; 2] {
        let (d, b) = (self.data, self.data.batching);
        let batch = d.batch_of_update(t);
        let span = b.span(d.n(), batch.index);
        if b.shuffle.is_none() || b.is_full(d.n()) {
            return d.model.mean_gradient(&d.examples[span], theta);
        }
        if self.epoch != Some(batch.epoch) {
            self.order = b.order(d.n(), batch.epoch);
            self.epoch = Some(batch.epoch);
        }
        d.model.mean_gradient(self.order[span].iter().map(|&i| &d.examples[i]), theta)
    }
}
