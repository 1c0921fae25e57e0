//! Integration tests of the custom-surface formula parser: values, precedence, exact
//! gradients (by hand and against finite differences), every error kind, adversarial input
//! and the catalog surfaces written as formulas.

use rmsprop_lab::core::dual::{Dual2, Real};
use rmsprop_lab::core::formula::*;
use std::f64::consts::{E, PI};
use std::time::{Duration, Instant};

fn f(src: &str) -> Formula {
    Formula::parse(src).unwrap_or_else(|e| panic!("{src:?} should parse: {e}"))
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * (1.0 + a.abs().max(b.abs()))
}

fn assert_close(what: &str, got: f64, want: f64, rel: f64) {
    assert!(close(got, want, rel), "{what}: got {got}, want {want}");
}

/// splitmix64: a tiny deterministic PRNG, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Uniform in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn precedence_associativity_and_numbers() {
    let cases: &[(&str, f64, f64, f64)] = &[
        ("1 + 2 * 3", 0.0, 0.0, 7.0),
        ("(1 + 2) * 3", 0.0, 0.0, 9.0),
        ("2^3^2", 0.0, 0.0, 512.0),
        ("(2^3)^2", 0.0, 0.0, 64.0),
        ("-2^2", 0.0, 0.0, -4.0),
        ("(-2)^2", 0.0, 0.0, 4.0),
        ("-x^2", 3.0, 0.0, -9.0),
        ("2^-1", 0.0, 0.0, 0.5),
        ("2^-x^2", 2.0, 0.0, 1.0 / 16.0),
        ("2 ^ 3 * 2", 0.0, 0.0, 16.0),
        ("2 * 3 ^ 2", 0.0, 0.0, 18.0),
        ("8 / 4 / 2", 0.0, 0.0, 1.0),
        ("8 - 4 - 2", 0.0, 0.0, 2.0),
        ("2 * 3 / 4", 0.0, 0.0, 1.5),
        ("1 - 2 + 3", 0.0, 0.0, 2.0),
        ("--x", 5.0, 0.0, 5.0),
        ("-+-x", 5.0, 0.0, 5.0),
        ("+x", 5.0, 0.0, 5.0),
        ("2*-x", 5.0, 0.0, -10.0),
        ("x - -y", 1.0, 2.0, 3.0),
        ("-x^-2", 2.0, 0.0, -0.25),
        ("x^2*y", 3.0, 2.0, 18.0),
        ("x / y * 2", 3.0, 2.0, 3.0),
        ("x^y", 2.0, 0.5, 2f64.sqrt()),
        ("(-2)^3", 0.0, 0.0, -8.0),
        ("x^3", -2.0, 0.0, -8.0),
        ("x^(1+2)", -2.0, 0.0, -8.0),
        ("3", 0.0, 0.0, 3.0),
        ("0.5", 0.0, 0.0, 0.5),
        (".5", 0.0, 0.0, 0.5),
        ("1.", 0.0, 0.0, 1.0),
        ("1e-3", 0.0, 0.0, 1e-3),
        ("2.5E+4", 0.0, 0.0, 2.5e4),
        ("2e3", 0.0, 0.0, 2000.0),
        ("2*e", 0.0, 0.0, 2.0 * E),
        ("\t x \n+  y ", 1.0, 2.0, 3.0),
        ("((((x))))", 7.0, 0.0, 7.0),
    ];
    for &(src, x, y, want) in cases {
        assert_close(src, f(src).eval(x, y), want, 1e-15);
    }
}

#[test]
fn every_function_and_constant() {
    let (x, y) = (0.7, -1.3);
    let cases: &[(&str, f64)] = &[
        ("sin(x)", x.sin()),
        ("cos(x)", x.cos()),
        ("tan(x)", x.tan()),
        ("exp(y)", y.exp()),
        ("log(x)", x.ln()),
        ("sqrt(x)", x.sqrt()),
        ("abs(y)", y.abs()),
        ("tanh(y)", y.tanh()),
        ("pi", PI),
        ("e", E),
        ("log(e)", 1.0),
        ("sin(pi/2)", 1.0),
        ("sqrt(abs(y) + x) * exp(-x)", (y.abs() + x).sqrt() * (-x).exp()),
        ("sin ( x )", x.sin()),
    ];
    for &(src, want) in cases {
        let formula = f(src);
        assert_close(src, formula.value([x, y]), want, 1e-15);
        assert_eq!(formula.source(), src);
    }
}

#[test]
fn non_finite_results_are_values_not_panics() {
    assert_eq!(f("1/0").value([0.0, 0.0]), f64::INFINITY);
    assert_eq!(f("1/x").value([0.0, 0.0]), f64::INFINITY);
    assert_eq!(f("log(0)").value([0.0, 0.0]), f64::NEG_INFINITY);
    assert!(f("log(-1)").value([0.0, 0.0]).is_nan());
    assert!(f("log(x)").value([-1.0, 0.0]).is_nan());
    assert!(f("sqrt(x)").value([-1.0, 0.0]).is_nan());
    assert!(f("x^1.5").value([-2.0, 0.0]).is_nan());
    assert!(f("x/y").value([0.0, 0.0]).is_nan());
    let (v, g) = f("log(x) + 1/y").value_and_grad([-1.0, 0.0]);
    assert!(v.is_nan() && g[0].is_nan() && g[1].is_infinite());
}

#[test]
fn gradients_match_hand_derivatives() {
    type Case = (&'static str, fn(f64, f64) -> [f64; 2]);
    let cases: &[Case] = &[
        ("x^2*y + sin(x*y)", |x, y| [2.0 * x * y + y * (x * y).cos(), x * x + x * (x * y).cos()]),
        ("exp(-x^2-y^2)", |x, y| {
            let v = (-x * x - y * y).exp();
            [-2.0 * x * v, -2.0 * y * v]
        }),
        ("log(1+x^2)", |x, _| [2.0 * x / (1.0 + x * x), 0.0]),
        ("sqrt(x^2+y^2+1)", |x, y| {
            let s = (x * x + y * y + 1.0).sqrt();
            [x / s, y / s]
        }),
        ("tan(x)*tanh(y)", |x, y| {
            let (t, h) = (x.tan(), y.tanh());
            [(1.0 + t * t) * h, t * (1.0 - h * h)]
        }),
        ("cos(x)/y", |x, y| [-x.sin() / y, -x.cos() / (y * y)]),
        ("-x^2 + 3*y", |x, _| [-2.0 * x, 3.0]),
        ("x^-2", |x, _| [-2.0 / (x * x * x), 0.0]),
        ("2^x", |x, _| [2f64.powf(x) * 2f64.ln(), 0.0]),
        ("e^y", |_, y| [0.0, y.exp()]),
        ("abs(x) + abs(y)", |x, y| [x.signum(), y.signum()]),
        ("x^3*y^2", |x, y| [3.0 * x * x * y * y, 2.0 * x * x * x * y]),
    ];
    let points = [[0.3, 1.7], [-1.2, 0.8], [2.5, -0.6], [-0.4, -2.2]];
    for (src, grad) in cases {
        let formula = f(src);
        for p in points {
            let (v, g) = formula.value_and_grad(p);
            assert_eq!(v, formula.value(p), "{src} at {p:?}");
            let want = grad(p[0], p[1]);
            for i in 0..2 {
                assert_close(&format!("d{src}/d{i} at {p:?}"), g[i], want[i], 1e-12);
            }
        }
    }
    // x^y: positive bases only (ln x appears in d/dy).
    let formula = f("x^y");
    for p in [[0.5, 2.5], [2.0, -1.5], [3.0, 0.3]] {
        let (x, y) = (p[0], p[1]);
        let (_, g) = formula.value_and_grad(p);
        assert_close("d(x^y)/dx", g[0], y * x.powf(y - 1.0), 1e-12);
        assert_close("d(x^y)/dy", g[1], x.powf(y) * x.ln(), 1e-12);
    }
    // The non-differentiable points follow Dual2's conventions: abs'(0) = sqrt'(0) = 0, and
    // an integer power of a negative base is fine.
    assert_eq!(f("abs(x)").value_and_grad([0.0, 0.0]).1, [0.0, 0.0]);
    assert_eq!(f("sqrt(x^2+y^2)").value_and_grad([0.0, 0.0]).1, [0.0, 0.0]);
    assert_eq!(f("x^2").value_and_grad([-3.0, 0.0]), (9.0, [-6.0, 0.0]));
    assert_eq!(f("x^0.5").value_and_grad([4.0, 0.0]), (2.0, [0.25, 0.0]));
}

/// Formulas that are smooth on [-2, 2]^2, for the finite-difference check.
const SMOOTH: &[&str] = &[
    "x^2*y + sin(x*y)",
    "exp(-x^2-y^2) * cos(3*x) - y^3/7",
    "log(1+x^2) + sqrt(x^2+y^2+1)",
    "(x^2 + 1)^(y/3)",
    "tanh(x - 2*y) * tan(x/4)",
    "x / (1 + y^2) - 2^(x*y) + e^(y/2)",
    "abs(x - 0.123) * (y - 0.5)^3",
    "-(x*y)^2 / 3 - -x + pi*y",
];

#[test]
fn gradients_match_finite_differences() {
    let catalog = CATALOG.iter().map(|(_, src)| *src);
    let mut rng = Rng(42);
    for src in SMOOTH.iter().copied().chain(catalog) {
        let formula = f(src);
        for _ in 0..200 {
            let p = [rng.range(-2.0, 2.0), rng.range(-2.0, 2.0)];
            let (v, g) = formula.value_and_grad(p);
            for i in 0..2 {
                let h = 1e-5 * p[i].abs().max(1.0);
                let (mut lo, mut hi) = (p, p);
                lo[i] -= h;
                hi[i] += h;
                let fd = (formula.value(hi) - formula.value(lo)) / (2.0 * h);
                // Rounding in the difference scales with |f|, hence |v| in the tolerance.
                let tol = 1e-6 * (1.0 + g[i].abs() + v.abs());
                assert!((g[i] - fd).abs() <= tol, "{src} d/d{i} at {p:?}: {} vs {fd}", g[i]);
            }
        }
    }
}

#[track_caller]
fn assert_error(src: &str, position: usize, needles: &[&str]) {
    let e = Formula::parse(src).expect_err(src);
    assert_eq!(e.position, position, "{src:?}: {e}");
    for needle in needles {
        assert!(e.message.contains(needle), "{src:?}: {e} should mention {needle:?}");
    }
    assert_eq!(e.to_string(), format!("at position {}: {}", e.position, e.message));
}

#[test]
fn every_error_names_the_problem_and_its_position() {
    assert_error("", 0, &["empty"]);
    assert_error("  \t ", 0, &["empty"]);
    assert_error("x + $", 4, &["unexpected character '$'"]);
    assert_error("x²", 1, &["unexpected character '²'", "x^2"]);
    assert_error("2*π", 2, &["unexpected character 'π'", "pi"]);
    assert_error("x, y", 1, &["unexpected character ','"]);
    // Positions count characters: U+3000 is one char but three bytes.
    assert_error("\u{3000}x + $", 5, &["'$'"]);
    assert_error("x^2 + sinx", 6, &["unknown name 'sinx'", "known names", "tanh", "pi"]);
    assert_error("Sin(x)", 0, &["unknown name 'Sin'"]);
    assert_error("x2", 0, &["unknown name 'x2'"]);
    assert_error("(x + 1", 0, &["missing ')'", "position 0"]);
    assert_error("2*(x + (y)", 2, &["missing ')'", "position 2"]);
    assert_error("sin(x", 3, &["missing ')'"]);
    assert_error("x + 1)", 5, &["unexpected ')'"]);
    assert_error("sin x", 4, &["function 'sin'", "'('"]);
    assert_error("sqrt", 4, &["function 'sqrt'", "'('"]);
    assert_error("exp + 1", 4, &["function 'exp'"]);
    let operand = "expected a number, x, y, a function or '('";
    assert_error("x + ", 4, &[operand, "end of the formula"]);
    assert_error("* x", 0, &[operand, "'*'"]);
    assert_error("x + * y", 4, &[operand, "'*'"]);
    assert_error("()", 1, &[operand, "')'"]);
    assert_error("x^", 2, &[operand]);
    assert_error("-", 1, &[operand]);
    assert_error("2x", 1, &["expected an operator before 'x'", "implicit multiplication"]);
    assert_error("2e", 1, &["expected an operator before 'e'"]);
    assert_error("x y", 2, &["expected an operator before 'y'"]);
    assert_error("(x y)", 3, &["expected an operator before 'y'"]);
    assert_error("2 (x)", 2, &["expected an operator before '('"]);
    assert_error("x 1.5", 2, &["expected an operator before '1.5'"]);
    assert_error("1..2", 2, &["expected an operator before '.2'"]);
    assert_error("1e999", 0, &["'1e999'", "too large"]);
    assert_error("x + 1e999", 4, &["'1e999'"]);
    let long = format!("x{}", "+x".repeat(MAX_FORMULA_LEN / 2));
    assert_error(&long, MAX_FORMULA_LEN, &["too long", "500"]);
    assert!(Formula::parse(&long[..MAX_FORMULA_LEN - 1]).is_ok());
}

#[test]
fn nesting_is_limited_to_max_depth() {
    let parens = |n: usize| format!("{}x{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(f(&parens(MAX_DEPTH)).value([2.0, 0.0]), 2.0);
    assert_error(&parens(MAX_DEPTH + 1), MAX_DEPTH, &["too deep"]);
    let minus = |n: usize| format!("{}x", "-".repeat(n));
    assert_eq!(f(&minus(MAX_DEPTH)).value([2.0, 0.0]), 2.0);
    assert_error(&minus(MAX_DEPTH + 1), MAX_DEPTH, &["too deep"]);
    let calls = |n: usize| format!("{}x{}", "abs(".repeat(n), ")".repeat(n));
    assert_eq!(f(&calls(MAX_DEPTH)).value([-2.0, 0.0]), 2.0);
    assert_error(&calls(MAX_DEPTH + 1), 4 * MAX_DEPTH + 3, &["too deep"]);
    let towers = |n: usize| format!("1{}", "^1".repeat(n));
    assert_eq!(f(&towers(MAX_DEPTH)).value([0.0, 0.0]), 1.0);
    assert_error(&towers(MAX_DEPTH + 1), 2 * MAX_DEPTH + 1, &["too deep"]);
}

#[test]
fn adversarial_input_fails_fast_without_overflow() {
    let start = Instant::now();
    let huge = [
        "(".repeat(100_000),
        "-".repeat(100_000),
        format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000)),
        format!("x{}", "+x".repeat(100_000)),
        "π".repeat(100_000),
        "9".repeat(100_000),
    ];
    for src in &huge {
        let e = Formula::parse(src).expect_err("too long");
        assert_eq!(e.position, MAX_FORMULA_LEN);
    }
    // Under the length limit, depth is what stops them.
    for src in ["(".repeat(400), "-".repeat(400), "sin(".repeat(120), "2^".repeat(200)] {
        let e = Formula::parse(&src).expect_err("too deep");
        assert!(e.message.contains("too deep"), "{e}");
    }
    assert!(start.elapsed() < Duration::from_secs(2), "took {:?}", start.elapsed());
}

#[test]
fn deep_stacks_spill_to_the_heap_correctly() {
    // Right-nested sums keep every left operand on the stack: depth 60 needs 61 slots.
    let n = 60;
    let src = format!("{}y{}", "x+(".repeat(n), ")".repeat(n));
    let (v, g) = f(&src).value_and_grad([1.5, 2.0]);
    assert_eq!((v, g), (1.5 * n as f64 + 2.0, [n as f64, 1.0]));
}

#[test]
fn random_strings_never_panic() {
    const PIECES: &[&str] = &[
        "x",
        "y",
        "pi",
        "e",
        "sin",
        "log",
        "sqrt",
        "abs",
        "tanh",
        "(",
        ")",
        "+",
        "-",
        "*",
        "/",
        "^",
        " ",
        "0",
        "2",
        ".5",
        "1e3",
        "1e999",
        "e-",
        "E+",
        ".",
        "²",
        "π",
        "é",
        "\u{3000}",
        "\0",
        "9999999999",
        "-1",
        "0.0",
        "x^",
        "^-",
        "(x",
        "y)",
    ];
    const OPERANDS: &[&str] = &["x", "y", "2", "pi", "sin(x)", "(y-1)", ".5", "1e3", "-x"];
    const OPERATORS: &[&str] = &["+", "-", "*", "/", "^"];
    let mut rng = Rng(7);
    let mut parsed = 0;
    for round in 0..6000 {
        let len = rng.below(40);
        let src: String = match round % 3 {
            // Arbitrary bytes, made valid UTF-8.
            0 => String::from_utf8_lossy(&(0..len).map(|_| rng.next() as u8).collect::<Vec<_>>())
                .into_owned(),
            1 => (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect(),
            // Mostly well-formed: alternating operands and operators, sometimes one junk piece.
            _ => {
                let mut pieces: Vec<&str> = (0..len | 1)
                    .map(|i| if i % 2 == 0 { OPERANDS } else { OPERATORS })
                    .map(|set| set[rng.below(set.len())])
                    .collect();
                if rng.below(2) == 0 {
                    let at = rng.below(pieces.len() + 1);
                    pieces.insert(at, PIECES[rng.below(PIECES.len())]);
                }
                pieces.concat()
            }
        };
        match Formula::parse(&src) {
            Ok(formula) => {
                parsed += 1;
                for _ in 0..3 {
                    let p = [rng.range(-3.0, 3.0), rng.range(-3.0, 3.0)];
                    let (v, _) = formula.value_and_grad(p);
                    let w = formula.value(p);
                    assert!(v == w || (v.is_nan() && w.is_nan()), "{src:?} at {p:?}");
                }
            }
            Err(e) => {
                assert!(e.position <= src.chars().count(), "{src:?}: {e}");
                assert!(!e.message.is_empty());
            }
        }
    }
    assert!(parsed > 1000, "only {parsed} random formulas parsed");
}

/// A random expression tree, printed fully parenthesized and evaluated directly, checks the
/// compiled program (with constant folding and powi selection) against a naive evaluator.
enum Tree {
    Leaf(&'static str, Option<f64>),
    Un(&'static str, Box<Tree>),
    Bin(char, Box<Tree>, Box<Tree>),
}

fn random_tree(rng: &mut Rng, depth: usize) -> Tree {
    const LEAVES: &[(&str, Option<f64>)] = &[
        ("x", None),
        ("y", None),
        ("2", Some(2.0)),
        ("0.5", Some(0.5)),
        ("3", Some(3.0)),
        ("pi", Some(PI)),
    ];
    const FUNS: &[&str] = &["-", "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh"];
    if depth == 0 || rng.below(4) == 0 {
        let (s, c) = LEAVES[rng.below(LEAVES.len())];
        return Tree::Leaf(s, c);
    }
    if rng.below(3) == 0 {
        return Tree::Un(FUNS[rng.below(FUNS.len())], Box::new(random_tree(rng, depth - 1)));
    }
    let op = ['+', '-', '*', '/', '^'][rng.below(5)];
    Tree::Bin(op, Box::new(random_tree(rng, depth - 1)), Box::new(random_tree(rng, depth - 1)))
}

impl Tree {
    fn print(&self) -> String {
        match self {
            Tree::Leaf(s, _) => s.to_string(),
            Tree::Un(fun, a) if *fun == "-" => format!("(-{})", a.print()),
            Tree::Un(fun, a) => format!("{fun}({})", a.print()),
            Tree::Bin(op, a, b) => format!("({} {op} {})", a.print(), b.print()),
        }
    }
    fn is_const(&self) -> bool {
        match self {
            Tree::Leaf(_, c) => c.is_some(),
            Tree::Un(_, a) => a.is_const(),
            Tree::Bin(_, a, b) => a.is_const() && b.is_const(),
        }
    }
    fn eval<T: Real>(&self, x: T, y: T) -> T {
        if self.is_const() && !matches!(self, Tree::Leaf(..)) {
            return T::cst(self.eval_naive(0.0, 0.0)); // what constant folding does
        }
        self.eval_naive(x, y)
    }
    fn eval_naive<T: Real>(&self, x: T, y: T) -> T {
        match self {
            Tree::Leaf("x", _) => x,
            Tree::Leaf("y", _) => y,
            Tree::Leaf(_, c) => T::cst(c.unwrap()),
            Tree::Un(fun, a) => {
                let a = a.eval(x, y);
                match *fun {
                    "-" => -a,
                    "sin" => a.sin(),
                    "cos" => a.cos(),
                    "tan" => a.tan(),
                    "exp" => a.exp(),
                    "log" => a.ln(),
                    "sqrt" => a.sqrt(),
                    "abs" => a.abs(),
                    _ => a.tanh(),
                }
            }
            Tree::Bin(op, a, b_tree) => {
                let (a, b) = (a.eval(x, y), b_tree.eval(x, y));
                let n = b.value();
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    '/' => a / b,
                    _ if b_tree.is_const() && n.fract() == 0.0 && n.abs() < 2e9 => a.powi(n as i32),
                    _ => a.powf(b),
                }
            }
        }
    }
}

#[test]
fn random_expressions_match_a_naive_evaluator() {
    let same = |a: f64, b: f64| a == b || (a.is_nan() && b.is_nan());
    let mut rng = Rng(2024);
    for _ in 0..2000 {
        let tree = random_tree(&mut rng, 5);
        let src = tree.print();
        let formula = f(&src);
        for _ in 0..3 {
            let p = [rng.range(-2.0, 2.0), rng.range(-2.0, 2.0)];
            assert!(same(formula.value(p), tree.eval(p[0], p[1])), "{src} at {p:?}");
            let (v, g) = formula.value_and_grad(p);
            let want: Dual2 = tree.eval(Dual2::var_x(p[0]), Dual2::var_y(p[1]));
            let ok = same(v, want.v) && same(g[0], want.d[0]) && same(g[1], want.d[1]);
            assert!(ok, "{src} at {p:?}: {v} {g:?} vs {want:?}");
        }
    }
}

/// The catalog surfaces, in the exact text the app ships.
const CATALOG: &[(&str, &str)] = &[
    ("bowl", "0.1*x^2 + 2*y^2"),
    ("rotated_bowl", "0.05*(x + y)^2 + (x - y)^2"),
    ("rosenbrock", "(1 - x)^2 + 100*(y - x^2)^2"),
    ("beale", "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"),
    ("himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"),
    ("booth", "(x + 2*y - 7)^2 + (2*x + y - 5)^2"),
    ("matyas", "0.26*(x^2 + y^2) - 0.48*x*y"),
    ("six_hump_camel", "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2"),
    ("saddle", "x^2 - y^2"),
    ("rastrigin", "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)"),
    (
        "ackley",
        "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
    ),
    ("styblinski_tang", "0.5*(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)"),
    (
        "goldstein_price",
        "(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))*(30 + (2*x - 3*y)^2*(18 - \
         32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))",
    ),
];

#[test]
fn catalog_formulas_parse_and_hit_known_values() {
    let known: &[(&str, [f64; 2], f64, f64)] = &[
        ("bowl", [0.0, 0.0], 0.0, 0.0),
        ("bowl", [1.0, 1.0], 2.1, 1e-15),
        ("rotated_bowl", [1.0, 1.0], 0.2, 1e-15),
        ("rosenbrock", [1.0, 1.0], 0.0, 0.0),
        ("beale", [3.0, 0.5], 0.0, 0.0),
        ("himmelblau", [3.0, 2.0], 0.0, 0.0),
        ("booth", [1.0, 3.0], 0.0, 0.0),
        ("matyas", [0.0, 0.0], 0.0, 0.0),
        ("six_hump_camel", [0.089842, -0.712656], -1.031628, 1e-6),
        ("saddle", [2.0, 3.0], -5.0, 0.0),
        ("rastrigin", [0.0, 0.0], 0.0, 0.0),
        ("ackley", [0.0, 0.0], 0.0, 1e-14),
        ("styblinski_tang", [-2.903534, -2.903534], -78.332331, 1e-8),
        ("goldstein_price", [0.0, -1.0], 3.0, 1e-14),
    ];
    for (name, src) in CATALOG {
        let formula = f(src);
        let (_, p, want, tol) = known.iter().find(|k| k.0 == *name).expect(name);
        assert_close(name, formula.value(*p), *want, *tol);
    }
    assert!(CATALOG.iter().all(|(_, src)| src.chars().count() <= MAX_FORMULA_LEN / 3));
    // Minima have zero gradient; Ackley's relies on sqrt'(0) = 0.
    for (name, p) in [("ackley", [0.0, 0.0]), ("rosenbrock", [1.0, 1.0]), ("booth", [1.0, 3.0])] {
        let src = CATALOG.iter().find(|c| c.0 == name).unwrap().1;
        let (_, g) = f(src).value_and_grad(p);
        assert!(g[0].abs() < 1e-12 && g[1].abs() < 1e-12, "{name}: {g:?}");
    }
    let rosenbrock = f(CATALOG[2].1);
    assert_eq!(rosenbrock.value_and_grad([0.0, 0.0]), (1.0, [-2.0, 0.0]));
    assert_eq!(rosenbrock.value_and_grad([-1.0, 2.0]), (104.0, [396.0, 200.0]));
}

#[test]
fn from_str_matches_parse() {
    let a: Formula = "x^2 + y".parse().unwrap();
    assert_eq!(a, f("x^2 + y"));
    assert_ne!(a, f("x^2+y"), "the source text is part of the formula");
    assert!("2x".parse::<Formula>().is_err());
}
