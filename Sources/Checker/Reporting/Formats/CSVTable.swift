/// CSV (RFC 4180): one file per table, a header row of snake_case keys, CRLF line ends, a field
/// quoted with double quotes when it holds a comma, a quote, CR or LF (quotes doubled inside).
/// Numbers at full float64 precision (shortest round-trip form), integers without decimals,
/// yes/no verdicts "true"/"false", `Verdict`s by their label, seed counts as plain integers, missing values empty. Every column
/// is written, including those the human formats leave out.
public enum CSVTable {
    /// Every table of `result.tables(detail: true)` as (file name, contents), e.g. ("theorem_a.csv", ...).
    public static func files(_ result: CheckResult) -> [(name: String, contents: String)] {
        result.tables(detail: true).map { ($0.name + ".csv", render($0)) }
    }

    /// One table.
    public static func render(_ table: Table) -> String {
        var lines = [table.columns.map { field($0.key) }.joined(separator: ",")]
        for row in table.rows {
            lines.append(row.map { field(text($0)) }.joined(separator: ","))
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    static func text(_ cell: Table.Cell) -> String {
        switch cell {
        case let .integer(n): return String(n)
        case let .number(x): return NumberFormat.full(x)
        case let .text(s): return s
        case let .verdict(b): return b ? "true" : "false"
        case let .outcome(v): return v.label
        case let .fraction(n, _): return String(n)
        case .missing: return ""
        }
    }

    /// RFC 4180 quoting.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
