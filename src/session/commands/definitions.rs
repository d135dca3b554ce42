//! The session's own definitions: `vars` lists them, `clear` removes them, `save` writes them
//! as a script that `ansatz file.ans` replays.

use std::fmt::Write as _;

use super::{Arg, Bound, Command, Kind, Param};
use crate::error::Error;
use crate::session::Session;
use crate::session::value::Value;

pub(super) const COMMANDS: &[Command] = &[
    Command {
        name: "vars",
        params: &[],
        variadic: false,
        options: &[],
        forms: &["vars"],
        summary: "List the definitions of this session, oldest first.",
        details: "Values and functions as stored (f(x) := x^2 + 3 when a was 3 at the time), results such as roots as typed.",
        examples: &["a := 3; f(x) := x^2; vars"],
        run: run_vars,
    },
    Command {
        name: "clear",
        params: &[Param::optional(
            "name",
            Kind::Name,
            "every definition",
            "the definitions to remove",
        )],
        variadic: true,
        options: &[],
        forms: &[],
        summary: "Remove definitions: clear(a, f), or clear() for all of them.",
        details: "A cleared name is a plain symbol again.",
        examples: &["a := 3; clear(a); a + 1", "clear()"],
        run: run_clear,
    },
    Command {
        name: "save",
        params: &[Param::required(
            "file",
            Kind::Text,
            "the script to write, in quotes",
        )],
        variadic: false,
        options: &[],
        forms: &[],
        summary: "Write this session's definitions as a script that ansatz file.ans replays.",
        details: "The definitions are written as vars lists them, oldest first; replaying the script defines the same values (results such as roots are recomputed with their evidence).",
        examples: &["a := 3; save(\"session.ans\")"],
        run: run_save,
    },
];

/// The definitions as statements, oldest first: values and functions as they are stored
/// (`f(x) := x^2 + 3` when `a` was 3 at the time), results with evidence (a root, a plot) as
/// typed, so replaying them recomputes the evidence.
fn statements(session: &Session) -> Vec<String> {
    session
        .definitions
        .iter()
        .map(|(name, typed)| match session.variables.get(name) {
            Some(Value::Report(_)) | None => session
                .describe_definition(name)
                .filter(|_| session.functions.contains_key(name))
                .unwrap_or_else(|| typed.clone()),
            Some(v) => format!("{name} := {}", v.to_plain()),
        })
        .collect()
}

/// The definitions, one per line.
pub fn listing(session: &Session) -> String {
    if session.definitions.is_empty() {
        return "no definitions yet (define with a := 3 or f(x) := x^2)".into();
    }
    statements(session).join("\n")
}

fn run_vars(session: &mut Session, _: Bound) -> Result<Value, Error> {
    Ok(Value::Text(listing(session)))
}

fn run_clear(session: &mut Session, mut b: Bound) -> Result<Value, Error> {
    let span = b.span_of("name");
    let names: Vec<String> = match b.take("name") {
        Some(Arg::Names(names)) => names,
        _ => session.definitions.iter().map(|(n, _)| n.clone()).collect(),
    };
    let mut unknown = Vec::new();
    for name in &names {
        if !session.forget(name) {
            unknown.push(name.as_str());
        }
    }
    if !unknown.is_empty() {
        return Err(Error::usage_hint(
            format!("no definition named {}", unknown.join(", ")),
            span,
            "vars lists the definitions",
        ));
    }
    Ok(Value::Text(match names.len() {
        0 => "nothing to clear".into(),
        _ => format!("cleared {}", names.join(", ")),
    }))
}

fn run_save(session: &mut Session, b: Bound) -> Result<Value, Error> {
    let path = b.text("file").unwrap_or_default();
    let mut script = String::from("# ansatz session\n");
    for text in statements(session) {
        let _ = writeln!(script, "{text}");
    }
    std::fs::write(&path, script)
        .map_err(|e| Error::io(format!("cannot write {path}: {e}"), b.span_of("file")))?;
    Ok(Value::Text(format!(
        "{path}: {} definition{}",
        session.definitions.len(),
        if session.definitions.len() == 1 {
            ""
        } else {
            "s"
        }
    )))
}
