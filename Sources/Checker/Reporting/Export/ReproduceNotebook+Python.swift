/// The Python code cells of a reproduce notebook (after `CheckNotebook.setupCode`, whose
/// `read_table` and `read_text` read from `RUN_DIR`): the standard library (`csv`, `json`,
/// `glob`, `os`), numpy and matplotlib only.
extension ReproduceNotebook {
    /// Reloads configuration.json and the cells and prints what they hold. A run written before
    /// the keys were the flags' names has camelCase keys; they are read under the new names.
    static var dataCode: String { #"""
        with open(os.path.join(RUN_DIR, "configuration.json"), encoding="utf-8") as f:
            configuration = json.load(f)
        RENAMED = {\#(PaperExperimentConfiguration.renamedKeyPairs.map { "\"\($0.old)\": \"\($0.new)\"" }.joined(separator: ", "))}
        configuration = {RENAMED.get(key, key): value for key, value in configuration.items()}
        print("configuration:", json.dumps({key: value for key, value in configuration.items() if key != "comment"}, sort_keys=True))

        cells = []
        for path in sorted(glob.glob(os.path.join(RUN_DIR, "units", "m*-seed*.json"))):
            with open(path, encoding="utf-8") as f:
                cells.append(json.load(f)["value"])  # a unit: {"configuration", "data", "unit", "value"}
        cells.sort(key=lambda c: (c["samples"], c["seed"]))
        T, K = configuration["steps"], configuration["figure-k"]
        print(f"{len(cells)} of {len(configuration['samples']) * len(configuration['seeds'])} cells (m, seed) completed:")
        for c in cells:
            last = [r for r in c["rows"] if r["iteration"] == T and r["subnetworkSize"] == K]
            accuracy = f"{last[0]['pruned']['testAccuracy']:.4f}" if last else "?"
            print(f"  m = {c['samples']}, seed {c['seed']}: data {c['dataChecksum']}, {len(c['rows'])} rows, "
                  f"pruned test accuracy at T = {T} (k = {K}): {accuracy}")
        """# }

    /// Figure (a): pruned (and fine-tuned) test accuracy against t > 0 (log t) per m at the figure's k.
    static let accuracyCode = #"""
        p = read_table("paper_pruned")
        k = configuration["figure-k"]
        fig, ax = plt.subplots(figsize=(8, 5))
        for i, m in enumerate(configuration["samples"]):
            at = (p["k"] == k) & (p["m"] == m) & (p["t"] > 0)  # t = 0 cannot sit on a log axis
            ax.plot(p["t"][at], p["pruned_test_accuracy"][at], color=PALETTE[i % 7], marker=MARKERS[i % 7], label=f"m = {m}, greedy")
            if "fine_tuned_test_accuracy" in p:
                ax.plot(p["t"][at], p["fine_tuned_test_accuracy"][at], color=PALETTE[i % 7], linestyle="--", label=f"m = {m}, fine-tuned")
        ax.set_xscale("log")
        ax.set_xlabel("pre-training iterations t")
        ax.set_ylabel("test accuracy of the pruned network")
        ax.set_title(f"Pruned test accuracy against pre-training iterations (k = {k})")
        ax.grid(True, color="#e4e4e4")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        plt.show()
        """#

    /// Figure (b): t_plateau of every (m, seed) against m (log m) with the fitted lines alpha + beta ln m.
    static let plateauCode = #"""
        def flag(values):
            """A true/false column as bool, whether read_table made it bool or str."""
            return np.array([str(v).lower() == "true" for v in values], dtype=bool)


        def iterations(values):
            """A t_plateau column as float: ">= T" (censored) as T, an empty field as nan."""
            return np.array([float(str(v).replace(">=", "").strip()) if str(v).strip() not in ("", "nan") else np.nan
                             for v in values], dtype=float)


        plateaus = read_table("paper_plateau")
        fits = read_table("paper_plateau_fit")
        k = configuration["figure-k"]
        at = plateaus["k"] == k
        if not at.any():
            print(f"No plateau rows at k = {k} in paper_plateau.csv: nothing to draw.")
        else:
            curves = [("pruned", "pruned"), ("fine-tuned", "fine_tuned")] if "fine_tuned_plateau" in plateaus else [("pruned", "pruned")]
            fig, ax = plt.subplots(figsize=(8, 5))
            for i, (curve, column) in enumerate(curves):
                m, t = plateaus["m"][at], iterations(plateaus[column + "_plateau"][at])
                censored = flag(plateaus[column + "_censored"][at])
                found = ~np.isnan(t)
                settled = found & ~censored
                ax.plot(m[settled], t[settled], linestyle="none", marker=["o", "s"][i], color=PALETTE[i], label=f"{curve} (m, seed)")
                if (found & censored).any():
                    ax.plot(m[found & censored], t[found & censored], linestyle="none", marker="x", color=PALETTE[i],
                            label=f"{curve}, not settled by T")
                row = (fits["curve"] == curve) & (fits["k"] == k)
                if row.any() and np.isfinite(fits["beta"][row][0]) and len(np.unique(m[settled])) > 1:
                    alpha, beta = fits["alpha"][row][0], fits["beta"][row][0]
                    lower, upper = fits["beta_lower"][row][0], fits["beta_upper"][row][0]
                    line = np.exp(np.linspace(np.log(m[settled].min()), np.log(m[settled].max()), 41))
                    ax.plot(line, alpha + beta * np.log(line), linestyle="--", color=PALETTE[i],
                            label=f"fit {curve}: beta = {beta:.4g} [{lower:.4g}, {upper:.4g}]")
            ax.set_xscale("log")
            ax.set_xlabel("training points m")
            ax.set_ylabel(f"t_plateau (rule {configuration['plateau-rule']}, tolerance {100 * configuration['plateau-tolerance']:g} points)")
            ax.set_title(f"Plateau iteration against m (k = {k})")
            ax.grid(True, color="#e4e4e4")
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
            plt.show()
        """#
}
