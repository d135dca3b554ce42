//! What a plot shows: curves (already cut into pieces at poles, jumps and gaps), marked points,
//! the view, labels and size. A figure is plain data in the user's coordinates; `render` draws
//! it as SVG or PNG and `preview` as braille text, so every picture comes from the same numbers.
//!
//! Logarithmic axes are handled by mapping to *display* coordinates (`ln` of the value) for
//! everything geometric: choosing the view, clipping, and the terminal preview.

/// A point in the user's coordinates.
pub type Point = [f64; 2];

/// How a curve is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A polyline through the points of each piece.
    Line,
    /// A dot at every point (data).
    Points,
}

/// Why a curve is broken at a parameter value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// The values grow without bound on approach (`1/x`, `tan(x)`).
    Pole,
    /// A finite jump (`floor(x)`, `sign(x)`).
    Jump,
}

/// A discontinuity found by the sampler, at parameter `at` (x for graphs, t for parametric).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub at: f64,
    pub kind: BreakKind,
}

/// A rectangle `[x0, x1] × [y0, y1]` (in display coordinates where that matters).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub x: (f64, f64),
    pub y: (f64, f64),
}

impl Bounds {
    /// The smallest box holding every finite point; `None` when there is none.
    pub fn of(points: impl IntoIterator<Item = Point>) -> Option<Bounds> {
        let mut b: Option<Bounds> = None;
        for [x, y] in points {
            if !(x.is_finite() && y.is_finite()) {
                continue;
            }
            b = Some(match b {
                None => Bounds {
                    x: (x, x),
                    y: (y, y),
                },
                Some(b) => Bounds {
                    x: (b.x.0.min(x), b.x.1.max(x)),
                    y: (b.y.0.min(y), b.y.1.max(y)),
                },
            });
        }
        b
    }

    pub fn union(self, other: Bounds) -> Bounds {
        Bounds {
            x: (self.x.0.min(other.x.0), self.x.1.max(other.x.1)),
            y: (self.y.0.min(other.y.0), self.y.1.max(other.y.1)),
        }
    }
}

/// One thing in the legend: a function's graph, a parametric curve or a data set.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub label: String,
    pub mark: Mark,
    /// Connected pieces, in the user's coordinates; a new piece starts after every break or gap.
    pub pieces: Vec<Vec<Point>>,
    pub breaks: Vec<Break>,
    /// Where the curve lives away from its poles, in display coordinates (chooses the view).
    pub core: Option<Bounds>,
}

/// Legend entries longer than this many characters are shortened with an ellipsis (a long
/// expression would otherwise push the legend across the plot).
const LEGEND_CHARS: usize = 48;

impl Curve {
    pub fn point_count(&self) -> usize {
        self.pieces.iter().map(Vec::len).sum()
    }
    /// The label as the legend shows it.
    pub fn legend_label(&self) -> String {
        shorten(&self.label, LEGEND_CHARS)
    }
}

/// `text` cut to at most `chars` characters, an ellipsis marking the cut (labels and report
/// lines must not carry a 100,000-digit constant).
pub fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let mut short: String = text.chars().take(chars.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// A labelled point drawn on top of the curves (the maximum of an error curve).
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub at: Point,
    pub label: String,
}

/// A linear or logarithmic axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    #[default]
    Linear,
    Log,
}

impl Scale {
    /// User value → display coordinate (NaN where a log axis cannot show the value).
    pub fn to_display(self, v: f64) -> f64 {
        match self {
            Scale::Linear => v,
            Scale::Log if v > 0.0 => v.ln(),
            Scale::Log => f64::NAN,
        }
    }
    pub fn from_display(self, v: f64) -> f64 {
        match self {
            Scale::Linear => v,
            Scale::Log => v.exp(),
        }
    }
}

/// Everything needed to draw one picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub title: Option<String>,
    pub xlabel: String,
    pub ylabel: String,
    pub curves: Vec<Curve>,
    pub markers: Vec<Marker>,
    pub xscale: Scale,
    pub yscale: Scale,
    /// The visible ranges, in the user's coordinates.
    pub x_view: (f64, f64),
    pub y_view: (f64, f64),
    /// Width and height in pixels.
    pub size: (u32, u32),
}

impl Figure {
    pub fn to_display(&self, [x, y]: Point) -> Point {
        [self.xscale.to_display(x), self.yscale.to_display(y)]
    }

    /// The view in display coordinates.
    pub fn display_view(&self) -> Bounds {
        Bounds {
            x: (
                self.xscale.to_display(self.x_view.0),
                self.xscale.to_display(self.x_view.1),
            ),
            y: (
                self.yscale.to_display(self.y_view.0),
                self.yscale.to_display(self.y_view.1),
            ),
        }
    }

    /// The vertical extent to show, in display coordinates: the cores' extent, unless a few
    /// samples reach far beyond where nearly all of them lie (gamma next to its poles at -3
    /// and -2 reaches 10^15 while the curve lives within ±30): then the 5th to 95th percentile
    /// of the line curves' values across x, widened by twice its width each way.
    fn robust_y(&self, (lo, hi): (f64, f64)) -> (f64, f64) {
        // Samples crowd where the sampler refined (next to poles): take the median of each of
        // 200 equal slices of x, so every part of the axis counts the same.
        let points: Vec<Point> = self
            .curves
            .iter()
            .filter(|c| c.mark == Mark::Line)
            .flat_map(|c| c.pieces.iter().flatten())
            .map(|p| self.to_display(*p))
            .filter(|[x, y]| x.is_finite() && y.is_finite())
            .collect();
        let Some(span) = Bounds::of(points.iter().copied()) else {
            return (lo, hi);
        };
        const SLICES: usize = 200;
        let width_x = (span.x.1 - span.x.0).max(f64::MIN_POSITIVE);
        let mut slices: Vec<Vec<f64>> = vec![Vec::new(); SLICES];
        for [x, y] in &points {
            let k = (((x - span.x.0) / width_x) * SLICES as f64) as usize;
            slices[k.min(SLICES - 1)].push(*y);
        }
        let mut ys: Vec<f64> = slices
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(|mut s| {
                s.sort_by(f64::total_cmp);
                s[s.len() / 2]
            })
            .collect();
        if ys.len() < 20 {
            return (lo, hi);
        }
        ys.sort_by(f64::total_cmp);
        let at = |q: f64| ys[((ys.len() - 1) as f64 * q).round() as usize];
        let (p5, p95) = (at(0.05), at(0.95));
        let width = (p95 - p5).max(f64::MIN_POSITIVE);
        if hi - lo <= 20.0 * width {
            return (lo, hi);
        }
        (lo.max(p5 - 2.0 * width), hi.min(p95 + 2.0 * width))
    }

    /// Choose the view: `x` and `y` when given (user coordinates), otherwise the union of the
    /// curves' cores (their vertical extent made robust against spikes) padded by 5% (so
    /// curves do not run along the frame).
    pub fn fit_view(&mut self, x: Option<(f64, f64)>, y: Option<(f64, f64)>) {
        let core = self
            .curves
            .iter()
            .filter_map(|c| c.core)
            .chain(
                self.markers
                    .iter()
                    .filter_map(|m| Bounds::of([self.to_display(m.at)])),
            )
            .reduce(Bounds::union)
            .map(|core| Bounds {
                x: core.x,
                y: self.robust_y(core.y),
            });
        let pad = |(lo, hi): (f64, f64), scale: Scale| -> (f64, f64) {
            let (lo, hi) = if hi > lo {
                let p = 0.05 * (hi - lo);
                (lo - p, hi + p)
            } else {
                // A constant: a unit window around it (a decade each way on a log axis).
                let w = match scale {
                    Scale::Linear => lo.abs().max(1.0) * 0.5,
                    Scale::Log => std::f64::consts::LN_10,
                };
                (lo - w, hi + w)
            };
            (scale.from_display(lo), scale.from_display(hi))
        };
        let default = |scale: Scale| match scale {
            Scale::Linear => (-1.0, 1.0),
            Scale::Log => (0.1, 10.0),
        };
        self.x_view = x.unwrap_or_else(|| {
            core.map_or_else(|| default(self.xscale), |b| pad(b.x, self.xscale))
        });
        self.y_view = y.unwrap_or_else(|| {
            core.map_or_else(|| default(self.yscale), |b| pad(b.y, self.yscale))
        });
        self.x_view = drawable(self.x_view, self.xscale);
        self.y_view = drawable(self.y_view, self.yscale);
    }

    /// Whether every curve lives beyond the drawable magnitude (±1e300, or below 1e-300 on a
    /// log axis), so the picture would be empty: `plot(x*1e300, ...)`, `plot(2^1023, ...)`.
    pub fn out_of_drawable_range(&self) -> bool {
        // The drawable interval in display coordinates, and whether [lo, hi] meets it.
        let meets = |(lo, hi): (f64, f64), scale: Scale| {
            let limit = match scale {
                Scale::Linear => AXIS_LIMIT,
                Scale::Log => AXIS_LIMIT.ln(),
            };
            lo <= limit && hi >= -limit
        };
        let cores: Vec<Bounds> = self.curves.iter().filter_map(|c| c.core).collect();
        !cores.is_empty()
            && cores
                .iter()
                .all(|b| !(meets(b.x, self.xscale) && meets(b.y, self.yscale)))
    }

    /// Widen one axis of a linear view so a unit has the same length on both (the complex
    /// plane: a circle of roots looks round). Uses the picture's aspect ratio.
    pub fn equalize_axes(&mut self) {
        if self.xscale != Scale::Linear || self.yscale != Scale::Linear {
            return;
        }
        let (w, h) = (f64::from(self.size.0), f64::from(self.size.1));
        let (x, y) = (self.x_view, self.y_view);
        let (ux, uy) = ((x.1 - x.0) / w, (y.1 - y.0) / h);
        let widen = |(lo, hi): (f64, f64), half: f64| {
            let mid = 0.5 * (lo + hi);
            (mid - half, mid + half)
        };
        if ux > uy {
            self.y_view = widen(y, 0.5 * ux * h);
        } else {
            self.x_view = widen(x, 0.5 * uy * w);
        }
    }

    /// Every line piece cut to the view, in user coordinates: a segment leaving the view ends
    /// on its edge, so the renderers never see coordinates far outside the picture (a pole's
    /// 10^15 would otherwise become a line millions of pixels long).
    pub fn clipped_pieces(&self, curve: &Curve) -> Vec<Vec<Point>> {
        let view = self.display_view();
        let mut out = Vec::new();
        for piece in &curve.pieces {
            let display: Vec<Point> = piece.iter().map(|p| self.to_display(*p)).collect();
            for part in clip_polyline(&display, view) {
                out.push(
                    part.into_iter()
                        .map(|[x, y]| [self.xscale.from_display(x), self.yscale.from_display(y)])
                        .collect(),
                );
            }
        }
        out
    }
}

/// Largest magnitude an axis end may have: a view of ±1e308 (or padding that overflows to
/// infinity) sent the plotting backend's tick search into a loop that never ended.
const AXIS_LIMIT: f64 = 1e300;

/// A view range the backend can draw in bounded time: finite ends within ±[`AXIS_LIMIT`]
/// (a log axis within [1/AXIS_LIMIT, AXIS_LIMIT]), and a width of at least 10^-13 of its
/// magnitude, well above the doubles' resolution (1e12 + [0, 1] keeps its width).
fn drawable((lo, hi): (f64, f64), scale: Scale) -> (f64, f64) {
    let clamp = |v: f64| {
        let v = if v.is_nan() { 0.0 } else { v };
        match scale {
            Scale::Linear => v.clamp(-AXIS_LIMIT, AXIS_LIMIT),
            Scale::Log => v.clamp(1.0 / AXIS_LIMIT, AXIS_LIMIT),
        }
    };
    let (lo, hi) = (clamp(lo.min(hi)), clamp(hi.max(lo)));
    match scale {
        Scale::Linear => {
            let need = lo.abs().max(hi.abs()).max(1e-300) * 1e-13;
            if hi - lo >= need {
                return (lo, hi);
            }
            let mid = 0.5 * lo + 0.5 * hi;
            (clamp(mid - need), clamp(mid + need))
        }
        Scale::Log => {
            if hi >= lo * (1.0 + 1e-9) {
                return (lo, hi);
            }
            (clamp(lo / 10.0), clamp(hi * 10.0))
        }
    }
}

/// A tick label on an axis spanning `span`: `0` for a tick at zero (not `-5.551e-17`), and
/// enough digits that ticks on a large offset differ (1e12 + [0, 1] is labelled
/// 1000000000000.2, not 1e12 five times).
pub fn axis_label(v: f64, span: f64) -> String {
    if v.abs() <= span.abs() * 1e-9 {
        return "0".into();
    }
    let offset = (v.abs() / span.abs().max(f64::MIN_POSITIVE))
        .log10()
        .ceil()
        .clamp(0.0, 13.0);
    let significant = 4 + offset as usize;
    let label = format_value(v, significant);
    if label.contains('e') {
        // Scientific labels keep their trailing zeros, so every tick of an axis has the same
        // number of digits (1.0000000000000e12 beside 1.0000000000002e12, not 1e12).
        return format!("{v:.*e}", significant - 1);
    }
    label
}

/// `v` with `significant` digits for labels and reports: plain for 10^-3 <= |v| < 10^6, without
/// trailing zeros (`0.24263`, `2`), otherwise in scientific notation (`4.1675e-14`).
pub fn format_value(v: f64, significant: usize) -> String {
    let significant = significant.max(1);
    if v == 0.0 || !v.is_finite() {
        return v.to_string();
    }
    let trim = |s: String| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    let a = v.abs();
    if (1e-3..1e6).contains(&a) {
        let decimals = significant as i32 - 1 - a.log10().floor() as i32;
        if decimals < 0 {
            // Round away the digits left of the point beyond `significant`.
            let unit = 10f64.powi(-decimals);
            return format!("{}", (v / unit).round() * unit);
        }
        let decimals = decimals as usize;
        trim(format!("{v:.decimals$}"))
    } else {
        let s = format!("{v:.*e}", significant - 1);
        match s.split_once('e') {
            Some((mantissa, exponent)) => format!("{}e{exponent}", trim(mantissa.to_string())),
            None => s,
        }
    }
}

/// Cut a polyline to a rectangle (Liang–Barsky on each segment); consecutive visible segments
/// are joined, so a curve that leaves and re-enters becomes two pieces.
pub fn clip_polyline(points: &[Point], view: Bounds) -> Vec<Vec<Point>> {
    let mut out: Vec<Vec<Point>> = Vec::new();
    let mut current: Vec<Point> = Vec::new();
    let flush = |current: &mut Vec<Point>, out: &mut Vec<Vec<Point>>| {
        if !current.is_empty() {
            out.push(std::mem::take(current));
        }
    };
    if let [only] = points {
        if inside(*only, view) {
            out.push(vec![*only]);
        }
        return out;
    }
    for w in points.windows(2) {
        match clip_segment(w[0], w[1], view) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    flush(&mut current, &mut out);
                    current.push(a);
                }
                current.push(b);
                if b != w[1] {
                    flush(&mut current, &mut out);
                }
            }
            None => flush(&mut current, &mut out),
        }
    }
    flush(&mut current, &mut out);
    out
}

fn inside([x, y]: Point, v: Bounds) -> bool {
    x >= v.x.0 && x <= v.x.1 && y >= v.y.0 && y <= v.y.1
}

/// The visible part of segment `a`–`b`, or `None`.
fn clip_segment(a: Point, b: Point, v: Bounds) -> Option<(Point, Point)> {
    if !(a.iter().chain(&b).all(|c| c.is_finite())) {
        return None;
    }
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a[0] - v.x.0),
        (dx, v.x.1 - a[0]),
        (-dy, a[1] - v.y.0),
        (dy, v.y.1 - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| {
        if t == 0.0 {
            a
        } else if t == 1.0 {
            b
        } else {
            [a[0] + t * dx, a[1] + t * dy]
        }
    };
    Some((at(t0), at(t1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: Bounds = Bounds {
        x: (0.0, 1.0),
        y: (0.0, 1.0),
    };

    #[test]
    fn long_legend_labels_are_shortened() {
        let curve = |label: &str| Curve {
            label: label.into(),
            mark: Mark::Line,
            pieces: vec![],
            breaks: vec![],
            core: None,
        };
        assert_eq!(curve("sin(x)").legend_label(), "sin(x)");
        let long = "x + ".repeat(30);
        let shown = curve(&long).legend_label();
        assert_eq!(shown.chars().count(), LEGEND_CHARS);
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn formatted_values() {
        assert_eq!(format_value(3.0, 4), "3");
        assert_eq!(format_value(-1.25, 4), "-1.25");
        assert_eq!(format_value(0.242630760159, 5), "0.24263");
        assert_eq!(format_value(123456.0, 3), "123000");
        assert_eq!(format_value(4.1675001389e-14, 5), "4.1675e-14");
        assert_eq!(format_value(2e7, 4), "2e7");
    }

    #[test]
    fn a_segment_through_the_box_is_cut_at_its_edges() {
        let parts = clip_polyline(&[[-1.0, 0.5], [2.0, 0.5]], UNIT);
        assert_eq!(parts, vec![vec![[0.0, 0.5], [1.0, 0.5]]]);
    }

    #[test]
    fn leaving_and_reentering_makes_two_pieces() {
        let parts = clip_polyline(&[[0.1, 0.5], [0.5, 5.0], [0.9, 0.5]], UNIT);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().flatten().all(|p| inside(*p, UNIT)));
    }

    #[test]
    fn a_huge_excursion_stays_inside() {
        let parts = clip_polyline(&[[0.4, 0.5], [0.5, 1e300], [0.6, -1e300], [0.7, 0.5]], UNIT);
        assert!(parts.iter().flatten().all(|p| inside(*p, UNIT)));
        assert_eq!(parts.len(), 3);
    }
}
