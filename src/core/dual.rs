//! Forward-mode automatic differentiation in two variables.
//!
//! A [`Dual2`] carries a value and its exact gradient with respect to (x, y). Surfaces are
//! written once, generically over [`Real`], and evaluated either on plain `f64` (for the
//! heatmap) or on `Dual2` (value and gradient in one pass, for the optimizers).
//!
//! Written here rather than taken from `num-dual` because the non-differentiable points need
//! the conventions of the reference data: `abs'(0) = 0` (PyTorch's `sign(0)`) and
//! `sqrt'(0) = 0` (Ackley's minimum: "the gradient is undefined exactly there: use 0"),
//! and because 90 lines cost nothing in the wasm binary.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// The arithmetic a surface formula needs; implemented by `f64` and [`Dual2`].
pub trait Real:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    fn cst(c: f64) -> Self;
    fn value(self) -> f64;
    fn powi(self, n: i32) -> Self;
    fn sqrt(self) -> Self;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn tan(self) -> Self;
    fn tanh(self) -> Self;
    fn abs(self) -> Self;
    /// `self^p` for a general exponent `p` (both may vary).
    fn powf(self, p: Self) -> Self;
}

impl Real for f64 {
    fn cst(c: f64) -> Self {
        c
    }
    fn value(self) -> f64 {
        self
    }
    fn powi(self, n: i32) -> Self {
        f64::powi(self, n)
    }
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    fn exp(self) -> Self {
        f64::exp(self)
    }
    fn ln(self) -> Self {
        f64::ln(self)
    }
    fn sin(self) -> Self {
        f64::sin(self)
    }
    fn cos(self) -> Self {
        f64::cos(self)
    }
    fn tan(self) -> Self {
        f64::tan(self)
    }
    fn tanh(self) -> Self {
        f64::tanh(self)
    }
    fn abs(self) -> Self {
        f64::abs(self)
    }
    fn powf(self, p: Self) -> Self {
        f64::powf(self, p)
    }
}

/// A value with its gradient in (x, y).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dual2 {
    pub v: f64,
    pub d: [f64; 2],
}

impl Dual2 {
    pub fn var_x(x: f64) -> Self {
        Self { v: x, d: [1.0, 0.0] }
    }
    pub fn var_y(y: f64) -> Self {
        Self { v: y, d: [0.0, 1.0] }
    }
    /// Chain rule: a function with value `v` and derivative `dv` at `self.v`.
    fn chain(self, v: f64, dv: f64) -> Self {
        Self { v, d: [dv * self.d[0], dv * self.d[1]] }
    }
}

impl Add for Dual2 {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self { v: self.v + o.v, d: [self.d[0] + o.d[0], self.d[1] + o.d[1]] }
    }
}
impl Sub for Dual2 {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        Self { v: self.v - o.v, d: [self.d[0] - o.d[0], self.d[1] - o.d[1]] }
    }
}
#[allow(clippy::suspicious_arithmetic_impl)] // the product rule adds
impl Mul for Dual2 {
    type Output = Self;
    fn mul(self, o: Self) -> Self {
        let d = |i: usize| self.d[i] * o.v + self.v * o.d[i];
        Self { v: self.v * o.v, d: [d(0), d(1)] }
    }
}
#[allow(clippy::suspicious_arithmetic_impl)] // the quotient rule multiplies
impl Div for Dual2 {
    type Output = Self;
    fn div(self, o: Self) -> Self {
        let d = |i: usize| (self.d[i] * o.v - self.v * o.d[i]) / (o.v * o.v);
        Self { v: self.v / o.v, d: [d(0), d(1)] }
    }
}
impl Neg for Dual2 {
    type Output = Self;
    fn neg(self) -> Self {
        Self { v: -self.v, d: [-self.d[0], -self.d[1]] }
    }
}

impl Real for Dual2 {
    fn cst(c: f64) -> Self {
        Self { v: c, d: [0.0, 0.0] }
    }
    fn value(self) -> f64 {
        self.v
    }
    fn powi(self, n: i32) -> Self {
        let dv = match n {
            0 => 0.0,
            1 => 1.0,
            _ => {
                f64::from(n)
                    * n.checked_sub(1).map_or(self.v.powf(f64::from(n) - 1.0), |m| self.v.powi(m))
            }
        };
        self.chain(self.v.powi(n), dv)
    }
    fn sqrt(self) -> Self {
        let s = self.v.sqrt();
        // sqrt'(0) is infinite; the reference convention is a zero gradient there.
        self.chain(s, if s == 0.0 { 0.0 } else { 0.5 / s })
    }
    fn exp(self) -> Self {
        let e = self.v.exp();
        self.chain(e, e)
    }
    fn ln(self) -> Self {
        self.chain(self.v.ln(), 1.0 / self.v)
    }
    fn sin(self) -> Self {
        self.chain(self.v.sin(), self.v.cos())
    }
    fn cos(self) -> Self {
        self.chain(self.v.cos(), -self.v.sin())
    }
    fn tan(self) -> Self {
        let t = self.v.tan();
        self.chain(t, 1.0 + t * t)
    }
    fn tanh(self) -> Self {
        let t = self.v.tanh();
        self.chain(t, 1.0 - t * t)
    }
    fn abs(self) -> Self {
        // sign(0) = 0, as PyTorch's abs backward.
        let sign = if self.v > 0.0 {
            1.0
        } else if self.v < 0.0 {
            -1.0
        } else {
            0.0
        };
        self.chain(self.v.abs(), sign)
    }
    fn powf(self, p: Self) -> Self {
        let v = self.v.powf(p.v);
        // d(a^p) = p·a^(p−1)·da + a^p·ln(a)·dp; the second term vanishes when p is constant,
        // which keeps negative bases with integer exponents finite.
        let da = p.v * self.v.powf(p.v - 1.0);
        let dp = if p.d == [0.0, 0.0] { 0.0 } else { v * self.v.ln() };
        let d = |i: usize| da * self.d[i] + dp * p.d[i];
        Self { v, d: [d(0), d(1)] }
    }
}

/// Value and gradient of `f` at `p`.
pub fn value_and_grad(f: impl Fn(Dual2, Dual2) -> Dual2, p: [f64; 2]) -> (f64, [f64; 2]) {
    let r = f(Dual2::var_x(p[0]), Dual2::var_y(p[1]));
    (r.v, r.d)
}
