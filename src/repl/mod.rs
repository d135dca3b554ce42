//! The interactive prompt: the only code that touches rustyline. Tab completion of functions,
//! commands, defined names and (inside a command's call) its option names, all matches listed;
//! a continuation prompt `... ` while brackets are open (an empty line cancels the entry with
//! its parse error); a history file (`ANSATZ_HISTORY` overrides the path); errors coloured
//! unless `NO_COLOR` is set; Ctrl-C cancels the line or a running computation and keeps the
//! session; `quit`, `exit` or Ctrl-D leave.

use std::borrow::Cow;
use std::path::PathBuf;

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{CompletionType, Config, Context, Editor, Helper, history::DefaultHistory};

use ansatz::session::Session;
use ansatz::session::format::{Format, render_outcome};

/// Completion candidates, refreshed after every statement (definitions add names).
struct AnsatzHelper {
    names: Vec<String>,
}

/// The command whose call the cursor is inside (`solve(x^2 - 2, x = 1, di|`), if any.
fn enclosing_command(before: &str) -> Option<&'static ansatz::session::Command> {
    let mut depth = 0i64;
    for (i, c) in before.char_indices().rev() {
        match c {
            ')' | ']' => depth += 1,
            '[' => depth -= 1,
            '(' if depth == 0 => {
                let name_start = before[..i]
                    .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .map_or(0, |j| j + 1);
                return ansatz::session::commands::find(&before[name_start..i]);
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

impl Completer for AnsatzHelper {
    type Candidate = Pair;
    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start = line[..pos]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |i| {
                i + line[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &line[start..pos];
        if word.is_empty() {
            return Ok((pos, Vec::new()));
        }
        // Inside a command's call its option names come first (`digits = `).
        let options = enclosing_command(&line[..start])
            .into_iter()
            .flat_map(|c| c.all_options().map(|o| o.name))
            .filter(|o| o.starts_with(word))
            .map(|o| Pair {
                display: format!("{o} ="),
                replacement: format!("{o} = "),
            });
        let names = self
            .names
            .iter()
            .filter(|n| n.starts_with(word))
            .map(|n| Pair {
                display: n.clone(),
                replacement: n.clone(),
            });
        Ok((start, options.chain(names).collect()))
    }
}

impl Hinter for AnsatzHelper {
    type Hint = String;
}

impl Highlighter for AnsatzHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        Cow::Borrowed(prompt)
    }
}

/// Every line is accepted as typed; continuation while brackets are open is done by the loop
/// (so it can show its own prompt).
impl Validator for AnsatzHelper {}

impl Helper for AnsatzHelper {}

fn history_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ANSATZ_HISTORY") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".ansatz_history"))
}

/// What one prompt produced.
enum Entry {
    Text(String),
    Cancelled,
    Quit,
}

/// Read one entry: a line, and more lines after `... ` while its brackets are open (an empty
/// line ends it early, so the parse error shows).
fn read_entry(editor: &mut Editor<AnsatzHelper, DefaultHistory>) -> Entry {
    let mut entry = match editor.readline("> ") {
        Ok(line) => line,
        Err(ReadlineError::Interrupted) => return Entry::Cancelled,
        Err(ReadlineError::Eof) => return Entry::Quit,
        Err(e) => {
            eprintln!("error: {e}");
            return Entry::Quit;
        }
    };
    while ansatz::syntax::bracket_depth(&entry) > 0 {
        match editor.readline("... ") {
            Ok(more) if more.trim().is_empty() => break,
            Ok(more) => {
                entry.push('\n');
                entry.push_str(&more);
            }
            Err(ReadlineError::Interrupted) => return Entry::Cancelled,
            Err(_) => break,
        }
    }
    Entry::Text(entry)
}

/// Run the REPL until `quit`, `exit` or Ctrl-D; returns the exit status.
pub fn run(mut session: Session, fmt: Format) -> i32 {
    let config = Config::builder()
        .completion_type(CompletionType::List)
        .build();
    let mut editor: Editor<AnsatzHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot start the line editor: {e}");
            return 1;
        }
    };
    editor.set_helper(Some(AnsatzHelper {
        names: session.completion_names(),
    }));
    let history = history_path();
    if let Some(p) = &history {
        let _ = editor.load_history(p);
    }
    // Ctrl-C while a computation runs sets the interrupt flag; long loops poll it.
    let _ = ctrlc::set_handler(ansatz::interrupt::request);
    let colour = std::env::var_os("NO_COLOR").is_none();
    println!(
        "ansatz {} — help lists functions and commands, vars your definitions; quit, exit or Ctrl-D leaves.",
        env!("CARGO_PKG_VERSION")
    );
    loop {
        let line = match read_entry(&mut editor) {
            Entry::Text(line) => line,
            Entry::Cancelled => continue,
            Entry::Quit => break,
        };
        if line.trim().is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(line.as_str());
        // Written as it is added, so a session that is killed keeps its history.
        if let Some(p) = &history {
            let _ = editor.append_history(p);
        }
        if matches!(line.trim(), ":quit" | ":q" | "quit" | "exit") {
            break;
        }
        // Plot previews need a terminal to show on (output may be redirected to a file),
        // and fit its current width.
        let columns = crate::cli::terminal_columns()
            .map(|c| editor.dimensions().map_or(c, |(w, _)| usize::from(w)));
        for result in session.eval_line(&line) {
            match result {
                Ok(outcome) => {
                    if let Some(s) = render_outcome(&outcome, fmt, columns) {
                        println!("{s}");
                    }
                }
                Err(e) if colour => eprint!("{}", e.render_coloured("input", &line, 1)),
                Err(e) => eprint!("{}", e.render("input", &line)),
            }
        }
        if let Some(h) = editor.helper_mut() {
            h.names = session.completion_names();
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::enclosing_command;

    #[test]
    fn the_enclosing_command_of_the_cursor() {
        let name = |s| enclosing_command(s).map(|c| c.name);
        assert_eq!(name("solve(x^2 - 2, x = 1, "), Some("solve"));
        assert_eq!(name("plot(sin(x), x = [0, 1], "), Some("plot"));
        assert_eq!(name("N(sin("), None);
        assert_eq!(name("1 + "), None);
    }
}
