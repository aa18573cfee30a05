"""`make bench-peers`: the toolkit against PyTorch and scipy, in one run on this machine.

usage: driver.py --bench PATH/lth-bench [--readme README.md] [--reps R] [--work DIR] [--keep]
                 [--only W,W] [--per-candidate-budget SECONDS]

For each workload the toolkit's side (`lth-bench peers <workload>`, a separate process) and the
PyTorch/scipy side (this process) run alternately, R repetitions each (toolkit first on even
repetitions, PyTorch first on odd ones), on the same inputs: the toolkit writes data, initial
weights, the batch order and the greedy activations as .npy files into a temporary work folder
outside the tree (deleted at the end unless --keep), which the Python side loads. Both sides use
2 threads. The results are printed as a table with median [min, max] over the repetitions, the
time ratio toolkit/PyTorch, the goal of issue 8 and whether it is met, and written to README.md
between `<!-- bench-peers:begin -->` and `<!-- bench-peers:end -->`. Where a goal is not met, a
profile says why: for training, perf samples of the toolkit's process (when perf works),
torch.profiler for PyTorch and the toolkit's sgemm-only time at the same shapes; for greedy
selection, bytes per step against the measured bandwidth; for λ0, the time of each stage.
"""
import common

common.fix_threads()

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import torch  # noqa: E402

import greedy  # noqa: E402
import lambda0  # noqa: E402
import report  # noqa: E402
import training  # noqa: E402
from common import now  # noqa: E402

WORKLOADS = ["limits", "mlp", "ntk", "ntk-small", "greedy", "lambda0"]


def parse():
    p = argparse.ArgumentParser(description="the toolkit against PyTorch and scipy (make bench-peers)")
    p.add_argument("--bench", required=True, help="path of the release lth-bench binary")
    p.add_argument("--readme", help="README.md whose bench-peers section is rewritten")
    p.add_argument("--reps", type=int, default=3, help="repetitions per side and workload (default 3)")
    p.add_argument("--work", help="work folder for the shared .npy inputs (default: a new folder under $TMPDIR)")
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    p.add_argument("--only", help="comma-separated subset of " + ",".join(WORKLOADS[1:]))
    p.add_argument("--per-candidate-budget", type=float, default=40.0,
                   help="seconds for the per-candidate greedy method (default 40; it runs min(k, budget / step) steps)")
    args = p.parse_args()
    if args.reps < 1:
        p.error(f"invalid --reps {args.reps}: expected an integer >= 1")
    only = args.only.split(",") if args.only else WORKLOADS[1:]
    for w in only:
        if w not in WORKLOADS[1:]:
            p.error(f"invalid --only entry '{w}': expected one of {', '.join(WORKLOADS[1:])}")
    args.only = only
    if not os.access(args.bench, os.X_OK):
        p.error(f"--bench {args.bench}: not an executable (build it with `swift build -c release --product lth-bench`)")
    return args


def toolkit(bench, work, workload, *extra):
    """Runs `lth-bench peers <workload> --work WORK --reps 1 ...`; returns its JSON records."""
    cmd = [bench, "peers", workload, "--work", work, "--reps", "1", *map(str, extra)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        sys.exit(f"bench-peers: error: {' '.join(cmd)} failed with status {done.returncode}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


LOADS = {}


def alternate(reps, run_toolkit, run_peer, label):
    """R repetitions of each side, alternating (toolkit first on even repetitions); records the
    1-minute load average before and after in LOADS[label]."""
    tk, peer = [], []
    before = os.getloadavg()[0]
    for rep in range(reps):
        order = [(tk, run_toolkit), (peer, run_peer)] if rep % 2 == 0 else [(peer, run_peer), (tk, run_toolkit)]
        for results, fn in order:
            results.append(fn(rep))
        print(f"  {label} rep {rep + 1}/{reps}: toolkit {report.brief(tk[-1])}, peer {report.brief(peer[-1])}", flush=True)
    LOADS[label] = (before, os.getloadavg()[0])
    return tk, peer


def machine():
    model = "unknown CPU"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    swift = "unknown"
    try:
        swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        pass
    blas = "unknown"
    try:
        deps = scipy.show_config(mode="dicts")["Build Dependencies"]["blas"]
        blas = f"{deps['name']} {deps['version']}"
        import ctypes
        import glob
        path = glob.glob(os.path.join(os.path.dirname(scipy.__file__) + ".libs", "libscipy_openblas*"))[0]
        corename = ctypes.CDLL(path).scipy_openblas_get_corename
        corename.restype = ctypes.c_char_p
        blas += f", {corename().decode()} kernels"
    except Exception:  # noqa: BLE001 - the BLAS name is informational only
        pass
    return {"cpu": model, "cores": os.cpu_count(), "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__,
            "scipy": scipy.__version__, "scipy_blas": blas, "swift": swift,
            "torch_blas": "MKL" if torch.backends.mkl.is_available() else "no MKL"}


def torch_sgemm():
    """PyTorch's float32 2048^3 matrix product, GFLOP/s, best of 5 after one warm-up."""
    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    a @ b
    best = float("inf")
    for _ in range(5):
        t = now()
        a @ b
        best = min(best, now() - t)
    return 2 * 2048 ** 3 / best / 1e9


def perf_profile(bench, work, workload, *extra):
    """Top symbols of perf samples (cpu-clock) of one toolkit run, or None when perf is unavailable."""
    if shutil.which("perf") is None:
        return None
    data = os.path.join(work, f"perf-{workload}.data")
    cmd = ["perf", "record", "-q", "-e", "cpu-clock", "-F", "499", "-o", data, "--",
           bench, "peers", workload, "--work", work, "--reps", "1", *map(str, extra)]
    if subprocess.run(cmd, capture_output=True).returncode != 0:
        return None
    out = subprocess.run(["perf", "report", "-i", data, "--stdio", "--sort", "symbol"], capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].endswith("%") and parts[1] in ("[.]", "[k]"):
            while parts[-1] == "-":
                parts.pop()
            rows.append((parts[0], " ".join(parts[2:])))
    names = [s for _, s in rows[:4]]
    if shutil.which("swift-demangle"):
        demangled = subprocess.run(["swift-demangle", "--simplified", "--compact"], input="\n".join(names),
                                   capture_output=True, text=True).stdout.splitlines()
        if len(demangled) == len(names):
            names = demangled
    return ", ".join(f"{short(n)} {p}" for (p, _), n in zip(rows[:4], names))


def short(symbol):
    symbol = symbol.replace("specialized ", "").replace("closure #1 in ", "")
    return symbol.split("(")[0][:60]


def main():
    args = parse()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench-peers: terminated"))  # so that `finally` cleans up
    started = now()
    load_start = os.getloadavg()
    work = args.work or tempfile.mkdtemp(prefix="lth-peers-")
    os.makedirs(work, exist_ok=True)
    info = machine()
    info["threads"] = common.torch_threads(torch)
    info["load_start"] = load_start
    print(f"bench-peers: {info['cpu']}, {info['cores']} cores, {info['date']}; torch {info['torch']} ({info['torch_blas']}), "
          f"numpy {info['numpy']}, scipy {info['scipy']} ({info['scipy_blas']}); {info['swift']}")
    print(f"bench-peers: work folder {work}; {args.reps} repetitions per side; load average {load_start[0]:.2f}", flush=True)
    results = {"info": info}
    try:
        limits = toolkit(args.bench, work, "limits")[0]
        limits["torch_sgemm_gflops"] = torch_sgemm()
        results["limits"] = limits
        print(f"limits: sgemm {limits['sgemm_gflops']:.0f} GFLOP/s (OpenBLAS {limits['blas_core']}), PyTorch "
              f"{limits['torch_sgemm_gflops']:.0f} GFLOP/s; memory bandwidth {limits['bandwidth_gbs']:.1f} GB/s", flush=True)

        for name in ("mlp", "ntk", "ntk-small"):
            if name in args.only:
                results[name] = alternate(args.reps, lambda rep, n=name: toolkit(args.bench, work, n)[0],
                                          lambda rep, n=name: training.run(work, n, rep), name)

        if "greedy" in args.only:
            first = toolkit(args.bench, work, "greedy")[0]
            data = greedy.load(work)
            reps = iter([first])
            results["greedy"] = alternate(
                args.reps, lambda rep: next(reps, None) or toolkit(args.bench, work, "greedy")[0],
                lambda rep: greedy.run_best(work, rep, data), "greedy")
            print(f"  greedy per-candidate: estimating the step time, then at most {args.per_candidate_budget:.0f} s", flush=True)
            results["greedy_per_candidate"] = greedy.run_per_candidate(work, args.per_candidate_budget, data)
            del data

        if "lambda0" in args.only:
            results["lambda0"] = alternate(args.reps, lambda rep: toolkit(args.bench, work, "lambda0")[0],
                                           lambda rep: lambda0.run(work, rep), "lambda0")

        rows = report.rows(results)
        profiles = {}
        for row in rows:
            w = row.get("profile_workload")
            if row["met"] is False and w in ("mlp", "ntk", "ntk-small") and w not in profiles:
                profiles[w] = (perf_profile(args.bench, work, w, "--steps", "200"),
                               training.run(work, w, 0, steps=50, with_profile=True)["profile"])
        info["load_end"] = os.getloadavg()
        info["loads"] = LOADS
        info["minutes"] = (now() - started) / 60
        text = report.markdown(results, rows, profiles)
        print()
        print(text)
        if args.readme:
            report.rewrite_readme(args.readme, text)
            print(f"bench-peers: wrote the table into {args.readme}")
        with open(os.path.join(work, "results.json"), "w") as f:
            json.dump(results, f, indent=1, default=str)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
