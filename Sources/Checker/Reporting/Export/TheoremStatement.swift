/// The statements of Theorems A, B and C as in `Proofs/TheoremA.tex`, `TheoremB.tex` and
/// `TheoremC.tex` (hypotheses and constants included, proofs left to `Proofs/lth-proofs.pdf`),
/// written with standard LaTeX only (amsmath, no macros of the proofs), so the same text is
/// typeset by the LaTeX report and by MathJax in a notebook.
///
/// `paragraphs` alternate text with inline math `$...$` and display math `\[...\]` (a paragraph
/// that starts with `\[` is display math); `markdown` turns display math into `$$...$$`.
public struct TheoremStatement: Sendable, Equatable {
    public let title: String
    /// Where it is proved.
    public let source: String
    public let paragraphs: [String]

    /// The paragraph labels set in bold ("Setting.", "Statement.", ...).
    static let labels = ["Setting.", "Constants.", "Statement.", "The threshold."]

    /// Markdown for a notebook cell: a `###` heading, the paragraphs, display math as `$$`.
    public var markdown: String {
        let body = paragraphs.map { paragraph -> String in
            if paragraph.hasPrefix("\\[") { return "$$" + paragraph.dropFirst(2).dropLast(2) + "$$" }
            if let label = Self.labels.first(where: paragraph.hasPrefix) { return "**" + label + "**" + paragraph.dropFirst(label.count) }
            return paragraph
        }
        return (["### " + title + " (" + source + ")"] + body).joined(separator: "\n\n")
    }

    /// LaTeX for the report: a `\subsection*` and the paragraphs.
    public var latex: String {
        let body = paragraphs.map { paragraph -> String in
            if let label = Self.labels.first(where: paragraph.hasPrefix) { return "\\textbf{" + label + "}" + paragraph.dropFirst(label.count) }
            return paragraph
        }
        return (["\\subsection*{" + title + "}", "\\emph{As in \\texttt{" + source + "}.}"] + body).joined(separator: "\n\n")
    }

    /// Theorems A, B and C, in that order.
    public static let all: [TheoremStatement] = [theoremA, theoremB, theoremC]

    public static let theoremA = TheoremStatement(
        title: "Theorem A: linear convergence of the dense network",
        source: "Proofs/TheoremA.tex",
        paragraphs: [
            "Setting. The network $u_i=N^{-1/2}\\sum_{r=1}^{N}a_r\\,\\mathrm{relu}(w_r\\cdot x_i)$ on $m$ unit-norm points $x_i\\in\\mathbb{R}^d$ with scalar labels $y\\in\\mathbb{R}^m$; $w_r(0)\\sim\\mathcal{N}(0,\\kappa^2I_d)$ and $a_r\\in\\{-1,+1\\}$ fixed; only the $w_r$ are trained, by full-batch gradient descent $w_r(t+1)=w_r(t)-\\eta\\,\\partial\\ell/\\partial w_r$ on the sum loss $\\ell=\\tfrac12\\lVert u-y\\rVert^2$. The infinite-width Gram matrix is $H^{\\infty}_{ij}=(x_i\\cdot x_j)\\,(\\pi-\\arccos(x_i\\cdot x_j))/(2\\pi)$ and $\\lambda_0=\\lambda_{\\min}(H^{\\infty})>0$ (any certified lower bound may replace it).",
            "Constants. With $\\delta_1=\\delta_2=\\delta_3=\\delta_4=\\delta/4$,",
            "\\[ p=\\frac{\\delta_2\\lambda_0}{16\\,m^{3/2}},\\quad R=\\kappa\\sqrt2\\,\\operatorname{erfinv}(p),\\quad B=\\frac{\\lVert y\\rVert^2+m\\kappa^2/2}{\\delta_3},\\quad N_{\\mathrm{req}}=\\max\\Bigl(\\frac{8m^2\\log(2m^2/\\delta_1)}{\\lambda_0^2},\\ \\frac{16\\,mB}{\\lambda_0^2R^2}\\Bigr),\\quad \\eta_{\\max}=\\frac{\\lambda_0}{2m^2}. \\]",
            "Statement. Let $N\\ge N_{\\mathrm{req}}$ and $0<\\eta\\le\\eta_{\\max}$. With probability at least $1-3\\delta/4$ over the initialization, for every $t\\ge0$,",
            "\\[ \\lVert u(t)-y\\rVert^2\\le\\rho^{\\,t}\\,\\lVert u(0)-y\\rVert^2\\le\\rho^{\\,t}B,\\qquad \\rho=1-\\frac{\\eta\\lambda_0}{2}, \\]",
            "and every neuron stays within $\\lVert w_r(t)-w_r(0)\\rVert\\le 4\\sqrt{m}\\,\\lVert u(0)-y\\rVert/(\\sqrt{N}\\,\\lambda_0)\\le R$.",
        ])

    public static let theoremB = TheoremStatement(
        title: "Theorem B: greedy forward selection",
        source: "Proofs/TheoremB.tex",
        paragraphs: [
            "Setting. Features $\\phi_1,\\dots,\\phi_N\\in\\mathbb{R}^m$ (repetitions allowed), a target $y$, the loss $L(v)=\\tfrac12\\lVert v-y\\rVert^2$, the diameter $D=\\max_{r,s}\\lVert\\phi_r-\\phi_s\\rVert$ and $\\ell_\\star=\\min_{v\\in\\operatorname{conv}\\{\\phi_r\\}}L(v)$. Greedy forward selection with replacement picks $r_j$ minimizing $L\\bigl(((j-1)v_{j-1}+\\phi_r)/j\\bigr)$ and sets $v_j=\\frac1j\\sum_{i\\le j}\\phi_{r_i}$; an index may be chosen several times, and any tie rule may be used (the toolkit gives ties to the lowest index).",
            "Statement. For every $k\\ge1$,",
            "\\[ \\tfrac12\\lVert v_k-y\\rVert^2\\le\\ell_\\star+\\frac{D^2H_k}{2k},\\qquad H_k=\\sum_{j=1}^{k}\\frac1j. \\]",
            "For the network of Theorem A at iteration $t$, $\\phi_r(t)=\\sqrt{N}\\,a_r\\,\\mathrm{relu}(X^{\\top}w_r(t))$ averages to $u(t)$, so the pruned loss obeys $\\ell_k(t)\\le\\ell(t)+D_t^2H_k/(2k)$; the toolkit measures $D_t\\le2\\rho_\\phi(t)$ with $\\rho_\\phi(t)=\\max_r\\lVert\\phi_r(t)-u(t)\\rVert$.",
        ])

    public static let theoremC = TheoremStatement(
        title: "Theorem C: the pre-training threshold",
        source: "Proofs/TheoremC.tex",
        paragraphs: [
            "Statement. Let $N\\ge N_{\\mathrm{req}}$ and $0<\\eta\\le\\eta_{\\max}$. On the event of Theorem A (probability at least $1-3\\delta/4$), simultaneously for all $t\\ge0$ and $k\\ge1$,",
            "\\[ \\ell_k(t)\\le\\tfrac12\\rho^{\\,t}\\lVert u(0)-y\\rVert^2+\\frac{D_t^2H_k}{2k}\\le\\tfrac12\\rho^{\\,t}B+\\frac{D_t^2H_k}{2k}. \\]",
            "The threshold. Let $D\\ge D_t$ for every $t$ (the a priori diameter bound holds with probability at least $1-\\delta$), $B_0\\ge\\lVert u(0)-y\\rVert^2$, and $\\varepsilon>g_k(D)=D^2H_k/(2k)$. With $\\Lambda=\\log\\bigl(B_0/(2(\\varepsilon-g_k(D)))\\bigr)$,",
            "\\[ t_\\star(\\varepsilon,k)=\\begin{cases}0,&\\Lambda\\le0,\\\\ \\left\\lceil\\dfrac{\\Lambda}{-\\log(1-\\eta\\lambda_0/2)}\\right\\rceil,&\\Lambda>0,\\end{cases} \\]",
            "and $\\ell_k(t)\\le\\varepsilon$ for every integer $t\\ge t_\\star(\\varepsilon,k)$. When $\\varepsilon\\le g_k(D)$, or a hypothesis of Theorem A fails, the theorem implies no threshold; the tables then say why.",
        ])
}
