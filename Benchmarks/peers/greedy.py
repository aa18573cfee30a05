"""PyTorch side of greedy forward selection (THEORY.md section 3) for `make bench-peers`.

Instance: what `lth-bench peers greedy --work DIR` wrote into DIR/greedy/: activations A (m x N
float32), output weights b (N), targets y (m), feature scale s; phi_r = s b_r A[:, r], the target
ybar = y (no bias). With replacement, v_j = (1/j) sum_{i <= j} phi_{r_i} and
    r_j = argmin_r 1/2 || (S_{j-1} + phi_r)/j - ybar ||^2,   S_{j-1} = sum_{i < j} phi_{r_i},
ties to the lowest index. Expanding the square, r_j minimises
    score_r = phi_r . M_j + 1/2 ||phi_r||^2,   M_j = S_{j-1} - j ybar.

Two implementations:
- `per_candidate`: the way public reference code does it, one loss evaluation per candidate:
  for every r form the subnetwork's output (S + phi_r)/j and its loss, keep the smallest.
  Losses in float64 (S float64, phi_r widened) so that its picks are exact. Features stored
  neuron-major (A^T contiguous, made once and not timed), so each candidate reads one
  contiguous row: the most favourable layout for this method.
- `best`: cached activations, one pass over A per step. g = A^T M_j in float32 by one batched
  matrix product over row blocks of B rows (each block's partial product in float32, the blocks
  summed in float64), score_r = c_r g_r + 1/2 c_r^2 q_r with c_r = s b_r and q_r ~ ||a_r||^2
  (set-up, timed: per block 1^T (A_block o A_block) in float32, the blocks summed in float64).
  Exact picks: the float32 value of c_r g_r is within 1.01 (gamma_B + 3u) |c_r| ||a_r|| ||M_j||
  of the exact one (gamma_B = B u / (1 - B u), u = 2^-24: any summation order of B products, the
  rounding of M_j to float32, the float64 sums), and q_r within 1.01 (gamma_B + 2u) q_r of
  ||a_r||^2 (nonnegative terms: rounded squares, block sums); e_r is the sum of the two score
  errors. Every r with score_r - e_r <= min_q (score_q + e_q) may be the minimiser; when there are
  several, they are rescored in float64 (A[:, T] widened: one product and exact norms) and the
  smallest float64 score wins, ties to the lowest index (torch.argmin returns the first minimum).
"""
import json
import math
import os

import numpy as np
import torch

from common import median, now, result


def load(work):
    folder = os.path.join(work, "greedy")
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    a = torch.from_numpy(np.load(os.path.join(folder, "A.npy")))
    b = torch.from_numpy(np.load(os.path.join(folder, "b.npy"))).double()
    y = torch.from_numpy(np.load(os.path.join(folder, "y.npy"))).double()
    coef = cfg["feature_scale"] * b  # c_r = s b_r
    ybar = y - cfg["output_bias"]
    return cfg, a, coef, ybar


def block_rows(m, target=512):
    """The largest divisor of m that is at most `target` (row block of the float32 products)."""
    for rows in range(min(target, m), 0, -1):
        if m % rows == 0:
            return rows
    return 1


def best(a, coef, ybar, k):
    """Greedy selection with one blocked pass over the cached activations per step.
    Returns (picks, final sum loss, set-up seconds, per-step seconds, candidates rescored in float64)."""
    start = now()
    m, n = a.shape
    rows = block_rows(m)
    blocks = a.view(m // rows, rows, n)
    ones = torch.ones(rows)
    norm2 = torch.zeros(n, dtype=torch.float64)
    for block in blocks:
        norm2 += (ones @ torch.square(block)).double()
    u = 2.0 ** -24
    gamma = rows * u / (1 - rows * u)
    norm2_upper = norm2 * (1 + 1.01 * (gamma + 2 * u))
    bound = 1.01 * (gamma + 3 * u) * coef.abs() * norm2_upper.sqrt()
    quadratic = 0.5 * coef * coef * norm2
    quadratic_err = 0.5 * coef * coef * norm2_upper * 1.01 * (gamma + 2 * u)
    s = torch.zeros(m, dtype=torch.float64)
    setup = now() - start
    picks, step_times, rescored = [], [], 0
    for j in range(1, k + 1):
        t0 = now()
        mj = s - j * ybar
        partial = torch.bmm(mj.float().view(m // rows, 1, rows), blocks)  # (blocks, 1, N), float32
        g = partial.view(m // rows, n).double().sum(0)
        score = coef * g + quadratic
        err = bound * torch.linalg.vector_norm(mj) + quadratic_err
        ties = torch.nonzero(score - err <= torch.min(score + err)).flatten()
        if ties.numel() > 1:
            rescored += ties.numel()
            columns = a[:, ties].double()
            exact = coef[ties] * (mj @ columns) + 0.5 * coef[ties] ** 2 * torch.sum(columns * columns, dim=0)
            r = int(ties[torch.argmin(exact)])
        else:
            r = int(ties[0])
        s += coef[r] * a[:, r].double()
        picks.append(r)
        step_times.append(now() - t0)
    loss = 0.5 * float(torch.sum((s / k - ybar) ** 2))
    return picks, loss, setup, step_times, rescored


def per_candidate(a_t, coef, ybar, steps):
    """Reference-style greedy: a loss evaluation per candidate, `steps` steps.
    a_t is the neuron-major copy (N x m). Returns (picks, per-step seconds)."""
    n, m = a_t.shape
    c = coef.tolist()
    s = torch.zeros(m, dtype=torch.float64)
    losses = torch.empty(n, dtype=torch.float64)
    picks, step_times = [], []
    for j in range(1, steps + 1):
        t0 = now()
        for r in range(n):
            out = (s + c[r] * a_t[r].double()) / j  # the subnetwork's output with candidate r
            losses[r] = 0.5 * torch.sum((out - ybar) ** 2)
        r = int(torch.argmin(losses))
        s += c[r] * a_t[r].double()
        picks.append(r)
        step_times.append(now() - t0)
    return picks, step_times


def run_best(work, rep, data=None):
    cfg, a, coef, ybar = data or load(work)
    start = now()
    picks, loss, setup, steps, rescored = best(a, coef, ybar, cfg["k"])
    total = now() - start
    return result("greedy", "pytorch", method="pytorch best", rep=rep, k=cfg["k"], total_s=total, setup_s=setup,
                  step_median_s=median(steps), picks=picks, final_sum_loss=loss, float64_rescored_candidates=rescored,
                  block_rows=block_rows(a.shape[0]), threads=torch.get_num_threads())


def run_per_candidate(work, budget_s, data=None):
    """Estimates the per-step time from one step; runs K = min(k, max(2, budget / step)) steps."""
    cfg, a, coef, ybar = data or load(work)
    t0 = now()
    a_t = a.t().contiguous()
    layout_s = now() - t0
    k = cfg["k"]
    _, first = per_candidate(a_t, coef, ybar, 1)
    steps = min(k, max(2, int(budget_s / first[0])))
    picks, times = per_candidate(a_t, coef, ybar, steps)
    del a_t
    per_step = median(times)
    return result("greedy", "pytorch", method="pytorch per-candidate", k=k, steps_run=steps, picks=picks,
                  step_median_s=per_step, estimate_step_s=first[0], total_s=sum(times) if steps == k else None,
                  extrapolated_total_s=per_step * k, layout_s=layout_s, threads=torch.get_num_threads())
