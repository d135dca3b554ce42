"""Independent reference values for tests/matrices.rs (MATH.md §8).

Run with Python 3, mpmath 1.3, NumPy 2.4 and SciPy 1.17:  python3 tests/reference/matrix_ref.py
The values printed are pasted into tests/matrices.rs; the test suite does not need Python.

Inputs:
- tests/data/random_normal_6x5_seed1.csv: the doubles of ansatz's random_normal(6, 5, seed = 1)
  (the generator itself is tested against ChaCha8 reference vectors elsewhere); here only the
  mathematics on those doubles is computed, by mpmath at 50 digits.
- M8: an 8 x 6 matrix of exact decimals (numpy RandomState(0) normals rounded to 3 places),
  written out below so the Rust test uses the same literal.
"""
import csv
import mpmath as mp
import numpy as np
import scipy.linalg.interpolative as sli

mp.mp.dps = 50

def load(path):
    with open(path) as f:
        # mp.mpf(float(x)): the double itself, not the decimal text (they differ by ~1e-17).
        return [[mp.mpf(float(x)) for x in row] for row in csv.reader(f)]

def sv(rows):
    A = mp.matrix(rows)
    return sorted(mp.svd_r(A, compute_uv=False), reverse=True)

print("# random_normal(6, 5, seed = 1): singular values (mpmath, 50 digits)")
R = load("tests/data/random_normal_6x5_seed1.csv")
s = sv(R)
for x in s:
    print(mp.nstr(x, 40))
print("tail sum sigma_j^2, j > 2:", mp.nstr(sum(x**2 for x in s[2:]), 40))
print("sigma_3:", mp.nstr(s[2], 40))

rng = np.random.RandomState(0)
M8 = np.round(rng.standard_normal((8, 6)), 3)
print("# M8 =", "[" + ", ".join("[" + ", ".join(repr(float(x)) for x in row) + "]" for row in M8) + "]")
s8 = sv([[mp.mpf(repr(float(x))) for x in row] for row in M8])
print("# M8 singular values (mpmath, 50 digits)")
for x in s8:
    print(mp.nstr(x, 30))
k = 3
idx, proj = sli.interp_decomp(M8.copy(order="F"), k, rand=False)
B = M8[:, idx[:k]]
P = sli.reconstruct_interp_matrix(idx, proj)
err = np.linalg.norm(M8 - B @ P, "fro")
print("# scipy.linalg.interpolative (deterministic) rank 3: columns (0-based)", list(idx[:k]), "Frobenius error", repr(err))
pinv = np.linalg.pinv(M8)
print("# numpy pinv(M8)[0][:3]:", [repr(float(x)) for x in pinv[0][:3]])

# CR sampling prediction for X = M8^T (6 x 8), Y = M8 (8 x 6), r = 3, optimal p.
X, Y = M8.T, M8
xn = np.linalg.norm(X, axis=0)
yn = np.linalg.norm(Y, axis=1)
p = xn * yn / np.sum(xn * yn)
XY = X @ Y
pred = (np.sum(xn**2 * yn**2 / p) - np.linalg.norm(XY, "fro") ** 2) / 3
print("# CR optimal, r = 3: predicted expected squared error", repr(pred), "= ((sum |x||y|)^2 - |XY|^2)/3 =", repr(((np.sum(xn*yn))**2 - np.linalg.norm(XY,'fro')**2)/3))
pu = np.full(8, 1 / 8)
print("# CR uniform, r = 3: predicted", repr((np.sum(xn**2 * yn**2 / pu) - np.linalg.norm(XY, "fro") ** 2) / 3))

np.save("tests/data/m8_c.npy", M8)
np.save("tests/data/m8_f.npy", np.asfortranarray(M8))
np.save("tests/data/m8_f32.npy", M8.astype(np.float32))
print("# wrote tests/data/m8_c.npy, m8_f.npy (Fortran order), m8_f32.npy")
