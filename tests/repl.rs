//! The REPL in a pseudo-terminal, as a user has it: Ctrl-C during a long computation of each
//! kind returns to the prompt within a bound and the session keeps its definitions; the
//! history file holds every entry as soon as it is entered (a killed session keeps it).

use std::time::{Duration, Instant};

use rexpect::session::PtySession;

/// How long Ctrl-C may take to bring the prompt back (the aim is 0.5 s; the bound leaves room
/// for a loaded test machine).
const INTERRUPT_BOUND: Duration = Duration::from_millis(1500);

fn repl(history: &std::path::Path) -> PtySession {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ansatz"));
    command
        .env("ANSATZ_HISTORY", history)
        .env("NO_COLOR", "1")
        .env("TERM", "dumb");
    let mut p = rexpect::spawn_with_options(
        command,
        rexpect::reader::Options::new()
            .timeout_ms(Some(30_000))
            .strip_ansi_escape_codes(true),
    )
    .expect("the REPL starts");
    p.exp_string("quit, exit or Ctrl-D leaves").expect("banner");
    p
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ansatz-repl-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

#[test]
fn ctrl_c_returns_to_the_prompt_from_every_kind_of_long_computation() {
    let dir = scratch("interrupt");
    let mut p = repl(&dir.join("history"));
    p.send_line("a := 5").expect("send");
    p.send_line("a + 1").expect("send");
    p.exp_string("6").expect("a + 1");
    let fractal = format!(
        "newton_fractal(z^50 - 1, z, size = 1000, to = \"{}\")",
        dir.join("f.png").display()
    );
    let plot = format!(
        "plot(sin(100*x), x = [0, 1000], samples = 2000000, to = \"{}\")",
        dir.join("p.svg").display()
    );
    // Each runs for seconds uninterrupted on the development machine.
    let long = [
        "diff(asin(erf(x)), x, 50)",
        "roots(x^700 - 1, x)",
        fractal.as_str(),
        plot.as_str(),
        "series(exp(sin(x))*tan(x), x, 2000)",
        "ham(x'' + sin(x) = 0, x(0) = 2, x'(0) = 0, order = 16)",
    ];
    let mut worst = Duration::ZERO;
    for statement in long {
        p.send_line(statement).expect("send");
        std::thread::sleep(Duration::from_millis(400));
        let pressed = Instant::now();
        p.send_control('c').expect("Ctrl-C");
        p.exp_string("interrupted")
            .unwrap_or_else(|e| panic!("no interruption of {statement}: {e}"));
        let took = pressed.elapsed();
        assert!(took < INTERRUPT_BOUND, "{statement}: {took:?}");
        eprintln!("{statement}: {took:?}");
        worst = worst.max(took);
        // The session is intact: its definitions are still there.
        p.send_line("a * 7").expect("send");
        p.exp_string("35").expect("the session survives");
    }
    eprintln!("slowest return to the prompt after Ctrl-C: {worst:?}");
    p.send_line("quit").expect("send");
    p.exp_eof().expect("quits");
}

#[test]
fn every_entry_is_in_the_history_file_before_the_session_ends() {
    let dir = scratch("history");
    let history = dir.join("history");
    let _ = std::fs::remove_file(&history);
    let mut p = repl(&history);
    p.send_line("b := 41").expect("send");
    p.send_line("b + 1").expect("send");
    p.exp_string("42").expect("b + 1");
    // Killed, not quit: nothing runs at exit.
    p.process_mut()
        .signal(rexpect::process::Signal::SIGKILL)
        .expect("kill");
    let text = std::fs::read_to_string(&history).expect("history written");
    assert!(text.contains("b := 41") && text.contains("b + 1"), "{text}");
}
