"""scipy side of lambda_0 for `make bench-peers`.

lambda_0 = smallest eigenvalue of Hinf, Hinf_ij = (x_i . x_j)(pi - arccos(x_i . x_j))/(2 pi)
(THEORY.md section 1), for the points X (m x 16, float64) that `lth-bench peers lambda0
--work DIR` wrote to DIR/lambda0/X.npy. Hinf is built with numpy in float64 (inner products
clipped to [-1, 1]) and its smallest eigenvalue computed by
scipy.linalg.eigh(Hinf, eigvals_only=True, subset_by_index=[0, 0]) (LAPACK ?syevr).
"""
import os

import numpy as np
import scipy.linalg

from common import now, result


def gram(x):
    g = x @ x.T
    np.clip(g, -1.0, 1.0, out=g)
    return g * (np.pi - np.arccos(g)) / (2 * np.pi)


def run(work, rep):
    x = np.load(os.path.join(work, "lambda0", "X.npy"))
    start = now()
    h = gram(x)
    gram_s = now() - start
    value = scipy.linalg.eigh(h, eigvals_only=True, subset_by_index=[0, 0])[0]
    total = now() - start
    return result("lambda0", "scipy", rep=rep, m=x.shape[0], total_s=total, gram_s=gram_s, eigh_s=total - gram_s,
                  value=float(value))
