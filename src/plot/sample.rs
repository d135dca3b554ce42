//! Adaptive sampling of a curve `t ↦ (x(t), y(t))` in display coordinates.
//!
//! 1. A slightly jittered uniform grid in t (the jitter keeps symmetric grids from landing
//!    exactly on a pole such as x = 0 of 1/x).
//! 2. Refinement passes: an interval is halved while, at either end, the middle of three
//!    consecutive points lies more than a fraction of a pixel off the chord of its neighbours
//!    (measured in the pixels of the picture), or one end is finite and the other is not (to
//!    find the edge of the domain). Every pass evaluates all its new points in one batch, which
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
use crate::error::MathError;

/// A curve evaluator: for each `t[i]`, write the display coordinates `x[i]`, `y[i]`
/// (NaN where the curve is not defined).
pub type Evaluate<'a> = dyn Fn(&[f64], &mut [f64], &mut [f64]) + Sync + 'a;

/// What to sample and how finely.
#[derive(Debug, Clone, Copy)]
pub struct SampleSpec {
    /// The parameter interval (display coordinates for graphs on a log axis).
    pub t: (f64, f64),
    /// Points of the initial grid (at least 2).
    pub samples: usize,
    /// Width and height of the plotting area in pixels: the unit of every tolerance.
    pub pixels: (f64, f64),
    /// Stop refining once this many points exist.
    pub max_points: usize,
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

/// Halvings of an initial interval at most.
const MAX_DEPTH: u32 = 12;
/// A vertex this far (pixels) off its neighbours' chord asks for more points.
const BEND_PX: f64 = 0.25;
/// Steps longer than this (pixels) are checked for a discontinuity.
const JUMP_PX: f64 = 4.0;
/// A checked step that falls below this (pixels) is continuous.
const CONTINUOUS_PX: f64 = 0.5;
/// Bisection rounds of the discontinuity check (enough to reach the spacing of f64).
const BISECTIONS: usize = 64;
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

fn evaluate(f: &Evaluate, ts: Vec<f64>) -> Vec<Sample> {
    let mut xs = vec![0.0; ts.len()];
    let mut ys = vec![0.0; ts.len()];
    f(&ts, &mut xs, &mut ys);
    ts.into_iter()
        .zip(xs.into_iter().zip(ys))
        .map(|(t, (x, y))| Sample { t, x, y })
        .collect()
}

/// Maps display coordinates to pixels, from a robust estimate of the curve's extent.
#[derive(Debug, Clone, Copy)]
struct Screen {
    kx: f64,
    ky: f64,
}

impl Screen {
    fn estimate(samples: &[Sample], spec: &SampleSpec) -> Screen {
        let span = |mut v: Vec<f64>| -> f64 {
            v.retain(|z| z.is_finite());
            if v.len() < 2 {
                return 1.0;
            }
            v.sort_by(f64::total_cmp);
            let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
            let s = q(0.95) - q(0.05);
            if s > 0.0 && s.is_finite() {
                s
            } else {
                let full = v[v.len() - 1] - v[0];
                if full > 0.0 && full.is_finite() {
                    full
                } else {
                    1.0
                }
            }
        };
        let xspan = if spec.graph {
            spec.t.1 - spec.t.0
        } else {
            span(samples.iter().map(|s| s.x).collect())
        };
        let yspan = span(samples.iter().map(|s| s.y).collect());
        Screen {
            kx: spec.pixels.0 / xspan,
            ky: spec.pixels.1 / yspan,
        }
    }
    fn distance(&self, a: &Sample, b: &Sample) -> f64 {
        ((b.x - a.x) * self.kx).hypot((b.y - a.y) * self.ky)
    }
    /// Pixels between `b` and the chord `a`–`c`.
    fn bend(&self, a: &Sample, b: &Sample, c: &Sample) -> f64 {
        if !(a.finite() && b.finite() && c.finite()) {
            return 0.0;
        }
        let (ux, uy) = ((c.x - a.x) * self.kx, (c.y - a.y) * self.ky);
        let (vx, vy) = ((b.x - a.x) * self.kx, (b.y - a.y) * self.ky);
        let len = ux.hypot(uy);
        if len == 0.0 {
            vx.hypot(vy)
        } else {
            (ux * vy - uy * vx).abs() / len
        }
    }
}

/// The initial grid: uniform, interior points moved by up to ±5% of a step (a fixed,
/// irregular pattern, so results are reproducible).
fn grid(spec: &SampleSpec) -> Vec<f64> {
    let n = spec.samples.max(2);
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
    let mut points = evaluate(f, grid(spec));
    let mut evaluations = points.len();
    let screen = Screen::estimate(&points, spec);
    let min_dt =
        (spec.t.1 - spec.t.0) / (spec.samples.max(2) - 1) as f64 / f64::from(1u32 << MAX_DEPTH);

    for _ in 0..=MAX_DEPTH {
        crate::interrupt::check()?;
        if points.len() >= spec.max_points {
            break;
        }
        let split = intervals_to_split(&points, &screen, min_dt);
        if split.is_empty() {
            break;
        }
        let mids: Vec<f64> = split
            .iter()
            .map(|&i| 0.5 * (points[i].t + points[i + 1].t))
            .collect();
        evaluations += mids.len();
        let new = evaluate(f, mids);
        points = merge(points, &split, new);
    }

    let (points, breaks) = find_breaks(f, points, &screen, &mut evaluations)?;
    Ok(assemble(points, breaks, spec, evaluations))
}

/// Indices `i` of the intervals `[i, i + 1]` that need a midpoint.
fn intervals_to_split(points: &[Sample], screen: &Screen, min_dt: f64) -> Vec<usize> {
    let n = points.len();
    let bend_at = |i: usize| -> f64 {
        if i == 0 || i + 1 >= n {
            0.0
        } else {
            screen.bend(&points[i - 1], &points[i], &points[i + 1])
        }
    };
    let bends: Vec<f64> = (0..n).map(bend_at).collect();
    (0..n.saturating_sub(1))
        .filter(|&i| {
            let (a, b) = (&points[i], &points[i + 1]);
            if b.t - a.t <= min_dt {
                return false;
            }
            if a.finite() != b.finite() {
                return true;
            }
            a.finite() && (bends[i] > BEND_PX || bends[i + 1] > BEND_PX)
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
    for _ in 0..BISECTIONS {
        if active.is_empty() {
            break;
        }
        crate::interrupt::check()?;
        let mids: Vec<f64> = active
            .iter()
            .map(|s| 0.5 * (s.left.t + s.right.t))
            .collect();
        *evaluations += mids.len();
        let new = evaluate(f, mids);
        let mut still = Vec::with_capacity(active.len());
        for (mut s, m) in active.into_iter().zip(new) {
            if m.t <= s.left.t || m.t >= s.right.t {
                // No f64 between the ends: the step is a discontinuity.
                let last = screen.distance(&s.left, &s.right);
                let kind = if last > 2.0 * s.first {
                    BreakKind::Pole
                } else {
                    BreakKind::Jump
                };
                found.push((s.index, s.left, s.right, kind));
                continue;
            }
            if !m.finite() {
                // An infinity (or a hole) between the two: cut there.
                let kind = if m.y.is_infinite() || m.x.is_infinite() {
                    BreakKind::Pole
                } else {
                    BreakKind::Jump
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
    for s in active {
        let last = screen.distance(&s.left, &s.right);
        let kind = if last > 2.0 * s.first {
            BreakKind::Pole
        } else {
            BreakKind::Jump
        };
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

/// Cut at breaks and non-finite values; infinite values mark poles; compute the core bounds.
fn assemble(points: Vec<Sample>, cuts: Vec<Cut>, spec: &SampleSpec, evaluations: usize) -> Sampled {
    let mut pieces: Vec<Vec<Point>> = Vec::new();
    let mut current: Vec<Point> = Vec::new();
    let mut breaks: Vec<Break> = cuts.iter().map(|(_, b)| *b).collect();
    let mut cuts = cuts.iter().map(|(i, _)| *i).peekable();
    for (i, p) in points.iter().enumerate() {
        if p.finite() {
            current.push([p.x, p.y]);
        } else {
            if p.x.is_infinite() || p.y.is_infinite() {
                breaks.push(Break {
                    at: p.t,
                    kind: BreakKind::Pole,
                });
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
    breaks.sort_by(|a, b| a.at.total_cmp(&b.at));
    let window = POLE_WINDOW * (spec.t.1 - spec.t.0);
    let near_pole = |t: f64| {
        breaks
            .iter()
            .any(|b| b.kind == BreakKind::Pole && (t - b.at).abs() <= window)
    };
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
