//! The terminal preview: a figure drawn with Unicode braille characters, each cell a 2×4 grid
//! of dots, so the shape of the curves shows at the prompt without opening the file. The same
//! clipped pieces as the image are drawn; each cell takes the colour of the last curve that
//! touched it (ANSI 24-bit colour, only when asked for).

use std::fmt::Write as _;

use super::figure::{Figure, Mark, format_value};
use super::render::curve_colour;

/// The bit of dot (column `c`, row `r`) in a braille cell (Unicode's dot numbering).
const DOT_BITS: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];

struct Canvas {
    cols: usize,
    rows: usize,
    bits: Vec<u8>,
    owner: Vec<Option<usize>>,
}

impl Canvas {
    fn new(cols: usize, rows: usize) -> Canvas {
        Canvas {
            cols,
            rows,
            bits: vec![0; cols * rows],
            owner: vec![None; cols * rows],
        }
    }
    fn width(&self) -> f64 {
        (2 * self.cols) as f64
    }
    fn height(&self) -> f64 {
        (4 * self.rows) as f64
    }
    fn dot(&mut self, x: f64, y: f64, curve: usize) {
        if !(x >= 0.0 && y >= 0.0 && x < self.width() && y < self.height()) {
            return;
        }
        let (dx, dy) = (x as usize, y as usize);
        let cell = (dy / 4) * self.cols + dx / 2;
        self.bits[cell] |= DOT_BITS[dx % 2][dy % 4];
        self.owner[cell] = Some(curve);
    }
    /// A straight line of dots, one per dot-step of its longer side.
    fn line(&mut self, a: (f64, f64), b: (f64, f64), curve: usize) {
        let steps = (b.0 - a.0).abs().max((b.1 - a.1).abs()).ceil().max(1.0);
        // Clipped input keeps both ends on the canvas, so `steps` is at most its perimeter.
        let n = steps.min(4.0 * (self.width() + self.height())) as usize;
        for k in 0..=n {
            let t = k as f64 / n as f64;
            self.dot(a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1), curve);
        }
    }
}

fn paint(text: &str, curve: usize, colour: bool) -> String {
    if colour {
        let (r, g, b) = curve_colour(curve);
        format!("\x1b[38;2;{r};{g};{b}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// The figure as `rows` lines of `cols` braille cells, with the y range on the left, the x
/// range below and a legend line.
pub fn braille(figure: &Figure, cols: usize, rows: usize, colour: bool) -> String {
    let (cols, rows) = (cols.max(8), rows.max(2));
    let mut canvas = Canvas::new(cols, rows);
    let view = figure.display_view();
    let (w, h) = (canvas.width(), canvas.height());
    let to_canvas = |p: [f64; 2]| {
        let [x, y] = figure.to_display(p);
        (
            (x - view.x.0) / (view.x.1 - view.x.0) * (w - 1.0) + 0.5,
            (view.y.1 - y) / (view.y.1 - view.y.0) * (h - 1.0) + 0.5,
        )
    };
    for (k, curve) in figure.curves.iter().enumerate() {
        match curve.mark {
            Mark::Line => {
                for piece in figure.clipped_pieces(curve) {
                    let dots: Vec<(f64, f64)> = piece.iter().map(|p| to_canvas(*p)).collect();
                    if let [only] = dots.as_slice() {
                        canvas.dot(only.0, only.1, k);
                    }
                    for pair in dots.windows(2) {
                        canvas.line(pair[0], pair[1], k);
                    }
                }
            }
            Mark::Points => {
                for p in curve.pieces.iter().flatten() {
                    let (x, y) = to_canvas(*p);
                    canvas.dot(x, y, k);
                }
            }
        }
    }
    for (i, m) in figure.markers.iter().enumerate() {
        let (x, y) = to_canvas(m.at);
        canvas.dot(x, y, figure.curves.len() + i);
    }

    let top = format_value(figure.y_view.1, 4);
    let bottom = format_value(figure.y_view.0, 4);
    let margin = top.chars().count().max(bottom.chars().count());
    let mut out = String::new();
    for r in 0..rows {
        let (label, tick) = match r {
            0 => (top.as_str(), '┤'),
            _ if r == rows - 1 => (bottom.as_str(), '┤'),
            _ => ("", '│'),
        };
        let _ = write!(out, "{label:>margin$} {tick}");
        for c in 0..cols {
            let cell = r * cols + c;
            let ch = char::from_u32(0x2800 + u32::from(canvas.bits[cell])).unwrap_or(' ');
            match canvas.owner[cell] {
                Some(k) if k < figure.curves.len() => {
                    out.push_str(&paint(&ch.to_string(), k, colour))
                }
                _ => out.push(ch),
            }
        }
        out.push('\n');
    }
    let left = format_value(figure.x_view.0, 4);
    let right = format_value(figure.x_view.1, 4);
    let gap = (cols + 1).saturating_sub(left.chars().count() + right.chars().count());
    let _ = write!(
        out,
        "{:margin$} └{}\n{:margin$}  {left}{:gap$}{right}",
        "",
        "─".repeat(cols),
        "",
        ""
    );
    let legend: Vec<String> = figure
        .curves
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.label.is_empty())
        .map(|(k, c)| format!("{} {}", paint("━━", k, colour), c.legend_label()))
        .chain(figure.markers.iter().map(|m| format!("• {}", m.label)))
        .collect();
    if !legend.is_empty() {
        let _ = write!(out, "\n{:margin$}  {}", "", legend.join("   "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::figure::{Curve, Scale};

    fn figure(points: Vec<[f64; 2]>) -> Figure {
        Figure {
            title: None,
            xlabel: "x".into(),
            ylabel: String::new(),
            curves: vec![Curve {
                label: "y = x".into(),
                mark: Mark::Line,
                pieces: vec![points],
                breaks: vec![],
                core: None,
            }],
            markers: vec![],
            xscale: Scale::Linear,
            yscale: Scale::Linear,
            x_view: (0.0, 1.0),
            y_view: (0.0, 1.0),
            size: (600, 400),
        }
    }

    #[test]
    fn a_diagonal_fills_the_corners_and_leaves_the_others_empty() {
        let text = braille(&figure(vec![[0.0, 0.0], [1.0, 1.0]]), 10, 5, false);
        let rows: Vec<Vec<char>> = text
            .lines()
            .take(5)
            .map(|l| {
                l.chars()
                    .skip_while(|c| !matches!(c, '┤' | '│'))
                    .skip(1)
                    .collect()
            })
            .collect();
        // Bottom-left and top-right cells are inked; top-left and bottom-right are blank.
        assert_ne!(rows[4][0], '\u{2800}');
        assert_ne!(rows[0][9], '\u{2800}');
        assert_eq!(rows[0][0], '\u{2800}');
        assert_eq!(rows[4][9], '\u{2800}');
        assert!(text.contains("y = x"));
    }
}
