import Foundation

/// The same `Figure` as a pgfplots fragment for `\input` (pgfplots 1.18, `texlive-pictures`): a
/// `tikzpicture` only, whose first line names the packages it needs and whose second line is
/// the caption (as a comment; the reader's `figure` float holds the real one).
///
/// The axis is the SVG's (`Axis`): pgfplots draws a linear axis over the axis coordinates
/// (log10 of the data on a log axis) with the ticks, labels and range written out, so the
/// two formats show the same range and tick labels (plain 1, 10, 100, 1000 where they fit), a
/// log axis can show t = 0 at a separate position with a break mark, and no point is dropped.
/// One `\addplot` per series with its colour (`\definecolor` from the same palette), mark and
/// dash pattern, explicit asymmetric error bars; the legend below the axis. The picture is
/// `\linewidth` wide (axis 0.72 of it, the rest for tick and axis labels), so it fits a column
/// of a two-column article.
public enum PGFPlotsFigure {
    /// The packages a fragment needs.
    public static let packages = "\\usepackage{pgfplots} and \\pgfplotsset{compat=1.18}"

    public static func render(_ figure: Figure) -> String {
        let (xAxis, yAxis) = SVGFigure.axes(figure)
        var out = "% lth figure fragment for \\input; needs \(packages). \(figure.title.latex)\n"
        out += "% Caption: " + (figure.caption.map { figure.title.latex + ". " + $0.latex } ?? figure.title.latex).replacingNewlines() + "\n"
        out += "\\begin{tikzpicture}\n"
        for index in Set(figure.series.map(\.color) + figure.bands.map(\.color)).sorted() {
            out += "\\definecolor{lth\(letters(index))}{HTML}{\(Figure.color(index))}\n"
        }
        let longest = figure.series.map(\.name.plain.count).max() ?? 0
        let shortLegend = longest <= 16
        // Long entries in \scriptsize, so that the legend stays within one column of a two-column article.
        let legendFont = longest <= 26 ? "\\footnotesize" : "\\scriptsize"
        var options = [
            "scale only axis", "width=0.72\\linewidth", "height=0.48\\linewidth",
            "xlabel={\(figure.xLabel.latex)}", "ylabel={\(figure.yLabel.latex)}",
            "xmin=\(number(xAxis.lower))", "xmax=\(number(xAxis.upper))",
            "ymin=\(number(yAxis.lower))", "ymax=\(number(yAxis.upper))",
            "xtick={" + xAxis.ticks.map { number($0.position) }.joined(separator: ",") + "}",
            "xticklabels={" + xAxis.ticks.map { "{\($0.latexLabel)}" }.joined(separator: ",") + "}",
            "ytick={" + yAxis.ticks.map { number($0.position) }.joined(separator: ",") + "}",
            "yticklabels={" + yAxis.ticks.map { "{\($0.latexLabel)}" }.joined(separator: ",") + "}",
            "tick label style={font=\\footnotesize}", "label style={font=\\small}",
            "grid=major", "grid style={gray!20}", "clip=true",
            "legend style={at={(0.5,-0.22)}, anchor=north, draw=none, font=\(legendFont), legend columns=\(shortLegend ? 2 : 1)}",
            "legend cell align=left",
        ]
        if figure.xReversed { options.append("x dir=reverse") }
        if let position = xAxis.breakPosition {
            options.append("extra description/.code={\\draw[fill=white, draw=none] (axis cs:\(number(position)),\(number(yAxis.lower))) ++(-2pt,-4pt) rectangle ++(4pt,8pt); \\draw (axis cs:\(number(position)),\(number(yAxis.lower))) ++(-3.5pt,-3pt) -- ++(2pt,6pt) ++(1pt,-6pt) -- ++(2pt,6pt);}")
        }
        out += "\\begin{axis}[\n  " + options.joined(separator: ",\n  ") + "\n]\n"
        for band in figure.bands {
            // A closed rectangle over the whole x range, shaded under the series; its legend entry is a filled box.
            guard let low = yAxis.position(band.lower), let high = yAxis.position(band.upper) else { continue }
            let (x0, x1) = (number(xAxis.lower), number(xAxis.upper))
            out += "\\addplot[draw=none, fill=lth\(letters(band.color)), fill opacity=0.15, area legend] coordinates {(\(x0),\(number(low))) (\(x1),\(number(low))) (\(x1),\(number(high))) (\(x0),\(number(high)))} -- cycle;\n"
            out += "\\addlegendentry{\(band.name.latex)}\n"
        }
        for series in figure.series {
            var style = ["color=lth\(letters(series.color))", "thick"]
            style.append(series.marker.map { "mark=\(mark($0))" } ?? "no markers")
            if !series.line { style.append("only marks") }
            if series.dashed { style.append("dashed") }
            let usable = series.points.compactMap { p -> (x: Double, y: Double, point: Figure.Point)? in
                guard let x = xAxis.position(p.x), let y = yAxis.position(p.y) else { return nil }
                return (x, y, p)
            }
            let hasBars = usable.contains { $0.point.yLower != nil || $0.point.yUpper != nil }
            if hasBars { style.append("error bars/.cd, y dir=both, y explicit") }
            out += "\\addplot+[" + style.joined(separator: ", ") + "] coordinates {\n"
            for p in usable {
                var line = "  (\(number(p.x)),\(number(p.y)))"
                if hasBars {
                    let high = p.point.yUpper.flatMap(yAxis.position) ?? p.y
                    let low = p.point.yLower.map { yAxis.position($0) ?? yAxis.lower } ?? p.y
                    line += " += (0,\(number(max(0, high - p.y)))) -= (0,\(number(max(0, p.y - low))))"
                }
                out += line + "\n"
            }
            out += "};\n\\addlegendentry{\(series.name.latex)}\n"
        }
        out += "\\end{axis}\n\\end{tikzpicture}\n"
        return out
    }

    /// A standalone document around the fragment (`\documentclass{standalone}`), for a PDF of
    /// the figure alone; the fragment's `\linewidth` is set to 9 cm.
    public static func standalone(_ figure: Figure) -> String {
        "\\documentclass[border=4pt]{standalone}\n\\usepackage[T1]{fontenc}\n\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.18}\n"
            + "\\begin{document}\n\\setlength{\\linewidth}{9cm}\n" + render(figure) + "\\end{document}\n"
    }

    static func mark(_ marker: Figure.Marker) -> String {
        switch marker {
        case .circle: return "*"
        case .square: return "square*"
        case .triangle: return "triangle*"
        case .diamond: return "diamond*"
        case .cross: return "x"
        case .plus: return "+"
        case .triangleDown: return "triangle*, mark options={rotate=180}"
        }
    }

    /// Colour names may not contain digits in every TeX context: 0 -> "a", 1 -> "b", ...
    static func letters(_ index: Int) -> String {
        var i = max(0, index), s = ""
        repeat { s = String(UnicodeScalar(UInt8(97 + i % 26))) + s; i /= 26 } while i > 0
        return s
    }

    /// Ten significant digits in a form pgfplots reads ("1.5e-05").
    static func number(_ x: Double) -> String { String(format: "%.10g", x) }
}
