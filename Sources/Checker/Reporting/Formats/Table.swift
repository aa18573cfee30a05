/// A format-neutral table: the one intermediate every text format renders, so all formats show
/// the same columns and the same verdicts. Built from a `CheckResult` by `CheckResult.tables(detail:)`.
public struct Table: Sendable, Equatable {
    /// One column: its machine key (CSV header), its human and LaTeX headers, and its alignment.
    public struct Column: Sendable, Equatable {
        public enum Alignment: Sendable, Equatable { case left, right }
        /// snake_case, used as the CSV header.
        public let key: String
        /// Plain ASCII header for the terminal and Markdown.
        public let header: String
        /// Header in LaTeX (math allowed).
        public let latexHeader: String
        public let alignment: Alignment
        /// false: only in the machine formats (CSV), e.g. long sentences.
        public let human: Bool

        public init(_ key: String, _ header: String, latex: String? = nil, alignment: Alignment = .right, human: Bool = true) {
            self.key = key
            self.header = header
            self.latexHeader = latex ?? LaTeXTable.escape(header)
            self.alignment = alignment
            self.human = human
        }
    }

    /// One cell.
    public enum Cell: Sendable, Equatable {
        case integer(Int)
        case number(Double)
        case text(String)
        /// A verdict of `Agreement.check`: "yes"/"no" (human), "true"/"false" (CSV).
        case verdict(Bool)
        /// A verdict of the vocabulary (`Verdict`): its label in every format ("holds",
        /// "VIOLATED", "out of scope", ...); the reason goes in a column of its own.
        case outcome(Verdict)
        /// A count of seeds out of a total: "2/3" (human), "2" (CSV, the total is its own column).
        case fraction(Int, of: Int)
        /// nil: "--" (human), empty (CSV).
        case missing

        static func optional(_ x: Double?) -> Cell { x.map(Cell.number) ?? .missing }
        static func optional(_ n: Int?) -> Cell { n.map(Cell.integer) ?? .missing }
        static func optional(_ b: Bool?) -> Cell { b.map(Cell.verdict) ?? .missing }
    }

    /// File stem and label, e.g. "theorem_b_summary".
    public let name: String
    public let title: String
    /// One or two sentences: what the rows are and how the verdicts were decided.
    public let caption: String
    public let columns: [Column]
    public let rows: [[Cell]]
    /// Sentences printed under the table (human formats).
    public let footnotes: [String]

    public init(name: String, title: String, caption: String, columns: [Column], rows: [[Cell]], footnotes: [String]) {
        precondition(rows.allSatisfy { $0.count == columns.count }, "every row has one cell per column")
        self.name = name
        self.title = title
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.footnotes = footnotes
    }

    /// The indices of the columns the human formats show.
    var humanColumns: [Int] { columns.indices.filter { columns[$0].human } }

    /// The cell as the human formats print it (LaTeX escapes it afterwards).
    static func human(_ cell: Cell) -> String {
        switch cell {
        case let .integer(n): return String(n)
        case let .number(x): return NumberFormat.short(x)
        case let .text(s): return s
        case let .verdict(b): return b ? "yes" : "no"
        case let .outcome(v): return v.label
        case let .fraction(n, total): return "\(n)/\(total)"
        case .missing: return "--"
        }
    }
}
