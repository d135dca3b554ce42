"""Reference roots for tests/certified_roots.rs, computed independently with mpmath.

Run (mpmath 1.3): python3 tests/reference/roots.py > tests/reference/roots.tsv
Lines:
  poly <TAB> ansatz polynomial <TAB> re;im|re;im|...   every root (with repetition), from
        mpmath.polyroots at 120 digits of working precision, printed to 60 digits;
  eq <TAB> ansatz equation <TAB> start <TAB> re;im       the root mpmath.findroot reaches from
        the same start at 120 digits, printed to 60 digits.
The polynomials are random (seed 8): degree 2 to 12, integer coefficients in [-20, 20], plus
a few with structure (repeated, clustered, tiny and huge roots). The test never runs Python.
"""
import random
import sys

import mpmath as mp

mp.mp.dps = 120
random.seed(8)


def q(text):
    """An exact rational constant written as a or a/b."""
    num, _, den = text.partition("/")
    return mp.mpf(num) / mp.mpf(den or 1)


def part(x):
    return mp.nstr(x, 60, min_fixed=-mp.inf, max_fixed=mp.inf) if x != 0 else "0"


def show(z):
    z = mp.mpc(z)
    return part(z.real) + ";" + part(z.imag)


def poly_text(coeffs):
    # coeffs from the highest degree down
    n = len(coeffs) - 1
    terms = []
    for k, c in enumerate(coeffs):
        if c == 0:
            continue
        power = n - k
        monomial = "" if power == 0 else ("x" if power == 1 else f"x^{power}")
        if monomial == "":
            terms.append(f"({c})")
        else:
            terms.append(f"({c})*{monomial}")
    return " + ".join(terms)


polys = []
for _ in range(150):
    degree = random.randint(2, 12)
    coeffs = [random.randint(-20, 20) for _ in range(degree + 1)]
    while coeffs[0] == 0:
        coeffs[0] = random.randint(-20, 20)
    if coeffs[-1] == 0:
        coeffs[-1] = random.randint(1, 20)
    polys.append((poly_text(coeffs), coeffs))
structured = [
    ("(x - 3)^2*(x^2 + 1)", [1, -6, 10, -6, 9]),
    ("x^3 - 10^-60", [1, 0, 0, -mp.mpf(10) ** -60]),
    ("(x - 1)^3 + 10^-30", [1, -3, 3, -1 + mp.mpf(10) ** -30]),
    ("x^2 - 2*x + 1 - 10^-20", [1, -2, 1 - mp.mpf(10) ** -20]),
    ("x^20 - 10^40", [1] + [0] * 19 + [-mp.mpf(10) ** 40]),
    ("x^5 - x - 1", [1, 0, 0, 0, -1, -1]),
    ("x^4 + 1", [1, 0, 0, 0, 1]),
]
for text, coeffs in polys + structured:
    coeffs = [mp.mpf(c) for c in coeffs]
    roots = mp.polyroots(coeffs, maxsteps=2000, extraprec=1000)
    print("poly\t" + text + "\t" + "|".join(show(r) for r in roots))

equations = []
for a in ["1/2", "1", "2", "3"]:
    equations.append((f"cos(x) = {a}*x", lambda x, a=a: mp.cos(x) - q(a) * x, "0.5"))
for k in [1, 2, 3, 4]:
    equations.append((f"exp(-x) = x^{k}", lambda x, k=k: mp.exp(-x) - x**k, "0.7"))
for c in [1, 2, 5, 10]:
    equations.append((f"x*log(x) = {c}", lambda x, c=c: x * mp.log(x) - c, "2"))
for s in ["2.4", "5.5", "8.6", "11.8", "14.9"]:
    equations.append(("besselj(0, x) = 0", lambda x: mp.besselj(0, x), s))
for s in ["3.8", "7", "10.2"]:
    equations.append(("besselj(1, x) = 0", lambda x: mp.besselj(1, x), s))
for c in ["1/10", "1/2", "9/10", "99/100"]:
    equations.append((f"erf(x) = {c}", lambda x, c=c: mp.erf(x) - q(c), "0.5"))
for c in [2, 3, 10, 100]:
    equations.append((f"gamma(x) = {c}", lambda x, c=c: mp.gamma(x) - c, "3"))
for c in [2, 3, 5]:
    equations.append((f"tanh(x) = x/{c}", lambda x, c=c: mp.tanh(x) - x / c, "1.5"))
    equations.append((f"sin(x) = x/{c}", lambda x, c=c: mp.sin(x) - x / c, "2"))
for c in [2, 3, 5, 7, 10]:
    equations.append((f"x^3 = {c}", lambda x, c=c: x**3 - c, "1.5"))
for c in [2, 3, 10]:
    equations.append((f"sqrt(x) + x = {c}", lambda x, c=c: mp.sqrt(x) + x - c, "1"))
    equations.append((f"x*exp(x) = {c}", lambda x, c=c: x * mp.exp(x) - c, "0.5"))
for c in [0, 1, 2]:
    equations.append((f"digamma(x) = {c}", lambda x, c=c: mp.digamma(x) - c, "2"))
for c in [2, 3]:
    equations.append((f"ellipk(x) = {c}", lambda x, c=c: mp.ellipk(x) - c, "0.7"))
for c in [1, 5]:
    equations.append((f"lgamma(x) = {c}", lambda x, c=c: mp.loggamma(x) - c, "5"))
for c in ["1/10", "9/10"]:
    equations.append((f"sigmoid(x) = {c}", lambda x, c=c: 1 / (1 + mp.exp(-x)) - q(c), "0"))
equations += [
    ("log(x) = 1/x", lambda x: mp.log(x) - 1 / x, "1.5"),
    ("atan(x) = x - 1", lambda x: mp.atan(x) - x + 1, "2"),
    ("exp(x) = 1 + 10^-60", lambda x: mp.exp(x) - 1 - mp.mpf(10) ** -60, "1"),
    ("x^2 = 10^-40", lambda x: x**2 - mp.mpf(10) ** -40, "1"),
    ("softplus(x) = 1", lambda x: mp.log1p(mp.exp(x)) - 1, "0"),
    ("z^2 + 1 = 0", lambda z: z**2 + 1, "i"),
    ("exp(z) = 2", lambda z: mp.exp(z) - 2, "0.7 + 6.3*i"),
    ("exp(z) = -1", lambda z: mp.exp(z) + 1, "0.1 + 3*i"),
    ("z^3 = 2*i", lambda z: z**3 - 2j, "1 + i"),
    ("sqrt(z) + z = 3*i", lambda z: mp.sqrt(z) + z - 3j, "1 + i"),
    ("log(z) = 1 + i", lambda z: mp.log(z) - 1 - 1j, "1 + i"),
    ("erf(z) = 1 + i", lambda z: mp.erf(z) - 1 - 1j, "i"),
    ("gamma(z) = i", lambda z: mp.gamma(z) - 1j, "1 + i"),
    ("besselj(0, z) = 1 + i", lambda z: mp.besselj(0, z) - 1 - 1j, "i"),
    ("sin(z) = 2", lambda z: mp.sin(z) - 2, "1.5 + i"),
    ("cosh(z) = 1/2", lambda z: mp.cosh(z) - 0.5, "i"),
]


def start_value(text):
    return mp.mpmathify(eval(text.replace("i", "1j")) if "i" in text else text)


for text, f, start in equations:
    try:
        root = mp.findroot(f, start_value(start), tol=mp.mpf(10) ** -110, maxsteps=200)
    except ValueError:
        try:  # the secant method wandered off: Newton with a numerical derivative
            root = mp.findroot(f, start_value(start), solver="mnewton", tol=mp.mpf(10) ** -110)
        except ValueError:
            print(f"left out (mpmath found no root): {text}", file=sys.stderr)
            continue
    print("eq\t" + text + "\t" + start + "\t" + show(root))
