import Bounds

/// The Python code cells of a check's notebook. They use the standard library (`csv`, `json`,
/// `glob`, `os`), numpy and matplotlib only, read every file relative to `RUN_DIR`, and redraw
/// the toolkit's four figures from the CSV files with the toolkit's colours, markers and scales,
/// so a reader can change them.
extension CheckNotebook {
    /// The first code cell: `RUN_DIR` (the environment variable `LTH_RUN_DIR` when set, else
    /// `runDirectory`, the run folder relative to the notebook's folder, in which Jupyter and
    /// nbconvert run a notebook), a one-line error when it is missing, `REPORT_DIR`, the imports,
    /// the palette and `read_table`.
    static func setupCode(runDirectory: String, reportFolder: String) -> String {
        #"""
        # The run this notebook reads: RUN_DIR_RELATIVE is the run folder relative to this notebook's
        # folder (Jupyter runs a notebook in its own folder), so the notebook and its run can be moved
        # together. To read another copy of the run, set the environment variable LTH_RUN_DIR (or change
        # RUN_DIR_RELATIVE) and rerun the notebook: every path below is relative to RUN_DIR.
        import os

        RUN_DIR_RELATIVE = \#(JSONValue.quote(runDirectory))
        RUN_DIR = os.path.abspath(os.environ.get("LTH_RUN_DIR", RUN_DIR_RELATIVE))
        if not os.path.isfile(os.path.join(RUN_DIR, "configuration.json")):
            raise FileNotFoundError(f"no lth run at {RUN_DIR} (configuration.json missing): create it (make demo, "
                                    "or the lth command of the provenance above) or set LTH_RUN_DIR to the run folder")
        REPORT_DIR = os.path.join(RUN_DIR, \#(JSONValue.quote(reportFolder)))

        import csv
        import glob
        import json

        import numpy as np
        import matplotlib.pyplot as plt
        from IPython.display import SVG, Markdown, display

        # The toolkit's colours (Okabe-Ito) and markers, in the order its figures give them out.
        PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
        MARKERS = ["o", "s", "^", "D", "x", "+", "v"]


        def read_table(name):
            """REPORT_DIR/<name>.csv as a dict column -> numpy array: true/false columns as bool,
            numeric columns as float (an empty field is nan), anything else as str."""
            with open(os.path.join(REPORT_DIR, name + ".csv"), newline="", encoding="utf-8") as f:
                reader = csv.DictReader(f)
                rows = list(reader)
                keys = reader.fieldnames or []
            table = {}
            for key in keys:
                values = [row[key] for row in rows]
                if values and all(v in ("true", "false") for v in values):
                    table[key] = np.array([v == "true" for v in values])
                    continue
                try:
                    table[key] = np.array([float(v) if v != "" else np.nan for v in values], dtype=float)
                except ValueError:
                    table[key] = np.array(values, dtype=object)
            return table


        def read_text(name):
            with open(os.path.join(REPORT_DIR, name), encoding="utf-8") as f:
                return f.read()
        """#
    }

    /// Reloads configuration.json, the cells and result.json and prints what they hold.
    static let dataCode = #"""
        with open(os.path.join(RUN_DIR, "configuration.json"), encoding="utf-8") as f:
            recorded = json.load(f)
        configuration = recorded["configuration"]
        print("configuration", recorded["hash"] + ":", json.dumps(configuration, sort_keys=True))

        cells = []
        for path in sorted(glob.glob(os.path.join(RUN_DIR, "units", "m*-seed*.json"))):
            with open(path, encoding="utf-8") as f:
                cells.append(json.load(f)["value"])  # a unit: {"configuration", "data", "unit", "value"}
        cells.sort(key=lambda c: (c["samples"], c["seed"]))
        print(f"{len(cells)} of {len(configuration['samples']) * len(configuration['seeds'])} runs (m, seed) completed:")
        for c in cells:
            residual = np.array([p["residualNorm2"] for p in c["checkpoints"]])
            print(f"  m = {c['samples']}, seed {c['seed']}: data {c['dataChecksum']}, lambda0 >= {c['lambda0Certified']:.4g}, "
                  f"||u(T)-y||^2 / ||u(0)-y||^2 = {residual[-1] / residual[0]:.3g}, {c['seconds']:.1f} s")

        with open(os.path.join(REPORT_DIR, "result.json"), encoding="utf-8") as f:
            result = json.load(f)
        # The verdict summary (THEORY.md section 7): counts over informative rows only.
        for line in result["verdictSummary"]:
            print(line)
        for theorem, key in [("theoremA", "verdict"), ("theoremB", "verdict"), ("theoremC", "aPosterioriVerdict"), ("theoremC", "aPrioriVerdict")]:
            labels, counts = np.unique([row[key]["verdict"] for row in result[theorem]], return_counts=True)
            print(f"{theorem} {key}: " + ", ".join(f"{n} {label}" for label, n in zip(labels, counts)))
        """#

    /// Figure (a): pruned loss against t per m (log t), mean over seeds with min-max bars, largest k.
    static let prunedLossCode = #"""
        b = read_table("theorem_b_summary")
        k = int(np.nanmax(b["k"]))
        fig, ax = plt.subplots(figsize=(8, 5))
        for i, m in enumerate(np.unique(b["m"])):
            at = (b["k"] == k) & (b["m"] == m) & (b["t"] > 0)  # t = 0 cannot sit on a log axis
            t, mean = b["t"][at], b["pruned_loss_mean"][at]
            bars = [mean - b["pruned_loss_min"][at], b["pruned_loss_max"][at] - mean]
            ax.errorbar(t, mean, yerr=bars, color=PALETTE[i % 7], marker=MARKERS[i % 7], capsize=3, label=f"m = {int(m)}")
        ax.set_xscale("log")
        ax.set_xlabel("pre-training iterations t")
        ax.set_ylabel(f"pruned loss l_k(t) ({configuration['loss']})")
        ax.set_title(f"Pruned loss, k = {k} (mean over seeds, bars: min to max)")
        ax.grid(True, color="#e4e4e4")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        plt.show()
        """#

    /// Figure (b): measured residual and Theorem A's prediction per m (log y), means over seeds.
    static let denseLossCode = #"""
        a = read_table("theorem_a")
        fig, ax = plt.subplots(figsize=(8, 5))
        handles = []  # measured and predicted of each m together in the legend
        for i, m in enumerate(np.unique(a["m"])):
            ts = np.unique(a["t"][a["m"] == m])
            rows = [(a["m"] == m) & (a["t"] == t) for t in ts]
            measured = np.array([a["residual"][r].mean() for r in rows])
            bars = [measured - np.array([a["residual"][r].min() for r in rows]),
                    np.array([a["residual"][r].max() for r in rows]) - measured]
            # Theorem A's bound where its hypotheses hold, else its formula as an extrapolation (out of scope).
            formula = np.where(np.isnan(a["bound"]), a["extrapolation"], a["bound"])
            predicted = np.array([formula[r].mean() for r in rows])
            out_of_scope = bool(np.isnan(a["bound"][a["m"] == m]).any())
            handles.append(ax.errorbar(ts, measured, yerr=bars, color=PALETTE[i % 7], marker=MARKERS[i % 7], capsize=3,
                                       label=f"measured, m = {int(m)}"))
            handles += ax.plot(ts, predicted, color=PALETTE[i % 7], linestyle="--",
                               label=f"Theorem A{' extrapolated (out of scope)' if out_of_scope else ''}, m = {int(m)}")
        ax.set_yscale("log")
        ax.set_xlabel("iterations t")
        ax.set_ylabel(r"$\Vert u(t) - y\Vert^2$")
        ax.set_title("Dense residual against Theorem A (mean over seeds)")
        ax.grid(True, color="#e4e4e4")
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1))
        plt.show()
        """#

    /// Figure (c): t_hat of every run against m (log m), at its exact crossing step where the
    /// bisection located one, else with a bar over the checkpoint interval of the crossing, with
    /// the law the censored fits favour (`threshold_scaling.csv`, dAIC = 0).
    static let thresholdLawCode = #"""
        import re

        scaling = read_table("threshold_scaling")
        c = read_table("theorem_c")
        grid = np.unique(read_table("theorem_a")["t"])
        candidates = []  # (distinct m crossed, crossings, -order, k, eps, law, intercept, beta, interval, runs)
        for order, target in enumerate(dict.fromkeys(scaling["target"])):
            rows = (scaling["target"] == target) & (scaling["delta_aic"] == 0)
            if not rows.any():
                continue  # no law could be fitted to this target
            found = re.match(r"k = (\d+), eps = (.+)", str(target))
            k, eps = int(found.group(1)), float(found.group(2))
            runs = (c["k"] == k) & np.isclose(c["epsilon"], eps, rtol=1e-3) & ~np.isnan(c["t_hat"]) & (c["t_hat"] > 0)
            i = np.flatnonzero(rows)[0]
            candidates.append((len(np.unique(c["m"][runs])), int(runs.sum()), -order, k, eps, str(scaling["law"][i]),
                               scaling["intercept"][i], scaling["beta"][i], (scaling["beta_lower"][i], scaling["beta_upper"][i]), runs))
        if not candidates:
            print("No law could be fitted to the thresholds (threshold_scaling.csv says why for each target).")
        else:
            _, _, _, k, eps, law, intercept, beta, (lower, upper), runs = max(candidates, key=lambda x: x[:3])
            m, t_hat, exact = c["m"][runs], c["t_hat"][runs], c["t_hat_exact"][runs]
            previous = np.array([grid[np.searchsorted(grid, t) - 1] for t in t_hat])
            located = ~np.isnan(exact)  # exact crossing steps (bisection between checkpoints): no bar
            t_hat, previous = np.where(located, exact, t_hat), np.where(located, exact, previous)
            line = np.exp(np.linspace(np.log(m.min()), np.log(m.max()), 41))
            if law.endswith("ln m"):
                curve = intercept + beta * np.log(line)
            elif law.endswith("beta m"):
                curve = intercept + beta * line
            else:
                curve = np.exp(intercept) * line ** beta
            fig, ax = plt.subplots(figsize=(8, 5))
            ax.errorbar(m, t_hat, yerr=[t_hat - previous, np.zeros_like(t_hat)], linestyle="none", marker="o", color=PALETTE[0],
                        capsize=3, label="runs (exact crossing step; bar: checkpoint interval where none was located)")
            ax.plot(line, curve, linestyle="--", color=PALETTE[1], label=f"AIC favours {law}, beta = {beta:.4g} [{lower:.4g}, {upper:.4g}]")
            ax.set_xscale("log")
            ax.set_xlabel("training points m")
            ax.set_ylabel("t_hat (crossing step of l_k(t) <= eps)")
            ax.set_title(f"Threshold t_hat against m (k = {k}, eps = {eps:g})")
            ax.grid(True, color="#e4e4e4")
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
            plt.show()
        """#

    /// Figure (d): pruned loss against k (log-log) at the first fitted (m, t), with c k^(-gamma).
    static let lossLawCode = #"""
        import re

        fits = read_table("law_fits")
        b = read_table("theorem_b")
        laws = [law for law in dict.fromkeys(fits["law"]) if str(law).startswith("l_k vs k")]
        if not laws:
            print("No l_k-vs-k fit in law_fits.csv: it needs at least 3 positive pruned losses at 2 or more sizes k.")
        else:
            law = laws[0]
            found = re.match(r"l_k vs k \(m = (\d+), t = (\d+)\)", str(law))
            m, t = int(found.group(1)), int(found.group(2))
            rows = fits["law"] == law
            estimate = dict(zip(fits["parameter"][rows], fits["estimate"][rows]))
            gamma_row = rows & (fits["parameter"] == "gamma")
            at = (b["m"] == m) & (b["t"] == t) & (b["pruned_loss"] > 0)
            ks = np.unique(b["k"][at])
            losses = [b["pruned_loss"][at & (b["k"] == k)] for k in ks]
            mean = np.array([l.mean() for l in losses])
            bars = [mean - np.array([l.min() for l in losses]), np.array([l.max() for l in losses]) - mean]
            line = np.exp(np.linspace(np.log(ks.min()), np.log(ks.max()), 41))
            fig, ax = plt.subplots(figsize=(8, 5))
            ax.errorbar(ks, mean, yerr=bars, color=PALETTE[0], marker="o", capsize=3, label="measured")
            ax.plot(line, estimate["c"] * line ** -estimate["gamma"], linestyle="--", color=PALETTE[1],
                    label=f"fit: gamma = {estimate['gamma']:.4g} [{fits['ci_lower'][gamma_row][0]:.4g}, {fits['ci_upper'][gamma_row][0]:.4g}]")
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("subnetwork size k")
            ax.set_ylabel("pruned loss l_k(t)")
            ax.set_title(f"Pruned loss against k (m = {m}, t = {t}; mean over seeds, bars: min to max)")
            ax.grid(True, color="#e4e4e4")
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
            plt.show()
        """#
}
