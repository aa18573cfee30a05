/// LaTeX tables as researchers use them: booktabs rules (\toprule, \midrule, \bottomrule), one
/// number format per column (`LaTeXColumnFormat`: fixed decimals or a padded scientific form,
/// so right-aligned decimal points line up without siunitx), "--" for missing values, every text
/// escaped, titles, captions and notes with their mathematics in LaTeX (`LaTeXMath`).
///
/// Three shapes, each a fragment for `\input` whose first line is a comment naming the packages
/// it needs:
/// - `fragment(_:float: false)`: a `tabular` (in a `\small` group, `@{}` at both ends) with its
///   notes, to put in the reader's own float; the caption is in a comment;
/// - `fragment(_:float: true)`: the same in a `table` float with `\caption` and `\label{tab:lth-<name>}`
///   (`table*` when it is wider than one column of a two-column article);
/// - `longtable(_:)`: every row as a `longtable` (`\footnotesize`, header repeated on every
///   page), for an appendix; in a two-column document it switches to one column for the table.
///
/// A table wider than `textWidth` (the text block of a 10pt one-column article) is split into
/// column groups, each repeating the leading identifier columns (m, seed, t, k); the verdict
/// columns stay in the first group. A text cell of more than `longText` characters (other than a
/// verdict) is replaced by a note mark "(a)" and its sentence goes under the table once.
public enum LaTeXTable {
    /// The width available, in pt: the text block of a 10pt one-column `article` (345pt) less a margin.
    static let textWidth = 340.0
    /// Tables estimated narrower than this (pt) fit one column of a two-column `article` (about 229pt).
    static let columnWidth = 220.0
    /// Longer text cells become notes.
    static let longText = 24

    /// The packages every table fragment needs.
    public static let packages = "booktabs"
    /// The most rows of a table in a float; longer tables are written as a `longtable`.
    public static let floatRows = 40

    /// The LaTeX file of a table: `<name>.tex`, a fragment (`fragment(_:float:)`) when its height
    /// in lines (rows times column groups, plus its notes at about 90 characters a line) is at
    /// most `floatRows`, else `<name>_longtable.tex`, a `longtable` (the name says which, so that
    /// a paper never puts a longtable into a float).
    public static func file(_ table: Table, float: Bool, captionSuffix: String = "") -> (name: String, contents: String) {
        let layout = Layout(table, footnotesize: false)
        let notes = (layout.longTexts + table.footnotes).map { ($0.count + 89) / 90 }.reduce(0, +)
        return table.rows.count * layout.groups.count + notes <= floatRows
            ? (table.name + ".tex", fragment(table, float: float, captionSuffix: captionSuffix))
            : (table.name + "_longtable.tex", longtable(table, captionSuffix: captionSuffix))
    }

    /// One table as a fragment: a `tabular` (float: false) or a `table`/`table*` float with
    /// caption and label (float: true). `captionSuffix` is appended to the caption (the loss
    /// convention), `label` overrides `tab:lth-<name>`.
    public static func fragment(_ table: Table, float: Bool, captionSuffix: String = "") -> String {
        let layout = Layout(table, footnotesize: false)
        let caption = captionText(table, suffix: captionSuffix)
        var lines = ["% lth table fragment for \\input; needs \\usepackage{\(packages)}. \(LaTeXMath.prose(table.title))"]
        let environment = layout.width <= columnWidth ? "table" : "table*"
        if float {
            lines += ["\\begin{\(environment)}[tbp]", "\\centering", "\\caption{" + caption + "}", label(table)]
        } else {
            lines.append("% Caption: " + caption.replacingNewlines())
            lines.append("% (a \(layout.width <= columnWidth ? "one-column" : "full-width") table: about \(Int(layout.width.rounded()))pt wide)")
        }
        lines += layout.tabulars()
        lines += layout.notes(table)
        if float { lines.append("\\end{\(environment)}") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One `table` float with caption and label (for whole documents such as `lth export report`).
    public static func render(_ table: Table, captionSuffix: String = "") -> String {
        let layout = Layout(table, footnotesize: false)
        var lines = ["\\begin{table}[htbp]", "\\centering", "\\caption{" + captionText(table, suffix: captionSuffix) + "}", label(table)]
        lines += layout.tabulars()
        lines += layout.notes(table)
        lines.append("\\end{table}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every row of `table` as a `longtable` for an appendix.
    public static func longtable(_ table: Table, captionSuffix: String = "") -> String {
        let layout = Layout(table, footnotesize: true)
        let caption = captionText(table, suffix: captionSuffix) + " All \(table.rows.count) rows."
        var lines = [
            "% lth appendix table for \\input; needs \\usepackage{\(packages),longtable}. \(LaTeXMath.prose(table.title))",
            "% A longtable needs one column: in a two-column document this switches to one column and back.",
            "\\makeatletter",
            "\\if@twocolumn\\onecolumn\\let\\lthrestorecolumns\\twocolumn\\else\\let\\lthrestorecolumns\\relax\\fi",
            "\\makeatother",
            "\\begingroup\\footnotesize\\setlength{\\tabcolsep}{\(layout.tabcolsep)pt}",
        ]
        for (part, group) in layout.groups.enumerated() {
            let partText = layout.groups.count > 1 ? " (columns, part \(part + 1) of \(layout.groups.count))" : ""
            lines.append("\\begin{longtable}{@{}" + layout.spec(group) + "@{}}")
            if part == 0 {
                lines.append("\\caption{" + caption + "}" + label(table) + "\\\\")
            } else {
                lines.append("\\caption[]{" + LaTeXMath.prose(table.title) + partText + "}\\\\")
            }
            lines += ["\\toprule", layout.header(group), "\\midrule", "\\endfirsthead",
                      // Short, so that it never widens the table: the caption above names the table.
                      "\\multicolumn{\(group.count)}{@{}l}{\\emph{(continued\(layout.groups.count > 1 ? ", columns part \(part + 1) of \(layout.groups.count)" : ""))}}\\\\",
                      "\\toprule", layout.header(group), "\\midrule", "\\endhead",
                      "\\bottomrule", "\\endfoot"]
            lines += layout.body(group)
            lines.append("\\end{longtable}")
        }
        lines += layout.notes(table)
        lines += ["\\endgroup", "\\lthrestorecolumns"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func label(_ table: Table) -> String {
        "\\label{tab:lth-" + table.name.replacingOccurrences(of: "_", with: "-") + "}"
    }

    static func captionText(_ table: Table, suffix: String) -> String {
        let text = LaTeXMath.prose(table.title + ". " + table.caption)
        return text + (suffix.isEmpty ? "" : " " + LaTeXMath.prose(suffix))
    }

    /// A table's rendered cells, column formats, note marks, estimated widths and column groups.
    struct Layout {
        let columns: [Table.Column]
        /// Rendered cells, row-major, human columns only.
        let cells: [[String]]
        let alignments: [String]
        /// The long sentences moved to notes, in order of first appearance.
        let longTexts: [String]
        /// Column groups (indices into `columns`); one group when the table fits.
        let groups: [[Int]]
        /// Estimated width of the widest group, pt.
        let width: Double
        let tabcolsep: Double

        init(_ table: Table, footnotesize: Bool) {
            let shown = table.humanColumns
            columns = shown.map { table.columns[$0] }
            tabcolsep = footnotesize ? 3 : 4
            var longTexts: [String] = []
            var cells = Array(repeating: [String](), count: table.rows.count)
            var alignments: [String] = []
            for index in shown {
                let column = table.rows.map { $0[index] }
                let numbers = column.compactMap { cell -> Double? in
                    switch cell {
                    case let .number(x): return x
                    case let .integer(n): return Double(n)
                    default: return nil
                    }
                }
                let hasNumber = column.contains { if case .number = $0 { return true } else { return false } }
                let format = LaTeXColumnFormat(values: hasNumber ? numbers : [])
                var textual = false
                for (row, cell) in column.enumerated() {
                    switch cell {
                    case let .number(x): cells[row].append(format.render(x))
                    case let .integer(n): cells[row].append(hasNumber ? format.render(Double(n)) : "$\(n)$")
                    case .missing: cells[row].append("--")
                    case let .text(s) where s.count > LaTeXTable.longText && !LaTeXTable.isVerdict(table.columns[index]):
                        if !longTexts.contains(s) { longTexts.append(s) }
                        let mark = Layout.mark(longTexts.firstIndex(of: s)!)
                        cells[row].append("(\(mark))")
                    case .text:
                        textual = true
                        cells[row].append(LaTeXMath.prose(Table.human(cell)))
                    default:
                        cells[row].append(LaTeXTable.escape(Table.human(cell)))
                    }
                }
                alignments.append(table.columns[index].alignment == .left || textual ? "l" : "r")
            }
            self.cells = cells
            self.alignments = alignments
            self.longTexts = longTexts
            // Widths, pt: the widest of header and cells, plus the column separation.
            let scale = footnotesize ? 0.89 : 1.0
            let shownColumns = shown.map { table.columns[$0] }
            let widths = shownColumns.indices.map { c in
                scale * ([LaTeXTable.estimatedWidth(shownColumns[c].latexHeader)] + cells.map { LaTeXTable.estimatedWidth($0[c]) }).max()!
            }
            let budget = LaTeXTable.textWidth
            let separation = 2 * (footnotesize ? 3.0 : 4.0)
            let total: ([Int]) -> Double = { group in group.map { widths[$0] }.reduce(0, +) + separation * Double(max(0, group.count - 1)) }
            let all = Array(shownColumns.indices)
            if total(all) <= budget || shownColumns.count <= 2 {
                groups = [all]
            } else {
                // The leading identifier columns (m, seed, t, k, eps, ...) repeat in every group; the
                // verdict columns stay in the first group, beside the identifiers they judge.
                let keys = Array(shown.indices.prefix { LaTeXTable.identifierKeys.contains(table.columns[shown[$0]].key) }.prefix(4))
                let verdicts = all.filter { !keys.contains($0) && LaTeXTable.isVerdict(shownColumns[$0]) }
                var result: [[Int]] = []
                var current = keys + verdicts
                var pinned = current.count
                for c in all where !keys.contains(c) && !verdicts.contains(c) {
                    if current.count > pinned, total(current + [c]) > budget {
                        result.append(current.sorted())
                        current = keys
                        pinned = keys.count
                    }
                    current.append(c)
                }
                if current.count > pinned || result.isEmpty { result.append(current.sorted()) }
                groups = result
            }
            width = groups.map(total).max() ?? 0
        }

        static func mark(_ index: Int) -> String {
            var i = index, s = ""
            repeat { s = String(UnicodeScalar(UInt8(97 + i % 26))) + s; i = i / 26 - 1 } while i >= 0
            return s
        }

        func spec(_ group: [Int]) -> String { group.map { alignments[$0] }.joined() }
        func header(_ group: [Int]) -> String { Layout.line(group.map { columns[$0].latexHeader }) }
        func body(_ group: [Int]) -> [String] {
            if cells.isEmpty { return ["\\multicolumn{\(group.count)}{@{}l}{(no rows)} \\\\"] }
            return cells.map { row in Layout.line(group.map { row[$0] }) }
        }

        /// One table line `a & b & c \\`. A line whose first cell starts with `[` gets `{}` in front:
        /// after the previous line's `\\` LaTeX would read `[...]` as the optional space of `\\`
        /// ("Illegal unit of measure"), e.g. for an interval `[0.1, 0.2]` in the first column.
        static func line(_ cells: [String]) -> String {
            let text = cells.joined(separator: " & ")
            return (text.hasPrefix("[") ? "{}" + text : text) + " \\\\"
        }

        /// The tabulars of every column group, in a `\small` group.
        func tabulars() -> [String] {
            var lines = ["{\\small\\setlength{\\tabcolsep}{\(tabcolsep)pt}%"]
            for (index, group) in groups.enumerated() {
                if index > 0 { lines.append("\\par\\medskip") }
                lines += ["\\begin{tabular}{@{}" + spec(group) + "@{}}", "\\toprule", header(group), "\\midrule"]
                lines += body(group)
                lines += ["\\bottomrule", "\\end{tabular}"]
            }
            lines.append("}")
            return lines
        }

        /// The notes under the table: the long cell texts by mark, then the table's footnotes.
        func notes(_ table: Table) -> [String] {
            let marked = longTexts.enumerated().map { "(\(Layout.mark($0.offset))) " + LaTeXMath.prose($0.element) }
            let notes = marked + table.footnotes.map(LaTeXMath.prose)
            guard !notes.isEmpty else { return [] }
            return ["\\par\\smallskip{\\footnotesize\\raggedright"] + notes.map { $0 + "\\par" } + ["}"]
        }
    }

    /// Column keys that identify a row (repeated in every column group of a split table).
    static let identifierKeys: Set<String> = ["m", "seed", "t", "k", "epsilon", "rewind_iteration", "level", "density", "n"]

    /// Whether a column holds verdicts (never moved to a note, never split from the identifiers).
    static func isVerdict(_ column: Table.Column) -> Bool { column.key.contains("verdict") }

    /// A rough width in pt at `\small` of a cell or header: about 4.6pt per visible character,
    /// scripts at 70%, `\times` and Greek letters as one character, 10% added for the spacing
    /// of binary operators and relations.
    static func estimatedWidth(_ latex: String) -> Double {
        1.1 * rawWidth(latex)
    }

    static func rawWidth(_ latex: String) -> Double {
        let characters = Array(latex)
        var width = 0.0
        var i = 0
        var scriptDepth: [Int] = []  // brace depths at which a script group started
        var depth = 0
        var scriptNext = false
        while i < characters.count {
            let c = characters[i]
            let factor = (scriptDepth.isEmpty && !scriptNext) ? 1.0 : 0.7
            switch c {
            case "\\":
                var j = i + 1
                while j < characters.count, characters[j].isLetter { j += 1 }
                let name = String(characters[(i + 1)..<j])
                if name.isEmpty { j += 1; width += 4.6 * factor }  // \| \, \% ...
                else if ["mathrm", "phantom", "hat", "textsuperscript", "emph", "textbf", "frac", "small", "footnotesize"].contains(name) {}
                else if name == "times" { width += 7 * factor }
                else if ["max", "min", "log", "ln"].contains(name) { width += 4.6 * Double(name.count) * factor }
                else { width += 5 * factor }
                if scriptNext { scriptNext = false }
                i = j
                continue
            case "$": break
            case "^", "_": scriptNext = true; i += 1; continue
            case "{":
                depth += 1
                if scriptNext { scriptDepth.append(depth); scriptNext = false }
            case "}":
                if scriptDepth.last == depth { scriptDepth.removeLast() }
                depth -= 1
            default:
                width += (c == " " ? 3.3 : 4.6) * factor
                if scriptNext { scriptNext = false }
            }
            i += 1
        }
        return width
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
