"""Shared helpers of the PyTorch/scipy side of `make bench-peers`.

Threads: both sides run on 2 threads. `fix_threads` must run before numpy, scipy or torch are
imported (OpenBLAS, MKL and OpenMP read their thread counts when they load); it also calls
torch.set_num_threads once torch is imported.
"""
import json
import os
import time

THREADS = 2


def fix_threads(threads=THREADS):
    """Sets OMP/MKL/OpenBLAS thread counts in the environment (inherited by the toolkit's process)."""
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[name] = str(threads)


def torch_threads(torch, threads=THREADS):
    """torch.set_num_threads(threads) and returns the value torch reports."""
    torch.set_num_threads(threads)
    return torch.get_num_threads()


def now():
    return time.perf_counter()


def median(values):
    values = sorted(values)
    n = len(values)
    if n == 0:
        return float("nan")
    mid = n // 2
    return values[mid] if n % 2 else 0.5 * (values[mid - 1] + values[mid])


def read_config(folder):
    with open(os.path.join(folder, "config.json")) as f:
        return json.load(f)


def result(workload, side, **fields):
    """One result record, the same shape as the toolkit's JSON lines."""
    record = {"workload": workload, "side": side}
    record.update(fields)
    return record
