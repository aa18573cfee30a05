/// A small SVG 1.1 writer for `Figure`: a canvas 640 px wide, the plot frame with ticks, tick
/// labels (one style per axis, see `Axis`) and light grid lines, the axis labels and title,
/// every series (line, markers, optional error bars with caps) clipped to the frame, a break
/// mark on the x axis between 0 and the log part when a log axis shows t = 0, the legend below
/// the frame (entries side by side, wrapped to the frame's width, about 7 px per character) and
/// the caption under it (wrapped at about 100 characters). Colours and markers come from the
/// series; dashed series use a 6-4 dash.
public enum SVGFigure {
    static let width = 640.0
    static let frame = (left: 84.0, top: 44.0, right: 616.0, bottom: 396.0)

    /// The SVG document.
    public static func render(_ figure: Figure) -> String {
        let f = frame
        let axes = SVGFigure.axes(figure)
        let xAxis = axes.x, yAxis = axes.y
        func px(_ x: Double) -> Double? {
            xAxis.fraction(x).map { f.left + (figure.xReversed ? 1 - $0 : $0) * (f.right - f.left) }
        }
        func py(_ y: Double) -> Double? { yAxis.fraction(y).map { f.bottom - $0 * (f.bottom - f.top) } }
        // Legend entries laid out left to right below the x label.
        var legend: [(x: Double, y: Double, series: Figure.Series)] = []
        var bandLegend: [(x: Double, y: Double, band: Figure.Band)] = []
        var lx = f.left, ly = f.bottom + 66
        func place(_ name: String) -> (Double, Double) {
            let entryWidth = 44 + 7.0 * Double(name.count)
            if lx > f.left, lx + entryWidth > f.right { lx = f.left; ly += 20 }
            defer { lx += entryWidth + 18 }
            return (lx, ly)
        }
        for band in figure.bands { let (x, y) = place(band.name.plain); bandLegend.append((x, y, band)) }
        for series in figure.series { let (x, y) = place(series.name.plain); legend.append((x, y, series)) }
        let captionLines = figure.caption.map { wrap($0.plain, width: 100) } ?? []
        let captionTop = (legend.last?.y ?? bandLegend.last?.y ?? f.bottom + 46) + 28
        let height = (captionTop + 17 * Double(captionLines.count) + (captionLines.isEmpty ? 0 : 8)).rounded(.up)
        let width = SVGFigure.width
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">
        <rect x="0" y="0" width="\(n(width))" height="\(n(height))" fill="white"/>
        <defs><clipPath id="frame"><rect x="\(n(f.left - 6))" y="\(n(f.top - 6))" width="\(n(f.right - f.left + 12))" height="\(n(f.bottom - f.top + 12))"/></clipPath></defs>
        <text x="\(n((f.left + f.right) / 2))" y="24" text-anchor="middle" font-size="14">\(escape(figure.title.plain))</text>

        """
        // Grid and ticks.
        for tick in xAxis.ticks {
            guard let x = px(tick.value) else { continue }
            out += "<line x1=\"\(n(x))\" y1=\"\(n(f.top))\" x2=\"\(n(x))\" y2=\"\(n(f.bottom))\" stroke=\"#e4e4e4\" stroke-width=\"1\"/>\n"
            out += "<line x1=\"\(n(x))\" y1=\"\(n(f.bottom))\" x2=\"\(n(x))\" y2=\"\(n(f.bottom + 5))\" stroke=\"black\" stroke-width=\"1\"/>\n"
            out += "<text x=\"\(n(x))\" y=\"\(n(f.bottom + 19))\" text-anchor=\"middle\">\(tickLabel(tick))</text>\n"
        }
        for tick in yAxis.ticks {
            guard let y = py(tick.value) else { continue }
            out += "<line x1=\"\(n(f.left))\" y1=\"\(n(y))\" x2=\"\(n(f.right))\" y2=\"\(n(y))\" stroke=\"#e4e4e4\" stroke-width=\"1\"/>\n"
            out += "<line x1=\"\(n(f.left - 5))\" y1=\"\(n(y))\" x2=\"\(n(f.left))\" y2=\"\(n(y))\" stroke=\"black\" stroke-width=\"1\"/>\n"
            out += "<text x=\"\(n(f.left - 8))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(tickLabel(tick))</text>\n"
        }
        out += "<rect x=\"\(n(f.left))\" y=\"\(n(f.top))\" width=\"\(n(f.right - f.left))\" height=\"\(n(f.bottom - f.top))\" fill=\"none\" stroke=\"black\" stroke-width=\"1\"/>\n"
        if let position = xAxis.breakPosition {
            // The break between 0 and the log part: two short slanted strokes over a white gap.
            let fraction = (position - xAxis.lower) / (xAxis.upper - xAxis.lower)
            let x = f.left + (figure.xReversed ? 1 - fraction : fraction) * (f.right - f.left)
            out += "<rect x=\"\(n(x - 3))\" y=\"\(n(f.bottom - 6))\" width=\"6\" height=\"12\" fill=\"white\"/>\n"
            out += "<path d=\"M\(n(x - 6)) \(n(f.bottom + 5))L\(n(x - 1)) \(n(f.bottom - 5))M\(n(x + 1)) \(n(f.bottom + 5))L\(n(x + 6)) \(n(f.bottom - 5))\" stroke=\"black\" stroke-width=\"1\" fill=\"none\"/>\n"
        }
        out += "<text x=\"\(n((f.left + f.right) / 2))\" y=\"\(n(f.bottom + 42))\" text-anchor=\"middle\" font-size=\"13\">\(escape(figure.xLabel.plain))</text>\n"
        out += "<text x=\"22\" y=\"\(n((f.top + f.bottom) / 2))\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 22 \(n((f.top + f.bottom) / 2)))\">\(escape(figure.yLabel.plain))</text>\n"
        // Bands, then series.
        out += "<g clip-path=\"url(#frame)\">\n"
        for band in figure.bands {
            guard let top = py(band.upper), let bottom = py(band.lower) else { continue }
            out += "<rect x=\"\(n(f.left))\" y=\"\(n(top))\" width=\"\(n(f.right - f.left))\" height=\"\(n(max(0, bottom - top)))\" fill=\"#\(Figure.color(band.color))\" fill-opacity=\"0.15\"/>\n"
        }
        for series in figure.series {
            let color = "#" + Figure.color(series.color)
            let drawn = series.points.compactMap { p -> (Double, Double, Figure.Point)? in
                guard let x = px(p.x), let y = py(p.y) else { return nil }
                return (x, y, p)
            }
            for (x, _, p) in drawn where p.yLower != nil || p.yUpper != nil {
                let lowY = p.yLower.map { py($0) ?? f.bottom + 1 } ?? py(p.y)!
                let highY = p.yUpper.flatMap(py) ?? py(p.y)!
                out += "<path d=\"M\(n(x)) \(n(lowY))V\(n(highY))M\(n(x - 4)) \(n(lowY))H\(n(x + 4))M\(n(x - 4)) \(n(highY))H\(n(x + 4))\" stroke=\"\(color)\" stroke-width=\"1\" fill=\"none\"/>\n"
            }
            if series.line, drawn.count >= 2 {
                let points = drawn.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
                out += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"\(series.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            }
            if let marker = series.marker {
                for (x, y, _) in drawn { out += markerShape(marker, x: x, y: y, color: color) }
            }
        }
        out += "</g>\n"
        // Legend below the frame.
        for (x, y, band) in bandLegend {
            out += "<rect x=\"\(n(x))\" y=\"\(n(y - 6))\" width=\"28\" height=\"12\" fill=\"#\(Figure.color(band.color))\" fill-opacity=\"0.15\"/>\n"
            out += "<text x=\"\(n(x + 36))\" y=\"\(n(y + 4))\">\(escape(band.name.plain))</text>\n"
        }
        for (x, y, series) in legend {
            let color = "#" + Figure.color(series.color)
            if series.line {
                out += "<line x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(x + 28))\" y2=\"\(n(y))\" stroke=\"\(color)\" stroke-width=\"1.8\"\(series.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            }
            if let marker = series.marker { out += markerShape(marker, x: x + 14, y: y, color: color) }
            out += "<text x=\"\(n(x + 36))\" y=\"\(n(y + 4))\">\(escape(series.name.plain))</text>\n"
        }
        for (index, line) in captionLines.enumerated() {
            out += "<text x=\"\(n(f.left - 60))\" y=\"\(n(captionTop + 17 * Double(index)))\" font-size=\"11.5\" fill=\"#333333\">\(escape(line))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// The x and y axes of a figure: every point and error-bar end inside.
    static func axes(_ figure: Figure) -> (x: Axis, y: Axis) {
        let x = Axis(values: figure.series.flatMap { $0.points.map(\.x) }, scale: figure.xScale, percent: figure.xPercent)
        let y = Axis(values: figure.series.flatMap { s in s.points.flatMap { [$0.y] + [$0.yLower, $0.yUpper].compactMap { $0 } } }
                         + figure.bands.flatMap { [$0.lower, $0.upper] },
                     scale: figure.yScale)
        return (x, y)
    }

    /// Words folded into lines of at most `width` characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width { lines.append(current); current = "" }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    static func tickLabel(_ tick: Axis.Tick) -> String {
        if let range = tick.label.range(of: "10^") {
            let mantissa = tick.label[..<range.lowerBound].replacingOccurrences(of: "x", with: "\u{00D7}")
            return escape(mantissa) + "10<tspan dy=\"-6\" font-size=\"9\">\(escape(String(tick.label[range.upperBound...])))</tspan>"
        }
        return escape(tick.label)
    }

    static func markerShape(_ marker: Figure.Marker, x: Double, y: Double, color: String) -> String {
        let r = 4.0
        switch marker {
        case .circle:
            return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\" fill=\"\(color)\"/>\n"
        case .square:
            return "<rect x=\"\(n(x - r))\" y=\"\(n(y - r))\" width=\"\(n(2 * r))\" height=\"\(n(2 * r))\" fill=\"\(color)\"/>\n"
        case .triangle:
            return "<path d=\"M\(n(x)) \(n(y - r - 1))L\(n(x + r + 1)) \(n(y + r))L\(n(x - r - 1)) \(n(y + r))Z\" fill=\"\(color)\"/>\n"
        case .triangleDown:
            return "<path d=\"M\(n(x)) \(n(y + r + 1))L\(n(x + r + 1)) \(n(y - r))L\(n(x - r - 1)) \(n(y - r))Z\" fill=\"\(color)\"/>\n"
        case .diamond:
            return "<path d=\"M\(n(x)) \(n(y - r - 1))L\(n(x + r + 1)) \(n(y))L\(n(x)) \(n(y + r + 1))L\(n(x - r - 1)) \(n(y))Z\" fill=\"\(color)\"/>\n"
        case .cross:
            return "<path d=\"M\(n(x - r)) \(n(y - r))L\(n(x + r)) \(n(y + r))M\(n(x - r)) \(n(y + r))L\(n(x + r)) \(n(y - r))\" stroke=\"\(color)\" stroke-width=\"2\" fill=\"none\"/>\n"
        case .plus:
            return "<path d=\"M\(n(x - r - 1)) \(n(y))H\(n(x + r + 1))M\(n(x)) \(n(y - r - 1))V\(n(y + r + 1))\" stroke=\"\(color)\" stroke-width=\"2\" fill=\"none\"/>\n"
        }
    }

    /// A coordinate with two decimals (and no "-0.00").
    static func n(_ v: Double) -> String {
        let s = String(format: "%.2f", v)
        return s == "-0.00" ? "0.00" : s
    }

    /// XML text escaping.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}

import Foundation
