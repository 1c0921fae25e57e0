//! User-written surfaces: a formula f(x, y) parsed once and evaluated over any [`Real`], so
//! the same text gives heatmap values (`f64`) and exact gradients ([`Dual2`]).
//!
//! Grammar (whitespace is allowed between tokens):
//!
//! ```text
//! expr    = term { ("+" | "-") term }
//! term    = unary { ("*" | "/") unary }
//! unary   = ("-" | "+") unary | power
//! power   = primary [ "^" unary ]      right-associative, binds tighter than unary minus:
//!                                      -x^2 = -(x^2), 2^3^2 = 2^9, 2^-1 = 0.5
//! primary = number | "x" | "y" | "pi" | "e" | func "(" expr ")" | "(" expr ")"
//! func    = "sin" | "cos" | "tan" | "exp" | "log" | "sqrt" | "abs" | "tanh"   (log = ln)
//! number  = digits ["." [digits]] [exponent] | "." digits [exponent]
//! exponent = ("e" | "E") ["+" | "-"] digits
//! ```
//!
//! Implicit multiplication (`2x`) is rejected with an error. The formula compiles to a flat
//! postfix program with constant subexpressions folded; `a ^ n` with a constant integer `n`
//! uses `powi`, so `x^2` differentiates to `2x` and negative bases stay finite. Evaluation
//! never panics: log of a negative, division by zero etc. simply give NaN or infinity.

use super::decimal;
use super::dual::{self, Dual2, Real};
use std::f64::consts::{E, PI};
use std::fmt;

/// Longest accepted formula, in characters. Formulas come from a text box and from shared
/// URLs; 500 is over three times the longest catalog surface (goldstein_price) while keeping
/// links short and bounding parse time, program size and the evaluation stack.
pub const MAX_FORMULA_LEN: usize = 500;
/// Deepest accepted nesting of parentheses, function calls, unary signs and exponents. The
/// parser is recursive, so this is what keeps adversarial input from overflowing the stack.
pub const MAX_DEPTH: usize = 64;

/// Why a formula was rejected, and where (0-based index in characters, not bytes).
#[derive(Debug, Clone, PartialEq)]
pub struct FormulaError {
    pub position: usize,
    pub message: String,
}

impl fmt::Display for FormulaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at position {}: {}", self.position, self.message)
    }
}

impl std::error::Error for FormulaError {}

/// What the parser's steps return: they emit code, so there is no value.
type Parsed = Result<(), FormulaError>;

fn err<T>(position: usize, message: impl Into<String>) -> Result<T, FormulaError> {
    let message = message.into();
    Err(FormulaError { position, message })
}

/// One instruction of the postfix program, which runs on a stack of values.
#[rustfmt::skip]
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Const(f64), X, Y,                                           // push one value
    Add, Sub, Mul, Div, Powf,                                   // pop two, push one
    Powi(i32), Neg, Sin, Cos, Tan, Exp, Log, Sqrt, Abs, Tanh,   // replace the top value
}

impl Op {
    /// How many values the op pops (it always pushes one).
    fn arity(self) -> usize {
        match self {
            Op::Const(_) | Op::X | Op::Y => 0,
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Powf => 2,
            _ => 1,
        }
    }
}

/// Every name the grammar knows; those of arity 1 are functions.
#[rustfmt::skip]
const NAMES: [(&str, Op); 12] = [
    ("x", Op::X), ("y", Op::Y), ("pi", Op::Const(PI)), ("e", Op::Const(E)),
    ("sin", Op::Sin), ("cos", Op::Cos), ("tan", Op::Tan), ("exp", Op::Exp),
    ("log", Op::Log), ("sqrt", Op::Sqrt), ("abs", Op::Abs), ("tanh", Op::Tanh),
];

#[inline(always)]
fn unary<T: Copy>(s: &mut [T], sp: usize, f: impl Fn(T) -> T) -> usize {
    s[sp - 1] = f(s[sp - 1]);
    sp
}

#[inline(always)]
fn binary<T: Copy>(s: &mut [T], sp: usize, f: impl Fn(T, T) -> T) -> usize {
    s[sp - 2] = f(s[sp - 2], s[sp - 1]);
    sp - 1
}

/// Runs one op on the stack `s` holding `sp` values; returns the new `sp`. Shared by `eval`
/// and by constant folding, so folded constants are bit-identical to unfolded evaluation.
#[inline(always)]
fn exec<T: Real>(op: Op, s: &mut [T], sp: usize, x: T, y: T) -> usize {
    let push = |s: &mut [T], v: T| {
        s[sp] = v;
        sp + 1
    };
    match op {
        Op::Const(c) => push(s, T::cst(c)),
        Op::X => push(s, x),
        Op::Y => push(s, y),
        Op::Add => binary(s, sp, |a, b| a + b),
        Op::Sub => binary(s, sp, |a, b| a - b),
        Op::Mul => binary(s, sp, |a, b| a * b),
        Op::Div => binary(s, sp, |a, b| a / b),
        Op::Powf => binary(s, sp, T::powf),
        // The most common power; a multiply is bit-identical to powi(2) and skips a libm call.
        Op::Powi(2) => unary(s, sp, |a: T| a * a),
        Op::Powi(n) => unary(s, sp, |a: T| a.powi(n)),
        Op::Neg => unary(s, sp, |a: T| -a),
        Op::Sin => unary(s, sp, T::sin),
        Op::Cos => unary(s, sp, T::cos),
        Op::Tan => unary(s, sp, T::tan),
        Op::Exp => unary(s, sp, T::exp),
        Op::Log => unary(s, sp, T::ln),
        Op::Sqrt => unary(s, sp, T::sqrt),
        Op::Abs => unary(s, sp, T::abs),
        Op::Tanh => unary(s, sp, T::tanh),
    }
}

/// `x` as Python reads it back exactly: the shortest round-trip digits (`0.1`, `1e-8`,
/// `2.0`), and `float('inf')` / `float('nan')` for what has no literal.
pub fn py_float(x: f64) -> String {
    match x {
        _ if x.is_nan() => "float('nan')".into(),
        f64::INFINITY => "float('inf')".into(),
        f64::NEG_INFINITY => "-float('inf')".into(),
        _ => format!("{x:?}"),
    }
}

/// Programs whose stack fits in this many slots evaluate on an array, without allocating.
/// Every catalog surface needs at most 6 (goldstein_price).
const INLINE_STACK: usize = 16;

/// A parsed surface formula: its source text and the compiled postfix program.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    source: String,
    ops: Vec<Op>,
    /// Maximum number of values on the stack during evaluation, computed at compile time.
    stack_len: usize,
}

impl Formula {
    /// Parses and compiles `src`; see the module docs for the grammar.
    pub fn parse(src: &str) -> Result<Formula, FormulaError> {
        // `nth` rather than `count` stops early on huge input.
        if src.chars().nth(MAX_FORMULA_LEN).is_some() {
            let msg = format!("formula is too long (more than {MAX_FORMULA_LEN} characters)");
            return err(MAX_FORMULA_LEN, msg);
        }
        if src.trim().is_empty() {
            return err(0, "empty formula: write an expression in x and y");
        }
        let chars = src.chars().collect();
        let mut p = Parser { chars, ..Parser::default() };
        p.advance()?;
        p.expr()?;
        p.close(None)?;
        let (mut sp, mut stack_len) = (0, 0);
        for op in &p.ops {
            debug_assert!(sp >= op.arity());
            sp = sp + 1 - op.arity();
            stack_len = stack_len.max(sp);
        }
        debug_assert_eq!(sp, 1);
        let source = src.to_owned();
        Ok(Formula { source, ops: p.ops, stack_len })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// f(x, y). Never panics; non-finite results are returned as they are.
    pub fn eval<T: Real>(&self, x: T, y: T) -> T {
        if self.stack_len <= INLINE_STACK {
            self.run(&mut [T::cst(0.0); INLINE_STACK], x, y)
        } else {
            self.run(&mut vec![T::cst(0.0); self.stack_len], x, y)
        }
    }

    fn run<T: Real>(&self, stack: &mut [T], x: T, y: T) -> T {
        let mut sp = 0;
        for &op in &self.ops {
            sp = exec(op, stack, sp, x, y);
        }
        stack[0]
    }

    pub fn value(&self, p: [f64; 2]) -> f64 {
        self.eval(p[0], p[1])
    }

    /// Value and exact gradient at `p`, by forward-mode differentiation ([`Dual2`]).
    pub fn value_and_grad(&self, p: [f64; 2]) -> (f64, [f64; 2]) {
        dual::value_and_grad(|x: Dual2, y: Dual2| self.eval(x, y), p)
    }

    /// The compiled program as a Python expression in `x` and `y` with the functions of
    /// module `ns` (`torch`, `jnp`, `keras.ops`), every operation in parentheses so that no
    /// precedence rule of Python's can differ from the grammar's. Folded constants are
    /// printed exactly (shortest round-trip), so Python computes what the core computes.
    pub fn python(&self, ns: &str) -> String {
        let mut stack: Vec<String> = Vec::with_capacity(self.stack_len);
        for &op in &self.ops {
            let b = if op.arity() > 0 { stack.pop().unwrap_or_default() } else { String::new() };
            let a = if op.arity() > 1 { stack.pop().unwrap_or_default() } else { String::new() };
            let s = match op {
                Op::Const(c) if c < 0.0 => format!("({})", py_float(c)),
                Op::Const(c) => py_float(c),
                Op::X => "x".into(),
                Op::Y => "y".into(),
                Op::Add => format!("({a} + {b})"),
                Op::Sub => format!("({a} - {b})"),
                Op::Mul => format!("({a} * {b})"),
                Op::Div => format!("({a} / {b})"),
                Op::Powf => format!("({a} ** {b})"),
                Op::Powi(n) => format!("({b} ** {n})"),
                Op::Neg => format!("(-{b})"),
                f => {
                    let name = NAMES.iter().find(|(_, o)| *o == f).map_or("?", |(n, _)| n);
                    format!("{ns}.{name}({b})")
                }
            };
            stack.push(s);
        }
        stack.pop().unwrap_or_default()
    }
}

impl std::str::FromStr for Formula {
    type Err = FormulaError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Formula::parse(s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
enum Tok {
    Num(f64),
    Name,
    Sym(char),
    #[default]
    End,
}

/// Recursive-descent parser with a one-token lookahead, lexing on demand so that errors
/// come out in source order. It emits postfix code directly.
#[derive(Default)]
struct Parser {
    chars: Vec<char>,
    /// The current token spans `chars[pos..next]`.
    tok: Tok,
    pos: usize,
    next: usize,
    depth: usize,
    ops: Vec<Op>,
}

impl Parser {
    fn advance(&mut self) -> Parsed {
        let c = &self.chars;
        let at = |j: usize, f: fn(char) -> bool| c.get(j).is_some_and(|&ch| f(ch));
        let digit = |j: usize| at(j, |d| d.is_ascii_digit());
        let digits = |mut j: usize| {
            while digit(j) {
                j += 1;
            }
            j
        };
        let mut i = self.next;
        while at(i, char::is_whitespace) {
            i += 1;
        }
        self.pos = i;
        self.tok = match c.get(i) {
            None => Tok::End,
            Some(&ch) if digit(i) || (ch == '.' && digit(i + 1)) => {
                i = digits(i);
                if at(i, |ch| ch == '.') {
                    i = digits(i + 1);
                }
                // An exponent only if digits follow, so `2e` stays "2" then the name "e".
                let sign = usize::from(at(i + 1, |ch| ch == '+' || ch == '-'));
                if at(i, |ch| ch == 'e' || ch == 'E') && digit(i + 1 + sign) {
                    i = digits(i + 1 + sign);
                }
                let text: String = c[self.pos..i].iter().collect();
                match decimal::parse(&text) {
                    Some(v) if v.is_finite() => Tok::Num(v),
                    _ => return err(self.pos, format!("number '{text}' is too large")),
                }
            }
            Some(&ch) if ch.is_ascii_alphabetic() || ch == '_' => {
                while at(i, |ch| ch.is_ascii_alphanumeric() || ch == '_') {
                    i += 1;
                }
                Tok::Name
            }
            Some(&ch) if "+-*/^()".contains(ch) => {
                i += 1;
                Tok::Sym(ch)
            }
            Some(&ch) => {
                let hint = match ch {
                    '²' => " (write x^2)",
                    '³' => " (write x^3)",
                    'π' => " (write pi)",
                    '×' | '·' => " (write *)",
                    '−' => " (write -)",
                    _ => "",
                };
                return err(i, format!("unexpected character '{ch}'{hint}"));
            }
        };
        self.next = i;
        Ok(())
    }

    /// The current token as the user wrote it, quoted, for messages.
    fn describe(&self) -> String {
        match self.tok {
            Tok::End => "the end of the formula".to_owned(),
            _ => format!("'{}'", String::from_iter(&self.chars[self.pos..self.next])),
        }
    }

    /// Appends `op`, folding it into a constant when all its operands are constants. In
    /// postfix code, a constant operand is always a single trailing `Const` op by induction.
    fn emit(&mut self, op: Op) {
        let (k, n) = (op.arity(), self.ops.len());
        if k > 0 && n >= k && self.ops[n - k..].iter().all(|o| matches!(o, Op::Const(_))) {
            let mut s = [0.0; 2];
            for (slot, o) in s.iter_mut().zip(&self.ops[n - k..]) {
                if let Op::Const(c) = *o {
                    *slot = c;
                }
            }
            exec(op, &mut s, k, 0.0, 0.0);
            self.ops.truncate(n - k);
            self.ops.push(Op::Const(s[0]));
        } else {
            self.ops.push(op);
        }
    }

    /// Runs `f` one nesting level deeper, or fails at `pos` if that is too deep.
    fn nested(&mut self, pos: usize, f: impl FnOnce(&mut Self) -> Parsed) -> Parsed {
        if self.depth >= MAX_DEPTH {
            let msg = format!("nesting too deep (more than {MAX_DEPTH} levels)");
            return err(pos, msg);
        }
        self.depth += 1;
        f(self)?;
        self.depth -= 1;
        Ok(())
    }

    fn expr(&mut self) -> Parsed {
        self.term()?;
        while let Tok::Sym(c @ ('+' | '-')) = self.tok {
            self.advance()?;
            self.term()?;
            self.emit(if c == '+' { Op::Add } else { Op::Sub });
        }
        Ok(())
    }

    fn term(&mut self) -> Parsed {
        self.unary()?;
        while let Tok::Sym(c @ ('*' | '/')) = self.tok {
            self.advance()?;
            self.unary()?;
            self.emit(if c == '*' { Op::Mul } else { Op::Div });
        }
        Ok(())
    }

    fn unary(&mut self) -> Parsed {
        let Tok::Sym(c @ ('+' | '-')) = self.tok else {
            return self.power();
        };
        let pos = self.pos;
        self.advance()?;
        self.nested(pos, Self::unary)?;
        if c == '-' {
            self.emit(Op::Neg);
        }
        Ok(())
    }

    fn power(&mut self) -> Parsed {
        self.primary()?;
        if self.tok == Tok::Sym('^') {
            let pos = self.pos;
            self.advance()?;
            self.nested(pos, Self::unary)?;
            // The exponent is a constant exactly when its code folded to one trailing Const.
            // i32::MIN is excluded: Dual2::powi computes n - 1.
            match self.ops.last() {
                Some(&Op::Const(b)) if b.fract() == 0.0 && b.abs() <= f64::from(i32::MAX) => {
                    self.ops.pop();
                    self.emit(Op::Powi(b as i32));
                }
                _ => self.emit(Op::Powf),
            }
        }
        Ok(())
    }

    fn primary(&mut self) -> Parsed {
        let pos = self.pos;
        let (name, op) = match self.tok {
            Tok::Num(v) => ("", Op::Const(v)),
            Tok::Sym('(') => return self.group(),
            Tok::Name => {
                let name = String::from_iter(&self.chars[pos..self.next]);
                match NAMES.iter().find(|(n, _)| *n == name) {
                    Some(&entry) => entry,
                    None => {
                        let known = NAMES.map(|(n, _)| n).join(", ");
                        let msg = format!("unknown name '{name}' (known names: {known})");
                        return err(pos, msg);
                    }
                }
            }
            _ => {
                let found = self.describe();
                let msg = format!("expected a number, x, y, a function or '(' but found {found}");
                return err(pos, msg);
            }
        };
        self.advance()?;
        if op.arity() == 1 {
            if self.tok != Tok::Sym('(') {
                let msg = format!("function '{name}' must be followed by '(', as in {name}(x)");
                return err(self.pos, msg);
            }
            self.group()?;
        }
        self.emit(op);
        Ok(())
    }

    /// `"(" expr ")"`, starting at the '('.
    fn group(&mut self) -> Parsed {
        let open = self.pos;
        self.advance()?;
        self.nested(open, |p| {
            p.expr()?;
            p.close(Some(open))
        })
    }

    /// After a complete expression: expects ')' if inside a group (`open`), else the end.
    fn close(&mut self, open: Option<usize>) -> Parsed {
        match (self.tok, open) {
            (Tok::Sym(')'), Some(_)) => self.advance(),
            (Tok::End, None) => Ok(()),
            (Tok::Sym(')'), None) => err(self.pos, "unexpected ')' without a matching '('"),
            (Tok::End, Some(p)) => err(p, format!("missing ')' for the '(' at position {p}")),
            // Operators were consumed by the expression, so this token starts an operand.
            _ => {
                let found = self.describe();
                let msg = format!(
                    "expected an operator before {found} (implicit multiplication is not \
                     supported: write 2*x, not 2x)"
                );
                err(self.pos, msg)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &str) -> Vec<Op> {
        Formula::parse(src).unwrap().ops
    }

    #[test]
    fn constants_fold_and_constant_integer_exponents_use_powi() {
        use Op::*;
        assert_eq!(ops("2*3 + x"), [Const(6.0), X, Add]);
        assert_eq!(ops("sin(pi/2) * -(1+1)^2"), [Const(-4.0)]);
        assert_eq!(ops("x - 1 - 2"), [X, Const(1.0), Sub, Const(2.0), Sub]);
        assert_eq!(ops("x^2"), [X, Powi(2)]);
        assert_eq!(ops("x^(4/2)"), [X, Powi(2)]);
        assert_eq!(ops("x^-1"), [X, Powi(-1)]);
        assert_eq!(ops("x^0.5"), [X, Const(0.5), Powf]);
        assert_eq!(ops("x^1e10"), [X, Const(1e10), Powf]);
        assert_eq!(ops("x^y"), [X, Y, Powf]);
        assert_eq!(ops("2^x"), [Const(2.0), X, Powf]);
    }

    #[test]
    fn stack_len_is_the_exact_maximum() {
        let cases = [("x", 1), ("-x^2", 1), ("x + y", 2), ("x + y*x", 3), ("x + (y + (x + y))", 4)];
        for (src, n) in cases {
            assert_eq!(Formula::parse(src).unwrap().stack_len, n, "{src}");
        }
    }
}
