//! Seeded random numbers that are the same on every machine: the ChaCha8 stream of
//! `rand_chacha` (portable and value-stable, tested against reference vectors) seeded with
//! `seed_from_u64(seed)`; a uniform number in [0, 1) is the top 53 bits of one 64-bit word
//! divided by 2^53, and a normal pair comes from two uniforms by the Box–Muller transform
//! √(−2 ln u₁)·(cos 2πu₂, sin 2πu₂) with u₁ taken from (0, 1].

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// `n` uniform numbers in [0, 1).
pub fn uniform(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n).map(|_| unit(&mut rng)).collect()
}

/// `n` standard normal numbers.
pub fn normal(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(n + 1);
    while out.len() < n {
        let u1 = 1.0 - unit(&mut rng);
        let u2 = unit(&mut rng);
        let r = (-2.0 * u1.ln()).sqrt();
        let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
        out.push(r * c);
        out.push(r * s);
    }
    out.truncate(n);
    out
}

fn unit(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}
