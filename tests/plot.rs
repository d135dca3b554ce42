//! Plots: files written and valid at the requested size, breaks at poles and jumps and nowhere
//! else, rendering without any system font, error curves against independent values, and the
//! SVG structure of a fixed small plot.
//!
//! Reference values (mpmath 1.3, mp.dps = 40):
//!   sin(2) - (2 - 8/6)                              = 0.2426307601590150287293531992450781760356
//!   expm1(x) - (x + x^2/2 + x^3/6) at x = 1/1000    = 4.167500138908732639164489640952819159225e-14

use std::path::{Path, PathBuf};

use ansatz::Session;
use ansatz::plot::figure::{BreakKind, Figure};
use ansatz::session::Plotted;
use assert_cmd::Command;

/// Run the binary in `dir` with extra environment variables; its standard output, after
/// checking that it succeeded.
fn ansatz_in(dir: &Path, env: &[(&str, &Path)], args: &[&str]) -> String {
    let mut command = Command::cargo_bin("ansatz").unwrap();
    command.current_dir(dir).args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A fresh empty directory under the target directory (no temp-dir crate needed).
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("plot-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Run one plotting statement in a session; the plot value it returns.
fn plotted(text: &str) -> Plotted {
    let mut s = Session::new();
    let mut results = s.eval_line(text);
    assert_eq!(results.len(), 1);
    match results.remove(0) {
        Ok(o) => match o.value.downcast::<Plotted>() {
            Some(p) => p.clone(),
            None => panic!("{text}: expected a plot, got {:?}", o.value),
        },
        Err(e) => panic!("{text}: {e}"),
    }
}

fn error_of(text: &str) -> String {
    let mut s = Session::new();
    match s.eval_line(text).remove(0) {
        Ok(o) => panic!("{text}: expected an error, got {}", o.to_plain()),
        Err(e) => e.to_string(),
    }
}

fn file_in(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// `call` with `to = "<dir>/<file>"` added as its last argument.
fn with_target(dir: &Path, file: &str, call: &str) -> String {
    let open = call.strip_suffix(')').expect("a call");
    format!("{open}, to = \"{}\")", file_in(dir, file))
}

/// Plot `call` into `dir/file`.
fn plot_to(dir: &Path, file: &str, call: &str) -> Plotted {
    plotted(&with_target(dir, file, call))
}

/// The error of `call` writing into `dir/file`.
fn error_to(dir: &Path, file: &str, call: &str) -> String {
    error_of(&with_target(dir, file, call))
}

fn png_size(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

#[test]
fn contract_two_curves_to_svg_print_the_path() {
    let dir = scratch("contract-svg");
    let stdout = ansatz_in(
        &dir,
        &[],
        &[
            "-e",
            r#"plot([sin(x), x - x^3/6], x = [-3, 3], to = "t.svg")"#,
        ],
    );
    // Not a terminal: just the path, no preview.
    assert_eq!(stdout, "t.svg\n");
    let text = std::fs::read_to_string(dir.join("t.svg")).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("width"), Some("800"));
    assert_eq!(root.attribute("height"), Some("500"));
    // Drawn 8× larger than shown: curve points have sub-pixel positions (before, every
    // coordinate was a whole pixel and zoomed curves looked kinked).
    assert_eq!(root.attribute("viewBox"), Some("0 0 6400 4000"));
    let sub_pixel = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke-width") != Some("8"))
        .filter_map(|n| n.attribute("points"))
        .flat_map(|p| {
            p.split([' ', ','])
                .filter_map(|v| v.parse::<i64>().ok())
                .collect::<Vec<_>>()
        })
        .filter(|v| v % 8 != 0)
        .count();
    assert!(sub_pixel > 10, "only {sub_pixel} sub-pixel coordinates");
    // Two curves in two colours, and both names in the legend.
    let curve_colours: std::collections::BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .filter_map(|n| n.attribute("stroke"))
        .collect();
    assert!(curve_colours.len() >= 2, "{curve_colours:?}");
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(texts.contains(&"sin(x)"), "{texts:?}");
    assert!(texts.contains(&"x - x^3/6"), "{texts:?}");
}

#[test]
fn contract_tan_png_is_broken_at_every_pole() {
    let dir = scratch("contract-tan");
    let stdout = ansatz_in(
        &dir,
        &[],
        &["-e", r#"plot(tan(x), x = [-5, 5], to = "t.png")"#],
    );
    assert_eq!(stdout, "t.png\n");
    let (w, h, _) = png_size(&dir.join("t.png"));
    assert_eq!((w, h), (800, 500));

    let p = plot_to(&dir, "again.png", "plot(tan(x), x = [-5, 5])");
    let curve = &p.figure.curves[0];
    let poles = [-3.0, -1.0, 1.0, 3.0].map(|k: f64| k * std::f64::consts::FRAC_PI_2);
    assert_eq!(curve.breaks.len(), 4, "{:?}", curve.breaks);
    for (b, pole) in curve.breaks.iter().zip(poles) {
        assert_eq!(b.kind, BreakKind::Pole);
        assert!((b.at - pole).abs() < 1e-9, "{} vs {pole}", b.at);
    }
    assert_eq!(curve.pieces.len(), 5);
    no_segment_crosses_the_picture(&p.figure);
}

/// No drawn segment runs across most of the picture's height (a pole drawn as a line would).
fn no_segment_crosses_the_picture(figure: &Figure) {
    let (lo, hi) = figure.y_view;
    for curve in &figure.curves {
        for piece in figure.clipped_pieces(curve) {
            for w in piece.windows(2) {
                assert!(
                    (w[1][1] - w[0][1]).abs() < 0.5 * (hi - lo),
                    "segment {:?} -> {:?} crosses the view {lo}..{hi}",
                    w[0],
                    w[1]
                );
            }
        }
    }
}

#[test]
fn tan_breaks_at_each_pole_and_nowhere_else_for_any_grid() {
    let dir = scratch("tan-grids");
    for samples in [7, 50, 256, 1001, 4000] {
        let p = plot_to(
            &dir,
            "t.svg",
            &format!("plot(tan(x), x = [-10, 10], samples = {samples})"),
        );
        let at: Vec<f64> = p.figure.curves[0].breaks.iter().map(|b| b.at).collect();
        // The poles (k + 1/2)π in [-10, 10]: k = -3 ..= 2.
        let poles: Vec<f64> = (-3..=2)
            .map(|k| (f64::from(k) + 0.5) * std::f64::consts::PI)
            .collect();
        assert_eq!(at.len(), poles.len(), "samples = {samples}: {at:?}");
        for (b, pole) in at.iter().zip(&poles) {
            assert!(
                (b - pole).abs() < 1e-9,
                "samples = {samples}: {b} vs {pole}"
            );
        }
        no_segment_crosses_the_picture(&p.figure);
    }
}

#[test]
fn jumps_of_floor_and_sign_and_the_pole_of_one_over_x() {
    let dir = scratch("jumps");
    let p = plot_to(
        &dir,
        "j.svg",
        "plot([floor(x), sign(x), 1/x], x = [-2.5, 2.5])",
    );
    let kinds = |k: usize| -> Vec<(f64, BreakKind)> {
        p.figure.curves[k]
            .breaks
            .iter()
            .map(|b| (b.at, b.kind))
            .collect()
    };
    let floor = kinds(0);
    assert_eq!(floor.len(), 5, "{floor:?}");
    for ((at, kind), n) in floor.iter().zip(-2..=2) {
        assert!((at - f64::from(n)).abs() < 1e-12 && *kind == BreakKind::Jump);
    }
    let sign = kinds(1);
    assert_eq!(sign.len(), 1, "{sign:?}");
    assert!(sign[0].0.abs() < 1e-12 && sign[0].1 == BreakKind::Jump);
    let reciprocal = kinds(2);
    assert_eq!(reciprocal.len(), 1, "{reciprocal:?}");
    assert!(reciprocal[0].0.abs() < 1e-12 && reciprocal[0].1 == BreakKind::Pole);
    no_segment_crosses_the_picture(&p.figure);
}

#[test]
fn a_double_pole_is_one_break_for_any_grid() {
    let dir = scratch("double-pole");
    for samples in [9, 16, 100, 257, 1000] {
        let p = plot_to(
            &dir,
            "d.svg",
            &format!("plot([x/(x - 1)^2, 1/x^2], x = [-3, 3], samples = {samples})"),
        );
        for (curve, pole) in p.figure.curves.iter().zip([1.0, 0.0]) {
            assert_eq!(
                curve.breaks.len(),
                1,
                "samples = {samples}: {:?}",
                curve.breaks
            );
            assert_eq!(curve.breaks[0].kind, BreakKind::Pole);
            // Beside a double pole at 1 the step of f64 (2e-16) already moves 1/(x-1)^2 by
            // more than a pixel within 1e-5 of it: that is as close as it can be located.
            assert!(
                (curve.breaks[0].at - pole).abs() < 1e-4,
                "{:?}",
                curve.breaks
            );
        }
        no_segment_crosses_the_picture(&p.figure);
    }
}

#[test]
fn undefined_stretches_are_gaps_and_the_rest_is_kept() {
    let dir = scratch("gaps");
    let p = plot_to(&dir, "g.svg", "plot([sqrt(x^2 - 1), log(x)], x = [-2, 2])");
    let sqrt = &p.figure.curves[0];
    assert_eq!(sqrt.pieces.len(), 2);
    // Each side reaches close to the edge of the domain, |x| = 1.
    let inner = [sqrt.pieces[0].last().unwrap()[0], sqrt.pieces[1][0][0]];
    assert!(
        (inner[0] + 1.0).abs() < 1e-3 && (inner[1] - 1.0).abs() < 1e-3,
        "{inner:?}"
    );
    let log = &p.figure.curves[1];
    assert_eq!(log.pieces.len(), 1);
    assert!(log.pieces[0].iter().all(|p| p[0] > 0.0));
}

#[test]
fn overflow_and_a_logarithm_at_the_edge_are_one_pole_each() {
    let dir = scratch("edges");
    // exp(x) leaves the doubles at x = log(f64::MAX) = 709.782712893384.
    let p = plot_to(&dir, "o.svg", "plot(exp(x), x = [0, 1000])");
    let breaks = &p.figure.curves[0].breaks;
    assert_eq!(breaks.len(), 1, "{breaks:?}");
    assert!(
        (breaks[0].at - 709.782_712_893_384).abs() < 0.01,
        "{breaks:?}"
    );
    // log(x) at 0 is -inf: a pole at the end, and the view leaves out its last 2%.
    let p = plot_to(&dir, "l.svg", "plot(log(x), x = [0, 1])");
    let breaks = &p.figure.curves[0].breaks;
    assert_eq!(breaks.len(), 1, "{breaks:?}");
    assert_eq!(breaks[0].at, 0.0);
    let (lo, hi) = p.figure.y_view;
    assert!(lo > -5.0 && lo < 0.02f64.ln() && hi > 0.0, "{lo} {hi}");
}

#[test]
fn contract_errors_are_clear_and_leave_nothing_behind() {
    let dir = scratch("errors");
    let empty = error_to(&dir, "t.svg", "plot(x^2, x = [1, 0])");
    assert!(empty.contains("non-empty range"), "{empty}");
    let gif = error_to(&dir, "t.gif", "plot(x^2, x = [0, 1])");
    assert!(
        gif.contains(".gif") && gif.contains(".svg") && gif.contains(".png"),
        "{gif}"
    );
    let unwritable = error_to(&dir, "no-such-directory/t.png", "plot(x^2, x = [0, 1])");
    assert!(unwritable.contains("cannot write"), "{unwritable}");
    // A directory in the way of the file: the rename fails after rendering.
    std::fs::create_dir(dir.join("taken.svg")).unwrap();
    let blocked = error_to(&dir, "taken.svg", "plot(x^2, x = [0, 1])");
    assert!(blocked.contains("cannot write"), "{blocked}");
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        vec!["taken.svg".to_string()],
        "files left behind: {left:?}"
    );
}

#[test]
fn renders_with_no_system_fonts_at_all() {
    let dir = scratch("no-fonts");
    let config = dir.join("empty-fonts.conf");
    std::fs::write(
        &config,
        "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n",
    )
    .unwrap();
    ansatz_in(
        &dir,
        &[
            ("FONTCONFIG_FILE", config.as_path()),
            ("FONTCONFIG_PATH", dir.as_path()),
            ("XDG_DATA_HOME", dir.as_path()),
        ],
        &[
            "-e",
            r#"plot(x^2, x = [0, 1], title = "Parabola", size = [400, 300], to = "f.png")"#,
            "-e",
            r#"plot(x^2, x = [0, 1], title = "Parabola", to = "f.svg")"#,
        ],
    );
    let (w, h, pixels) = png_size(&dir.join("f.png"));
    assert_eq!((w, h), (400, 300));
    // The title is drawn: dark pixels in the top band, centred.
    let channels = pixels.len() / (w * h) as usize;
    let dark = (0..30)
        .flat_map(|y| (150..250).map(move |x| (y, x)))
        .filter(|&(y, x)| {
            let i = (y * w as usize + x) * channels;
            pixels[i] < 100 && pixels[i + 1] < 100 && pixels[i + 2] < 100
        })
        .count();
    assert!(dark > 20, "no title text drawn ({dark} dark pixels)");
    let svg = std::fs::read_to_string(dir.join("f.svg")).unwrap();
    assert!(svg.contains("Parabola"));
}

#[test]
fn requested_size_and_png_validity() {
    let dir = scratch("size");
    let path = dir.join("s.png");
    plot_to(
        &dir,
        "s.png",
        "plot(sin(x), x = [0, 10], size = [321, 123])",
    );
    assert_eq!(png_size(&path).0, 321);
    assert_eq!(png_size(&path).1, 123);
}

#[test]
fn parametric_points_lie_on_the_curve() {
    let dir = scratch("parametric");
    let p = plot_to(
        &dir,
        "p.svg",
        "plot([cos(t), sin(2t)], t = [0, 2*pi], parametric = true)",
    );
    let c = &p.figure.curves[0];
    assert_eq!(c.pieces.len(), 1);
    assert!(c.point_count() > 200);
    // x = cos t, y = sin 2t = 2 sin t cos t, so y^2 = 4 x^2 (1 - x^2).
    for [x, y] in c.pieces.iter().flatten() {
        assert!((y * y - 4.0 * x * x * (1.0 - x * x)).abs() < 1e-12);
    }
    // The view holds the whole curve: [-1, 1] in both directions, padded.
    assert!(p.figure.x_view.0 < -1.0 && p.figure.x_view.1 > 1.0);
}

#[test]
fn error_curve_maximum_matches_the_reference() {
    let dir = scratch("error");
    let p = plot_to(&dir, "e.svg", "plot_error(sin(x), x - x^3/6, x = [-2, 2])");
    let (_, m) = &p.maxima[0];
    assert!((m.x.abs() - 2.0).abs() < 1e-12, "{m:?}");
    let reference = 0.242_630_760_159_015_03;
    assert!((m.error.abs() - reference).abs() < 1e-14, "{m:?}");
    assert_eq!(p.figure.markers.len(), 1);
}

#[test]
fn error_curve_below_double_rounding_is_sampled_in_mpfr() {
    let dir = scratch("error-precise");
    let p = plot_to(
        &dir,
        "e.svg",
        "plot_error(exp(x) - 1, x + x^2/2 + x^3/6, x = [-1/1000, 1/1000])",
    );
    let (_, m) = &p.maxima[0];
    let reference = 4.167_500_138_908_733e-14;
    assert!((m.x - 1e-3).abs() < 1e-12, "{m:?}");
    assert!((m.error - reference).abs() < 1e-9 * reference, "{m:?}");
    // The sampled curve is smooth (x^4/24), not rounding noise: it never goes below zero by
    // more than a hair and it is one piece.
    let c = &p.figure.curves[0];
    assert_eq!(c.pieces.len(), 1);
    for [x, y] in c.pieces.iter().flatten() {
        let expected = x.powi(4) / 24.0;
        assert!(
            (y - expected).abs() < 1e-3 * reference,
            "{x}: {y} vs {expected}"
        );
    }
}

#[test]
fn a_graph_that_cancels_in_doubles_is_sampled_in_mpfr() {
    // In doubles exp(x) - 1 - x - x^2/2 - x^3/6 near 0 is rounding noise (its terms are ~1,
    // its value ~4e-14); the true curve is x^4/24 + x^5/120 + ... (Taylor).
    let p = plot_to(
        &scratch("cancel"),
        "c.svg",
        "plot(exp(x) - 1 - x - x^2/2 - x^3/6, x = [-1/1000, 1/1000])",
    );
    let c = &p.figure.curves[0];
    assert_eq!(c.pieces.len(), 1);
    assert!(c.breaks.is_empty(), "{:?}", c.breaks);
    for [x, y] in c.pieces.iter().flatten() {
        let taylor = x.powi(4) / 24.0 + x.powi(5) / 120.0;
        assert!((y - taylor).abs() <= 1e-6 * 4.2e-14, "{x}: {y} vs {taylor}");
    }
}

#[test]
fn data_tables_and_lists_become_point_series() {
    let dir = scratch("data");
    let p = plot_to(&dir, "d.svg", "plot_points([[0, 1], [1, 3], [2, 2]])");
    assert_eq!(
        p.figure.curves[0].pieces[0],
        vec![[0.0, 1.0], [1.0, 3.0], [2.0, 2.0]]
    );
    let table = plot_to(
        &dir,
        "t.svg",
        "plot([[0, 1, 5], [1, 2, 6], [2, 4, 8]], legend = [\"a\", \"b\"])",
    );
    assert_eq!(table.figure.curves.len(), 2);
    assert_eq!(table.figure.curves[1].label, "b");
    assert_eq!(table.figure.curves[1].pieces[0][2], [2.0, 8.0]);
    let roots = plot_to(&dir, "r.svg", "plot_points(roots(x^4 - 1, x))");
    let mut pts = roots.figure.curves[0].pieces[0].clone();
    pts.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    let expected = [[-1.0, 0.0], [0.0, -1.0], [0.0, 1.0], [1.0, 0.0]];
    for (p, e) in pts.iter().zip(expected) {
        assert!(
            (p[0] - e[0]).abs() < 1e-15 && (p[1] - e[1]).abs() < 1e-15,
            "{pts:?}"
        );
    }
}

#[test]
fn log_axes() {
    let dir = scratch("log");
    let p = plot_to(&dir, "l.png", "plot(exp(x), x = [0, 20], logy = true)");
    let (lo, hi) = p.figure.y_view;
    assert!(
        lo > 0.0 && lo < 1.0 && hi > 20f64.exp() && hi < 1e10,
        "{lo} {hi}"
    );
    // On a log y axis exp is a straight line: the sampler needs no refinement beyond the grid.
    assert!(p.figure.curves[0].point_count() < 300);
    let bad = error_to(&dir, "l.svg", "plot(log(x), x = [-1, 10], logx = true)");
    assert!(bad.contains("logarithmic"), "{bad}");
}

#[test]
fn hostile_options_are_refused_quickly() {
    let dir = scratch("hostile");
    for (call, expect) in [
        ("plot(x, x = [0, 1], samples = 10^12)", "samples"),
        ("plot(x, x = [0, 1], size = [10^6, 100])", "side"),
        ("plot(x, x = [0, 1], size = [10, 100])", "at least 64"),
        ("plot(x*y, x = [0, 1])", "'y' has no value"),
        ("plot(x, x = [0, 1], bogus = 3)", "no option 'bogus'"),
        ("plot_points([[1, 2]], samples = 3)", "no option 'samples'"),
        (
            "plot(x, x = [0, 1e400])",
            "too large for a double-precision range",
        ),
        ("plot(x, x = [0, a])", "two real numbers"),
        // 100 curves of 2,000,000 samples took 5 GB before the total was bounded.
        (
            "plot([sin(x), cos(x), sin(2x)], x = [0, 1], samples = 2000000)",
            "MAX_PLOT_TOTAL_SAMPLES",
        ),
    ] {
        let e = error_to(&dir, "h.svg", call);
        assert!(e.contains(expect), "{call}: {e}");
    }
    let many: Vec<String> = (0..101).map(|k| format!("x + {k}")).collect();
    let e = error_to(
        &dir,
        "h.svg",
        &format!("plot([{}], x = [0, 1])", many.join(", ")),
    );
    assert!(e.contains("curves"), "{e}");
}

/// The structure of an SVG: each element's name with its attribute names, and text contents,
/// one line per element (coordinates are left out so the snapshot pins what is drawn, not where).
fn svg_structure(text: &str) -> String {
    let doc = roxmltree::Document::parse(text).unwrap();
    let mut lines = Vec::new();
    for n in doc.descendants().filter(|n| n.is_element()) {
        let mut attrs: Vec<&str> = n.attributes().map(|a| a.name()).collect();
        attrs.sort();
        let mut line = format!("{} [{}]", n.tag_name().name(), attrs.join(" "));
        if let Some(t) = n.text().map(str::trim).filter(|t| !t.is_empty()) {
            line.push_str(&format!(" {t:?}"));
        }
        lines.push(line);
    }
    // Collapse runs of identical lines (mesh lines) into one with a count.
    let mut out: Vec<String> = Vec::new();
    let mut count = 0;
    for (i, l) in lines.iter().enumerate() {
        count += 1;
        if lines.get(i + 1) != Some(l) {
            out.push(if count > 1 {
                format!("{l} ×{count}")
            } else {
                l.clone()
            });
            count = 0;
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn svg_structure_snapshot() {
    let p = plotted(&format!(
        "plot([x, x^2], x = [0, 1], size = [320, 200], title = \"snapshot\", to = \"{}\")",
        file_in(&scratch("snapshot"), "s.svg")
    ));
    let svg = ansatz::plot::render::svg_string(&p.figure).unwrap();
    let actual = svg_structure(&svg);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/plot_structure.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "run with UPDATE_SNAPSHOTS=1 to accept a deliberate change"
    );
}

/// Ranges at the edge of double range used to hang the backend's tick search (issue 11); each
/// is now drawn over a view the backend can handle, and a large offset gets distinct labels.
#[test]
fn extreme_ranges_are_drawn_and_ticks_on_an_offset_are_distinct() {
    let dir = scratch("extreme");
    for call in [
        "plot(x, x = [0, 1], yrange = [-1e308, 1e308])",
        "plot(x, x = [1e-320, 1], logx)",
        "plot(x*1e300, x = [-1e10, 1e10])",
    ] {
        let p = plot_to(&dir, "e.svg", call);
        let (x, y) = (p.figure.x_view, p.figure.y_view);
        assert!(
            x.0.is_finite()
                && x.1.is_finite()
                && x.0 < x.1
                && y.0.is_finite()
                && y.1.is_finite()
                && y.0 < y.1,
            "{call}: {x:?} {y:?}"
        );
    }
    // A curve that lives entirely beyond the drawable magnitudes is an error, not an empty
    // picture.
    let e = error_to(&dir, "b.svg", "plot(2^1023, x = [0, 1], logy)");
    assert!(e.contains("beyond the range a plot can draw"), "{e}");
    let p = plot_to(&dir, "o.svg", "plot(1e12 + x, x = [0, 1])");
    let span = p.figure.y_view.1 - p.figure.y_view.0;
    assert!(span < 2.0, "the view keeps the curve's width: {span}");
    let labels: Vec<String> = [0.2, 0.4, 0.6]
        .iter()
        .map(|t| ansatz::plot::figure::axis_label(1e12 + t, span))
        .collect();
    assert!(
        labels[0] != labels[1] && labels[1] != labels[2],
        "{labels:?}"
    );
    assert_eq!(ansatz::plot::figure::axis_label(-5.551e-17, 2.0), "0");
}

#[test]
fn plot_without_to_keeps_an_existing_plot_svg() {
    let dir = scratch("fresh");
    let here = std::env::current_dir().unwrap();
    // The session writes relative to the working directory; move there for this statement
    // only through absolute paths in the check.
    std::fs::write(dir.join("plot.svg"), "mine").unwrap();
    let name = {
        let _guard = CWD.lock().unwrap_or_else(|e| e.into_inner());
        std::env::set_current_dir(&dir).unwrap();
        let p = plotted("plot(x, x = [0, 1])");
        std::env::set_current_dir(&here).unwrap();
        p.path
    };
    assert_eq!(name, "plot-2.svg");
    assert_eq!(
        std::fs::read_to_string(dir.join("plot.svg")).unwrap(),
        "mine"
    );
    assert!(dir.join("plot-2.svg").exists());
}

/// Tests that change the working directory take turns.
static CWD: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Poles of large growth do not flatten the curve: the automatic vertical range follows where
/// the curve lives across x (gamma within ±60 here, Γ(4.9) = 20.667 visible), while a curve
/// that simply grows (exp on [0, 20]) is shown whole.
#[test]
fn spikes_at_poles_do_not_set_the_vertical_range() {
    let dir = scratch("robust");
    let g = plot_to(&dir, "g.svg", "plot(gamma(x), x = [-4, 5])");
    let (lo, hi) = g.figure.y_view;
    assert!(lo > -500.0 && hi < 500.0 && hi > 20.667, "{lo} {hi}");
    // Its breaks are the poles at -3, -2, -1 and 0 (where gamma is undefined), not jumps.
    let poles: Vec<(f64, String)> = g.figure.curves[0]
        .breaks
        .iter()
        .map(|b| (b.at, format!("{:?}", b.kind)))
        .collect();
    assert_eq!(poles.len(), 4, "{poles:?}");
    for ((at, kind), pole) in poles.iter().zip([-3.0, -2.0, -1.0, 0.0]) {
        assert!((at - pole).abs() < 1e-9 && kind == "Pole", "{poles:?}");
    }
    let e = plot_to(&dir, "e.svg", "plot(exp(x), x = [0, 20])");
    assert!(e.figure.y_view.1 >= 20f64.exp(), "{:?}", e.figure.y_view);
}

/// Complex numbers are drawn in the plane with Re and Im axes on one scale (the roots of
/// x^7 - 1 lie on a circle that looks round).
#[test]
fn complex_points_use_equal_axis_scales() {
    let dir = scratch("plane");
    let p = plot_to(&dir, "r.svg", "plot_points(roots(x^7 - 1, x))");
    assert_eq!(
        (p.figure.xlabel.as_str(), p.figure.ylabel.as_str()),
        ("Re", "Im")
    );
    let (x, y) = (p.figure.x_view, p.figure.y_view);
    let (w, h) = (f64::from(p.figure.size.0), f64::from(p.figure.size.1));
    let (ux, uy) = ((x.1 - x.0) / w, (y.1 - y.0) / h);
    assert!((ux / uy - 1.0).abs() < 1e-9, "{x:?} {y:?}");
}

/// The legend's box (the translucent white rectangle) and the curve points inside it.
fn points_under_legend(svg: &str) -> (bool, usize) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let Some(legend) = doc
        .descendants()
        .find(|n| n.has_tag_name("rect") && n.attribute("opacity") == Some("0.85"))
    else {
        return (false, 0);
    };
    let num = |a: &str| {
        legend
            .attribute(a)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let (x, y, w, h) = (num("x"), num("y"), num("width"), num("height"));
    let inside = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some("#1F77B4"))
        .filter_map(|n| n.attribute("points"))
        // The legend's own swatch is a two-point line inside it.
        .filter(|p| p.split_whitespace().count() > 2)
        .flat_map(|p| {
            p.split_whitespace()
                .filter_map(|xy| xy.split_once(','))
                .filter_map(|(a, b)| Some((a.parse::<f64>().ok()?, b.parse::<f64>().ok()?)))
                .collect::<Vec<_>>()
        })
        .filter(|&(px, py)| px > x && px < x + w && py > y && py < y + h)
        .count();
    (true, inside)
}

#[test]
fn the_legend_never_sits_on_a_curve_and_error_maxima_are_in_it() {
    let dir = scratch("legend");
    // A Lissajous figure crosses every corner: the view gets a band for the legend.
    ansatz_in(
        &dir,
        &[],
        &[
            "-e",
            r#"plot([cos(3*t), sin(2*t)], t = [0, 2*pi], parametric = true, legend = ["Lissajous"], to = "l.svg")"#,
        ],
    );
    let (found, inside) = points_under_legend(&std::fs::read_to_string(dir.join("l.svg")).unwrap());
    assert!(found, "no legend drawn");
    assert_eq!(inside, 0, "{inside} curve points under the legend");
    // plot_error: each maximum is written in the legend (no free text that could overlap).
    ansatz_in(
        &dir,
        &[],
        &[
            "-e",
            r#"plot_error(exp(x), [1 + x, 1 + x + x^2/2], x = [-1, 1], to = "e.svg")"#,
        ],
    );
    let svg = std::fs::read_to_string(dir.join("e.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("SVG");
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect();
    assert!(
        texts.contains(&"exp(x) - (x + 1): max 0.71828 at x = 1".to_string()),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.starts_with("max ")), "{texts:?}");
    assert_eq!(points_under_legend(&svg).1, 0);
}

#[test]
fn exp_of_one_over_x_has_one_singularity_at_zero_not_two_invented_poles() {
    let dir = scratch("exp-inverse");
    let out = ansatz_in(
        &dir,
        &[],
        &[
            "--json",
            "-e",
            r#"plot(exp(1/x), x = [-1, 1], to = "e.svg")"#,
        ],
    );
    let json: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    let breaks = json["curves"][0]["breaks"]
        .as_array()
        .expect("breaks")
        .clone();
    assert_eq!(breaks.len(), 1, "{breaks:?}");
    let at = breaks[0]["at"].as_f64().expect("at");
    assert!(at.abs() < 1e-3, "the singularity is at 0, reported at {at}");
}

#[test]
fn ticks_on_a_large_offset_are_distinct_and_in_one_style() {
    let dir = scratch("offset-ticks");
    ansatz_in(
        &dir,
        &[],
        &["-e", r#"plot(1e12 + x, x = [0, 1], to = "o.svg")"#],
    );
    let svg = std::fs::read_to_string(dir.join("o.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("SVG");
    let labels: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .filter(|t| t.ends_with("e12"))
        .collect();
    assert!(labels.len() >= 3, "{labels:?}");
    let distinct: std::collections::BTreeSet<&String> = labels.iter().collect();
    assert_eq!(distinct.len(), labels.len(), "{labels:?}");
    assert!(
        labels.iter().all(|l| l.len() == labels[0].len()),
        "{labels:?}"
    );
}

/// A curve only MPFR can evaluate, and slowly (softfloor sums 101 normal CDFs; about 10 ms a
/// point at 128 bits), gets as many points as a time budget allows, measured on the probe: the
/// fuzzer's `plot(0.1/softfloor(x, pi), …)` ran into the 10 s statement limit. Its one pole
/// (softfloor(x, pi) = 0 between 0.4 and 0.6) is still a single break, and the steep approach
/// to it is drawn, not cut into dashes.
#[test]
fn a_slow_mpfr_curve_is_sampled_within_its_budget() {
    let dir = scratch("slow-mpfr");
    let p = plot_to(&dir, "s.svg", "plot(0.1/softfloor(x, pi), x = [-1, 1])");
    let curve = &p.figure.curves[0];
    assert_eq!(curve.breaks.len(), 1, "{:?}", curve.breaks);
    assert_eq!(curve.breaks[0].kind, BreakKind::Pole);
    assert!(
        (0.4..0.6).contains(&curve.breaks[0].at),
        "{:?}",
        curve.breaks
    );
    assert_eq!(curve.pieces.len(), 2);
}
