import ArgumentParser
import Engine
import Foundation

/// `--max-memory`: the memory a command may use. Every command estimates the memory its
/// sizes imply (`MemoryEstimate`) before it allocates anything and refuses, as bad input, an
/// estimate above the limit, in one line naming the flag of the largest term, the bytes it
/// would need and the limit.
struct MemoryOptions: ParsableArguments {
    @Option(name: .customLong("max-memory"),
            help: ArgumentHelp("Refuse sizes whose estimated memory exceeds this, e.g. 8G or 512M (default: 3/4 of the machine's RAM).", valueName: "SIZE"))
    var maxMemory: String?

    func validate() throws {
        guard let maxMemory, MemoryLimit.parse(maxMemory) == nil else { return }
        throw ValidationError("invalid value '\(maxMemory)' for --max-memory: expected a size such as 8G, 512M, 1.5G or a byte count")
    }

    /// The limit in bytes.
    func limit() throws -> Int {
        guard let maxMemory else { return MemoryLimit.machineDefault }
        guard let bytes = MemoryLimit.parse(maxMemory) else {
            throw UsageError("invalid value '\(maxMemory)' for --max-memory: expected a size such as 8G, 512M, 1.5G or a byte count")
        }
        return bytes
    }

    /// Refuses `estimate` when it exceeds the limit. `flags` gives, for each parameter, the
    /// option as the user wrote it (e.g. "--width 1000000000000"), named in the message.
    func check(_ estimate: MemoryEstimate, flags: [MemoryEstimate.Parameter: String]) throws {
        let limit = try limit()
        let total = estimate.bytes
        guard total > limit, let dominant = estimate.dominant else { return }
        let named = dominant.parameters.compactMap { flags[$0] }
        let flag = named.isEmpty ? "the configuration" : named.joined(separator: " and ")
        let source = maxMemory == nil ? "--max-memory, default 3/4 of the machine's RAM" : "--max-memory"
        throw UsageError("\(flag): needs \(total == Int.max ? "" : "about ")\(MemoryEstimate.format(total)) of memory (largest part: \(dominant.what), \(MemoryEstimate.format(dominant.bytes))), above the limit of \(MemoryEstimate.format(limit)) (\(source))")
    }
}
