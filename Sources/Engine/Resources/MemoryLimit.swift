import Foundation

/// The memory a command may use: a size such as `8G`, `512M`, `1.5G` or a byte count, or by
/// default three quarters of the machine's RAM (MemTotal in /proc/meminfo).
public enum MemoryLimit {
    /// Parses `N`, `N[K|M|G|T][B|iB]` (binary units, 1K = 1024 bytes; case-insensitive; N may
    /// have a fraction). Nil for anything else, zero, or a value above `Int.max`.
    public static func parse(_ text: String) -> Int? {
        var t = text.trimmingCharacters(in: .whitespaces).uppercased()
        for suffix in ["IB", "B"] where t.hasSuffix(suffix) && t.count > suffix.count {
            t.removeLast(suffix.count)
            break
        }
        let powers: [Character: Double] = ["K": 1, "M": 2, "G": 3, "T": 4, "P": 5]
        var scale = 1.0
        if let last = t.last, let power = powers[last] {
            scale = pow(1024, power)
            t.removeLast()
        }
        guard !t.isEmpty, t.allSatisfy({ $0.isNumber || $0 == "." }), let value = Double(t), value > 0 else { return nil }
        let bytes = (value * scale).rounded(.down)
        guard bytes >= 1, bytes < 9.2e18 else { return nil }
        return Int(bytes)
    }

    /// Three quarters of MemTotal from /proc/meminfo (of `ProcessInfo.physicalMemory` where
    /// /proc is absent).
    public static var machineDefault: Int {
        let total = meminfoTotal() ?? Int(clamping: ProcessInfo.processInfo.physicalMemory)
        return total / 4 * 3
    }

    /// MemTotal in bytes, or nil.
    static func meminfoTotal() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            let fields = line.split(separator: " ")
            guard fields.count >= 2, let kib = Int(fields[1]) else { return nil }
            return MemoryEstimate.product(kib, 1024)
        }
        return nil
    }
}
