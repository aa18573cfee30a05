/// A format-neutral line/scatter figure: rendered by `SVGFigure` and `PGFPlotsFigure`, built from
/// a `CheckResult` by the figure builders (`Figure.prunedLoss`, `.denseLoss`, `.thresholdLaw`, `.lossLaw`).
///
/// On a log axis, zero (t = 0 of a geometric grid) is drawn at a separate position left of the
/// log part (see `Axis`); negative coordinates cannot be drawn and are left out (a lower
/// error-bar end <= 0 is clipped to the axis); the builders avoid both.
public struct Figure: Sendable, Equatable {
    public enum Scale: Sendable, Equatable { case linear, log }

    /// A text in two spellings: plain (SVG) and LaTeX (pgfplots).
    public struct Label: Sendable, Equatable {
        public let plain: String
        public let latex: String
        public init(_ plain: String, latex: String? = nil) {
            self.plain = plain
            self.latex = latex ?? LaTeXMath.prose(plain)  // ASCII maths (eta, t_hat, ||u - y||^2) as LaTeX
        }
    }

    /// One point, with an optional vertical error bar from `yLower` to `yUpper` (absolute ends).
    public struct Point: Sendable, Equatable {
        public let x: Double
        public let y: Double
        public let yLower: Double?
        public let yUpper: Double?
        public init(x: Double, y: Double, yLower: Double? = nil, yUpper: Double? = nil) {
            self.x = x; self.y = y; self.yLower = yLower; self.yUpper = yUpper
        }
    }

    /// The markers, in the order series get them.
    public enum Marker: Int, Sendable, Equatable, CaseIterable {
        case circle, square, triangle, diamond, cross, plus, triangleDown
    }

    /// One series: its legend name, points (drawn in the given order), whether joined by a line,
    /// dashed, and its colour and marker (indices into `Figure.palette` and `Marker.allCases`;
    /// nil marker: line only).
    public struct Series: Sendable, Equatable {
        public let name: Label
        public let points: [Point]
        public let line: Bool
        public let dashed: Bool
        public let color: Int
        public let marker: Marker?
        public init(name: Label, points: [Point], line: Bool = true, dashed: Bool = false, color: Int, marker: Marker?) {
            self.name = name; self.points = points; self.line = line; self.dashed = dashed; self.color = color; self.marker = marker
        }
    }

    /// File stem, e.g. "figure_pruned_loss".
    public let name: String
    public let title: Label
    public let xLabel: Label
    public let yLabel: Label
    public let xScale: Scale
    public let yScale: Scale
    public let series: [Series]
    /// What the figure shows and how to read it (error bars, bands), for captions and notebooks;
    /// nil: the title alone.
    public var caption: Label?
    /// A horizontal band over the whole x range, from `lower` to `upper` (the matching band of an
    /// IMP plot: dense mean +- k sd), drawn shaded (15% of its colour) under the series, with a
    /// legend entry before theirs.
    public struct Band: Sendable, Equatable {
        public let name: Label
        public let lower: Double
        public let upper: Double
        public let color: Int
        public init(name: Label, lower: Double, upper: Double, color: Int) {
            self.name = name; self.lower = lower; self.upper = upper; self.color = color
        }
    }
    /// Shaded horizontal bands (see `Band`).
    public var bands: [Band] = []
    /// Whether the x axis runs from large to small values (density 100% -> 1%, as in the LTH papers).
    public var xReversed = false
    /// Whether the x tick labels are percentages (density).
    public var xPercent = false

    public init(name: String, title: Label, xLabel: Label, yLabel: Label, xScale: Scale, yScale: Scale, series: [Series]) {
        self.name = name; self.title = title; self.xLabel = xLabel; self.yLabel = yLabel
        self.xScale = xScale; self.yScale = yScale; self.series = series
    }

    /// Distinct colours (Okabe-Ito, readable by colour-blind readers), as hex RGB without "#";
    /// the eighth, grey, is for reference lines (a dense baseline, a threshold).
    public static let palette = ["0072B2", "D55E00", "009E73", "CC79A7", "E69F00", "56B4E9", "000000", "888888"]

    static func color(_ index: Int) -> String { palette[((index % palette.count) + palette.count) % palette.count] }
    static func marker(_ index: Int) -> Marker { Marker.allCases[((index % Marker.allCases.count) + Marker.allCases.count) % Marker.allCases.count] }
}
