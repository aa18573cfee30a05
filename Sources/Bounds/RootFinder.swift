import CGSL

/// One-dimensional root finding with GSL's bracketing solvers.
enum RootFinder {
    /// The root of `f` in [lower, upper] by GSL's Brent method, to
    /// |hi - lo| <= relativeTolerance * |root| (GSL's `gsl_root_test_interval`).
    /// `f(lower)` and `f(upper)` must have opposite signs. At most 200 iterations.
    static func brent(lower: Double, upper: Double, relativeTolerance: Double, name: String,
                      _ f: (Double) throws -> Double) throws -> Double {
        GSL.ensureErrorHandlerOff()
        let fLower = try f(lower), fUpper = try f(upper)
        if fLower == 0 { return lower }
        if fUpper == 0 { return upper }
        guard (fLower < 0) != (fUpper < 0) else {
            throw BoundsError.numerical(function: name, status: Int(GSL_EINVAL),
                                        message: "the root is not bracketed by [\(lower), \(upper)]")
        }
        // GSL calls back through a C function pointer: pass the Swift closure (and the first
        // error it throws) through the `params` pointer.
        final class Box {
            let f: (Double) throws -> Double
            var error: Error?
            init(_ f: @escaping (Double) throws -> Double) { self.f = f }
        }
        return try withoutActuallyEscaping(f) { escapable in
            let box = Box(escapable)
            let unmanaged = Unmanaged.passRetained(box)
            defer { unmanaged.release() }
            var function = gsl_function(
                function: { x, params in
                    let box = Unmanaged<Box>.fromOpaque(params!).takeUnretainedValue()
                    if box.error != nil { return .nan }
                    do { return try box.f(x) } catch { box.error = error; return .nan }
                },
                params: unmanaged.toOpaque())
            guard let solver = gsl_root_fsolver_alloc(lth_gsl_root_fsolver_brent()) else {
                throw BoundsError.numerical(function: "gsl_root_fsolver_alloc", status: Int(GSL_ENOMEM), message: "out of memory")
            }
            defer { gsl_root_fsolver_free(solver) }
            try GSL.check(gsl_root_fsolver_set(solver, &function, lower, upper), "gsl_root_fsolver_set")
            for _ in 0..<200 {
                let status = gsl_root_fsolver_iterate(solver)
                if let error = box.error { throw error }
                try GSL.check(status, "gsl_root_fsolver_iterate")
                let lo = gsl_root_fsolver_x_lower(solver), hi = gsl_root_fsolver_x_upper(solver)
                if gsl_root_test_interval(lo, hi, 0, relativeTolerance) == GSL_SUCCESS {
                    return gsl_root_fsolver_root(solver)
                }
            }
            throw BoundsError.numerical(function: name, status: Int(GSL_EMAXITER), message: "Brent's method did not converge in 200 iterations")
        }
    }
}
