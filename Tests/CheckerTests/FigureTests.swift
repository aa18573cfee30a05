import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Engine
import Testing
@testable import Checker

@Suite struct FigureTests {
    @Test func exampleHasTheFourFigures() throws {
        let figures = CheckResult.example.figures
        // The example's thresholds are separable by a line (sigma -> 0): no law is fitted, so no threshold figure.
        #expect(figures.map(\.name) == ["figure_pruned_loss", "figure_dense_loss", "figure_loss_law"])
        #expect(Figure.thresholdLaw(.example) == nil)
        let a = try #require(Figure.prunedLoss(.example))
        #expect(a.series.count == 3 && a.xScale == .log)
        #expect(a.series.allSatisfy { $0.points.count == 5 && $0.points.allSatisfy { $0.x > 0 && $0.yLower! <= $0.y && $0.y <= $0.yUpper! } })
        #expect(Set(a.series.map(\.color)).count == 3 && Set(a.series.compactMap(\.marker)).count == 3)
        let b = try #require(Figure.denseLoss(.example))
        #expect(b.series.count == 6 && b.yScale == .log)
        var generator = SeededGenerator(seed: 5)
        let data = CensoredRegressionTests.simulate({ 200 + 250 * log($0) }, sigma: 150, sizes: CensoredRegressionTests.sizes,
                                                    seeds: 3, grid: CensoredRegressionTests.grid, generator: &generator)
        let scaling = ScalingComparison(title: "k = 1, eps = 1", response: "t_hat", observations: data, atStart: 0, prediction: "")
        let c = try #require(Figure.thresholdLaw(.example, scaling: scaling))
        #expect(c.series[0].points.allSatisfy { $0.yLower! < $0.yUpper! && $0.y == $0.yUpper! })
        #expect(c.series[1].name.plain.hasPrefix("favoured by AIC: t_hat = "))
        let d = try #require(Figure.lossLaw(.example))
        #expect(d.xScale == .log && d.yScale == .log)
    }

    @Test func axesHaveNiceTicks() {
        let linear = Axis(values: [0.13, 0.97], scale: .linear)
        #expect(linear.ticks.map(\.value) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(linear.lower == 0 && linear.upper == 1)
        let log = Axis(values: [3e-4, 20], scale: .log)
        #expect(log.lower == -4 && log.upper == 2)
        #expect(log.ticks.compactMap(\.decade) == [-4, -3, -2, -1, 0, 1, 2])
        let narrow = Axis(values: [2, 30], scale: .log)
        #expect(narrow.ticks.map(\.value) == [2, 5, 10, 20, 50])
        #expect(narrow.lower == log10(2.0) && narrow.upper == log10(50.0))
        #expect(Axis(values: [5, 5], scale: .linear).ticks.count >= 2)
        #expect(Axis(values: [-1, 0], scale: .log).fraction(-1) == nil)
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

    @Test func svgRendersToPNG() throws {
        let dir = try Tool.temporaryDirectory()
        defer { if ProcessInfo.processInfo.environment["LTH_KEEP_FIGURES"] == nil { try? FileManager.default.removeItem(at: dir) } }
        for figure in CheckResult.example.figures {
            try Data(SVGFigure.render(figure).utf8).write(to: dir.appendingPathComponent(figure.name + ".svg"))
            let png = figure.name + ".png"
            if let rsvg = Tool.path("rsvg-convert") {
                let (status, output) = try Tool.run(rsvg, ["-o", png, figure.name + ".svg"], in: dir)
                #expect(status == 0, "rsvg-convert failed: \(output)")
            } else {
                return  // no converter installed: nothing more to check
            }
            let data = try Data(contentsOf: dir.appendingPathComponent(png))
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))  // PNG signature
            #expect(data.count > 5000)
        }
        if ProcessInfo.processInfo.environment["LTH_KEEP_FIGURES"] != nil { print("figures kept in \(dir.path)") }
    }

    @Test func pgfplotsCompiles() throws {
        guard let latexmk = Tool.path("latexmk") else { return }  // TeX not installed: nothing to check
        let dir = try Tool.temporaryDirectory()
        defer { if ProcessInfo.processInfo.environment["LTH_KEEP_FIGURES"] == nil { try? FileManager.default.removeItem(at: dir) } }
        if ProcessInfo.processInfo.environment["LTH_KEEP_FIGURES"] != nil { print("pgfplots figures kept in \(dir.path)") }
        for figure in CheckResult.example.figures {
            let tex = PGFPlotsFigure.render(figure, standalone: true)
            #expect(tex.hasPrefix("\\documentclass[border=4pt]{standalone}"))
            try Data(tex.utf8).write(to: dir.appendingPathComponent(figure.name + ".tex"))
            let (status, output) = try Tool.run(latexmk, ["-pdf", "-interaction=nonstopmode", "-halt-on-error", figure.name + ".tex"], in: dir)
            #expect(status == 0, "latexmk failed on \(figure.name):\n\(output.suffix(2000))")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(figure.name + ".pdf").path))
        }
    }
}
