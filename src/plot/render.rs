//! Drawing figures and pixel images with plotters, as SVG or PNG (chosen by the file name).
//!
//! One drawing routine serves both formats: it is generic over the plotters backend. Text uses
//! DejaVu Sans compiled into the program and registered with plotters' `ab_glyph` font table,
//! so nothing depends on the fonts (or fontconfig) of the machine. A file is written under a
//! temporary name in the target directory and renamed into place, so a failure never leaves
//! half a file behind.

use std::path::{Path, PathBuf};
use std::sync::Once;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::figure::{Figure, Mark, Point, Scale, axis_label};

/// DejaVu Sans (Bitstream Vera licence, see `fonts/LICENSE-DejaVu`).
static DEJAVU_SANS: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");

/// Colours of successive curves (the Tableau 10 palette: distinct, readable on white).
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// The colour of curve `k` (shared with the terminal preview's legend).
pub fn curve_colour(k: usize) -> (u8, u8, u8) {
    PALETTE[k % PALETTE.len()].rgb()
}

/// Why an image could not be written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RenderError {
    #[error("unsupported image format '{0}' (supported: .svg, .png)")]
    Format(String),
    #[error("unsupported format '{0}' for a pixel image (supported: .png)")]
    PixelFormat(String),
    #[error("cannot write {path}: {reason}")]
    Write { path: String, reason: String },
}

/// The file formats ansatz writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

impl ImageFormat {
    /// The format named by the file's extension.
    pub fn of(path: &Path) -> Result<ImageFormat, RenderError> {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("svg") => Ok(ImageFormat::Svg),
            Some(e) if e.eq_ignore_ascii_case("png") => Ok(ImageFormat::Png),
            other => Err(RenderError::Format(
                other.map_or_else(|| "(no extension)".to_string(), |e| format!(".{e}")),
            )),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
        }
    }
}

/// Register the bundled font as plotters' "sans-serif" (once per process).
fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are a valid TrueType file compiled in; a failure would show as missing
        // text, and the tests render text.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, DEJAVU_SANS);
    });
}

/// Write to a temporary file beside `path` with `write`, then rename it into place.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), RenderError> {
    let name = path
        .file_name()
        .map_or_else(|| "image".into(), |n| n.to_string_lossy().into_owned());
    let extension = path
        .extension()
        .map_or_else(String::new, |e| format!(".{}", e.to_string_lossy()));
    let temporary: PathBuf =
        path.with_file_name(format!(".{name}.{}.partial{extension}", std::process::id()));
    let failed = |reason: String| {
        let _ = std::fs::remove_file(&temporary);
        RenderError::Write {
            path: path.display().to_string(),
            reason,
        }
    };
    write(&temporary).map_err(failed)?;
    std::fs::rename(&temporary, path).map_err(|e| failed(e.to_string()))
}

/// Raster pictures are drawn at this many times their size and averaged down, which smooths
/// lines (plotters' bitmap lines are not anti-aliased)...
const SUPERSAMPLE: u32 = 2;
/// ...unless the enlarged picture would exceed this many pixels.
const SUPERSAMPLE_MAX_PIXELS: u64 = 16_000_000;

/// Draw `figure` into the file `path` (SVG or PNG by its extension).
pub fn write_figure(figure: &Figure, path: &Path) -> Result<ImageFormat, RenderError> {
    let format = ImageFormat::of(path)?;
    register_font();
    let size = figure.size;
    write_atomically(path, |temporary| match format {
        ImageFormat::Svg => {
            let text = svg_string(figure).map_err(|e| e.to_string())?;
            std::fs::write(temporary, text).map_err(|e| e.to_string())
        }
        ImageFormat::Png => {
            let (w, h) = size;
            let k = if u64::from(w * SUPERSAMPLE) * u64::from(h * SUPERSAMPLE)
                <= SUPERSAMPLE_MAX_PIXELS
            {
                SUPERSAMPLE
            } else {
                1
            };
            let mut big = vec![0u8; (w * k) as usize * (h * k) as usize * 3];
            {
                let root = BitMapBackend::with_buffer(&mut big, (w * k, h * k)).into_drawing_area();
                draw_figure(&root, figure, k)?;
                root.present().map_err(|e| e.to_string())?;
            }
            encode_png(temporary, w, h, &downsample(&big, w, h, k))
        }
    })?;
    Ok(format)
}

/// Average `k × k` blocks of an RGB image `(w k) × (h k)` into `w × h`.
fn downsample(big: &[u8], w: u32, h: u32, k: u32) -> Vec<u8> {
    if k == 1 {
        return big.to_vec();
    }
    let (w, h, k) = (w as usize, h as usize, k as usize);
    let mut out = vec![0u8; w * h * 3];
    for y in 0..h {
        for x in 0..w {
            for c in 0..3 {
                let mut sum = 0u32;
                for dy in 0..k {
                    for dx in 0..k {
                        sum += u32::from(big[((y * k + dy) * w * k + x * k + dx) * 3 + c]);
                    }
                }
                out[(y * w + x) * 3 + c] = ((sum + (k * k / 2) as u32) / (k * k) as u32) as u8;
            }
        }
    }
    out
}

/// Write an 8-bit RGB PNG.
fn encode_png(path: &Path, w: u32, h: u32, rgb: &[u8]) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())
}

/// SVG pictures are drawn this many times larger and shown at their size through the
/// viewBox: plotters' backends take whole-pixel coordinates, so this keeps 1/8 pixel of
/// precision (curves would otherwise look kinked when zoomed).
const SVG_SCALE: u32 = 8;

/// Render `figure` as an SVG document in memory (files, tests and embedding).
pub fn svg_string(figure: &Figure) -> Result<String, RenderError> {
    register_font();
    let (w, h) = figure.size;
    let (big_w, big_h) = (w * SVG_SCALE, h * SVG_SCALE);
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (big_w, big_h)).into_drawing_area();
        let fail = |reason: String| RenderError::Write {
            path: "(memory)".into(),
            reason,
        };
        draw_figure(&root, figure, SVG_SCALE).map_err(fail)?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    // Shown at the figure's size; drawn in the enlarged coordinate system.
    let header = format!("width=\"{big_w}\" height=\"{big_h}\" viewBox=\"0 0 {big_w} {big_h}\"");
    let shown = format!("width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {big_w} {big_h}\"");
    Ok(text.replacen(&header, &shown, 1))
}

/// A picture made of pixels (Newton basins) with axes, markers and a colour key.
pub struct PixelPlot<'a> {
    /// Row-major RGB, `width × height`, the first row at the top (largest y).
    pub pixels: &'a [[u8; 3]],
    pub width: u32,
    pub height: u32,
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// Points marked on the picture (black dots ringed in white).
    pub markers: Vec<(f64, f64)>,
    /// The colour key: a swatch and a line of text each.
    pub key: Vec<([u8; 3], String)>,
}

/// Margins around the pixels of a [`PixelPlot`]: left (y labels), bottom (x labels), top,
/// right (the key).
const PIXEL_MARGINS: (u32, u32, u32, u32) = (84, 48, 12, 230);

/// Write a [`PixelPlot`] as a PNG: the pixels one to one inside labelled axes.
pub fn write_pixel_plot(path: &Path, plot: &PixelPlot) -> Result<(), RenderError> {
    match ImageFormat::of(path) {
        Ok(ImageFormat::Png) => {}
        Ok(ImageFormat::Svg) => return Err(RenderError::PixelFormat(".svg".into())),
        Err(RenderError::Format(other)) => return Err(RenderError::PixelFormat(other)),
        Err(e) => return Err(e),
    }
    register_font();
    let (left, bottom, top, right) = PIXEL_MARGINS;
    // An outer margin on the left keeps the rotated y description inside the picture.
    let outer = 14;
    let (w, h) = (
        plot.width + left + right + outer,
        plot.height + top + bottom,
    );
    let mut rgb = vec![255u8; (w * h * 3) as usize];
    let drawn: Result<(), String> = (|| {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        let mut chart = ChartBuilder::on(&root)
            .margin_top(top)
            .margin_right(right)
            .margin_left(outer)
            .x_label_area_size(bottom)
            .y_label_area_size(left)
            .build_cartesian_2d(plot.x.0..plot.x.1, plot.y.0..plot.y.1)
            .map_err(|e| e.to_string())?;
        let (xs, ys) = chart.plotting_area().get_pixel_range();
        for row in 0..plot.height {
            for col in 0..plot.width {
                let [r, g, b] = plot.pixels[(row * plot.width + col) as usize];
                root.draw_pixel(
                    (xs.start + col as i32, ys.start + row as i32),
                    &RGBColor(r, g, b),
                )
                .map_err(|e| e.to_string())?;
            }
        }
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(plot.x_label)
            .y_desc(plot.y_label)
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 14))
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(plot.markers.iter().map(|&(x, y)| {
                EmptyElement::at((x, y))
                    + Circle::new((0, 0), 5, WHITE.filled())
                    + Circle::new((0, 0), 3, BLACK.filled())
            }))
            .map_err(|e| e.to_string())?;
        let x0 = xs.end + 16;
        for (k, (colour, text)) in plot.key.iter().enumerate() {
            let y = ys.start + 8 + 22 * k as i32;
            let [r, g, b] = *colour;
            root.draw(&Rectangle::new(
                [(x0, y - 6), (x0 + 14, y + 8)],
                RGBColor(r, g, b).filled(),
            ))
            .map_err(|e| e.to_string())?;
            root.draw(&Text::new(
                text.as_str(),
                (x0 + 22, y - 6),
                ("sans-serif", 13),
            ))
            .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())
    })();
    drawn.map_err(|reason| RenderError::Write {
        path: path.display().to_string(),
        reason,
    })?;
    write_atomically(path, |temporary| encode_png(temporary, w, h, &rgb))
}

/// Dispatch on the axis kinds (plotters gives linear and log axes different types).
fn draw_figure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    figure: &Figure,
    k: u32,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    // When the curves cross every corner, raise the top of the view so the legend gets a band
    // of its own above them.
    let labelled = figure.curves.iter().any(|c| !c.label.is_empty());
    let raised;
    let figure = if labelled && legend_corner(figure).1 > 0 {
        let mut copy = figure.clone();
        let f = ((figure.curves.len() as f64 * 20.0 + 40.0) / (f64::from(figure.size.1) * 0.8))
            .min(0.5);
        let (y0, y1) = copy.y_view;
        copy.y_view.1 = match copy.yscale {
            Scale::Linear => y1 + (y1 - y0) * f / (1.0 - f),
            Scale::Log => y1 * (y1 / y0).powf(f / (1.0 - f)),
        };
        raised = copy;
        &raised
    } else {
        figure
    };
    let (x0, x1) = figure.x_view;
    let (y0, y1) = figure.y_view;
    match (figure.xscale, figure.yscale) {
        (Scale::Linear, Scale::Linear) => draw_chart(root, figure, k, x0..x1, y0..y1),
        (Scale::Log, Scale::Linear) => draw_chart(root, figure, k, (x0..x1).log_scale(), y0..y1),
        (Scale::Linear, Scale::Log) => draw_chart(root, figure, k, x0..x1, (y0..y1).log_scale()),
        (Scale::Log, Scale::Log) => {
            draw_chart(root, figure, k, (x0..x1).log_scale(), (y0..y1).log_scale())
        }
    }
}

/// Simplify a piece for drawing: first drop points within a pixel of the previous one kept,
/// then Ramer–Douglas–Peucker with a tenth of a pixel tolerance. A million-point curve becomes
/// a few hundred segments with no visible change, and plotters' thick raster lines look smooth
/// (many tiny thick segments give a ragged edge). The result is split into strokes at turns
/// sharper than 60°: plotters joins thick lines with unlimited mitres, and a zigzag's mitre
/// would be a spike reaching far past the curve.
fn thin(piece: &[Point], figure: &Figure, pixels: (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let view = figure.display_view();
    let (kx, ky) = (
        pixels.0 / (view.x.1 - view.x.0),
        pixels.1 / (view.y.1 - view.y.0),
    );
    let screen = |p: &Point| {
        let [dx, dy] = figure.to_display(*p);
        (dx * kx, dy * ky)
    };
    let mut near: Vec<(Point, (f64, f64))> =
        Vec::with_capacity(piece.len().min(8 * pixels.0 as usize));
    for (i, p) in piece.iter().enumerate() {
        let s = screen(p);
        let keep = i + 1 == piece.len()
            || near
                .last()
                .is_none_or(|(_, l)| (s.0 - l.0).hypot(s.1 - l.1) >= 1.0);
        if keep {
            near.push((*p, s));
        }
    }
    let mut keep = vec![false; near.len()];
    if let Some(last) = keep.last_mut() {
        *last = true;
    }
    if let Some(first) = keep.first_mut() {
        *first = true;
    }
    let mut stack = vec![(0, near.len().saturating_sub(1))];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (pa, pb) = (near[a].1, near[b].1);
        let (ux, uy) = (pb.0 - pa.0, pb.1 - pa.1);
        let len = ux.hypot(uy);
        let (mut worst, mut at) = (0.0, a);
        for (k, (_, q)) in near.iter().enumerate().take(b).skip(a + 1) {
            let (vx, vy) = (q.0 - pa.0, q.1 - pa.1);
            let d = if len == 0.0 {
                vx.hypot(vy)
            } else {
                (ux * vy - uy * vx).abs() / len
            };
            if d > worst {
                worst = d;
                at = k;
            }
        }
        if worst > 0.1 {
            keep[at] = true;
            stack.push((a, at));
            stack.push((at, b));
        }
    }
    let kept: Vec<&(Point, (f64, f64))> = near
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| p)
        .collect();
    let mut strokes = Vec::new();
    let mut stroke = Vec::new();
    for (i, (p, s)) in kept.iter().enumerate() {
        stroke.push((p[0], p[1]));
        if let (Some(prev), Some(next)) = (i.checked_sub(1).map(|j| kept[j].1), kept.get(i + 1)) {
            let (u, v) = (
                (s.0 - prev.0, s.1 - prev.1),
                (next.1.0 - s.0, next.1.1 - s.1),
            );
            let cos = (u.0 * v.0 + u.1 * v.1) / (u.0.hypot(u.1) * v.0.hypot(v.1));
            if cos < 0.5 {
                strokes.push(std::mem::replace(&mut stroke, vec![(p[0], p[1])]));
            }
        }
    }
    strokes.push(stroke);
    strokes
}

/// The corner of the plot that the curves and markers cross least (the legend goes there),
/// and how many samples cross it.
fn legend_corner(figure: &Figure) -> (SeriesLabelPosition, usize) {
    let view = figure.display_view();
    let mut counts = [0usize; 4];
    // The legend's extent as fractions of the plotting area (about 7 px per character plus
    // the swatch and margins, 20 px per row), with a little room around it.
    let (width, height) = (
        f64::from(figure.size.0) * 0.85,
        f64::from(figure.size.1) * 0.8,
    );
    let longest = figure
        .curves
        .iter()
        .map(|c| c.label.chars().count())
        .max()
        .unwrap_or(0);
    let across = ((longest as f64 * 7.0 + 80.0) / width).min(0.95);
    let rows = ((figure.curves.len() as f64 * 20.0 + 36.0) / height).min(0.95);
    let mut count = |[x, y]: Point| {
        let [dx, dy] = figure.to_display([x, y]);
        let u = (dx - view.x.0) / (view.x.1 - view.x.0);
        let v = (dy - view.y.0) / (view.y.1 - view.y.0);
        let right = u > 1.0 - across;
        let top = v > 1.0 - rows;
        if (u < across || right) && (top || v < rows) {
            counts[usize::from(top) * 2 + usize::from(right)] += 1;
        }
    };
    for curve in &figure.curves {
        for piece in figure.clipped_pieces(curve) {
            // Count along segments too, so a long straight stroke through a corner counts.
            for w in piece.windows(2) {
                for k in 0..8 {
                    let t = f64::from(k) / 8.0;
                    count([
                        w[0][0] + t * (w[1][0] - w[0][0]),
                        w[0][1] + t * (w[1][1] - w[0][1]),
                    ]);
                }
            }
            piece.iter().for_each(|p| count(*p));
        }
    }
    figure.markers.iter().for_each(|m| {
        for _ in 0..100 {
            count(m.at)
        }
    });
    // Preference on ties: upper right, upper left, lower right, lower left.
    let order = [
        (3, SeriesLabelPosition::UpperRight),
        (2, SeriesLabelPosition::UpperLeft),
        (1, SeriesLabelPosition::LowerRight),
        (0, SeriesLabelPosition::LowerLeft),
    ];
    order
        .into_iter()
        .min_by_key(|(i, _)| counts[*i])
        .map_or((SeriesLabelPosition::UpperRight, 0), |(i, p)| {
            (p, counts[i])
        })
}

/// Draw the chart; every length in pixels is multiplied by `k` (the supersampling factor).
fn draw_chart<DB, X, Y>(
    root: &DrawingArea<DB, Shift>,
    figure: &Figure,
    k: u32,
    x: X,
    y: Y,
) -> Result<(), String>
where
    DB: DrawingBackend,
    X: AsRangedCoord<Value = f64>,
    Y: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    // The y labels' room: wide enough for the longest label at the ends of the view (labels
    // on a large offset carry many digits).
    let y_span = match figure.yscale {
        Scale::Linear => figure.y_view.1 - figure.y_view.0,
        Scale::Log => 0.0,
    };
    let longest = [
        figure.y_view.0,
        figure.y_view.1,
        0.5 * (figure.y_view.0 + figure.y_view.1),
    ]
    .iter()
    .map(|v| axis_label(*v, y_span).len())
    .max()
    .unwrap_or(4) as u32;
    let mut builder = ChartBuilder::on(root);
    builder
        .margin(12 * k)
        .x_label_area_size(44 * k)
        .y_label_area_size((64).max(8 * longest + 20) * k);
    if let Some(title) = &figure.title {
        builder.caption(title, ("sans-serif", 20 * k));
    }
    let mut chart = builder.build_cartesian_2d(x, y).map_err(err)?;
    let (w, h) = chart.plotting_area().dim_in_pixel();
    // Linear spans label their ticks; a log axis labels each by itself.
    let span = |(lo, hi): (f64, f64), scale: Scale| match scale {
        Scale::Linear => hi - lo,
        Scale::Log => 0.0,
    };
    let (x_span, y_span) = (
        span(figure.x_view, figure.xscale),
        span(figure.y_view, figure.yscale),
    );
    let x_label = |v: &f64| axis_label(*v, x_span);
    let y_label = |v: &f64| axis_label(*v, y_span);
    let mut mesh = chart.configure_mesh();
    // About one label per 90 pixels across and 50 down; no fine grid.
    mesh.x_labels((w / (90 * k)).clamp(3, 12) as usize)
        .y_labels((h / (50 * k)).clamp(3, 12) as usize)
        .set_all_tick_mark_size(5 * k)
        .axis_style(BLACK.stroke_width(k))
        .bold_line_style(BLACK.mix(0.2).stroke_width(k))
        .label_style(("sans-serif", 13 * k))
        .light_line_style(TRANSPARENT)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .axis_desc_style(("sans-serif", 15 * k));
    if !figure.xlabel.is_empty() {
        mesh.x_desc(figure.xlabel.as_str());
    }
    if !figure.ylabel.is_empty() {
        mesh.y_desc(figure.ylabel.as_str());
    }
    mesh.draw().map_err(err)?;
    let pixels = (f64::from(w), f64::from(h));
    let view = figure.display_view();
    for (index, curve) in figure.curves.iter().enumerate() {
        let colour = PALETTE[index % PALETTE.len()];
        let line = colour.stroke_width(2 * k);
        let legend = move |(x, y): (i32, i32)| {
            PathElement::new(
                vec![(x, y), (x + 20 * k as i32, y)],
                colour.stroke_width(2 * k),
            )
        };
        match curve.mark {
            Mark::Line => {
                let pieces = figure.clipped_pieces(curve);
                let mut labelled = false;
                for stroke in pieces.iter().flat_map(|p| thin(p, figure, pixels)) {
                    let series = chart
                        .draw_series(LineSeries::new(stroke, line))
                        .map_err(err)?;
                    if !labelled {
                        series.label(curve.legend_label()).legend(legend);
                        labelled = true;
                    }
                }
                if !labelled {
                    chart
                        .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
                        .map_err(err)?
                        .label(curve.legend_label())
                        .legend(legend);
                }
            }
            Mark::Points => {
                let visible = curve.pieces.iter().flatten().filter(|p| {
                    let [dx, dy] = figure.to_display(**p);
                    dx >= view.x.0 && dx <= view.x.1 && dy >= view.y.0 && dy <= view.y.1
                });
                chart
                    .draw_series(visible.map(|p| Circle::new((p[0], p[1]), 3 * k, colour.filled())))
                    .map_err(err)?
                    .label(curve.legend_label())
                    .legend(move |(x, y)| {
                        Circle::new((x + 10 * k as i32, y), 3 * k, colour.filled())
                    });
            }
        }
    }
    for marker in &figure.markers {
        let [dx, dy] = figure.to_display(marker.at);
        if !(dx >= view.x.0 && dx <= view.x.1 && dy >= view.y.0 && dy <= view.y.1) {
            continue;
        }
        let at = (marker.at[0], marker.at[1]);
        // The label goes toward the middle of the picture, away from the frame.
        let left = dx < 0.5 * (view.x.0 + view.x.1);
        let below = dy > 0.5 * (view.y.0 + view.y.1);
        let step = 8 * k as i32;
        let offset = (
            if left { step } else { -step },
            if below { step } else { -step },
        );
        let style = TextStyle::from(("sans-serif", 14 * k).into_font()).pos(Pos::new(
            if left { HPos::Left } else { HPos::Right },
            if below { VPos::Top } else { VPos::Bottom },
        ));
        let circle = EmptyElement::at(at) + Circle::new((0, 0), 5 * k, BLACK.stroke_width(2 * k));
        if marker.label.is_empty() {
            chart.draw_series(std::iter::once(circle)).map_err(err)?;
        } else {
            chart
                .draw_series(std::iter::once(
                    circle + Text::new(marker.label.clone(), offset, style),
                ))
                .map_err(err)?;
        }
    }
    if figure.curves.iter().any(|c| !c.label.is_empty()) {
        chart
            .configure_series_labels()
            .position(legend_corner(figure).0)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.5).stroke_width(k))
            .label_font(("sans-serif", 13 * k))
            .margin(10 * k)
            .legend_area_size(30 * k)
            .draw()
            .map_err(err)?;
    }
    Ok(())
}
