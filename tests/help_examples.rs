//! Help never goes stale: every example of every command runs without error, and every option
//! a command's help lists is one its binder accepts (and the ones it does not list are refused).
//! In its own test binary because the examples write files into the working directory, which
//! this test moves under target/.

use ansatz::Session;
use ansatz::session::commands;

fn run_ok(text: &str) -> Result<(), String> {
    let mut s = Session::new();
    for r in s.eval_line(text) {
        if let Err(e) = r {
            return Err(e.render("example", text));
        }
    }
    Ok(())
}

fn error_of(text: &str) -> String {
    let mut s = Session::new();
    s.eval_line(text)
        .into_iter()
        .find_map(Result::err)
        .map_or_else(String::new, |e| e.to_string())
}

#[test]
fn every_example_runs_and_help_lists_exactly_the_accepted_options() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/help-examples");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    std::env::set_current_dir(&dir).expect("cd");
    let mut failures = Vec::new();
    let mut count = 0;
    for c in commands() {
        assert!(!c.examples.is_empty(), "{} has no example", c.name);
        for example in c.examples {
            count += 1;
            if let Err(e) = run_ok(example) {
                failures.push(format!("{}: {example}\n{e}", c.name));
            }
        }
        // The options section of the generated help page.
        let page = ansatz::session::commands::command_help(c);
        let listed: Vec<&str> = page
            .lines()
            .skip_while(|l| *l != "options:")
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .filter_map(|l| l.trim_start().split(' ').next())
            .collect();
        for option in &listed {
            let call = format!("{}(1, {option} = \"?\")", c.name);
            let e = error_of(&call);
            if e.contains("has no option") {
                failures.push(format!(
                    "help({}) lists {option}, which it refuses: {e}",
                    c.name
                ));
            }
        }
        // An unknown option after a complete call is refused by name (subs takes any
        // `name = value` as a substitution, help takes no arguments of that form).
        let call_example = c.examples.iter().find(|e| {
            e.starts_with(&format!("{}(", c.name)) && e.ends_with(')') && !e.ends_with("()")
        });
        if let (false, Some(example)) = (c.variadic, call_example) {
            let call = format!(
                "{}, surely_not_an_option = 1)",
                example.trim_end().strip_suffix(')').unwrap_or(example)
            );
            if !error_of(&call).contains("no option 'surely_not_an_option'") {
                failures.push(format!("{call} was not refused as an unknown option"));
            }
        }
    }
    // Every function of the registry has a help page, and it names the function.
    for d in ansatz::functions::all() {
        let mut s = Session::new();
        let page = s.eval_line(&format!("help({})", d.name)).remove(0);
        match page {
            Ok(o) if o.to_plain().starts_with(d.name) => {}
            other => failures.push(format!("help({}): {other:?}", d.name)),
        }
    }
    assert!(count >= 20, "only {count} examples");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
