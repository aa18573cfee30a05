/// The LaTeX files of a check, for a paper and its appendix.
extension CheckResult {
    /// For the paper, the compact tables of `tables(detail: false)` (Theorem A per m, Theorem B
    /// per (m, k), Theorem C per (m, k, eps), the threshold scaling and the law fits, each with
    /// its verdicts) as fragments for `\input` (`LaTeXTable.file`: a `tabular`, in a float with
    /// `float`, or a `longtable` past `LaTeXTable.floatRows` rows). For the appendix, every other
    /// table of `tables(detail: true)` (per checkpoint and seed) as `<name>_longtable.tex`
    /// (`LaTeXTable.longtable`). Captions end with the loss convention.
    public func latexFiles(float: Bool) -> [(name: String, contents: String)] {
        let convention = provenance.lossConventionSentence
        let compact = tables(detail: false)
        var files = compact.map { LaTeXTable.file($0, float: float, captionSuffix: convention) }
        for table in tables(detail: true) where !compact.contains(where: { $0.name == table.name }) {
            files.append((table.name + "_longtable.tex", LaTeXTable.longtable(table, captionSuffix: convention)))
        }
        return files
    }
}
