import CGSL

/// Calling GSL safely: its default error handler aborts the process, so it is switched off
/// once (``ensureErrorHandlerOff()``, idempotent and thread-safe through a `static let`), and
/// every `_e` routine's status is checked by ``check(_:_:)``.
public enum GSL {
    /// Turns GSL's abort-on-error handler off, once per process.
    static let errorHandlerOff: Bool = {
        gsl_set_error_handler_off()
        return true
    }()

    public static func ensureErrorHandlerOff() { _ = errorHandlerOff }

    /// Throws ``BoundsError/numerical(function:status:message:)`` unless `status` is `GSL_SUCCESS`.
    static func check(_ status: Int32, _ function: String) throws {
        guard status == GSL_SUCCESS else {
            let message = gsl_strerror(status).map { String(cString: $0) } ?? "unknown GSL error"
            throw BoundsError.numerical(function: function, status: Int(status), message: message)
        }
    }

    /// Evaluates a GSL `_e` special function and returns its value after checking the status.
    static func evaluate(_ function: String, _ body: (UnsafeMutablePointer<gsl_sf_result>) -> Int32) throws -> Double {
        ensureErrorHandlerOff()
        var result = gsl_sf_result(val: 0, err: 0)
        try check(body(&result), function)
        return result.val
    }
}
