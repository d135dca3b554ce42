//! The syntax tree: what the user wrote, with the byte span of every node.

use crate::span::Span;

/// A binary operator of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

/// An expression node.
#[derive(Debug, Clone, PartialEq)]
pub enum AstKind {
    /// A decimal literal `mantissa × 10^exponent`, kept as text so it stays exact.
    Number {
        mantissa: String,
        exponent: i64,
    },
    Name(String),
    /// A double-quoted text, used as an option value (`to = "basins.png"`).
    Str(String),
    Neg(Box<Ast>),
    /// A left-associative run of one precedence level: `a - b + c` is
    /// `[(Add, a), (Sub, b), (Add, c)]`, `a*b/c` is `[(Mul, a), (Mul, b), (Div, c)]`.
    /// Kept flat so a 100,000-term sum is not a 100,000-deep tree.
    Chain(Vec<(BinOp, Ast)>),
    /// `base ^ exponent` (right-associative).
    Power(Box<Ast>, Box<Ast>),
    /// `name(args)`; whether `name` is a function is decided when the statement is lowered.
    Call {
        name: String,
        name_span: Span,
        args: Vec<Ast>,
    },
    List(Vec<Ast>),
    Equation(Box<Ast>, Box<Ast>),
    /// `lhs >= rhs` (also `>`, `<=`, `<`): what `prove` proves.
    Inequality(Box<Ast>, Relation, Box<Ast>),
    /// `base[i]` or `base[i, j]`: items of a list (1-based), entries of a matrix.
    Index {
        base: Box<Ast>,
        indices: Vec<Ast>,
    },
    /// `a:b` inside an index: the positions a to b, both included (`:` alone is all).
    Slice {
        from: Option<Box<Ast>>,
        to: Option<Box<Ast>>,
    },
}

/// The relation of an inequality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Greater,
    GreaterEqual,
    Less,
    LessEqual,
}

impl Relation {
    pub fn symbol(self) -> &'static str {
        match self {
            Relation::Greater => ">",
            Relation::GreaterEqual => ">=",
            Relation::Less => "<",
            Relation::LessEqual => "<=",
        }
    }
    /// Whether equality satisfies it.
    pub fn allows_equality(self) -> bool {
        matches!(self, Relation::GreaterEqual | Relation::LessEqual)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ast {
    pub kind: AstKind,
    pub span: Span,
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// An expression or equation to evaluate.
    Expr(Ast),
    /// `name := value`.
    Define {
        name: String,
        name_span: Span,
        value: Ast,
    },
    /// `name(p1, p2) := body`.
    DefineFunction {
        name: String,
        name_span: Span,
        params: Vec<String>,
        body: Ast,
    },
}

/// A statement with the span of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub statement: Statement,
    pub span: Span,
}

impl Statement {
    /// Rewrite every span of the statement.
    pub(crate) fn map_spans(&mut self, f: &impl Fn(Span) -> Span) {
        match self {
            Statement::Expr(a) => a.map_spans(f),
            Statement::Define {
                name_span, value, ..
            } => {
                *name_span = f(*name_span);
                value.map_spans(f);
            }
            Statement::DefineFunction {
                name_span, body, ..
            } => {
                *name_span = f(*name_span);
                body.map_spans(f);
            }
        }
    }
}

impl Ast {
    /// Rewrite every span (the parser records offsets from the end of the input and converts
    /// them once a statement is complete).
    pub(crate) fn map_spans(&mut self, f: &impl Fn(Span) -> Span) {
        self.span = f(self.span);
        match &mut self.kind {
            AstKind::Number { .. } | AstKind::Name(_) | AstKind::Str(_) => {}
            AstKind::Neg(a) => a.map_spans(f),
            AstKind::Chain(items) => items.iter_mut().for_each(|(_, a)| a.map_spans(f)),
            AstKind::Power(a, b) | AstKind::Equation(a, b) | AstKind::Inequality(a, _, b) => {
                a.map_spans(f);
                b.map_spans(f);
            }
            AstKind::Call {
                name_span, args, ..
            } => {
                *name_span = f(*name_span);
                args.iter_mut().for_each(|a| a.map_spans(f));
            }
            AstKind::List(items) => items.iter_mut().for_each(|a| a.map_spans(f)),
            AstKind::Index { base, indices } => {
                base.map_spans(f);
                indices.iter_mut().for_each(|a| a.map_spans(f));
            }
            AstKind::Slice { from, to } => {
                from.iter_mut().for_each(|a| a.map_spans(f));
                to.iter_mut().for_each(|a| a.map_spans(f));
            }
        }
    }
}
