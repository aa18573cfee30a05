/// Plain-text sentences of the toolkit (captions, titles, notes written for the terminal) as
/// LaTeX prose: the ASCII spellings of the mathematics the toolkit prints become LaTeX maths
/// (`||u(t)-y||^2` -> `$\|u(t)-y\|^2$`, `eta lambda0` -> `$\eta$ $\lambda_0$`, `t_hat` ->
/// `$\hat t$`, `<=` -> `$\le$`), everything else is escaped with `LaTeXTable.escape`.
///
/// A spelling is replaced only as a whole word (the characters around it are not letters, digits
/// or `_`); the longest spelling at a position wins.
enum LaTeXMath {
    /// (ASCII spelling, LaTeX), longest first at matching time.
    static let spellings: [(String, String)] = [
        ("1/(2m) sum ||u - y||^2", "$\\frac{1}{2m}\\sum\\|u-y\\|^2$"),
        ("(1 - eta lambda0/2)^t ||u(0)-y||^2", "$(1-\\eta\\lambda_0/2)^t\\|u(0)-y\\|^2$"),
        ("(1 - eta lambda0/2)^t", "$(1-\\eta\\lambda_0/2)^t$"),
        ("1 - eta lambda0/2", "$1-\\eta\\lambda_0/2$"),
        ("l(t) + D_t^2 H_k/(2k)", "$\\ell(t)+D_t^2H_k/(2k)$"),
        ("D_t = 2 max_r ||phi_r - u(t)||", "$D_t=2\\max_r\\|\\phi_r-u(t)\\|$"),
        ("l_k(t) <= l(t) + D_t^2 H_k/(2k)", "$\\ell_k(t)\\le\\ell(t)+D_t^2H_k/(2k)$"),
        ("l_k(t) <= eps", "$\\ell_k(t)\\le\\varepsilon$"),
        ("bound / l_k(t)", "$\\mathrm{bound}/\\ell_k(t)$"),
        ("D_t^2 H_k/(2k)", "$D_t^2H_k/(2k)$"),
        ("D^2 H_k/(2k)", "$D^2H_k/(2k)$"),
        ("(2 rho_t)^2 H_k/(2k)", "$(2\\rho_t)^2H_k/(2k)$"),
        ("ln k / k", "$\\ln k/k$"),
        ("rho_t", "$\\rho_t$"),
        ("||u(t)-y||^2", "$\\|u(t)-y\\|^2$"),
        ("||u(t) - y||^2", "$\\|u(t)-y\\|^2$"),
        ("||u(0)-y||^2", "$\\|u(0)-y\\|^2$"),
        ("||u - y||^2", "$\\|u-y\\|^2$"),
        ("||u-y||^2", "$\\|u-y\\|^2$"),
        ("l = 1/2 ||u - y||^2", "$\\ell=\\frac12\\|u-y\\|^2$"),
        ("l/m = 1/(2m) ||u - y||^2", "$\\ell/m=\\frac{1}{2m}\\|u-y\\|^2$"),
        ("alpha + beta ln m", "$\\alpha+\\beta\\ln m$"),
        ("c k^(-gamma)", "$c\\,k^{-\\gamma}$"),
        ("l(T) + D_T^2 H_k/(2k)", "$\\ell(T)+D_T^2H_k/(2k)$"),
        ("bound/(1/2 ||y||^2)", "$\\mathrm{bound}/(\\frac12\\|y\\|^2)$"),
        ("1/2 ||y||^2", "$\\frac12\\|y\\|^2$"),
        ("1/2||y||^2", "$\\frac12\\|y\\|^2$"),
        ("||y||^2", "$\\|y\\|^2$"),
        ("(t_{j-1}, t_j]", "$(t_{j-1},t_j]$"),
        ("t_j", "$t_j$"),
        ("t_post", "$t_{\\mathrm{post}}$"),
        ("c m^beta", "$c\\,m^\\beta$"),
        ("1/(eta lambda0)", "$1/(\\eta\\lambda_0)$"),
        ("eta lambda0", "$\\eta\\lambda_0$"),
        ("D_T", "$D_T$"),
        ("N_req/N", "$N_{\\mathrm{req}}/N$"),
        ("eta/eta_max", "$\\eta/\\eta_{\\max}$"),
        ("eta_max", "$\\eta_{\\max}$"),
        ("N_req", "$N_{\\mathrm{req}}$"),
        ("l_k(t)", "$\\ell_k(t)$"),
        ("l_k", "$\\ell_k$"),
        ("l(t)", "$\\ell(t)$"),
        ("D_t", "$D_t$"),
        ("H_k", "$H_k$"),
        ("t_hat", "$\\hat t$"),
        ("t_star", "$t^\\star$"),
        ("t_plateau", "$t_{\\mathrm{plateau}}$"),
        ("t*", "$t^*$"),
        ("lambda0", "$\\lambda_0$"),
        ("eta", "$\\eta$"),
        ("eps", "$\\varepsilon$"),
        ("gamma", "$\\gamma$"),
        ("beta", "$\\beta$"),
        ("alpha", "$\\alpha$"),
        ("delta", "$\\delta$"),
        ("kappa", "$\\kappa$"),
        ("R^2", "$R^2$"),
        ("ln m", "$\\ln m$"),
        ("<=", "$\\le$"),
        (">=", "$\\ge$"),
        ("+-", "$\\pm$"),
        ("m", "$m$"), ("k", "$k$"), ("t", "$t$"), ("N", "$N$"), ("T", "$T$"),
    ]

    /// The sentence as LaTeX prose.
    static func prose(_ text: String) -> String {
        let characters = Array(text)
        let ordered = spellings.map { (Array($0.0), $0.1) }.sorted { $0.0.count > $1.0.count }
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        var out = ""
        var i = 0
        scan: while i < characters.count {
            let before: Character? = i > 0 ? characters[i - 1] : nil
            if before.map(isWord) != true {
                for (spelling, latex) in ordered where i + spelling.count <= characters.count {
                    guard Array(characters[i..<(i + spelling.count)]) == spelling else { continue }
                    let after: Character? = i + spelling.count < characters.count ? characters[i + spelling.count] : nil
                    // A spelling ending in a word character must end the word; "t" in "t = 3" but not in "the".
                    if let last = spelling.last, isWord(last), let after, isWord(after) { continue }
                    // A lone letter before "(" is a function name of the text, not a variable.
                    if spelling.count == 1, let after, after == "(" { continue }
                    out += latex
                    i += spelling.count
                    continue scan
                }
            }
            out += LaTeXTable.escape(String(characters[i]))
            i += 1
        }
        return out
    }
}
