# Reference values of tests/transcripts/approx.txt and tests/approx.rs, computed independently with
# mpmath (python3 tests/reference/approx_ref.py): the equioscillation systems solved by
# mpmath.findroot with numerical derivatives, the L2 gradient by mpmath.quad.
import mpmath as m
m.mp.dps = 40
# sigma(lam x) vs Phi(x): unknowns lam, E, x1, x2: e(x1)=E, e(x2)=-E, e'(x1)=e'(x2)=0
def e(x, lam): return 1/(1+m.exp(-lam*x)) - m.ncdf(x)
def de(x, lam): return m.diff(lambda t: e(t, lam), x)
f = lambda lam, E, x1, x2: [e(x1,lam)-E, e(x2,lam)+E, de(x1,lam), de(x2,lam)]
sol = m.findroot(f, (1.7017, 0.00945, 0.571, 2.043))
print("lambda*", sol[0], "E", sol[1], sol[2], sol[3])
# tanh(a x + b x^3) vs erf(x/sqrt2), a fixed sqrt(2/pi)
a = m.sqrt(2/m.pi)
def t(x, b): return m.tanh(a*x + b*x**3) - m.erf(x/m.sqrt(2))
def dt(x, b): return m.diff(lambda s: t(s, b), x)
g = lambda b, E, x1, x2: [t(x1,b)+E, t(x2,b)-E, dt(x1,b), dt(x2,b)]
sol = m.findroot(g, (0.0356773, 0.000357842, 1.2421, 2.5922))
print("b*", sol[0], "b/a", sol[0]/a, "E", sol[1])
# squareplus vs softplus: e(0) = -E, e(x1) = +E, e'(x1) = 0
def s(x, b): return (x + m.sqrt(x*x+b))/2 - m.log(1+m.exp(x))
def ds(x, b): return m.diff(lambda u: s(u, b), x)
h = lambda b, E, x1: [s(0,b)+E, s(x1,b)-E, ds(x1,b)]
sol = m.findroot(h, (1.5238, 0.0759, 3.5646))
print("sq b*", sol[0], "E", sol[1], "x1", sol[2])
# L2 fit of sigma(lam x) to Phi
G = lambda lam: m.quad(lambda x: e(x, lam)*m.diff(lambda l: e(x, l), lam), [-m.inf, 0, m.inf])
print("L2 lambda", m.findroot(G, 1.70099))
# verify peaks
print("gelu1", m.ncdf(1))
print("4ln2^2", 4*m.log(2)**2)
print("relu*gauss(1) at 0.3", 0.3*m.ncdf(0.3) + m.npdf(0.3))
print("relu*gauss(1/2) at 0.3 (50 digits)")
m.mp.dps = 60
s_ = m.mpf(1)/2; x = m.mpf(3)/10
print(x*m.ncdf(x/s_) + s_*m.npdf(x/s_))
print("lse", m.log(sum(m.exp(v) for v in [2,1,4,5,3])))
