/// GitHub-flavoured Markdown: a heading, the provenance as a list, then one pipe table per
/// `Table` (numbers right-aligned with `---:`), footnotes as paragraphs. "|" in cells is escaped
/// as "\|" and line breaks become spaces.
public enum MarkdownTable {
    /// The whole result.
    public static func render(_ result: CheckResult, detail: Bool = false) -> String {
        var blocks = ["# Theory vs run", result.headerLines.map { "- " + escape($0) }.joined(separator: "\n")]
        blocks += result.tables(detail: detail).map(render)
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// One table with a "##" heading, its caption and footnotes.
    public static func render(_ table: Table) -> String {
        let shown = table.humanColumns
        func row(_ cells: [String]) -> String { "| " + cells.map(escape).joined(separator: " | ") + " |" }
        var lines = ["## " + escape(table.title), "", escape(table.caption), ""]
        lines.append(row(shown.map { table.columns[$0].header }))
        lines.append("|" + shown.map { table.columns[$0].alignment == .right ? " ---: |" : " :--- |" }.joined())
        lines += table.rows.map { cells in row(shown.map { Table.human(cells[$0]) }) }
        if !table.footnotes.isEmpty {
            lines.append("")
            lines += table.footnotes.map { "*Note:* " + escape($0) + "  " }
        }
        return lines.joined(separator: "\n")
    }

    /// Escapes "|" and folds line breaks; leaves everything else (Markdown renders `*` and `_`
    /// inside words literally enough for these tables, so they are escaped too).
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "|": out += "\\|"
            case "*", "_", "`", "<", ">", "[", "]": out += "\\" + String(c)
            case "\n", "\r", "\r\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
