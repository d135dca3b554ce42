"""NumPy's thin SVD of a 2000 x 1000 standard normal matrix, timed like the criterion bench
(median of 10 runs after a warm-up), for the comparison in the README's performance table:
    python3 benches/numpy_svd.py
"""
import statistics
import time

import numpy as np

a = np.random.default_rng(1).standard_normal((2000, 1000))
np.linalg.svd(a, full_matrices=False)
times = []
for _ in range(10):
    t = time.perf_counter()
    np.linalg.svd(a, full_matrices=False)
    times.append(time.perf_counter() - t)
print(f"numpy {np.__version__} thin SVD 2000x1000: median {statistics.median(times):.3f} s")
