//! The first visit's race (core::welcome): what its doc comment says happens, happens.

use rmsprop_lab::core::trajectory::{run, Trajectory};
use rmsprop_lab::core::welcome::welcome;

fn runs() -> Vec<Trajectory> {
    let s = welcome().expect("the welcome scene parses");
    let p = s.problem();
    s.runs.iter().map(|o| run(&p, o)).collect()
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// The share of `i`'s points farther than `d` from every point of the other runs' paths.
fn own_route(t: &[Trajectory], i: usize, d: f64) -> f64 {
    let others: Vec<_> = (0..t.len()).filter(|&j| j != i).flat_map(|j| &t[j].points).collect();
    let far = t[i].points.iter().filter(|p| others.iter().all(|q| dist(**p, **q) >= d));
    far.count() as f64 / t[i].points.len() as f64
}

#[test]
fn rmsprop_takes_a_route_of_its_own_and_the_lead_changes() {
    let t = runs();
    assert_eq!(t.len(), 3);
    assert!(t.iter().all(|r| r.diverged_at.is_none() && r.points.len() == 1001));
    // At least 70 % of RMSProp's path is 0.05 or more (6 px or so) from the others' paths.
    assert!(own_route(&t, 0, 0.05) >= 0.7, "{}", own_route(&t, 0, 0.05));
    let leader = |k: usize| (0..3).min_by(|&i, &j| t[i].loss[k].total_cmp(&t[j].loss[k]));
    assert_eq!(leader(50), Some(1), "AdaGrad leads early");
    assert!((300..=1000).all(|k| leader(k) == Some(0)), "RMSProp leads from step 300");
}

#[test]
fn adagrad_leaps_then_crawls_rmsprop_climbs_at_45_degrees_and_keeps_going() {
    let t = runs();
    let (rms, ada, adam) = (&t[0], &t[1], &t[2]);
    // RMSProp's first steps: about α·sign(g) per coordinate, so equal in x and y (45°).
    for k in 1..=10 {
        let d = rms.steps[k - 1].delta;
        assert!((d[0].abs() / d[1].abs() - 1.0).abs() < 0.05, "step {k}: {d:?}");
    }
    // AdaGrad leaps: after 20 steps it is in the valley (loss < 10), Adam second...
    assert!(ada.loss[20] < 10.0 && adam.loss[20] < rms.loss[20] && rms.loss[20] > 100.0);
    // ...then slows to a crawl: its last 980 steps take it less far than its first 20.
    let (p, q) = (&ada.points, &rms.points);
    assert!(dist(p[20], p[1000]) < 0.5 * dist(p[0], p[20]));
    // RMSProp, meanwhile, goes on: farther in its last 700 steps than AdaGrad in its last 980.
    assert!(dist(q[300], q[1000]) > dist(p[20], p[1000]));
}
