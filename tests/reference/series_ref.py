# Reference coefficients for tests/series.rs, computed independently of ansatz with SymPy:
# T/T0 = sum_n (binomial(2n,n)/4^n)^2 sin(theta/2)^(2n) (the series of 2K(k^2)/pi), expanded.
import sympy as sp
x = sp.symbols('x')
N = 24
s = sum((sp.binomial(2*n, n)/sp.Integer(4)**n)**2 * sp.sin(x/2)**(2*n) for n in range(N//2 + 2))
ser = sp.series(s, x, 0, N+1).removeO()
print("T/T0", [str(ser.coeff(x, k)) for k in range(0, N+1, 2)])
w = sp.series(1/s, x, 0, N+1).removeO()
print("omega", [str(w.coeff(x, k)) for k in range(0, N+1, 2)])
print("tan", [str(sp.series(sp.tan(x), x, 0, 30).removeO().coeff(x, k)) for k in range(1, 30, 2)])
print("bernoulli x/(exp(x)-1)", [str(sp.series(x/(sp.exp(x)-1), x, 0, 21).removeO().coeff(x, k)) for k in range(0, 21)])
print("sec", [str(sp.series(sp.sec(x), x, 0, 21).removeO().coeff(x, k)) for k in range(0, 21, 2)])
