/// The LaTeX files of a check, for a paper and its appendix.
extension CheckResult {
    /// For the paper, fragments for `\input` (`LaTeXTable.fragment`, in a float with `float`):
    /// the compact tables `paperTables` (`theorem_a_by_m.tex`, `theorem_b_by_m_k.tex`,
    /// `theorem_c_by_m_k.tex`) and every other table of `tables(detail: true)` that has no
    /// compact counterpart and at most `LaTeXTable.floatRows` rows (`law_fits.tex`). For the
    /// appendix, every row of the tables the compact ones summarize (or that are too long for a
    /// float) as `<name>_longtable.tex` (`LaTeXTable.longtable`; its caption refers to the compact
    /// table's label `tab:lth-<name>` when `float`, since only then is there one). Captions end with the loss convention.
    public func latexFiles(float: Bool) -> [(name: String, contents: String)] {
        let convention = provenance.lossConventionSentence
        let compact = paperTables
        var files = compact.map { ($0.name + ".tex", LaTeXTable.fragment($0, float: float, captionSuffix: convention)) }
        for table in tables(detail: true) {
            // theorem_a, theorem_b_summary, ... are summarized by theorem_a_by_m, theorem_b_by_m_k, ...
            let summary = compact.first { $0.name.prefix(9) == table.name.prefix(9) }
            if summary == nil, table.rows.count <= LaTeXTable.floatRows {
                files.append((table.name + ".tex", LaTeXTable.fragment(table, float: float, captionSuffix: convention)))
            } else {
                // Only a float carries the summary's label; a bare fragment's float is the reader's, labelled by them.
                let label = float ? summary.map { "tab:lth-" + $0.name.replacingOccurrences(of: "_", with: "-") } : nil
                files.append((table.name + "_longtable.tex", LaTeXTable.longtable(table, captionSuffix: convention, summaryLabel: label)))
            }
        }
        return files
    }
}
