/// Plain-ASCII aligned tables for a terminal: numbers right-aligned, text left-aligned, two
/// spaces between columns, a dashed rule under the header, footnotes as "note: ..." lines.
/// Any non-ASCII character (e.g. in a data description) is written as "?".
public enum TerminalTable {
    /// The whole result: the verdict summary first, then the header lines, then every table of
    /// `result.tables(detail:)` (each ending with its verdict line).
    public static func render(_ result: CheckResult, detail: Bool = false) -> String {
        var blocks = [result.verdictSummary.joined(separator: "\n"), result.headerLines.joined(separator: "\n")]
        blocks += result.tables(detail: detail).map(render)
        return ascii(blocks.joined(separator: "\n\n")) + "\n"
    }

    /// One table with its title and footnotes.
    public static func render(_ table: Table) -> String {
        let shown = table.humanColumns
        let header = shown.map { table.columns[$0].header }
        let body = table.rows.map { row in shown.map { Table.human(row[$0]) } }
        let widths = shown.indices.map { j in ([header[j]] + body.map { $0[j] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (j, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[j] - cell.count))
                parts.append(table.columns[shown[j]].alignment == .right ? pad + cell : cell + pad)
            }
            return String(parts.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }
        var lines = [table.title, line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += body.map(line)
        if body.isEmpty { lines.append("(no rows)") }
        lines += table.footnotes.map { "note: " + $0 }
        return lines.joined(separator: "\n")
    }

    static func ascii(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.isASCII ? $0 : "?" }))
    }
}
