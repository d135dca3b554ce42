//! Adaptive sampling of a curve `t ↦ (x(t), y(t))` in display coordinates.
//!
//! 1. A slightly jittered uniform grid in t (the jitter keeps symmetric grids from landing
//!    exactly on a pole such as x = 0 of 1/x).
//! 2. Refinement passes: an interval is halved while, at either end, the middle of three
//!    consecutive points lies more than a fraction of a pixel off the chord of its neighbours
//!    or the path turns sharply there (measured in the pixels of the picture), or one end is
//!    finite and the other is not (to find the edge of the domain). Every pass evaluates all its new points in one batch, which
//!    the compiled evaluator spreads over threads.
//! 3. Breaks: a step longer than a few pixels is bisected (all such steps together, one batch per
//!    round) toward the half with the larger step. If the step shrinks below half a pixel the
//!    curve is continuous there (just steep); if it survives down to the resolution of f64 it is
//!    a discontinuity — a pole when the step grew, a jump when it did not. The curve is cut there,
//!    and the two innermost points are kept so each side runs to the edge of the picture.
//!
//! Non-finite values are gaps: the curve is cut there and the rest is kept. An infinite value
//! marks a pole.

use super::figure::{Bounds, Break, BreakKind, Point};
use crate::math_error::MathError;

/// A curve evaluator: for each `t[i]`, write the display coordinates `x[i]`, `y[i]`
/// (NaN where the curve is not defined).
pub type Evaluate<'a> = dyn Fn(&[f64], &mut [f64], &mut [f64]) + Sync + 'a;

/// What to sample and how finely.
#[derive(Debug, Clone, Copy)]
pub struct SampleSpec {
    /// The parameter interval (display coordinates for graphs on a log axis).
    pub t: (f64, f64),
    /// Points of the initial grid (at least [`MIN_GRID`] are used).
    pub samples: usize,
    /// Width and height of the plotting area in pixels: the unit of every tolerance.
    pub pixels: (f64, f64),
    /// Stop refining once this many points exist.
    pub max_points: usize,
    /// Evaluations of the curve in all (grid, refinement, discontinuity checks): bounds the
    /// time where one evaluation is expensive (MPFR).
    pub max_evaluations: usize,
    /// Whether x(t) = t (a graph): then the x scale of the picture is the t interval.
    pub graph: bool,
}

/// The sampled curve in display coordinates.
#[derive(Debug, Clone, Default)]
pub struct Sampled {
    pub pieces: Vec<Vec<Point>>,
    /// Parameter values of the discontinuities found.
    pub breaks: Vec<Break>,
    /// Bounds of the points away from poles (the natural view).
    pub core: Option<Bounds>,
    /// Points evaluated in all (for reports and benchmarks).
    pub evaluations: usize,
}

/// The smallest initial grid: fewer points would not show where the curve lives (the scale of
/// every tolerance is estimated from the grid) or where it bends.
pub const MIN_GRID: usize = 65;
/// Halvings of an initial interval at most.
const MAX_DEPTH: u32 = 12;
/// A vertex this far (pixels) off its neighbours' chord asks for more points.
const BEND_PX: f64 = 0.25;
/// A turn sharper than this (radians, 10°) along visible segments asks for more points.
const TURN: f64 = 10.0 * std::f64::consts::PI / 180.0;
/// Steps longer than this (pixels) are checked for a discontinuity.
const JUMP_PX: f64 = 4.0;
/// A checked step that falls below this (pixels) is continuous.
const CONTINUOUS_PX: f64 = 0.5;
/// Bisection rounds of the discontinuity check (enough to reach the spacing of f64).
const BISECTIONS: usize = 64;
/// Evaluations the discontinuity check may spend in all: a curve that oscillates wildly
/// (sec((1e300)^x)) has a suspect step at nearly every sample, and 64 rounds for each took
/// seconds. Fewer rounds then; steps still open are cut as discontinuities.
const MAX_BREAK_EVALUATIONS: usize = 400_000;
/// Poles closer than this fraction of the parameter range are reported as one (sub-pixel).
const MERGE_POLES: f64 = 1e-5;
/// Points within this fraction of the parameter range of a pole do not choose the view.
const POLE_WINDOW: f64 = 0.02;

#[derive(Debug, Clone, Copy)]
struct Sample {
    t: f64,
    x: f64,
    y: f64,
}

impl Sample {
    fn finite(&self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

fn evaluate(f: &Evaluate, ts: Vec<f64>) -> Result<Vec<Sample>, MathError> {
    let mut xs = vec![0.0; ts.len()];
    let mut ys = vec![0.0; ts.len()];
    // In pieces, so Ctrl-C is seen within a piece (2,000,000 samples take about a second).
    const PIECE: usize = 1 << 16;
    for ((t, x), y) in ts
        .chunks(PIECE)
        .zip(xs.chunks_mut(PIECE))
        .zip(ys.chunks_mut(PIECE))
    {
        crate::interrupt::check()?;
        f(t, x, y);
    }
    Ok(ts
        .into_iter()
        .zip(xs.into_iter().zip(ys))
        .map(|(t, (x, y))| Sample { t, x, y })
        .collect())
}

/// Maps display coordinates to pixels, from a robust estimate of the curve's extent.
#[derive(Debug, Clone, Copy)]
struct Screen {
    kx: f64,
    ky: f64,
    /// Far outside these bands a point is off any sensible view (next to a pole).
    x_band: (f64, f64),
    y_band: (f64, f64),
}

impl Screen {
    fn estimate(samples: &[Sample], spec: &SampleSpec) -> Screen {
        // The 5%..95% range of the finite values (the full range if that is empty).
        let range = |mut v: Vec<f64>| -> (f64, f64) {
            v.retain(|z| z.is_finite());
            if v.len() < 2 {
                let c = v.first().copied().unwrap_or(0.0);
                return (c - 0.5, c + 0.5);
            }
            v.sort_by(f64::total_cmp);
            let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
            let candidates = [(q(0.05), q(0.95)), (v[0], v[v.len() - 1])];
            candidates
                .into_iter()
                .find(|(lo, hi)| hi > lo && (hi - lo).is_finite())
                .unwrap_or((v[0] - 0.5, v[0] + 0.5))
        };
        let x = if spec.graph {
            spec.t
        } else {
            range(samples.iter().map(|s| s.x).collect())
        };
        let y = range(samples.iter().map(|s| s.y).collect());
        let band = |(lo, hi): (f64, f64)| (lo - 10.0 * (hi - lo), hi + 10.0 * (hi - lo));
        Screen {
            kx: spec.pixels.0 / (x.1 - x.0),
            ky: spec.pixels.1 / (y.1 - y.0),
            x_band: band(x),
            y_band: band(y),
        }
    }
    /// A discontinuity is a pole when its step grew while it was narrowed down, or when both
    /// ends are far off the view (the same side: the steep approach to a pole, cut at the
    /// resolution of f64; different sides: through infinity, when the evaluation budget
    /// allowed no narrowing); otherwise a jump.
    fn classify(&self, s: &Suspect) -> BreakKind {
        let grew = self.distance(&s.left, &s.right) > 2.0 * s.first;
        let far = self.far_side(&s.left).is_some() && self.far_side(&s.right).is_some();
        if grew || far {
            BreakKind::Pole
        } else {
            BreakKind::Jump
        }
    }
    /// Evidence of a discontinuity short of f64 resolution: the step grew while it was
    /// narrowed, or its ends lie far off the view on different sides.
    fn divergent(&self, s: &Suspect) -> bool {
        let (a, b) = (self.far_side(&s.left), self.far_side(&s.right));
        self.distance(&s.left, &s.right) > 2.0 * s.first || (a.is_some() && b.is_some() && a != b)
    }
    /// How far `p` is from the middle of the bands, in band half-widths (the larger of x and y).
    fn remoteness(&self, p: &Sample) -> f64 {
        let r = |v: f64, (lo, hi): (f64, f64)| ((v - 0.5 * (lo + hi)) / (0.5 * (hi - lo))).abs();
        r(p.x, self.x_band).max(r(p.y, self.y_band))
    }
    /// Which way `p` lies far off the view (`None` when it is not far off).
    fn far_side(&self, p: &Sample) -> Option<(i8, i8)> {
        let side = |v: f64, (lo, hi): (f64, f64)| -> i8 {
            if v < lo {
                -1
            } else if v > hi {
                1
            } else {
                0
            }
        };
        let s = (side(p.x, self.x_band), side(p.y, self.y_band));
        (s != (0, 0)).then_some(s)
    }
    fn distance(&self, a: &Sample, b: &Sample) -> f64 {
        ((b.x - a.x) * self.kx).hypot((b.y - a.y) * self.ky)
    }
    /// Whether the curve through `a`, `b`, `c` needs more points around `b`: `b` lies more
    /// than [`BEND_PX`] off the chord `a`–`c`, or the path turns by more than [`TURN`] there
    /// along segments longer than a pixel (a zigzag narrower than a pixel is off its chord by
    /// very little, yet its peaks are still missing).
    fn needs_points(&self, a: &Sample, b: &Sample, c: &Sample) -> bool {
        if !(a.finite() && b.finite() && c.finite()) {
            return false;
        }
        let (ux, uy) = ((c.x - a.x) * self.kx, (c.y - a.y) * self.ky);
        let (vx, vy) = ((b.x - a.x) * self.kx, (b.y - a.y) * self.ky);
        let (wx, wy) = ((c.x - b.x) * self.kx, (c.y - b.y) * self.ky);
        let chord = ux.hypot(uy);
        let off = if chord == 0.0 {
            vx.hypot(vy)
        } else {
            (ux * vy - uy * vx).abs() / chord
        };
        if off > BEND_PX {
            return true;
        }
        let (first, second) = (vx.hypot(vy), wx.hypot(wy));
        first.max(second) > 1.0 && (vx * wx + vy * wy) < TURN.cos() * first * second
    }
}

/// The initial grid: uniform, interior points moved by up to ±5% of a step (a fixed,
/// irregular pattern, so results are reproducible).
fn grid(spec: &SampleSpec) -> Vec<f64> {
    let n = spec.samples.max(MIN_GRID);
    let (a, b) = spec.t;
    let h = (b - a) / (n - 1) as f64;
    (0..n)
        .map(|i| {
            if i == 0 {
                a
            } else if i == n - 1 {
                b
            } else {
                let jitter = ((i as f64 * 0.618_033_988_749_895).fract() - 0.5) * 0.1;
                a + (i as f64 + jitter) * h
            }
        })
        .collect()
}

/// Sample the curve; `Err(Interrupted)` after Ctrl-C.
pub fn sample(f: &Evaluate, spec: &SampleSpec) -> Result<Sampled, MathError> {
    let mut points = evaluate(f, grid(spec))?;
    let mut evaluations = points.len();
    let screen = Screen::estimate(&points, spec);
    let min_dt = (spec.t.1 - spec.t.0)
        / (spec.samples.max(MIN_GRID) - 1) as f64
        / f64::from(1u32 << MAX_DEPTH);

    for _ in 0..=MAX_DEPTH {
        crate::interrupt::check()?;
        if points.len() >= spec.max_points {
            break;
        }
        let split = intervals_to_split(&points, &screen, min_dt);
        if split.is_empty() || evaluations + split.len() > spec.max_evaluations {
            break;
        }
        let mids: Vec<f64> = split
            .iter()
            .map(|&i| 0.5 * (points[i].t + points[i + 1].t))
            .collect();
        evaluations += mids.len();
        let new = evaluate(f, mids)?;
        points = merge(points, &split, new);
    }

    let budget = spec.max_evaluations.saturating_sub(evaluations);
    let (points, mut cuts) = find_breaks(f, points, &screen, &mut evaluations, budget)?;
    cuts.extend(far_peaks(&points, &screen));
    cuts.sort_by_key(|c| c.0);
    cuts.dedup_by_key(|c| c.0);
    let breaks = merge_beside_poles(&points, &cuts, &screen);
    Ok(assemble(points, &cuts, breaks, &screen, spec, evaluations))
}

/// Indices `i` of the intervals `[i, i + 1]` that need a midpoint.
fn intervals_to_split(points: &[Sample], screen: &Screen, min_dt: f64) -> Vec<usize> {
    let n = points.len();
    let bends: Vec<bool> = (0..n)
        .map(|i| {
            i > 0 && i + 1 < n && screen.needs_points(&points[i - 1], &points[i], &points[i + 1])
        })
        .collect();
    (0..n.saturating_sub(1))
        .filter(|&i| {
            let (a, b) = (&points[i], &points[i + 1]);
            if b.t - a.t <= min_dt {
                return false;
            }
            if a.finite() != b.finite() {
                return true;
            }
            a.finite() && (bends[i] || bends[i + 1])
        })
        .collect()
}

/// Insert `new[k]` after `points[split[k]]` (both in increasing t).
fn merge(points: Vec<Sample>, split: &[usize], new: Vec<Sample>) -> Vec<Sample> {
    let mut out = Vec::with_capacity(points.len() + new.len());
    let mut next = split.iter().zip(new).peekable();
    for (i, p) in points.into_iter().enumerate() {
        out.push(p);
        if let Some((_, m)) = next.next_if(|(s, _)| **s == i) {
            out.push(m);
        }
    }
    out
}

/// A break after the point at this index.
type Cut = (usize, Break);

/// A step being checked for a discontinuity: its current ends and its first length.
struct Suspect {
    index: usize,
    left: Sample,
    right: Sample,
    first: f64,
}

/// Check every long step; returns the points (with the innermost bisection points added
/// around each break) and the breaks, as indices into the returned points: a break at `k`
/// separates point `k` from `k + 1`.
fn find_breaks(
    f: &Evaluate,
    points: Vec<Sample>,
    screen: &Screen,
    evaluations: &mut usize,
    budget: usize,
) -> Result<(Vec<Sample>, Vec<Cut>), MathError> {
    let mut active: Vec<Suspect> = points
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0].finite() && w[1].finite())
        .filter_map(|(i, w)| {
            let d = screen.distance(&w[0], &w[1]);
            (d > JUMP_PX).then_some(Suspect {
                index: i,
                left: w[0],
                right: w[1],
                first: d,
            })
        })
        .collect();
    let mut found: Vec<(usize, Sample, Sample, BreakKind)> = Vec::new();
    let limited = budget < MAX_BREAK_EVALUATIONS;
    let rounds = if limited {
        BISECTIONS.min(budget / active.len().max(1))
    } else {
        BISECTIONS.min((MAX_BREAK_EVALUATIONS / active.len().max(1)).max(8))
    };
    for _ in 0..rounds {
        if active.is_empty() {
            break;
        }
        crate::interrupt::check()?;
        let mids: Vec<f64> = active
            .iter()
            .map(|s| 0.5 * (s.left.t + s.right.t))
            .collect();
        *evaluations += mids.len();
        let new = evaluate(f, mids)?;
        let mut still = Vec::with_capacity(active.len());
        for (mut s, m) in active.into_iter().zip(new) {
            if m.t <= s.left.t || m.t >= s.right.t {
                // No f64 between the ends: the step is a discontinuity.
                let kind = screen.classify(&s);
                found.push((s.index, s.left, s.right, kind));
                continue;
            }
            if !m.finite() {
                // An infinity (or a hole) between the two: cut there. A hole where the ends
                // grew apart while narrowing is a pole whose centre is undefined (gamma at
                // -3 is a pole, not a jump).
                let kind = if m.y.is_infinite() || m.x.is_infinite() {
                    BreakKind::Pole
                } else {
                    screen.classify(&s)
                };
                found.push((s.index, s.left, s.right, kind));
                continue;
            }
            let (dl, dr) = (screen.distance(&s.left, &m), screen.distance(&m, &s.right));
            if dl.max(dr) < CONTINUOUS_PX {
                continue;
            }
            if dl >= dr {
                s.right = m;
            } else {
                s.left = m;
            }
            still.push(s);
        }
        active = still;
    }
    // Steps still open after every round are below the resolution of f64: discontinuities.
    // When the evaluation budget ended the rounds early (expensive MPFR curves), only steps
    // that grew while narrowed, or cross the view between far sides, are cut: the steep
    // approach to a pole is drawn, not dashed.
    for s in active {
        if limited && rounds < BISECTIONS && !screen.divergent(&s) {
            continue;
        }
        let kind = screen.classify(&s);
        found.push((s.index, s.left, s.right, kind));
    }
    found.sort_by_key(|f| f.0);

    // Rebuild: after the original point `index`, add the innermost left point, cut, then the
    // innermost right point.
    let mut out = Vec::with_capacity(points.len() + 2 * found.len());
    let mut breaks = Vec::with_capacity(found.len());
    let mut next = found.into_iter().peekable();
    for (i, p) in points.iter().enumerate() {
        out.push(*p);
        if let Some((_, left, right, kind)) = next.next_if(|f| f.0 == i) {
            if left.t > p.t {
                out.push(left);
            }
            breaks.push((
                out.len() - 1,
                Break {
                    at: 0.5 * (left.t + right.t),
                    kind,
                },
            ));
            if points.get(i + 1).is_some_and(|q| right.t < q.t) {
                out.push(right);
            }
        }
    }
    Ok((out, breaks))
}

/// The distance from `t` to the nearest of the sorted `ts` (infinite when there is none), by
/// binary search: a wildly oscillating curve has a break at nearly every sample, and scanning
/// them all for each point was quadratic (seconds for sec((1e300)^x)).
fn nearest(ts: &[f64], t: f64) -> f64 {
    let i = ts.partition_point(|&u| u < t);
    let after = ts.get(i).map_or(f64::INFINITY, |&u| u - t);
    let before = i.checked_sub(1).map_or(f64::INFINITY, |j| t - ts[j]);
    after.min(before)
}

/// Interior points where the curve peaks far off the view: an even pole (`1/x^2`) climbs on
/// both sides without any step across it, and f64 resolves both flanks, so no step check finds
/// it. The curve is cut at the peak.
fn far_peaks(points: &[Sample], screen: &Screen) -> Vec<Cut> {
    points
        .windows(3)
        .enumerate()
        .filter(|(_, w)| {
            w.iter().all(Sample::finite)
                && screen.far_side(&w[1]).is_some()
                && screen.far_side(&w[0]) == screen.far_side(&w[1])
                && screen.far_side(&w[2]) == screen.far_side(&w[1])
                && screen.remoteness(&w[1]) >= screen.remoteness(&w[0])
                && screen.remoteness(&w[1]) >= screen.remoteness(&w[2])
        })
        .map(|(i, w)| {
            (
                i + 1,
                Break {
                    at: w[1].t,
                    kind: BreakKind::Pole,
                },
            )
        })
        .collect()
}

/// Next to a pole the curve is so steep that a step beside it can reach the resolution of f64
/// without shrinking, and a double pole (`1/x^2`) has no step across it at all, only a steep
/// one on each side. Consecutive breaks with nothing but far-off points between them, all off
/// the same side, are one pole, reported once at the most extreme point. (The cuts stay; what
/// lies between them is off the picture and is dropped when the pieces are assembled.)
fn merge_beside_poles(points: &[Sample], cuts: &[Cut], screen: &Screen) -> Vec<Break> {
    let mut merged: Vec<Break> = Vec::with_capacity(cuts.len());
    for (k, (index, b)) in cuts.iter().enumerate() {
        if let Some(previous) = k.checked_sub(1).map(|j| cuts[j].0) {
            let between = &points[previous + 1..=*index];
            let side = between.first().and_then(|p| screen.far_side(p));
            if side.is_some()
                && between.iter().all(|p| screen.far_side(p) == side)
                && let Some(last) = merged.last_mut()
            {
                let extreme = between
                    .iter()
                    .chain(std::iter::once(&points[previous]))
                    .max_by(|a, b| a.y.abs().total_cmp(&b.y.abs()))
                    .map_or(last.at, |p| p.t);
                *last = Break {
                    at: if last.kind == BreakKind::Pole && b.kind == BreakKind::Jump {
                        last.at
                    } else {
                        extreme
                    },
                    kind: BreakKind::Pole,
                };
                continue;
            }
        }
        merged.push(*b);
    }
    merged
}

/// Cut at breaks and non-finite values; infinite values mark poles; compute the core bounds.
fn assemble(
    points: Vec<Sample>,
    cuts: &[Cut],
    mut breaks: Vec<Break>,
    screen: &Screen,
    spec: &SampleSpec,
    evaluations: usize,
) -> Sampled {
    let mut pieces: Vec<Vec<Sample>> = Vec::new();
    let mut current: Vec<Sample> = Vec::new();
    let mut cuts = cuts.iter().map(|(i, _)| *i).peekable();
    for (i, p) in points.iter().enumerate() {
        if p.finite() {
            current.push(*p);
        } else {
            // A run of non-finite values with an infinity in it is one pole: in the middle when
            // the curve is finite on both sides (1/x at exactly 0), at the edge where the values
            // leave the doubles when the run reaches the end of the range (exp overflowing).
            let first_of_run = i == 0 || points[i - 1].finite();
            if first_of_run {
                let end = points[i..]
                    .iter()
                    .position(Sample::finite)
                    .map_or(points.len(), |k| i + k);
                let run = &points[i..end];
                if run.iter().any(|q| q.x.is_infinite() || q.y.is_infinite()) {
                    let inside = i > 0 && end < points.len();
                    // A run bounded on one side and off the view on the other (exp(1/x) just
                    // right of 0) starts at the singular point: report its bounded edge.
                    let (before, after) = (
                        points
                            .get(i.wrapping_sub(1))
                            .map(|p| screen.far_side(p).is_some()),
                        points.get(end).map(|p| screen.far_side(p).is_some()),
                    );
                    breaks.push(Break {
                        at: if inside && before == Some(false) && after == Some(true) {
                            run[0].t
                        } else if inside && before == Some(true) && after == Some(false) {
                            run[run.len() - 1].t
                        } else if inside {
                            0.5 * (run[0].t + run[run.len() - 1].t)
                        } else if i == 0 {
                            run[run.len() - 1].t
                        } else {
                            run[0].t
                        },
                        kind: BreakKind::Pole,
                    });
                }
            }
            if !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
            }
        }
        if cuts.next_if_eq(&i).is_some() && !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    // A piece entirely far off one side lies between two cuts beside a pole: never visible.
    pieces.retain(|piece| {
        let side = screen.far_side(&piece[0]);
        side.is_none() || !piece.iter().all(|p| screen.far_side(p) == side)
    });
    let pieces: Vec<Vec<Point>> = pieces
        .into_iter()
        .map(|piece| piece.into_iter().map(|p| [p.x, p.y]).collect())
        .collect();
    breaks.sort_by(|a, b| a.at.total_cmp(&b.at));
    // Two poles with nothing visible between them (only far-off or non-finite samples, all
    // beyond the same edge) are one singularity seen twice, by a steep step and by the values
    // leaving the doubles: keep the one nearer the infinities.
    let infinite: Vec<f64> = points.iter().filter(|p| !p.finite()).map(|p| p.t).collect();
    let mut kept: Vec<Break> = Vec::with_capacity(breaks.len());
    for b in breaks {
        if let Some(last) = kept.last_mut()
            && last.kind == BreakKind::Pole
            && b.kind == BreakKind::Pole
        {
            // The points are in increasing t: the ones strictly between by binary search.
            let from = points.partition_point(|p| p.t <= last.at);
            let to = points.partition_point(|p| p.t < b.at);
            let between: Vec<&Sample> = points[from..to.max(from)].iter().collect();
            let side = between
                .iter()
                .find(|p| p.finite())
                .and_then(|p| screen.far_side(p));
            let invisible = between
                .iter()
                .all(|p| !p.finite() || (side.is_some() && screen.far_side(p) == side));
            if invisible && !between.is_empty() {
                let infinite_near = |t: f64| nearest(&infinite, t);
                if infinite_near(b.at) < infinite_near(last.at) {
                    *last = b;
                }
                continue;
            }
        }
        kept.push(b);
    }
    let mut breaks = kept;
    // A pole can be seen twice, by a step check and by an infinity (exp at its overflow edge):
    // poles closer than 1/100,000 of the range (far below a pixel) are one.
    let close = MERGE_POLES * (spec.t.1 - spec.t.0);
    breaks.dedup_by(|b, a| {
        a.kind == BreakKind::Pole && b.kind == BreakKind::Pole && (b.at - a.at).abs() <= close
    });
    let window = POLE_WINDOW * (spec.t.1 - spec.t.0);
    let mut poles: Vec<f64> = breaks
        .iter()
        .filter(|b| b.kind == BreakKind::Pole)
        .map(|b| b.at)
        .collect();
    poles.sort_by(f64::total_cmp);
    let near_pole = |t: f64| nearest(&poles, t) <= window;
    let core = Bounds::of(
        points
            .iter()
            .filter(|p| !near_pole(p.t))
            .map(|p| [p.x, p.y]),
    )
    .or_else(|| Bounds::of(points.iter().map(|p| [p.x, p.y])));
    Sampled {
        pieces,
        breaks,
        core,
        evaluations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(f: fn(f64) -> f64, a: f64, b: f64) -> Sampled {
        let eval = move |t: &[f64], x: &mut [f64], y: &mut [f64]| {
            for i in 0..t.len() {
                x[i] = t[i];
                y[i] = f(t[i]);
            }
        };
        sample(
            &eval,
            &SampleSpec {
                t: (a, b),
                samples: 200,
                pixels: (600.0, 400.0),
                max_points: 100_000,
                max_evaluations: usize::MAX,
                graph: true,
            },
        )
        .unwrap()
    }

    #[test]
    fn a_smooth_curve_is_one_piece() {
        let s = graph(f64::sin, -3.0, 3.0);
        assert_eq!(s.pieces.len(), 1);
        assert!(s.breaks.is_empty());
    }

    #[test]
    fn floor_breaks_at_each_integer_as_a_jump() {
        let s = graph(f64::floor, -2.5, 2.5);
        let at: Vec<f64> = s.breaks.iter().map(|b| b.at).collect();
        assert_eq!(at.len(), 5, "{at:?}");
        for (b, k) in at.iter().zip(-2..=2) {
            assert!((b - f64::from(k)).abs() < 1e-12, "{b} vs {k}");
        }
        assert!(s.breaks.iter().all(|b| b.kind == BreakKind::Jump));
    }

    #[test]
    fn a_steep_continuous_curve_is_not_broken() {
        let s = graph(|x| (1e4 * x).atan(), -1.0, 1.0);
        assert!(s.breaks.is_empty(), "{:?}", s.breaks);
    }

    #[test]
    fn one_over_x_has_one_pole_and_a_sensible_view() {
        let s = graph(|x| 1.0 / x, -1.0, 1.0);
        assert_eq!(s.breaks.len(), 1);
        assert_eq!(s.breaks[0].kind, BreakKind::Pole);
        assert!(s.breaks[0].at.abs() < 1e-12);
        let core = s.core.unwrap();
        assert!(core.y.1 < 100.0 && core.y.0 > -100.0, "{core:?}");
    }

    #[test]
    fn gaps_split_the_curve_and_keep_both_sides() {
        // sqrt(x^2 - 1) is undefined on (-1, 1).
        let s = graph(|x| (x * x - 1.0).sqrt(), -2.0, 2.0);
        assert_eq!(s.pieces.len(), 2);
        let inner_left = s.pieces[0].last().unwrap()[0];
        let inner_right = s.pieces[1][0][0];
        assert!((inner_left + 1.0).abs() < 1e-3 && (inner_right - 1.0).abs() < 1e-3);
    }
}
