import Bounds

/// A Jupyter notebook in nbformat 4.5 (the JSON schema `nbformat.v4.nbformat.v4.5`): cells with
/// ids, a python3 kernelspec, `language_info`, and free metadata under `metadata.lth`.
///
/// Cell ids are `lth-<index>` (1-based, zero-padded), so exporting the same run twice gives the
/// same file. Sources are stored as lists of lines (each but the last ending in "\n"), as
/// Jupyter writes them. Outputs are `display_data` bundles (MIME type -> text); code cells have
/// `execution_count: null` (not executed yet, even with outputs filled in by the exporter).
public struct NotebookDocument: Sendable {
    /// One output bundle of a code cell, e.g. [("image/svg+xml", svg), ("text/plain", "...")].
    public struct Output: Sendable {
        public let data: [(mimeType: String, text: String)]
        public init(_ data: [(mimeType: String, text: String)]) { self.data = data }
    }

    public enum Cell: Sendable {
        case markdown(String)
        case code(String, outputs: [Output])

        public static func code(_ source: String) -> Cell { .code(source, outputs: []) }
    }

    public var cells: [Cell]
    /// `metadata.lth`: what the notebook was exported from (ordered keys).
    public var lthMetadata: [(String, JSONValue)]

    public init(cells: [Cell] = [], lthMetadata: [(String, JSONValue)] = []) {
        self.cells = cells
        self.lthMetadata = lthMetadata
    }

    /// The notebook as a JSON value.
    public var json: JSONValue {
        let width = String(cells.count).count
        let jsonCells: [JSONValue] = cells.enumerated().map { index, cell in
            let number = String(index + 1)
            let id = JSONValue.string("lth-" + String(repeating: "0", count: max(0, width - number.count)) + number)
            switch cell {
            case let .markdown(source):
                return .object([("cell_type", .string("markdown")), ("id", id), ("metadata", .object([])),
                                ("source", Self.lines(source))])
            case let .code(source, outputs):
                return .object([
                    ("cell_type", .string("code")), ("execution_count", .null), ("id", id), ("metadata", .object([])),
                    ("outputs", .array(outputs.map { output in
                        .object([("output_type", .string("display_data")),
                                 ("data", .object(output.data.map { ($0.mimeType, Self.lines($0.text)) })),
                                 ("metadata", .object([]))])
                    })),
                    ("source", Self.lines(source)),
                ])
            }
        }
        return .object([
            ("cells", .array(jsonCells)),
            ("metadata", .object([
                ("kernelspec", .object([("display_name", .string("Python 3")), ("language", .string("python")), ("name", .string("python3"))])),
                ("language_info", .object([
                    ("codemirror_mode", .object([("name", .string("ipython")), ("version", .integer(3))])),
                    ("file_extension", .string(".py")), ("mimetype", .string("text/x-python")), ("name", .string("python")),
                    ("nbconvert_exporter", .string("python")), ("pygments_lexer", .string("ipython3")), ("version", .string("3")),
                ])),
                ("lth", .object(lthMetadata)),
            ])),
            ("nbformat", .integer(4)),
            ("nbformat_minor", .integer(5)),
        ])
    }

    /// The `.ipynb` text: JSON indented by one space (as Jupyter writes it) and a final newline.
    public func rendered() -> String { json.rendered(indent: 1) + "\n" }

    /// A multi-line string as nbformat's list of lines.
    static func lines(_ text: String) -> JSONValue {
        var out: [JSONValue] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" || character == "\r\n" {
                out.append(.string(current))
                current = ""
            }
        }
        if !current.isEmpty { out.append(.string(current)) }
        return .array(out)
    }
}
