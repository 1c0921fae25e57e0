//! The one pseudo-random source of the core: SplitMix64 (Steele, Lea & Flood, "Fast
//! splittable pseudorandom number generators", OOPSLA 2014) and what is built on it.
//!
//! Everything random in a scenario — the gradient noise, generated data sets, the shuffled
//! order of minibatches — comes from here, in integer arithmetic and IEEE operations only,
//! so the same seed gives the same numbers on every machine and in the browser.

/// One SplitMix64 output for the state `z` (the state is advanced by the golden gamma first,
/// so `splitmix64(s)`, `splitmix64(s + γ)`, … is the generator's stream seeded with `s`).
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(GAMMA);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64's increment: 2⁶⁴ divided by the golden ratio, made odd.
pub const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// A uniform draw in (0, 1]: the top 53 bits, plus one, over 2⁵³; never 0, so its log is
/// finite.
pub fn unit_open(bits: u64) -> f64 {
    ((bits >> 11) + 1) as f64 / (1u64 << 53) as f64
}

/// A uniform draw strictly inside (0, 1): the top 53 bits plus ½, over 2⁵³, so both u and
/// 1 − u have finite logs (the logistic quantile ln(u / (1 − u)) needs that).
pub fn unit_inside(bits: u64) -> f64 {
    ((bits >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// A standard normal draw from two uniforms in (0, 1] (Box–Muller, the cosine branch).
pub fn box_muller(u1: f64, u2: f64) -> f64 {
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// The SplitMix64 stream from a seed: `next_u64` returns splitmix64(seed),
/// splitmix64(seed + γ), ….
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        let out = splitmix64(self.state);
        self.state = self.state.wrapping_add(GAMMA);
        out
    }

    /// A standard normal draw; uses two outputs ([`unit_open`] of each, then [`box_muller`]).
    pub fn normal(&mut self) -> f64 {
        let u1 = unit_open(self.next_u64());
        let u2 = unit_open(self.next_u64());
        box_muller(u1, u2)
    }

    /// A uniform draw strictly inside (0, 1) ([`unit_inside`]); uses one output.
    pub fn uniform_inside(&mut self) -> f64 {
        unit_inside(self.next_u64())
    }

    /// A whole number in 0..=`max`: the high 64 bits of output × (max + 1) (Lemire's
    /// multiply-shift without rejection; its bias, below (max + 1)/2⁶⁴, is far beyond what
    /// any shuffle here could show). Uses one output.
    pub fn up_to(&mut self, max: usize) -> usize {
        ((u128::from(self.next_u64()) * (max as u128 + 1)) >> 64) as usize
    }
}
