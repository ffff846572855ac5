//! Feature expressions over the six photodiodes: `pd6`, `pd6^2`, `pd1*pd3`, `sin(pd6)`,
//! `2*pi - pd1`, … Evaluated in plain `f64` (the paper numerics).
//!
//! Grammar (usual precedence, `^` right-associative and above unary minus, so
//! `-pd1^2 = -(pd1^2)`):
//!
//! ```text
//! expr  := term (('+' | '-') term)*
//! term  := unary (('*' | '/') unary)*
//! unary := '-' unary | power
//! power := atom ('^' unary)?
//! atom  := number | 'pd1'..'pd6' | 'pi' | func '(' expr ')' | '(' expr ')'
//! func  := sin cos tan asin acos atan sqrt abs exp ln log10
//! ```

use std::fmt;

/// Deepest nesting accepted, so that evaluation can never overflow the stack.
const MAX_DEPTH: usize = 64;
/// Longest expression accepted (bytes); it bounds the depth of operator chains too.
const MAX_LEN: usize = 1024;

/// A parse error in a feature expression: which expression, where (0-based byte
/// position) and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("feature expression {expression:?}, position {position}: {message}")]
pub struct ExprError {
    /// The expression text.
    pub expression: String,
    /// Byte offset of the problem in `expression`.
    pub position: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Sqrt,
    Abs,
    Exp,
    Ln,
    Log10,
}

impl Func {
    fn from_name(name: &str) -> Option<Func> {
        Some(match name {
            "sin" => Func::Sin,
            "cos" => Func::Cos,
            "tan" => Func::Tan,
            "asin" => Func::Asin,
            "acos" => Func::Acos,
            "atan" => Func::Atan,
            "sqrt" => Func::Sqrt,
            "abs" => Func::Abs,
            "exp" => Func::Exp,
            "ln" => Func::Ln,
            "log10" => Func::Log10,
            _ => return None,
        })
    }

    fn apply(self, x: f64) -> f64 {
        match self {
            Func::Sin => x.sin(),
            Func::Cos => x.cos(),
            Func::Tan => x.tan(),
            Func::Asin => x.asin(),
            Func::Acos => x.acos(),
            Func::Atan => x.atan(),
            Func::Sqrt => x.sqrt(),
            Func::Abs => x.abs(),
            Func::Exp => x.exp(),
            Func::Ln => x.ln(),
            Func::Log10 => x.log10(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

/// A compiled expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Const(f64),
    /// Photodiode index 0..=5.
    Pd(usize),
    Neg(Box<Expr>),
    Call(Func, Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Parses `text`.
    pub(crate) fn parse(text: &str) -> Result<Expr, ExprError> {
        let mut p = Parser {
            text,
            pos: 0,
            depth: 0,
        };
        if text.len() > MAX_LEN {
            p.pos = MAX_LEN;
            return Err(p.error(&format!("longer than {MAX_LEN} bytes")));
        }
        p.skip_ws();
        if p.pos == text.len() {
            return Err(p.error("empty expression"));
        }
        let e = p.expr()?;
        p.skip_ws();
        if p.pos != text.len() {
            return Err(p.error(&format!("unexpected {:?}", p.rest_char())));
        }
        Ok(e)
    }

    /// The value for photodiode readings `pd` (rad, as `f64`).
    pub(crate) fn eval(&self, pd: &[f64; 6]) -> f64 {
        match self {
            Expr::Const(c) => *c,
            Expr::Pd(i) => pd[*i],
            Expr::Neg(e) => -e.eval(pd),
            Expr::Call(f, e) => f.apply(e.eval(pd)),
            Expr::Bin(op, a, b) => {
                let (a, b) = (a.eval(pd), b.eval(pd));
                match op {
                    BinOp::Add => a + b,
                    BinOp::Sub => a - b,
                    BinOp::Mul => a * b,
                    BinOp::Div => a / b,
                    BinOp::Pow => a.powf(b),
                }
            }
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> ExprError {
        ExprError {
            expression: self.text.to_string(),
            position: self.pos,
            message: message.to_string(),
        }
    }

    fn rest_char(&self) -> char {
        self.text[self.pos..].chars().next().unwrap_or(' ')
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn enter(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(self.error(&format!("nested deeper than {MAX_DEPTH} levels")))
        } else {
            Ok(())
        }
    }

    fn expr(&mut self) -> Result<Expr, ExprError> {
        self.enter()?;
        let mut lhs = self.term()?;
        loop {
            let op = if self.eat(b'+') {
                BinOp::Add
            } else if self.eat(b'-') {
                BinOp::Sub
            } else {
                break;
            };
            let rhs = self.term()?;
            lhs = Expr::Bin(op, Box::new(lhs), Box::new(rhs));
        }
        self.depth -= 1;
        Ok(lhs)
    }

    fn term(&mut self) -> Result<Expr, ExprError> {
        let mut lhs = self.unary()?;
        loop {
            let op = if self.eat(b'*') {
                BinOp::Mul
            } else if self.eat(b'/') {
                BinOp::Div
            } else {
                break;
            };
            let rhs = self.unary()?;
            lhs = Expr::Bin(op, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        self.enter()?;
        let e = if self.eat(b'-') {
            Expr::Neg(Box::new(self.unary()?))
        } else {
            self.power()?
        };
        self.depth -= 1;
        Ok(e)
    }

    fn power(&mut self) -> Result<Expr, ExprError> {
        let base = self.atom()?;
        if self.eat(b'^') {
            let exponent = self.unary()?;
            return Ok(Expr::Bin(BinOp::Pow, Box::new(base), Box::new(exponent)));
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Expr, ExprError> {
        self.skip_ws();
        let start = self.pos;
        match self.peek() {
            None => Err(self.error("unexpected end of expression")),
            Some(b'(') => {
                self.pos += 1;
                let e = self.expr()?;
                if !self.eat(b')') {
                    return Err(self.error("expected ')'"));
                }
                Ok(e)
            }
            Some(c) if c.is_ascii_digit() || c == b'.' => self.number(start),
            Some(c) if c.is_ascii_alphabetic() => {
                while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_') {
                    self.pos += 1;
                }
                let name = &self.text[start..self.pos];
                if let Some(i) = name
                    .strip_prefix("pd")
                    .and_then(|d| d.parse::<usize>().ok())
                    && (1..=6).contains(&i)
                    && name.len() == 3
                {
                    return Ok(Expr::Pd(i - 1));
                }
                if name == "pi" {
                    return Ok(Expr::Const(std::f64::consts::PI));
                }
                if let Some(f) = Func::from_name(name) {
                    if !self.eat(b'(') {
                        return Err(self.error(&format!("expected '(' after {name}")));
                    }
                    let arg = self.expr()?;
                    if !self.eat(b')') {
                        return Err(self.error("expected ')'"));
                    }
                    return Ok(Expr::Call(f, Box::new(arg)));
                }
                self.pos = start;
                Err(self.error(&format!(
                    "unknown name {name:?} (expected pd1..pd6, pi or a function)"
                )))
            }
            Some(_) => Err(self.error(&format!("unexpected {:?}", self.rest_char()))),
        }
    }

    fn number(&mut self, start: usize) -> Result<Expr, ExprError> {
        while matches!(self.peek(), Some(c) if c.is_ascii_digit() || c == b'.') {
            self.pos += 1;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            let mark = self.pos;
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
                while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
                    self.pos += 1;
                }
            } else {
                self.pos = mark;
            }
        }
        let text = &self.text[start..self.pos];
        text.parse::<f64>().map(Expr::Const).map_err(|_| {
            let mut e = self.error(&format!("invalid number {text:?}"));
            e.position = start;
            e
        })
    }
}

impl fmt::Display for Func {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str) -> f64 {
        Expr::parse(text)
            .unwrap()
            .eval(&[0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    }

    #[test]
    fn evaluates_with_precedence_and_associativity() {
        assert_eq!(eval("pd6"), 0.6);
        assert_eq!(eval("pd6^2"), 0.6f64.powf(2.0));
        assert_eq!(eval("pd1*pd3"), 0.1 * 0.3);
        assert_eq!(eval("sin(pd6)"), 0.6f64.sin());
        assert_eq!(eval("1 + 2 * 3"), 7.0);
        assert_eq!(eval("(1 + 2) * 3"), 9.0);
        assert_eq!(eval("2^3^2"), 512.0);
        assert_eq!(eval("-2^2"), -4.0);
        assert_eq!(eval("8 / 4 / 2"), 1.0);
        assert_eq!(eval("10 - 4 - 3"), 3.0);
        assert_eq!(eval("2*pi"), 2.0 * std::f64::consts::PI);
        assert_eq!(eval("1.5e1 + .5"), 15.5);
        assert_eq!(eval("pd1 - -pd2"), 0.1 + 0.2);
        assert!(eval("ln(0) ").is_infinite());
        assert!(eval("sqrt(-1)").is_nan());
    }

    #[test]
    fn errors_name_the_expression_and_position() {
        let e = Expr::parse("pd6 + pd7").unwrap_err();
        assert_eq!(e.expression, "pd6 + pd7");
        assert_eq!(e.position, 6);
        assert!(e.to_string().contains("pd7"), "{e}");
        let e = Expr::parse("pd6 ^^ 2").unwrap_err();
        assert_eq!(e.position, 5);
        assert_eq!(Expr::parse("(pd6").unwrap_err().position, 4);
        assert_eq!(Expr::parse("").unwrap_err().message, "empty expression");
        assert_eq!(Expr::parse("pd6 pd5").unwrap_err().position, 4);
        assert_eq!(Expr::parse("1.2.3").unwrap_err().position, 0);
        assert!(Expr::parse("sin pd6").is_err());
        assert!(Expr::parse("é").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}pd1{}", "(".repeat(400), ")".repeat(400));
        assert!(Expr::parse(&deep).unwrap_err().message.contains("nested"));
        let negs = format!("{}pd1", "-".repeat(500));
        assert!(Expr::parse(&negs).is_err());
        let long = "pd1+".repeat(1000) + "pd1";
        assert!(Expr::parse(&long).unwrap_err().message.contains("longer"));
        let chain = "pd1+".repeat(250) + "pd1";
        assert_eq!(Expr::parse(&chain).unwrap().eval(&[1.0; 6]), 251.0);
        let ok = format!("{}pd1{}", "(".repeat(20), ")".repeat(20));
        assert!(Expr::parse(&ok).is_ok());
    }
}
