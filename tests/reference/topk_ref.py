# Independent references for tests/vectors.rs (mpmath 50 digits).
from mpmath import mp, mpf, exp, log, findroot
from itertools import combinations
mp.dps = 50
def grad_brute(x, k, tau):
    n = len(x); Z = mpf(0); p = [mpf(0)]*n
    for S in combinations(range(n), k):
        w = exp(sum(x[i] for i in S)/tau); Z += w
        for i in S: p[i] += w
    return [v/Z for v in p]
def thresh(x, k, tau, f):
    g = lambda lam: sum(f((xi-lam)/tau) for xi in x) - k
    lo, hi = min(x)-50*tau, max(x)+50*tau
    for _ in range(400):
        mid = (lo+hi)/2
        if g(mid) > 0: lo = mid
        else: hi = mid
    return [f((xi-lo)/tau) for xi in x]
sig = lambda z: 1/(1+exp(-z))
ex = lambda z: min(mpf(1), exp(z))
sm = lambda z: exp(z)/2 if z <= 0 else 1-exp(-z)/2
X = [mpf(3), mpf(2), mpf(1), mpf(4)]
Y = [mpf('0.3'), mpf('-1.2'), mpf('2.0'), mpf('0.7'), mpf('1.1')]
print('grad', [mp.nstr(v, 40) for v in grad_brute(X, 2, mpf(1))])
print('grad tau=1/10', [mp.nstr(v, 40) for v in grad_brute(X, 2, mpf(1)/10)])
print('grad Y k=3 tau=1/2', [mp.nstr(v, 40) for v in grad_brute(Y, 3, mpf(1)/2)])
print('sigmoid X k=2 tau=1/2', [mp.nstr(v, 40) for v in thresh(X, 2, mpf(1)/2, sig)])
print('exp Y k=2 tau=1', [mp.nstr(v, 40) for v in thresh(Y, 2, mpf(1), ex)])
print('smooth [3,0,0] k=1', [mp.nstr(v, 40) for v in thresh([mpf(3),mpf(0),mpf(0)], 1, mpf(1), sm)])
print('smooth Y k=2 tau=0.7', [mp.nstr(v, 40) for v in thresh(Y, 2, mpf('0.7'), sm)])
s=[mpf(1),mpf(2),mpf(3)]; Z=sum(exp(v) for v in s); p=[exp(v)/Z for v in s]
print('H', mp.nstr(log(Z)-sum(pi*si for pi,si in zip(p,s)), 40))
