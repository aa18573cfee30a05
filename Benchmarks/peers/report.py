"""The table of `make bench-peers`: rows with median [min, max] over repetitions, the time ratio
toolkit/peer, the goal of issue 8 and whether it is met (at the same result), and the README
section between the markers. Imports nothing beyond the standard library."""
import math
import re

BEGIN = "<!-- bench-peers:begin -->"
END = "<!-- bench-peers:end -->"
HEADING = "## Against PyTorch (`make bench-peers`)"
LOSS_TOLERANCE = 1e-3  # relative difference allowed between the final losses of the two sides (float32, 1000 steps)


def median(values):
    values = sorted(v for v in values if v is not None)
    n = len(values)
    if n == 0:
        return float("nan")
    return values[n // 2] if n % 2 else 0.5 * (values[n // 2 - 1] + values[n // 2])


def seconds(value):
    if value is None or not math.isfinite(value):
        return "n/a"
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.3g} ms"
    return f"{value:.3g} s"


def spread(values):
    """'median [min, max]' of a list of seconds."""
    if len(values) == 1:
        return seconds(values[0])
    return f"{seconds(median(values))} [{seconds(min(values))}, {seconds(max(values))}]"


def brief(record):
    for key in ("total_s", "step_median_s"):
        if key in record and record[key] is not None:
            return f"{key.replace('_s', '')} {seconds(record[key])}"
    return "done"


def relative(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def row(name, tk, peer, goal, factor, same, note="", profile_workload=None, extrapolated=False):
    """One table row; `factor` is the required speed-up peer/toolkit (0.95 for parity)."""
    t, p = median(tk), median(peer)
    speedup = p / t if t > 0 else float("nan")
    met = bool(speedup >= factor and same[0])
    return {"name": name, "toolkit": spread(tk) + note, "peer": spread(peer) + (" (extrapolated)" if extrapolated else ""),
            "ratio": t / p, "speedup": speedup, "goal": goal, "met": met, "same": same[1],
            "profile_workload": profile_workload}


def training_rows(name, label, tk, pt, goal, factor):
    step_tk = [r["step_median_s"] for r in tk]
    step_pt = [r["step_median_s"] for r in pt]
    flops = tk[0]["flops_per_step"]
    first = relative(tk[0]["loss_first"][0], pt[0]["loss_first"][0])
    final = relative(tk[0]["final_loss"], pt[0]["final_loss"])
    gflops = lambda values: f" ({flops / median(values) / 1e9:.0f} GFLOP/s)"
    same_step = (first < 1e-5, f"first-step loss agrees to {first:.1e}")
    same_run = (final <= LOSS_TOLERANCE,
                f"final loss {tk[0]['final_loss']:.6g} vs {pt[0]['final_loss']:.6g}: {'agrees' if final <= LOSS_TOLERANCE else 'DIFFERS'}"
                f" to {final:.1e} (tolerance {LOSS_TOLERANCE:g})")
    step = row(f"{label}: one step", step_tk, step_pt, goal, factor, same_step, profile_workload=name)
    step["toolkit"] += gflops(step_tk) + f", fastest step {seconds(min(r['step_best_s'] for r in tk))}"
    step["peer"] += gflops(step_pt) + f", fastest step {seconds(min(r['step_best_s'] for r in pt))}"
    steps = tk[0]["steps"]
    run = row(f"{label}: {steps} steps end to end", [r["e2e_s"] for r in tk], [r["e2e_s"] for r in pt], goal, factor,
              same_run, profile_workload=name)
    return [step, run]


def rows(results):
    out = []
    shapes = {"mlp": ("MLP step, N = 4096, d = 784, B = 256, C = 10, cross-entropy, SGD", "parity or better (>= 0.95x)", 0.95),
              "ntk": ("NTK full-batch GD, m = 2000, d = 64, N = 4096, squared loss", ">= 2x", 2.0),
              "ntk-small": ("small NTK full-batch GD, m = 400, d = 16, N = 512", ">= 5x", 5.0)}
    for name, (label, goal, factor) in shapes.items():
        if name in results:
            out += training_rows(name, label, *results[name], goal, factor)
    if "greedy" in results:
        tk, pt = results["greedy"]
        same = all(r["picks"] == tk[0]["picks"] for r in tk + pt)
        loss = relative(tk[0]["final_sum_loss"], pt[0]["final_sum_loss"])
        k = tk[0]["k"]
        out.append(row(f"greedy selection to k = {k}, N = 10000, m = 60000: toolkit exact vs best PyTorch",
                       [r["total_s"] for r in tk], [r["total_s"] for r in pt], ">= 3x", 3.0,
                       (same, f"same {k} picks: {'yes' if same else 'NO'}; final loss agrees to {loss:.1e}"),
                       profile_workload="greedy"))
        pc = results.get("greedy_per_candidate")
        if pc:
            steps = pc["steps_run"]
            same_pc = pc["picks"] == tk[0]["picks"][:steps]
            label = f"first {steps} of {k} picks" if steps < k else f"all {k} picks"
            r = row(f"greedy, same instance: toolkit exact vs per-candidate PyTorch (a loss evaluation per candidate)",
                    [r["total_s"] for r in tk], [pc["step_median_s"] * k], "orders of magnitude (>= 100x)", 100.0,
                    (same_pc, f"same {label}: {'yes' if same_pc else 'NO'}"), extrapolated=steps < k)
            if steps < k:
                r["peer"] += f": {seconds(pc['step_median_s'])}/step measured over {steps} steps, x {k}"
            out.append(r)
    if "lambda0" in results:
        tk, sc = results["lambda0"]
        value = sc[0]["value"]
        lower_ok = all(r["certified_lower"] <= value for r in tk)
        close = relative(tk[0]["estimate"], value)
        m = tk[0]["m"]
        out.append(row(f"λ0 of Hinf, m = {m}, d = 16: certified (Hinf + estimate + certificate) vs numpy Hinf + "
                       f"scipy.linalg.eigh(subset_by_index=[0, 0])",
                       [r["total_s"] for r in tk], [r["total_s"] for r in sc], ">= 5x", 5.0,
                       (lower_ok and close < 1e-6,
                        f"certified lower bound {tk[0]['certified_lower']:.9g} <= scipy {value:.9g}: {'yes' if lower_ok else 'NO'}; "
                        f"estimate {tk[0]['estimate']:.9g} agrees to {close:.1e}"),
                       profile_workload="lambda0"))
    return out


def why(results, r, profiles):
    """One or two lines saying where the time goes, for a row whose goal is not met."""
    w = r["profile_workload"]
    lines = []
    if w in ("ntk", "ntk-small"):
        tk, pt = results[w]
        step = median([x["step_median_s"] for x in tk])
        gemm = tk[0]["gemm_s"]
        peer = median([x["step_median_s"] for x in pt])
        goal = 2.0 if w == "ntk" else 5.0
        lines.append(f"toolkit step {seconds(step)} on its fused kernels (no sgemm, Z never stored; the same two products "
                     f"as sgemm calls alone take {seconds(gemm)}, {gemm / step:.2g}x the fused step); {goal:g}x PyTorch's "
                     f"{seconds(peer)} needs {seconds(peer / goal)}")
    elif w == "mlp":
        tk, pt = results[w]
        step = median([x["step_median_s"] for x in tk])
        gemm = tk[0]["gemm_s"]
        peer = median([x["step_median_s"] for x in pt])
        lines.append(f"toolkit step {seconds(step)} on its fused two-layer kernels (no sgemm: W1 kept in 32-neuron panels, "
                     f"H never stored; the step's five products as sgemm calls alone take {seconds(gemm)}, "
                     f"{gemm / step:.2g}x the fused step); PyTorch's step {seconds(peer)}")
    elif w == "greedy":
        tk, pt = results["greedy"]
        bytes_ = tk[0]["bytes_per_step"]
        t_step = median([x["step_median_s"] for x in tk])
        p_step = median([x["step_median_s"] for x in pt])
        bandwidth = max([x["sgemv_gbs"] for x in tk] + [results["limits"]["bandwidth_gbs"]])
        k = tk[0]["k"]
        t_total, t_setup = median([x["total_s"] for x in tk]), median([x["setup_s"] for x in tk])
        rest = t_total - t_setup - k * t_step
        lines.append(f"PyTorch's best step reads the {bytes_ / 1e9:.1f} GB float32 activation matrix once: {p_step:.3f} s "
                     f"= {bytes_ / p_step / 1e9:.1f} GB/s against a measured bandwidth of {bandwidth:.1f} GB/s; the toolkit's "
                     f"step takes {t_step:.3f} s (that matrix at {bytes_ / t_step / 1e9:.1f} GB/s), and 3x needs {p_step / 3:.3f} s; "
                     f"set-up toolkit {seconds(t_setup)}, PyTorch {seconds(median([x['setup_s'] for x in pt]))}; of the toolkit's "
                     f"{seconds(t_total)}, {seconds(max(rest, 0))} go beyond set-up and {k} median steps (mostly its first step, "
                     f"which also makes the 16-bit copy of the activations)")
    elif w == "lambda0":
        tk, sc = results["lambda0"]
        m = lambda key, rs: seconds(median([x[key] for x in rs]))
        lines.append(f"toolkit: Hinf {m('gram_s', tk)}, float32 estimate {m('estimate_s', tk)}, float64 certificate "
                     f"{m('certificate_s', tk)}; scipy: Hinf {m('gram_s', sc)}, eigh {m('eigh_s', sc)}")
    tool, peer = profiles.get(w, (None, None))
    if tool:
        lines.append(f"perf samples of the toolkit process: {tool}")
    if peer:
        lines.append(f"torch.profiler, self CPU time: {peer}")
    return lines


def markdown(results, table_rows, profiles):
    info, limits = results["info"], results["limits"]
    out = [f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores), both sides on {info['threads']} threads; "
           f"load average {info['load_start'][0]:.2f} at the start and {info['load_end'][0]:.2f} at the end "
           f"(other processes on the machine add noise); the measurements took {info['minutes']:.1f} min (build and "
           f"environment set-up not included).",
           "",
           f"Versions: PyTorch {info['torch']} ({info['torch_blas']}), numpy {info['numpy']}, scipy {info['scipy']} "
           f"({info['scipy_blas']}), Python {info['python']}; toolkit built with {info['swift']}, OpenBLAS "
           f"{limits['blas_core']} kernels.",
           "",
           f"Limits measured in the same run: sgemm 2048³ {limits['sgemm_gflops']:.0f} GFLOP/s (toolkit's OpenBLAS), "
           f"{limits['torch_sgemm_gflops']:.0f} GFLOP/s (PyTorch); memory bandwidth {limits['bandwidth_gbs']:.1f} GB/s "
           f"(the larger of a streaming sum and an sgemv over 1 GiB).",
           "",
           "Times are the median [min, max] over the repetitions of each side; the ratio is time(toolkit) / time(peer), "
           "below 1 when the toolkit is faster; a goal is met when the speed-up reaches it and the two sides agree on the result.",
           "",
           "| workload | toolkit | PyTorch / scipy | ratio | goal | met | same result |",
           "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in table_rows:
        met = "yes" if r["met"] else "**no**"
        out.append(f"| {r['name']} | {r['toolkit']} | {r['peer']} | {r['ratio']:.3g} ({r['speedup']:.2g}x) | {r['goal']} | {met} | {r['same']} |")
    out += ["", "Same inputs on both sides: the toolkit writes the data, the initial weights and the greedy activations as "
            ".npy files and the PyTorch side loads them. The MLP's minibatches are the toolkit Trainer's own batch order "
            "(its per-epoch seeded permutation, exported), so both sides train on the same batches; PyTorch's "
            "relu'(0) = 0 against the toolkit's 1 does not matter (a pre-activation of exactly 0 has probability 0 with "
            "these random inputs; the final losses confirm it). The toolkit's "
            "end-to-end time includes its checkpoint measurements at steps 0 and T (loss, accuracy, weight movement, rho); "
            "PyTorch's includes one full-data loss at T. The per-candidate greedy method keeps the features neuron-major "
            "(one contiguous row per candidate) and computes each candidate's loss in float64 so that its picks are exact."]
    loads = info.get("loads", {})
    if loads:
        out += ["", "1-minute load average before and after each workload's repetitions: "
                + ", ".join(f"{w} {a:.2f} -> {b:.2f}" for w, (a, b) in loads.items()) + "."]
    unmet = [r for r in table_rows if not r["met"]]
    if unmet:
        out += ["", "Why goals are not met:"]
        seen = set()
        for r in unmet:
            key = r["profile_workload"] or r["name"]
            if key in seen:
                continue
            seen.add(key)
            reasons = why(results, r, profiles) if r["profile_workload"] else []
            if not reasons and "per-candidate" in r["name"]:
                pc = results["greedy_per_candidate"]
                tk = results["greedy"][0]
                n = 10000
                reasons = [f"PyTorch spends {seconds(pc['step_median_s'] / n)} per candidate and step (about six tensor "
                           f"operations on 60000 float64 values plus Python overhead), the toolkit's whole step "
                           f"{seconds(median([x['step_median_s'] for x in tk]) / n)} per candidate"]
            out.append(f"- {r['name'].split(':')[0]}: " + "; ".join(reasons))
    return "\n".join(out)


def rewrite_readme(path, text):
    """Replaces the text between the markers; creates the section after `## Performance` if missing."""
    with open(path) as f:
        readme = f.read()
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in readme and END in readme:
        readme = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, readme, count=1, flags=re.S)
    else:
        section = (f"{HEADING}\n\n`make bench-peers` runs the same workloads in PyTorch (and scipy for λ0) and in the "
                   f"toolkit on this machine, alternating them; the scripts are in `Benchmarks/peers/`.\n\n{block}\n\n")
        match = re.search(r"^## Performance.*?(?=^## )", readme, flags=re.S | re.M)
        if match:
            readme = readme[:match.end()] + section + readme[match.end():]
        else:
            readme = readme.rstrip("\n") + "\n\n" + section
    with open(path, "w") as f:
        f.write(readme)
