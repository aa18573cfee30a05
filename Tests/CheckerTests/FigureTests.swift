import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Engine
import Testing
@testable import Checker
import Engine

@Suite struct FigureTests {
    @Test func exampleHasTheFourFigures() throws {
        let figures = CheckResult.example.figures
        // The example's thresholds are exact crossings (bisection between checkpoints): exact
        // observations, a law is fitted, and every marker sits at its step without a bar.
        #expect(figures.map(\.name) == ["figure_pruned_loss", "figure_dense_loss", "figure_threshold_law", "figure_loss_law"])
        let exact = try #require(Figure.thresholdLaw(.example))
        #expect(!exact.series[0].points.isEmpty && exact.series[0].points.allSatisfy { $0.yLower == $0.yUpper && $0.y == $0.yUpper })
        let a = try #require(Figure.prunedLoss(.example))
        #expect(a.series.count == 3 && a.xScale == .log)
        // Six checkpoints, t = 0 included (drawn left of the break, never dropped).
        #expect(a.series.allSatisfy { $0.points.count == 6 && $0.points.first?.x == 0 && $0.points.allSatisfy { $0.x >= 0 && $0.yLower! <= $0.y && $0.y <= $0.yUpper! } })
        #expect(Set(a.series.map(\.color)).count == 3 && Set(a.series.compactMap(\.marker)).count == 3)
        let b = try #require(Figure.denseLoss(.example))
        #expect(b.series.count == 6 && b.yScale == .log)
        var generator = SeededGenerator(seed: 5)
        let data = CensoredRegressionTests.simulate({ 200 + 250 * log($0) }, sigma: 150, sizes: CensoredRegressionTests.sizes,
                                                    seeds: 3, grid: CensoredRegressionTests.grid, generator: &generator)
        let scaling = ScalingComparison(title: "k = 1, eps = 1", response: "t_hat", observations: data, atStart: 0, prediction: "")
        let c = try #require(Figure.thresholdLaw(.example, scaling: scaling))
        #expect(c.series[0].points.allSatisfy { $0.yLower! < $0.yUpper! && $0.y == $0.yUpper! })
        #expect(c.series[1].name.plain.hasPrefix("AIC favours t_hat = "))
        let d = try #require(Figure.lossLaw(.example))
        #expect(d.xScale == .log && d.yScale == .log)
    }

    @Test func axesHaveNiceTicks() throws {
        let linear = Axis(values: [0.13, 0.97], scale: .linear)
        #expect(linear.ticks.map(\.value) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(linear.lower == 0 && linear.upper == 1)
        // A log axis is fitted to the data (never widened to the next decade), ticks at the decades inside.
        let log = Axis(values: [3e-4, 20], scale: .log)
        #expect(log.lower <= log10(3e-4) && log.lower > -4 && log.upper >= log10(20.0) && log.upper < 2)
        #expect(log.ticks.map(\.label) == ["0.001", "0.01", "0.1", "1", "10"])
        // Powers of ten for every tick once one tick leaves [1e-3, 1e5] (one style per axis).
        let wide = Axis(values: [3e-7, 20], scale: .log)
        #expect(wide.ticks.map(\.label) == ["10^-6", "10^-5", "10^-4", "10^-3", "10^-2", "10^-1", "10^0", "10^1"])
        // Plain labels when every tick lies in [1e-3, 1e5]: 1, 10, 100, 1000 (not 10^3, no mixed styles).
        let checkpoints = Axis(values: [1, 5, 40, 2000], scale: .log)
        #expect(checkpoints.ticks.map(\.label) == ["1", "10", "100", "1000"])
        #expect(checkpoints.upper < log10(10_000.0))
        let narrow = Axis(values: [2, 30], scale: .log)
        #expect(narrow.ticks.map(\.value) == [2, 5, 10, 20])
        #expect(narrow.lower < log10(2.0) && narrow.upper > log10(30.0))
        // t = 0 on a log axis: its own position left of the log part, labelled 0, never dropped.
        let withZero = Axis(values: [0, 1, 10, 100], scale: .log)
        let zero = try #require(withZero.position(0))
        #expect(withZero.ticks.first?.label == "0" && zero < log10(1.0) && zero > withZero.lower)
        #expect(withZero.breakPosition.map { $0 > zero && $0 < 0 } == true)
        #expect(Axis(values: [5, 5], scale: .linear).ticks.count >= 2)
        #expect(Axis(values: [-1, 0], scale: .log).fraction(-1) == nil)
        #expect(Axis(values: [0.01, 1], scale: .log, percent: true).ticks.map(\.label) == ["1%", "10%", "100%"])
        // A linear axis from 0 to beyond 1e5 writes powers of ten and 0 as "0" (it once trapped
        // on the exponent of 0: a damaged kept cell with a loss of 9.2e18 ended lth check).
        let huge = Axis(values: [0, 9.2e18], scale: .linear)
        #expect(huge.ticks.first?.label == "0" && huge.ticks.first?.latexLabel == "$0$")
        #expect(huge.ticks.dropFirst().allSatisfy { $0.label.contains("10^") }, "\(huge.ticks.map(\.label))")
        #expect(Axis(values: [0, 2e5], scale: .linear).ticks.map(\.label).first == "0")
        // The extremes of Double end with a few finite ticks, never a trap or an endless stride.
        for values in [[-1.7e308, 1.7e308], [0, .greatestFiniteMagnitude], [5e-324, 1e308], [-.greatestFiniteMagnitude, -1]] {
            for scale in [Figure.Scale.linear, .log] {
                let axis = Axis(values: values, scale: scale)
                #expect(!axis.ticks.isEmpty && axis.ticks.count <= 16, "\(values) \(scale): \(axis.ticks.map(\.label))")
                #expect(axis.lower.isFinite && axis.upper.isFinite, "\(values) \(scale)")
            }
        }
    }

    @Test func svgIsWellFormedXML() throws {
        for figure in CheckResult.example.figures {
            let svg = SVGFigure.render(figure)
            #if canImport(FoundationXML) || os(macOS)
            let document = try XMLDocument(data: Data(svg.utf8))
            #expect(document.rootElement()?.name == "svg")
            #expect((document.rootElement()?.elements(forName: "polyline").count ?? 0) == 0)  // series sit inside the clip group
            #endif
            #expect(svg.contains("<polyline") && svg.contains("clip-path=\"url(#frame)\""))
        }
        // Special characters in labels are escaped.
        let odd = Figure(name: "odd", title: .init("a < b & \"c\""), xLabel: .init("x"), yLabel: .init("y"), xScale: .linear, yScale: .linear,
                         series: [.init(name: .init("s"), points: [.init(x: 0, y: 1), .init(x: 1, y: 2)], color: 0, marker: .circle)])
        let svg = SVGFigure.render(odd)
        #expect(svg.contains("a &lt; b &amp; &quot;c&quot;"))
        #if canImport(FoundationXML) || os(macOS)
        _ = try XMLDocument(data: Data(svg.utf8))
        #endif
    }

    @Test(.enabled(if: Tool.path("rsvg-convert") != nil, "needs rsvg-convert (librsvg2-bin; make test installs it)"))
    func svgRendersToPNGWithEveryPointInsideTheAxes() throws {
        let dir = try Tool.temporaryDirectory()
        defer { if ProcessInfo.processInfo.environment["LTH_KEEP_FIGURES"] == nil { try? FileManager.default.removeItem(at: dir) } }
        let rsvg = try #require(Tool.path("rsvg-convert"))
        for figure in FigureTests.allFigures {
            let svg = SVGFigure.render(figure)
            try Data(svg.utf8).write(to: dir.appendingPathComponent(figure.name + ".svg"))
            let png = figure.name + ".png"
            let (status, output) = try Tool.run(rsvg, ["-o", png, figure.name + ".svg"], in: dir)
            #expect(status == 0, "rsvg-convert failed: \(output)")
            let data = try Data(contentsOf: dir.appendingPathComponent(png))
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))  // PNG signature
            #expect(data.count > 5000)
            // Every point and error-bar end of every series lies inside the axis ranges.
            let (x, y) = SVGFigure.axes(figure)
            for series in figure.series {
                for p in series.points {
                    let fx = try #require(x.fraction(p.x), "\(figure.name): x = \(p.x) cannot be drawn")
                    #expect(fx >= 0 && fx <= 1, "\(figure.name): x = \(p.x) outside the x axis")
                    for value in [p.y, p.yLower, p.yUpper].compactMap({ $0 }) {
                        let fy = try #require(y.fraction(value), "\(figure.name): y = \(value) cannot be drawn")
                        #expect(fy >= 0 && fy <= 1, "\(figure.name): y = \(value) outside the y axis")
                    }
                }
            }
            // And the drawn marks sit inside the frame (circles of the markers, from the SVG itself).
            let f = SVGFigure.frame
            for match in svg.matches(of: /<circle cx="([0-9.\-]+)" cy="([0-9.\-]+)"/) {
                let cx = Double(match.1)!, cy = Double(match.2)!
                if cy > f.bottom + 20 { continue }  // legend entries below the frame
                #expect(cx >= f.left - 0.01 && cx <= f.right + 0.01 && cy >= f.top - 0.01 && cy <= f.bottom + 0.01,
                        "\(figure.name): marker at (\(cx), \(cy)) outside the frame")
            }
        }
        if ProcessInfo.processInfo.environment["LTH_KEEP_FIGURES"] != nil { print("figures kept in \(dir.path)") }
    }

    /// The figures of every builder on example data: the check's four and the rewinding grid's.
    static var allFigures: [Figure] {
        CheckResult.example.figures + [RewindingFigures.accuracyAgainstDensity(FigureTests.impRows)]
    }

    /// Four IMP levels at one rewind point (density 100% to 12.5%), with a random-pruning control.
    static var impRows: [IMPSummaryRow] {
        let rows = [(0, 1.0, 0.90, 0.01), (1, 0.5, 0.89, 0.012), (2, 0.25, 0.86, 0.02), (3, 0.125, 0.80, 0.03)].map { level, density, mean, sd in
            "{\"rewindIteration\": 0, \"level\": \(level), \"density\": \(density), \"seeds\": 3, \"meanTestAccuracy\": \(mean), "
                + "\"standardDeviationTestAccuracy\": \(sd), \"matchingThreshold\": 0.89, \"isMatching\": \(mean >= 0.89)"
                + (level == 0 ? "" : ", \"meanRandomPruningTestAccuracy\": \(mean - 0.05)") + "}"
        }
        return try! JSONDecoder().decode([IMPSummaryRow].self, from: Data(("[" + rows.joined(separator: ",") + "]").utf8))
    }

    @Test func impFigureReadsLikeTheLotteryTicketPapers() throws {
        let figure = RewindingFigures.accuracyAgainstDensity(FigureTests.impRows)
        #expect(figure.xReversed && figure.xPercent && figure.xScale == .log)
        #expect(figure.series.first?.name.plain == "dense mean")
        // The matching band: dense mean +- k sd, its lower edge the matching threshold.
        let band = try #require(figure.bands.first)
        #expect(band.lower == 0.89 && abs(band.upper - 0.91) < 1e-12)
        let svg = SVGFigure.render(figure)
        #expect(svg.contains("fill-opacity=\"0.15\"") && svg.contains("matching band"))
        #expect(PGFPlotsFigure.render(figure).contains("fill opacity=0.15, area legend"))
        #expect(figure.caption?.plain.contains("error bars") == true)
        let (x, _) = SVGFigure.axes(figure)
        #expect(x.ticks.map(\.label).contains("100%"))
    }

    @Test(.enabled(if: Tool.path("latexmk") != nil, "needs latexmk and TeX (make deps-tex)"))
    func pgfplotsCompiles() throws {
        let latexmk = try #require(Tool.path("latexmk"))
        let dir = try Tool.temporaryDirectory()
        defer { if ProcessInfo.processInfo.environment["LTH_KEEP_FIGURES"] == nil { try? FileManager.default.removeItem(at: dir) } }
        if ProcessInfo.processInfo.environment["LTH_KEEP_FIGURES"] != nil { print("pgfplots figures kept in \(dir.path)") }
        for figure in FigureTests.allFigures {
            let fragment = PGFPlotsFigure.render(figure)
            #expect(fragment.hasPrefix("% lth figure fragment") && fragment.contains("\\begin{tikzpicture}") && !fragment.contains("\\documentclass"))
            try Data(PGFPlotsFigure.standalone(figure).utf8).write(to: dir.appendingPathComponent(figure.name + ".tex"))
            let (status, output) = try Tool.run(latexmk, ["-pdf", "-interaction=nonstopmode", "-halt-on-error", figure.name + ".tex"], in: dir)
            #expect(status == 0, "latexmk failed on \(figure.name):\n\(output.suffix(2000))")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(figure.name + ".pdf").path))
        }
    }
}
