//! Cutting the rows into minibatches, as PyTorch's `DataLoader(rows, batch_size=B,
//! shuffle=…, drop_last=False)` does.
//!
//! ```text
//! input: n rows, batch size B (1 ≤ B ≤ n), shuffle seed s (or none)
//! nb = ⌈n / B⌉ batches per epoch; the last one has n − (nb − 1)·B rows (it may be smaller)
//! for update t = 1, 2, …:
//!     epoch e = ⌊(t − 1) / nb⌋,  batch i = (t − 1) mod nb
//!     order = 0, 1, …, n − 1                 (no shuffle, or a single batch per epoch)
//!           | Fisher–Yates(s, e)             (shuffle)
//!     rows of update t = order[i·B .. min((i + 1)·B, n)]
//! ```
//! Fisher–Yates(s, e): start from 0, 1, …, n − 1 and, for k = n − 1 down to 1, swap entry k
//! with entry j = [`SplitMix64::up_to`]`(k)` of the SplitMix64 stream seeded with
//! s ⊕ (e·γ) (γ = [`GAMMA`]): every epoch a fresh, reproducible order. With one batch per
//! epoch the order would only change the order of a sum, so it is never shuffled.

use crate::core::rng::{SplitMix64, GAMMA};

/// How the rows are cut: `batch_size` rows per update, in order or shuffled each epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Batching {
    pub batch_size: usize,
    /// The shuffle's seed; `None`: the rows in order.
    pub shuffle: Option<u64>,
}

/// Which minibatch an update uses: batch `index` (0-based) of epoch `epoch` (0-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Batch {
    pub epoch: usize,
    pub index: usize,
}

impl Batching {
    /// One batch of all `n` rows: full-batch gradient descent.
    pub fn full(n: usize) -> Batching {
        Batching { batch_size: n, shuffle: None }
    }

    /// Whether it fits `n` rows (1 ≤ batch_size ≤ n); the message says why not.
    pub fn check(&self, n: usize) -> Result<(), String> {
        if (1..=n).contains(&self.batch_size) {
            Ok(())
        } else {
            Err(format!("must be from 1 to the number of rows, {n} (got {})", self.batch_size))
        }
    }

    /// nb: the batches of one epoch over `n` rows (the last may be smaller).
    pub fn per_epoch(&self, n: usize) -> usize {
        n.div_ceil(self.batch_size.max(1))
    }

    /// Whether every update sees all `n` rows (so the batch gradient is the full one).
    pub fn is_full(&self, n: usize) -> bool {
        self.per_epoch(n) <= 1
    }

    /// The batch update `t` (1-based; t = 0 counts as 1) uses, over `n` rows.
    pub fn of_update(&self, n: usize, t: usize) -> Batch {
        let (k, nb) = (t.saturating_sub(1), self.per_epoch(n).max(1));
        Batch { epoch: k / nb, index: k % nb }
    }

    /// The rows' order in `epoch`: 0, 1, …, n − 1, or the epoch's shuffle.
    pub fn order(&self, n: usize, epoch: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        if let (Some(seed), false) = (self.shuffle, self.is_full(n)) {
            let mut rng = SplitMix64::new(seed ^ (epoch as u64).wrapping_mul(GAMMA));
            for k in (1..n).rev() {
                order.swap(k, rng.up_to(k));
            }
        }
        order
    }

    /// The positions in the epoch's order that batch `index` takes: i·B .. min((i+1)·B, n).
    pub fn span(&self, n: usize, index: usize) -> std::ops::Range<usize> {
        let b = self.batch_size.max(1);
        (index * b).min(n)..((index + 1) * b).min(n)
    }

    /// The row indices of `batch`, over `n` rows, in the order they are summed.
    pub fn rows(&self, n: usize, batch: Batch) -> Vec<usize> {
        let span = self.span(n, batch.index);
        if self.shuffle.is_some() && !self.is_full(n) {
            self.order(n, batch.epoch)[span].to_vec()
        } else {
            span.collect()
        }
    }
}
