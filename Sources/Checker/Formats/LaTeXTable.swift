/// LaTeX tables with booktabs rules (\toprule, \midrule, \bottomrule), numbers as math with 4
/// significant digits ($1.234\times10^{-4}$, no siunitx), "--" for missing values, every text
/// escaped, one `table` float per `Table` with a caption and a label `tab:lth-<name>`.
///
/// `standalone: true` wraps the tables in a complete `article` document (landscape A4 with
/// `geometry`, `booktabs`, T1 fonts) that compiles alone with `latexmk -pdf`; `false` gives the
/// floats only, for `\input` into a document that loads booktabs.
public enum LaTeXTable {
    /// The whole result. The provenance goes into a paragraph (standalone) or a comment block (otherwise).
    public static func render(_ result: CheckResult, detail: Bool = false, standalone: Bool = true) -> String {
        var out = ""
        if standalone {
            out += preamble + "\\section*{Theory vs run}\n\\begin{itemize}\n"
            for line in result.headerLines { out += "\\item " + escape(line) + "\n" }
            out += "\\end{itemize}\n\n"
        } else {
            out += result.headerLines.map { "% " + $0.replacingNewlines() }.joined(separator: "\n") + "\n\n"
        }
        let convention = result.provenance.lossConventionSentence
        out += result.tables(detail: detail).map { render($0, captionSuffix: convention) }.joined(separator: "\n")
        if standalone { out += "\\end{document}\n" }
        return out
    }

    /// The standalone document's preamble, through `\\begin{document}`.
    static let preamble = """
        \\documentclass[10pt]{article}
        \\usepackage[T1]{fontenc}
        \\usepackage[utf8]{inputenc}
        \\usepackage[a4paper,landscape,margin=1.5cm]{geometry}
        \\usepackage{booktabs}
        \\usepackage{amsmath}
        \\begin{document}

        """

    /// Table floats (from `render(_ table:)`) wrapped in the standalone document.
    public static func standaloneDocument(_ floats: [String]) -> String {
        preamble + floats.joined(separator: "\n") + "\\end{document}\n"
    }

    /// One `table` float. `captionSuffix` is appended to the caption (the loss convention).
    public static func render(_ table: Table, captionSuffix: String = "") -> String {
        let shown = table.humanColumns
        let spec = shown.map { table.columns[$0].alignment == .right ? "r" : "l" }.joined()
        var lines = [
            "\\begin{table}[htbp]",
            "\\centering",
            "\\small",
            "\\setlength{\\tabcolsep}{4pt}",
            "\\caption{" + escape(table.title + ". " + table.caption + (captionSuffix.isEmpty ? "" : " " + captionSuffix)) + "}",
            "\\label{tab:lth-" + table.name.replacingOccurrences(of: "_", with: "-") + "}",
            "\\begin{tabular}{" + spec + "}",
            "\\toprule",
            shown.map { table.columns[$0].latexHeader }.joined(separator: " & ") + " \\\\",
            "\\midrule",
        ]
        for row in table.rows {
            lines.append(shown.map { cell(row[$0]) }.joined(separator: " & ") + " \\\\")
        }
        if table.rows.isEmpty {
            lines.append("\\multicolumn{\(shown.count)}{l}{(no rows)} \\\\")
        }
        lines.append("\\bottomrule")
        lines.append("\\end{tabular}")
        if !table.footnotes.isEmpty {
            lines.append("\\par\\smallskip\\footnotesize")
            lines += table.footnotes.map { "Note: " + escape($0) + "\\par" }
        }
        lines.append("\\end{table}")
        return lines.joined(separator: "\n") + "\n"
    }

    static func cell(_ cell: Table.Cell) -> String {
        switch cell {
        case let .number(x): return NumberFormat.latex(x)
        case .missing: return "--"
        default: return escape(Table.human(cell))
        }
    }

    /// Escapes LaTeX's special characters: \ & % $ # _ { } ~ ^ and < > | (T1 text has them, but
    /// the commands are safe under any encoding); line breaks become spaces.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "&": out += "\\&"
            case "%": out += "\\%"
            case "$": out += "\\$"
            case "#": out += "\\#"
            case "_": out += "\\_"
            case "{": out += "\\{"
            case "}": out += "\\}"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "<": out += "\\textless{}"
            case ">": out += "\\textgreater{}"
            case "|": out += "\\textbar{}"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}

extension String {
    func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
