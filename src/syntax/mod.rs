//! Text → located syntax tree. The language is described in `grammar/ansatz.ebnf`.

pub mod ast;
mod parser;

pub use parser::{ParseError, parse_statements};
