import Engine
import Foundation

/// The measured SubsetSum constant as tables and figures (issue: "success probability against
/// n for each eps with the fitted line").
extension LuekerMeasurement {
    /// Two tables: P(every z in [-1, 1] is within eps of a subset sum) for each (eps, n), with the
    /// smallest n reaching probability 1 - eps; and the fit n(eps) = C log2(1/eps) + c0 with the
    /// bootstrap interval of C.
    public var tables: [Table] {
        let e = experiment
        var probabilityRows: [[Table.Cell]] = []
        for (index, epsilon) in e.epsilons.enumerated() {
            for n in 1...e.maximumCount {
                let p = successProbability(epsilonIndex: index, count: n)
                probabilityRows.append([.number(epsilon), .integer(n), .number(p), .verdict(p >= 1 - epsilon)])
            }
        }
        let probability = Table(
            name: "subsetsum_probability", title: "SubsetSum coverage probability",
            caption: "Fraction of \(e.trials) seeded trials in which n uniform samples on [-1, 1] approximate every z in [-1, 1] within eps by a subset sum (exact worst-case error from all 2^n sorted sums); reaches compares it with 1 - eps.",
            columns: [.init("epsilon", "eps", latex: "$\\varepsilon$"), .init("n", "n", latex: "$n$"),
                      .init("probability", "P(covered)", latex: "$P(\\mathrm{covered})$"), .init("reaches", "reaches 1-eps", latex: "$\\ge 1-\\varepsilon$")],
            rows: probabilityRows, footnotes: [])
        let fitRows: [[Table.Cell]] = e.epsilons.enumerated().map { index, epsilon in
            [.number(epsilon), .number(log2(1 / epsilon)), requiredCounts[index].map(Table.Cell.integer) ?? .missing,
             .number(fit.count(at: epsilon))]
        }
        let interval = slopeInterval
        let fitTable = Table(
            name: "subsetsum_fit", title: "Smallest n reaching probability 1 - eps, and the fit",
            caption: "n(eps) is the smallest n with coverage probability at least 1 - eps; the fit is least squares n(eps) = C log2(1/eps) + c0.",
            columns: [.init("epsilon", "eps", latex: "$\\varepsilon$"), .init("log2_inverse_epsilon", "log2(1/eps)", latex: "$\\log_2(1/\\varepsilon)$"),
                      .init("n_required", "n(eps)", latex: "$n(\\varepsilon)$"), .init("n_fitted", "fitted", latex: "fitted")],
            rows: fitRows,
            footnotes: [String(format: "C = %.4g per log2 (%.4g per natural log), %.0f%% bootstrap interval [%.4g, %.4g] from %d resamples; c0 = %.4g",
                               fit.slope, fit.naturalLogConstant, e.level * 100, interval.lowerBound, interval.upperBound, resamplesUsed, fit.intercept)])
        return [probability, fitTable]
    }

    /// (a) coverage probability against n, one series per eps, with the level 1 - eps dashed;
    /// (b) n(eps) against log2(1/eps) with the fitted line.
    public var figures: [Figure] {
        let e = experiment
        var series: [Figure.Series] = []
        for (index, epsilon) in e.epsilons.enumerated() {
            let points = (1...e.maximumCount).map { Figure.Point(x: Double($0), y: successProbability(epsilonIndex: index, count: $0)) }
            series.append(Figure.Series(name: Figure.Label("eps = \(epsilon)", latex: "$\\varepsilon = \(epsilon)$"),
                                        points: points, color: index, marker: Figure.Marker.allCases[index % Figure.Marker.allCases.count]))
            series.append(Figure.Series(name: Figure.Label("1 - \(epsilon)", latex: "$1 - \(epsilon)$"),
                                        points: [Figure.Point(x: 1, y: 1 - epsilon), Figure.Point(x: Double(e.maximumCount), y: 1 - epsilon)],
                                        dashed: true, color: index, marker: nil))
        }
        let probability = Figure(name: "figure_subsetsum_probability",
                                 title: Figure.Label("SubsetSum coverage probability against n"),
                                 xLabel: Figure.Label("samples n", latex: "samples $n$"),
                                 yLabel: Figure.Label("P(every z within eps)", latex: "$P(\\mathrm{every}\\ z\\ \\mathrm{within}\\ \\varepsilon)$"),
                                 xScale: .linear, yScale: .linear, series: series)
        var measured: [Figure.Point] = []
        for (index, epsilon) in e.epsilons.enumerated() {
            if let n = requiredCounts[index] { measured.append(Figure.Point(x: log2(1 / epsilon), y: Double(n))) }
        }
        let xs = e.epsilons.map { log2(1 / $0) }
        let line = [xs.min()!, xs.max()!].map { Figure.Point(x: $0, y: fit.slope * $0 + fit.intercept) }
        let law = Figure(name: "figure_subsetsum_law",
                         title: Figure.Label(String(format: "n(eps) against log2(1/eps): C = %.3g [%.3g, %.3g]", fit.slope, slopeInterval.lowerBound, slopeInterval.upperBound),
                                             latex: String(format: "$n(\\varepsilon)$ against $\\log_2(1/\\varepsilon)$: $C = %.3g$ [%.3g, %.3g]", fit.slope, slopeInterval.lowerBound, slopeInterval.upperBound)),
                         xLabel: Figure.Label("log2(1/eps)", latex: "$\\log_2(1/\\varepsilon)$"),
                         yLabel: Figure.Label("smallest n with probability >= 1 - eps", latex: "smallest $n$ with probability $\\ge 1-\\varepsilon$"),
                         xScale: .linear, yScale: .linear,
                         series: [Figure.Series(name: Figure.Label("measured"), points: measured, line: false, color: 0, marker: .circle),
                                  Figure.Series(name: Figure.Label("fit"), points: line, dashed: true, color: 1, marker: nil)])
        return [probability, law]
    }

    /// Markdown of the tables, CSV and a LaTeX fragment of each table (`LaTeXTable.file`, in a
    /// float with `latexFloat`), SVG and a pgfplots fragment of each figure.
    public func exports(latexFloat: Bool = false) -> [(name: String, contents: String)] {
        var files: [(name: String, contents: String)] = []
        files.append(("subsetsum.md", tables.map(MarkdownTable.render).joined(separator: "\n")))
        for table in tables { files.append(("\(table.name).csv", CSVTable.render(table))) }
        for table in tables { files.append(LaTeXTable.file(table, float: latexFloat)) }
        for figure in figures {
            files.append(("\(figure.name).svg", SVGFigure.render(figure)))
            files.append(("\(figure.name).tex", PGFPlotsFigure.render(figure)))
        }
        return files
    }
}
