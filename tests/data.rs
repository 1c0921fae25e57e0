//! Models on data: losses and gradients, minibatches, the generator, the fit (minimum,
//! window, learning rates).

use rmsprop_lab::core::data::{Batch, Batching, DataSurface, Example, Generator, Model, MAX_ROWS};
use rmsprop_lab::core::surface::Surface;

fn rows(model: Model, rows: &[&[f64]]) -> DataSurface {
    let examples = rows.iter().map(|r| model.example(r).unwrap()).collect();
    DataSurface::from_examples(model, examples).unwrap()
}

fn generated(model: Model, edit: impl FnOnce(&mut Generator)) -> DataSurface {
    let mut g = Generator::default_for(model);
    edit(&mut g);
    DataSurface::generated(model, g).unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * b.abs().max(1.0)
}

#[test]
fn linear_regression_loss_and_gradient_by_hand() {
    // Rows (1, 2), (3, 5) at (w, b) = (1, 0.5): residuals −0.5 and −1.5.
    let d = rows(Model::LinearRegression, &[&[1.0, 2.0], &[3.0, 5.0]]);
    let (f, g) = d.value_and_grad([1.0, 0.5]);
    assert_eq!(f, (0.25 + 2.25) / 2.0);
    // ∂/∂w = mean 2r·x = (−1 − 9)/2, ∂/∂b = mean 2r = (−1 − 3)/2.
    assert_eq!(g, [-5.0, -2.0]);
    assert_eq!(Surface::Data(Box::new(d)).value([1.0, 0.5]), 1.25);
}

#[test]
fn logistic_regression_loss_and_gradient_by_hand() {
    // Rows (1, 2; 1) and (−1, 0.5; 0) at (0.5, −1): z = −1.5 and −1.
    let d = rows(Model::LogisticRegression, &[&[1.0, 2.0, 1.0], &[-1.0, 0.5, 0.0]]);
    let (f, g) = d.value_and_grad([0.5, -1.0]);
    let sigma = |z: f64| 1.0 / (1.0 + (-z).exp());
    let expected = ((1.0 + 1.5f64.exp()).ln() + (1.0 + (-1.0f64).exp()).ln()) / 2.0;
    assert!(close(f, expected, 1e-15), "{f} vs {expected}");
    let (d1, d2) = (sigma(-1.5) - 1.0, sigma(-1.0));
    // Features (1, 2) and (−1, 0.5).
    assert!(close(g[0], (d1 - d2) / 2.0, 1e-15));
    assert!(close(g[1], (d1 * 2.0 + d2 * 0.5) / 2.0, 1e-15));
}

#[test]
fn the_logistic_loss_is_exact_for_large_logits() {
    let m = Model::LogisticRegression;
    assert_eq!(m.point_loss(-800.0, 1.0), (800.0, -1.0));
    assert_eq!(m.point_loss(800.0, 0.0), (800.0, 1.0));
    assert_eq!(m.point_loss(800.0, 1.0), (0.0, 0.0));
    assert_eq!(m.point_loss(-800.0, 0.0), (0.0, 0.0));
    let (l, d) = m.point_loss(40.0, 1.0);
    // σ(40) rounds to 1: the gradient vanishes while the loss stays positive.
    assert!(l > 0.0 && close(l, (-40.0f64).exp(), 1e-12) && d == 0.0, "{l} {d}");
    assert_eq!(m.point_loss(0.0, 1.0).0, std::f64::consts::LN_2);
}

#[test]
fn gradients_match_central_differences_for_full_and_minibatch_losses() {
    for model in Model::ALL {
        let d = generated(model, |g| g.feature_mean = 1.5)
            .with_batching(Batching { batch_size: 10, shuffle: Some(9) });
        let d = d.unwrap();
        for p in [[0.3, -0.7], [2.0, 1.0], [-1.5, 4.0]] {
            let batch = Batch { epoch: 2, index: 3 };
            let check = |f: &dyn Fn([f64; 2]) -> (f64, [f64; 2])| {
                let (_, g) = f(p);
                for i in 0..2 {
                    let h = 1e-6;
                    let (mut a, mut b) = (p, p);
                    a[i] += h;
                    b[i] -= h;
                    let fd = (f(a).0 - f(b).0) / (2.0 * h);
                    assert!(close(g[i], fd, 1e-6), "{model:?} at {p:?}: {} vs {fd}", g[i]);
                }
            };
            check(&|q| d.value_and_grad(q));
            check(&|q| d.batch_value_and_grad(batch, q));
        }
    }
}

#[test]
fn sequential_batches_follow_torchs_data_loader() {
    // DataLoader(range(10), batch_size=3, shuffle=False, drop_last=False).
    let b = Batching { batch_size: 3, shuffle: None };
    let listing: Vec<Vec<usize>> =
        (0..4).map(|index| b.rows(10, Batch { epoch: 0, index })).collect();
    assert_eq!(listing, [vec![0, 1, 2], vec![3, 4, 5], vec![6, 7, 8], vec![9]]);
    assert_eq!(b.per_epoch(10), 4);
    // Update t uses batch (t − 1) mod 4 of epoch ⌊(t − 1)/4⌋.
    let seq: Vec<(usize, usize)> =
        (1..=9).map(|t| b.of_update(10, t)).map(|Batch { epoch, index }| (epoch, index)).collect();
    assert_eq!(seq, [(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 1), (1, 2), (1, 3), (2, 0)]);
    assert!(Batching::full(10).is_full(10) && !b.is_full(10));
    assert!(Batching { batch_size: 0, shuffle: None }.check(10).is_err());
    assert!(Batching { batch_size: 11, shuffle: None }.check(10).is_err());
}

#[test]
fn shuffled_epochs_are_seeded_permutations() {
    let b = Batching { batch_size: 4, shuffle: Some(5) };
    let orders: Vec<Vec<usize>> = (0..4).map(|e| b.order(10, e)).collect();
    for o in &orders {
        let mut sorted = o.clone();
        sorted.sort();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>(), "a permutation");
    }
    assert!(orders.windows(2).all(|w| w[0] != w[1]), "each epoch its own order");
    assert_eq!(orders[1], b.order(10, 1), "the same seed, the same order");
    assert_ne!(orders[0], Batching { shuffle: Some(6), ..b }.order(10, 0));
    // Pinned, so a change of the documented algorithm shows.
    assert_eq!(orders[0], [2, 8, 4, 9, 5, 7, 0, 1, 6, 3]);
    let batches: Vec<usize> =
        (0..3).flat_map(|i| b.rows(10, Batch { epoch: 0, index: i })).collect();
    assert_eq!(batches, orders[0]);
    // One batch per epoch is never shuffled (only a sum's order would change).
    assert_eq!(
        Batching { batch_size: 10, shuffle: Some(5) }.order(10, 3),
        (0..10).collect::<Vec<_>>()
    );
}

#[test]
fn the_generator_is_deterministic_and_documented_rows_are_pinned() {
    let lin = generated(Model::LinearRegression, |_| {});
    assert_eq!(lin.n(), 64);
    assert_eq!(lin, generated(Model::LinearRegression, |_| {}));
    let first = lin.row(0).unwrap();
    assert_eq!(first, PINNED_LINEAR, "the first row of the default linear data");
    let log = generated(Model::LogisticRegression, |_| {});
    assert_eq!(log.row(0).unwrap(), PINNED_LOGISTIC, "the first row of the default logistic data");
    // More rows extend the data set without changing it.
    let more = generated(Model::LinearRegression, |g| g.n = 100);
    assert_eq!(&more.examples()[..64], lin.examples());
    assert_ne!(generated(Model::LinearRegression, |g| g.seed = 2).examples()[0], lin.examples()[0]);
    // Labels are 0 or 1, and both occur.
    let labels: Vec<f64> = log.examples().iter().map(|e| e.target).collect();
    assert!(labels.iter().all(|l| *l == 0.0 || *l == 1.0));
    assert!(labels.contains(&0.0) && labels.contains(&1.0));
}

// The same rows as tests/data/make_data_cases.py's independent copy of the generator gives.
const PINNED_LINEAR: [f64; 2] = [-0.028249746095854695, -1.1248753490519998];
const PINNED_LOGISTIC: [f64; 3] = [-0.028249746095854695, -0.22791952286763478, 0.0];

#[test]
fn generated_data_follow_their_settings() {
    let d = generated(Model::LinearRegression, |g| {
        g.n = 4000;
        g.feature_mean = 10.0;
        g.feature_scale = 2.0;
        g.noise = 0.0;
        g.truth = [3.0, -2.0];
    });
    let xs: Vec<f64> = d.examples().iter().map(|e| e.features[0]).collect();
    let mean = xs.iter().sum::<f64>() / 4000.0;
    let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 4000.0).sqrt();
    assert!((mean - 10.0).abs() < 0.1 && (sd - 2.0).abs() < 0.1, "{mean} {sd}");
    let m = d.minima()[0];
    assert!(close(m.at[0], 3.0, 1e-9) && close(m.at[1], -2.0, 1e-9) && m.f < 1e-20, "{m:?}");
    let c = generated(Model::LogisticRegression, |g| {
        g.n = 4000;
        g.correlation = 0.9;
        g.feature_scale2 = 3.0;
    });
    let corr = {
        let e = c.examples();
        let (sa, sb, sab) = e.iter().fold((0.0, 0.0, 0.0), |(a, b, ab), e| {
            let [x, y] = e.features;
            (a + x * x, b + y * y, ab + x * y)
        });
        sab / (sa * sb).sqrt()
    };
    assert!((corr - 0.9).abs() < 0.02, "{corr}");
}

#[test]
fn generator_settings_are_checked_per_model() {
    let mut g = Generator::default_for(Model::LinearRegression);
    assert!(g.set(Model::LinearRegression, "n", 0.0).unwrap_err().contains("[1, 10000]"));
    assert!(g.set(Model::LinearRegression, "n", 10_001.0).is_err());
    assert!(g.set(Model::LinearRegression, "n", 2.5).unwrap_err().contains("whole number"));
    assert!(g
        .set(Model::LinearRegression, "correlation", 0.5)
        .unwrap_err()
        .contains("unknown setting"));
    assert!(g.set(Model::LogisticRegression, "correlation", 1.0).is_err());
    assert!(g.set(Model::LinearRegression, "feature_scale", 0.0).is_err());
    assert!(g.set(Model::LinearRegression, "noise", f64::NAN).is_err());
    g.n = 0;
    assert_eq!(DataSurface::generated(Model::LinearRegression, g).unwrap_err().0, "n");
    let keys: Vec<_> = Generator::fields(Model::LogisticRegression).map(|f| f.key).collect();
    assert_eq!(
        keys,
        [
            "n",
            "seed",
            "feature_mean",
            "feature_scale",
            "feature_scale2",
            "correlation",
            "noise",
            "w1",
            "w2"
        ]
    );
}

#[test]
fn rows_are_checked() {
    let lin = Model::LinearRegression;
    assert!(lin.example(&[1.0]).unwrap_err().1.contains("expected 2 values"));
    assert_eq!(lin.example(&[1.0, f64::INFINITY]).unwrap_err().0, Some(1));
    assert_eq!(lin.example(&[f64::NAN, 1.0]).unwrap_err().0, Some(0));
    let log = Model::LogisticRegression;
    assert!(log.example(&[1.0, 2.0, 0.5]).unwrap_err().1.contains("label must be 0 or 1"));
    assert_eq!(
        log.example(&[1.0, 2.0, 1.0]).unwrap(),
        Example { features: [1.0, 2.0], target: 1.0 }
    );
    assert!(DataSurface::from_examples(lin, vec![]).is_err());
    let many = vec![Example { features: [1.0, 1.0], target: 0.0 }; MAX_ROWS + 1];
    assert!(DataSurface::from_examples(lin, many).unwrap_err().contains("10000"));
}

#[test]
fn linear_regressions_minimum_is_the_least_squares_line() {
    let d = rows(Model::LinearRegression, &[&[0.0, -1.0], &[1.0, 1.0], &[2.0, 3.0], &[4.0, 7.0]]);
    let m = d.minima()[0];
    assert!(close(m.at[0], 2.0, 1e-15) && close(m.at[1], -1.0, 1e-15) && m.f.abs() < 1e-28);
    let noisy = generated(Model::LinearRegression, |g| g.feature_mean = 5.0);
    let m = noisy.minima()[0];
    let (f, g) = noisy.value_and_grad(m.at);
    assert!(g[0].abs() < 1e-12 && g[1].abs() < 1e-12 && f == m.f, "{g:?}");
    // One row, or one distinct x: a line of minima, none marked.
    assert!(rows(Model::LinearRegression, &[&[1.0, 2.0]]).minima().is_empty());
    assert!(rows(Model::LinearRegression, &[&[1.0, 2.0], &[1.0, 3.0]]).minima().is_empty());
}

#[test]
fn logistic_regressions_minimum_is_found_unless_the_classes_separate() {
    let d = generated(Model::LogisticRegression, |g| g.correlation = 0.95);
    let m = d.minima()[0];
    let (_, g) = d.value_and_grad(m.at);
    assert!(g[0].abs() < 1e-13 && g[1].abs() < 1e-13, "{g:?}");
    for p in [[m.at[0] + 0.01, m.at[1]], [m.at[0], m.at[1] - 0.01]] {
        assert!(d.value_and_grad(p).0 > m.f);
    }
    assert_eq!(d.no_minimum_reason(), None);
    // noise 0: a line through the origin separates the labels, so no minimum.
    let separated = generated(Model::LogisticRegression, |g| g.noise = 0.0);
    assert!(separated.minima().is_empty());
    assert!(separated.no_minimum_reason().unwrap().contains("separates the labels"));
    let separable =
        [&[1.0, 1.0, 1.0][..], &[2.0, -1.0, 1.0], &[-1.0, -1.0, 0.0], &[-1.0, 2.0, 0.0]];
    assert!(rows(Model::LogisticRegression, &separable).minima().is_empty());
    // Collinear features: a flat direction.
    let flat = [&[1.0, 2.0, 1.0][..], &[1.0, 2.0, 0.0], &[-1.0, -2.0, 1.0], &[-2.0, -4.0, 0.0]];
    assert!(rows(Model::LogisticRegression, &flat).minima().is_empty());
}

#[test]
fn the_window_shows_the_start_and_the_minimum_and_the_floor_is_the_optimum() {
    for d in [
        generated(Model::LinearRegression, |_| {}),
        generated(Model::LinearRegression, |g| g.feature_mean = 10.0),
        generated(Model::LogisticRegression, |g| g.correlation = 0.9),
        generated(Model::LogisticRegression, |g| g.noise = 0.0),
        rows(Model::LinearRegression, &[&[1.0, 2.0]]),
    ] {
        let s = Surface::Data(Box::new(d.clone()));
        let w = s.window();
        let inside = |p: [f64; 2]| w.x.0 < p[0] && p[0] < w.x.1 && w.y.0 < p[1] && p[1] < w.y.1;
        assert!(inside(s.default_start()), "{w:?}");
        assert_eq!(s.default_start(), [0.0, 0.0]);
        for m in s.minima() {
            assert!(inside(m.at), "{w:?} {m:?}");
        }
        assert_eq!(s.loss_floor(), s.minima().first().map(|m| m.f));
    }
    // The uncentred feature's long valley: b spans about feature_mean times w's range.
    let w = generated(Model::LinearRegression, |g| g.feature_mean = 10.0).window();
    let ratio = (w.y.1 - w.y.0) / (w.x.1 - w.x.0);
    assert!(ratio > 5.0, "{w:?}");
}

#[test]
fn suggested_rates_keep_full_batch_sgd_stable() {
    use rmsprop_lab::core::optim::OptimizerKind;
    use rmsprop_lab::core::trajectory::{run, Problem};
    for d in [
        generated(Model::LinearRegression, |g| g.feature_mean = 10.0),
        generated(Model::LogisticRegression, |g| g.feature_scale = 5.0),
    ] {
        let s = Surface::Data(Box::new(d));
        for kind in OptimizerKind::ALL {
            let opt = s.with_suggested_lr(kind.default_config());
            let t = run(&Problem::new(s.clone(), 300), &opt);
            assert!(t.diverged_at.is_none(), "{kind:?} lr {}", opt.lr());
            assert!(t.loss[300] < t.loss[0], "{kind:?} lr {} makes progress", opt.lr());
        }
    }
}

mod bounds {
    use super::generated;
    use proptest::prelude::*;
    use rmsprop_lab::core::data::bound::LossBound;
    use rmsprop_lab::core::data::Model;

    fn data(seed: u64, scale2: f64, correlation: f64) -> rmsprop_lab::core::data::DataSurface {
        generated(Model::LogisticRegression, |g| {
            g.seed = seed;
            g.feature_scale2 = scale2;
            g.correlation = correlation;
        })
    }

    proptest! {
        /// The row bound is below the loss and within the table's 0.0005 of it; the slope
        /// bound holds between any two points.
        #[test]
        fn the_bounds_are_below_the_loss(
            seed in 0u64..50, scale2 in 0.1f64..10.0, correlation in -0.9f64..0.9,
            t in prop::array::uniform4(-30.0f64..30.0),
        ) {
            let d = data(seed, scale2, correlation);
            let b = LossBound::of(Model::LogisticRegression, d.examples()).unwrap();
            let (a, theta) = ([t[0], t[1]], [t[2], t[3]]);
            let f = d.value_and_grad(theta).0;
            let (above, low) = b.above(d.examples(), theta, f64::INFINITY);
            prop_assert!(!above);
            prop_assert!(low <= f && f - low <= 5e-4 + 1e-12, "f {f}, bound {low}");
            prop_assert!(b.near(a, d.value_and_grad(a).0, theta) <= f);
            // Stopping early once above a threshold still gives a bound.
            let (above, partial) = b.above(d.examples(), theta, f / 2.0);
            prop_assert!(above || f / 2.0 >= low);
            prop_assert!(partial <= f);
            // A minibatch update's gradient alone is the full evaluation's, bit for bit.
            let m = Model::LogisticRegression;
            prop_assert_eq!(m.mean_gradient(&d.examples()[..8], theta), m.mean_loss(&d.examples()[..8], theta).1);
        }
    }

    #[test]
    fn only_logistic_regression_is_bounded_and_only_where_z_is_finite() {
        let linear = generated(Model::LinearRegression, |_| {});
        assert!(LossBound::of(Model::LinearRegression, linear.examples()).is_none());
        let d = data(1, 1.0, 0.0);
        let b = LossBound::of(Model::LogisticRegression, d.examples()).unwrap();
        assert!(b.finite_at([1e6, -1e6]));
        assert!(!b.finite_at([1e305, 0.0]));
        assert!(!b.finite_at([f64::NAN, 0.0]));
    }
}
