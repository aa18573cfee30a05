import Foundation

/// The same `Figure` as a pgfplots picture (pgfplots 1.18, `texlive-pictures`): an `axis` with
/// `xmode=log`/`ymode=log` as the figure says, one `\addplot` per series with its colour
/// (`\definecolor` from the same palette), mark and dash pattern, explicit asymmetric error
/// bars (`+= (0, up) -= (0, down)`), a legend outside to the north east.
///
/// `standalone: true` wraps it in `\documentclass{standalone}` so it compiles alone with
/// `latexmk -pdf`; `false` gives the `tikzpicture` only (for `\input`, with pgfplots loaded).
public enum PGFPlotsFigure {
    public static func render(_ figure: Figure, standalone: Bool = true) -> String {
        var out = ""
        if standalone {
            out += "\\documentclass[border=4pt]{standalone}\n\\usepackage[T1]{fontenc}\n\\usepackage{pgfplots}\n\\pgfplotsset{compat=1.18}\n\\begin{document}\n"
        }
        out += "\\begin{tikzpicture}\n"
        for index in Set(figure.series.map(\.color)).sorted() {
            out += "\\definecolor{lth\(letters(index))}{HTML}{\(Figure.color(index))}\n"
        }
        var options = [
            "width=12cm", "height=8cm",
            "title={\(figure.title.latex)}", "xlabel={\(figure.xLabel.latex)}", "ylabel={\(figure.yLabel.latex)}",
            "legend pos=outer north east", "legend cell align=left", "grid=major", "grid style={gray!20}",
        ]
        if figure.xScale == .log { options.append("xmode=log") }
        if figure.yScale == .log { options.append("ymode=log") }
        out += "\\begin{axis}[\n  " + options.joined(separator: ",\n  ") + "\n]\n"
        for series in figure.series {
            var style = ["color=lth\(letters(series.color))", "thick"]
            style.append(series.marker.map { "mark=\(mark($0))" } ?? "no markers")
            if !series.line { style.append("only marks") }
            if series.dashed { style.append("dashed") }
            let usable = series.points.filter { p in
                p.x.isFinite && p.y.isFinite && (figure.xScale == .linear || p.x > 0) && (figure.yScale == .linear || p.y > 0)
            }
            let hasBars = usable.contains { $0.yLower != nil || $0.yUpper != nil }
            if hasBars { style.append("error bars/.cd, y dir=both, y explicit") }
            out += "\\addplot+[" + style.joined(separator: ", ") + "] coordinates {\n"
            for p in usable {
                var line = "  (\(number(p.x)),\(number(p.y)))"
                if hasBars {
                    var up = max(0, (p.yUpper ?? p.y) - p.y)
                    var down = max(0, p.y - (p.yLower ?? p.y))
                    if figure.yScale == .log, down >= p.y { down = p.y * (1 - 1e-6) }  // keep the lower end positive
                    if !up.isFinite { up = 0 }
                    if !down.isFinite { down = 0 }
                    line += " += (0,\(number(up))) -= (0,\(number(down)))"
                }
                out += line + "\n"
            }
            out += "};\n\\addlegendentry{\(series.name.latex)}\n"
        }
        out += "\\end{axis}\n\\end{tikzpicture}\n"
        if standalone { out += "\\end{document}\n" }
        return out
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
