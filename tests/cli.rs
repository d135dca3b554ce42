//! The binary as users run it: -e, piped stdin, script files, --json, --latex, --digits, exit
//! codes, errors on stderr with a caret while later statements still run.

use assert_cmd::Command;

fn ansatz() -> Command {
    Command::cargo_bin("ansatz").expect("binary")
}

fn stdout_of(args: &[&str]) -> String {
    let out = ansatz().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

#[test]
fn contract_lines_print_one_result_per_statement() {
    assert_eq!(
        stdout_of(&["-e", "-2^2; 2^3^2; 0.1 + 0.2; N(0.1 + 0.2)"]),
        "-4\n512\n3/10\n0.3\n"
    );
    assert_eq!(
        stdout_of(&["-e", "f(x) := x^3 - 2*x - 5; f(2); diff(f(x), x)"]),
        "-1\n3*x^2 - 2\n"
    );
    assert_eq!(
        stdout_of(&["-e", "N(pi, 50)"]),
        "3.1415926535897932384626433832795028841971693993751\n"
    );
}

#[test]
fn parse_error_goes_to_stderr_with_caret_and_status_1() {
    let out = ansatz().args(["-e", "sin(x"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error: expected ')'"), "{err}");
    assert!(err.contains(":1:6"), "{err}");
    assert!(err.contains("     ^"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn later_statements_still_run_after_an_error() {
    let out = ansatz()
        .args(["-e", "1 + 1; 1/0; 2 + 2"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2\n4\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("division by zero"));
}

#[test]
fn piped_stdin_is_batch_mode() {
    let out = ansatz()
        .write_stdin("a := 2\na^10\n# comment\n(1 +\n 2)\n")
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1024\n3\n");
}

#[test]
fn script_files_run_in_order_sharing_the_session() {
    let dir = std::env::temp_dir().join(format!("ansatz-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let first = dir.join("a.ans");
    let second = dir.join("b.ans");
    std::fs::write(&first, "g(t) := t^2\n").expect("write");
    std::fs::write(&second, "g(3); diff(g(u), u)\n").expect("write");
    let out = stdout_of(&[
        first.to_str().expect("path"),
        second.to_str().expect("path"),
    ]);
    assert_eq!(out, "9\n2*u\n");
    let missing = ansatz()
        .arg(dir.join("missing.ans"))
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn json_has_input_kind_text_and_fields() {
    let out = stdout_of(&["--json", "-e", "N(pi, 20); x^2 = 2; [1, 2]; a := 1"]);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["input"], "N(pi, 20)");
    assert_eq!(lines[0]["kind"], "expr");
    assert_eq!(lines[0]["text"], "3.1415926535897932385");
    assert_eq!(lines[0]["exact"], false);
    assert_eq!(lines[0]["digits"], 20);
    assert_eq!(lines[1]["kind"], "equation");
    assert_eq!(lines[1]["lhs"]["text"], "x^2");
    assert_eq!(lines[2]["kind"], "list");
    // A number has one form: its text and the doubles re, im (docs/json.md).
    assert_eq!(lines[2]["items"][1]["value"], "2");
    assert_eq!(lines[2]["items"][1]["re"], 2.0);
    assert_eq!(lines[3]["kind"], "definition");
    assert_eq!(lines[3]["name"], "a");
}

#[test]
fn json_of_a_plot_lists_curves_breaks_and_maxima() {
    let dir = std::env::temp_dir().join(format!("ansatz-json-plot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let svg = dir.join("tan.svg");
    let statements = format!(
        "plot(tan(x), x = [-2, 2], to = \"{0}\"); plot_error(sin(x), x, x = [0, 1], to = \"{0}\")",
        svg.display()
    );
    let out = stdout_of(&["--json", "-e", &statements]);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines[0]["kind"], "plot");
    assert_eq!(lines[0]["format"], "svg");
    assert_eq!(lines[0]["width"], 800);
    let breaks = lines[0]["curves"][0]["breaks"].as_array().expect("breaks");
    assert_eq!(breaks.len(), 2);
    for (b, pole) in breaks.iter().zip([-1.0, 1.0]) {
        assert_eq!(b["kind"], "pole");
        let at = b["at"].as_f64().expect("a number");
        assert!(
            (at - pole * std::f64::consts::FRAC_PI_2).abs() < 1e-9,
            "{at}"
        );
    }
    assert_eq!(lines[0]["curves"][0]["pieces"], 3);
    // max |sin(x) - x| on [0, 1] is at x = 1: 1 - sin(1) = 0.15852901519210349 (mpmath).
    let maximum = &lines[1]["maxima"][0];
    assert_eq!(maximum["x"], 1.0);
    let e = maximum["error"].as_f64().expect("a number");
    assert!((e + 0.158_529_015_192_103_5).abs() < 1e-15, "{e}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn help_alone_lists_everything() {
    let out = stdout_of(&["-e", "help"]);
    assert!(out.starts_with("ansatz: "), "{out}");
    for name in ["solve(", "plot(", "plot_error(", "besselj(n, x)"] {
        assert!(out.contains(name), "{name} missing from help");
    }
}

#[test]
fn json_reports_errors_as_objects_too() {
    let out = ansatz()
        .args(["--json", "-e", "log(0)"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(line["kind"], "error");
    assert_eq!(line["error_kind"], "domain");
}

#[test]
fn latex_and_unicode_outputs() {
    assert_eq!(
        stdout_of(&["--latex", "-e", "x^2/2 + sqrt(x)"]),
        "\\frac{x^{2}}{2} + \\sqrt{x}\n"
    );
    assert_eq!(
        stdout_of(&["--unicode", "-e", "3*x^2 - 2*pi"]),
        "3·x² − 2·π\n"
    );
}

#[test]
fn digits_flag_sets_the_default_precision() {
    assert_eq!(
        stdout_of(&["--digits", "30", "-e", "N(1/7)"]),
        "0.142857142857142857142857142857\n"
    );
    let bad = ansatz()
        .args(["--digits", "1000000000", "-e", "1"])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn hostile_inputs_fail_fast_with_a_message() {
    let nested = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    let long_line = "1+".repeat(500_000) + "1";
    for input in [
        "10^10^10",
        "1e999999999",
        "N(pi, 10^9)",
        "diff(x, x, 10^9)",
        "undefined_fn(1)",
        "sin(1, 2)",
        "N(gamma(1/3), 100000)",
        "N(digamma(1/3), 20000)",
        "N(polygamma(1, 1/3), 20000)",
        "N(exp(10^100000))",
        "N(exp(10^18))",
    ] {
        let start = std::time::Instant::now();
        let out = ansatz().args(["-e", input]).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{input}");
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("error: "),
            "{input}"
        );
        assert!(start.elapsed().as_secs_f64() < 5.0, "slow on {input}");
    }
    // Too big for a command-line argument: through stdin.
    for input in [nested, long_line] {
        let start = std::time::Instant::now();
        let out = ansatz().write_stdin(input.clone()).output().expect("runs");
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
        assert!(
            start.elapsed().as_secs_f64() < 5.0,
            "slow on {}",
            &input[..40]
        );
    }
}

#[test]
fn newton_fractal_writes_a_png_of_the_requested_size() {
    let dir = std::env::temp_dir().join(format!("ansatz-fractal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let file = dir.join("basins.png");
    let statement = format!(
        "newton_fractal(z^3 - 1, z, size = 120, to = \"{}\")",
        file.display()
    );
    let out = stdout_of(&["-e", &statement]);
    assert!(out.contains("120×120 basins of 3 roots"), "{out}");
    let bytes = std::fs::read(&file).expect("png written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR: width and height, big-endian, at bytes 16..24. The basins one pixel per start,
    // plus axes (84 + 14 px left, 48 + 12 px below and above) and the colour key (230 px).
    let dimensions = |bytes: &[u8]| {
        (
            u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]),
            u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]),
        )
    };
    assert_eq!(dimensions(&bytes), (120 + 328, 120 + 60));
    // size = [w, h] is accepted; one number keeps the region's aspect ratio.
    let wide = stdout_of(&[
        "-e",
        &format!(
            "newton_fractal(z^3 - 1, z, re = [-2, 2], im = [-1, 1], size = 200, to = \"{}\")",
            file.display()
        ),
    ]);
    assert!(wide.contains("200×100 basins"), "{wide}");
    let given = stdout_of(&[
        "-e",
        &format!(
            "newton_fractal(z^3 - 1, z, size = [90, 40], to = \"{}\")",
            file.display()
        ),
    ]);
    assert!(given.contains("90×40 basins"), "{given}");
    assert_eq!(
        dimensions(&std::fs::read(&file).expect("png")),
        (90 + 328, 40 + 60)
    );
    // Unsupported format and unwritable path: clear errors, nothing half-written.
    let gif = ansatz()
        .args([
            "-e",
            &format!(
                "newton_fractal(z^3 - 1, z, to = \"{}\")",
                dir.join("b.gif").display()
            ),
        ])
        .output()
        .expect("runs");
    assert_eq!(gif.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&gif.stderr).contains("supported: .png"));
    let missing = dir.join("no/such/dir/b.png");
    let bad = ansatz()
        .args([
            "-e",
            &format!(
                "newton_fractal(z^3 - 1, z, size = 16, to = \"{}\")",
                missing.display()
            ),
        ])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cannot write"));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("basins.png")]);
    let _ = std::fs::remove_dir_all(dir);
}

/// Piped input is evaluated statement by statement as lines arrive: the first result comes
/// back while stdin is still open (a watchdog fails the test instead of hanging if not).
#[test]
fn piped_stdin_streams_results_as_lines_arrive() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command as Process, Stdio};
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("ansatz"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawns");
    let pid = child.id();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(20));
        let _ = Process::new("kill").arg(pid.to_string()).status();
    });
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    writeln!(stdin, "1+1").expect("write");
    stdin.flush().expect("flush");
    let mut line = String::new();
    stdout.read_line(&mut line).expect("read");
    assert_eq!(
        line, "2\n",
        "the first result must arrive before stdin closes"
    );
    writeln!(stdin, "2+2").expect("write");
    drop(stdin);
    line.clear();
    stdout.read_line(&mut line).expect("read");
    assert_eq!(line, "4\n");
    assert!(child.wait().expect("exits").success());
    drop(watchdog);
}

#[test]
fn a_dash_reads_stdin_and_the_input_limit_is_per_statement() {
    let out = ansatz()
        .args(["-e", "a := 2", "-"])
        .write_stdin("a + 1\n")
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "3\n");
    // 70,000 short statements (over 256 KiB in all) run; their results all come back.
    let script = "1+1\n".repeat(70_000);
    let out = ansatz().write_stdin(script).output().expect("runs");
    assert!(out.status.success());
    assert_eq!(out.stdout.iter().filter(|b| **b == b'\n').count(), 70_000);
}

#[test]
fn an_over_long_statement_is_refused_without_echo_and_the_rest_runs() {
    let mut input = "x".repeat(300_000);
    input.push_str("\n2+2\n");
    let out = ansatz().write_stdin(input).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "4\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("too long (300001 bytes"), "{err}");
    assert!(
        err.len() < 1000,
        "the refused statement is not echoed: {} bytes",
        err.len()
    );
}

#[test]
fn errors_in_scripts_name_their_line_and_json_errors_locate_the_statement() {
    let dir = std::env::temp_dir().join(format!("ansatz-lines-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("s.ans");
    std::fs::write(&path, "1+1\n\nf(x) := x^2\nf(2, 3)\n").expect("write");
    let out = ansatz().arg(&path).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("s.ans:4:1"), "{err}");
    assert!(err.contains("4 │ f(2, 3)"), "{err}");
    let out = ansatz()
        .args(["--json", "-"])
        .write_stdin("1+1\n\nsin(1, 2)\n")
        .output()
        .expect("runs");
    let last = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    let json: serde_json::Value = serde_json::from_str(&last).expect("json");
    assert_eq!(json["kind"], "error");
    assert_eq!(json["input"], "sin(1, 2)");
    assert_eq!(json["line"], 3);
    assert_eq!(json["column"], 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// LaTeX as mathematicians write it (issue 10 item 6): registry forms, juxtaposed factors
/// (\cdot only before a number), scientific floats, roots with \approx and \pm.
#[test]
fn latex_writes_names_products_floats_and_roots_as_mathematicians_do() {
    let latex = |e: &str| stdout_of(&["--latex", "-e", e]);
    assert_eq!(latex("besselj(2, x)"), "J_{2}\\left(x\\right)\n");
    assert_eq!(
        latex("ellipk(m) + gamma(x)"),
        "\\Gamma\\left(x\\right) + K\\left(m\\right)\n"
    );
    assert_eq!(latex("diff(x^12*pi, x)"), "12 \\pi x^{11}\n");
    assert_eq!(latex("3*2^x"), "3 \\cdot 2^{x}\n");
    assert_eq!(latex("N(pi*10^30)"), "3.14159265358979 \\times 10^{30}\n");
    assert!(latex("solve(x^2 - 2, x = 1)").starts_with("x \\approx 1.4142135623730950\n% newton"));
    assert!(latex("roots(x^2 + 1, x)").starts_with("\\pm \\mathrm{i}\n"));
    assert!(latex("solve(3*x = 1, x = 1)").starts_with("x = \\frac{1}{3}\n"));
}

/// Definitions that double the tree each time (c_k := c_{k-1} + c_{k-1}*x) used to take
/// minutes printing; the node limit now refuses the first one past 2,000,000 nodes and
/// printing is bounded, so the script ends at once (issue 11).
#[test]
fn doubling_definitions_stop_at_the_node_limit() {
    let mut script = String::from("c0 := sin(x)\n");
    for k in 1..=25 {
        script.push_str(&format!("c{k} := c{} + c{}*x\n", k - 1, k - 1));
    }
    script.push_str("N(subs(c18, x = 1/2))\n");
    let out = ansatz().write_stdin(script).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("an expression tree of 2359294 nodes, is too large (limit: 2000000 nodes)"),
        "{err}"
    );
    // c18 (about 590,000 nodes) still evaluates: sum over the tree of c0 * (1 + x)^18 at 1/2.
    let expected = (0.5f64).sin() * 1.5f64.powi(18);
    let got: f64 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("a number");
    assert!(
        (got - expected).abs() < 1e-9 * expected,
        "{got} vs {expected}"
    );
}

#[test]
fn roots_refuses_degree_and_digits_beyond_its_cost_bound_at_once() {
    let out = ansatz()
        .args(["-e", "roots(x^1000 - 1, x, digits = 100000)"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("degree-1000 polynomial to 100000 digits is too large"),
        "{err}"
    );
}

/// Derivatives and expansions that cannot fit are refused from an estimate, at once, not
/// after building most of them (issue 11).
#[test]
fn doomed_derivatives_and_expansions_are_refused_early() {
    for (statement, expected) in [
        ("diff(gamma(x), x, 50)", "the derivative of order 50"),
        (
            "expand((x + 10^1000)^1000)",
            "the largest coefficient of the expansion, about 3323000 bits",
        ),
        (
            "newton_fractal(z^1000 - 1, z, size = 400, to = \"target/never.png\")",
            "400×400 basins of a degree-1000 polynomial is too large",
        ),
    ] {
        let out = ansatz().args(["-e", statement]).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{statement}: {err}");
    }
    // Derivatives that stay small are not refused by the estimate: d^200/dx^200 sin(x)^2 is
    // -2^199 cos(2x), so -2^199 at 0.
    let expected = format!("-{}\n", rug::Integer::from(rug::Integer::u_pow_u(2, 199)));
    assert_eq!(
        stdout_of(&["-e", "subs(diff(sin(x)^2, x, 200), x = 0)"]),
        expected
    );
}

#[test]
fn a_result_with_too_many_digits_prints_a_note_quickly() {
    // Issue 11: 3,000 copies of 2^999999 took 56 s, 4 GB and printed 903 MB.
    let input = format!("[{}]", vec!["2^999999"; 3000].join(", "));
    let started = std::time::Instant::now();
    let out = ansatz()
        .args(["-e", &input])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.len() < 1000, "{} bytes printed", text.len());
    assert!(
        text.contains("too large to print (limit 5000000 digits"),
        "{text}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

/// Issue 11: `-e` statements and files run in the order given, so a file can define what a
/// later `-e` uses and the other way round.
#[test]
fn eval_arguments_and_files_run_in_command_line_order() {
    let dir = std::env::temp_dir().join(format!("ansatz-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("a.ans");
    std::fs::write(&path, "a := 5\n").expect("write");
    let path = path.to_str().expect("utf-8 path");
    assert_eq!(stdout_of(&[path, "-e", "a + 1"]), "6\n");
    assert_eq!(stdout_of(&["-e", "a := 7", path, "-e", "a*2"]), "10\n");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 11: output that cannot be written is an error, not a silent success.
#[test]
fn a_full_output_device_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("ansatz"))
        .args(["-e", "2+2"])
        .stdout(full)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot write the results"), "{err}");
}

/// Issue 11: in a script, an unclosed bracket no longer swallows the statements after it;
/// a byte-order mark at the start of a file is skipped.
#[test]
fn an_unclosed_bracket_in_a_script_ends_its_own_statement() {
    let out = ansatz()
        .write_stdin("a := (1 +\n2\nb := 5\nb\n")
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "5\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>:2:2"), "{err}");
    assert!(
        err.contains("the bracket opened at 1:6 is not closed"),
        "{err}"
    );
    // Later in a file, the hint names the line in the file.
    let out = ansatz()
        .write_stdin("1\n2\nf(1,\n2\ng := 3\ng\n")
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n2\n3\n");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("opened at 3:2"), "{err}");
    // Multi-line statements that are complete still join.
    assert_eq!(
        String::from_utf8_lossy(
            &ansatz()
                .write_stdin("[[1, 2],\n [3, 4]]\n")
                .output()
                .expect("runs")
                .stdout
        ),
        "[[1, 2], [3, 4]]\n"
    );
    let bom = ansatz()
        .write_stdin(b"\xEF\xBB\xBF1 + 1\n".to_vec())
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&bom.stdout), "2\n");
    assert!(bom.status.success());
}

/// Issue 11: lists that double with each definition are bounded when they are made and
/// when they are printed.
#[test]
fn doubling_lists_are_refused_at_the_element_limit() {
    let mut script = String::from("l0 := x + y\n");
    for k in 1..=24 {
        script.push_str(&format!("l{k} := [l{}, l{}]\n", k - 1, k - 1));
    }
    script.push_str("l17\nl17[1][2][1][1][2][1][1][2][1][1][2][1][1][2][1][1][2]\n");
    let out = ansatz()
        .write_stdin(script)
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    // l20 would hold 2^20 = 1,048,576 copies of x + y.
    assert!(
        err.contains("20 │ l20 := [l19, l19]") || err.contains("l20 := [l19, l19]"),
        "{err}"
    );
    assert!(err.contains("limit: 1000000 elements"), "{err}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("<a list of 2 elements with more than 100000 nodes in all"),
        "{text}"
    );
    // Indexing still reaches an element.
    assert!(text.ends_with("x + y\n"), "{text}");
    // --json of a value too large to print: the note, and a flag instead of the items.
    let json: serde_json::Value =
        serde_json::from_str(stdout_of(&["--json", "-e", "range(1, 200000)"]).trim())
            .expect("json");
    assert_eq!(json["too_large"], true);
    assert!(json.get("items").is_none());
}

/// Issue 11: input without line breaks (/dev/zero) is read in bounded pieces and refused.
#[test]
fn endless_input_without_line_breaks_is_abandoned() {
    let out = ansatz()
        .arg("/dev/zero")
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the rest of the input is ignored"), "{err}");
    assert!(err.len() < 2000, "{} bytes of stderr", err.len());
}

/// Issue 11: 60,000 lines of errors took 35 s when each error re-read the rest of the input.
#[test]
fn many_failing_lines_are_read_in_linear_time() {
    let out = ansatz()
        .write_stdin("1+\n".repeat(60_000))
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let errors = String::from_utf8_lossy(&out.stderr)
        .matches("error:")
        .count();
    assert_eq!(errors, 60_000);
}

/// The per-statement time limit is a setting: a tight one stops a statement that runs for
/// seconds (diff(asin(erf(x)), x, 50) takes about 3 s), with the limit named.
#[test]
fn the_time_limit_is_an_option() {
    let started = std::time::Instant::now();
    let out = ansatz()
        .args([
            "--time-limit",
            "1",
            "-e",
            "diff(asin(erf(x)), x, 50)",
            "-e",
            "1 + 1",
        ])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .expect("runs");
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the running time of the statement is too large (limit: 1 s per statement"),
        "{err}"
    );
    // The statements after it still run.
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2\n");
    assert_eq!(out.status.code(), Some(1));
}
