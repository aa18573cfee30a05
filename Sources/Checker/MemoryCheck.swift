import Engine

/// The caller's memory limit, as a library workflow sees it: refuses (throws) an `estimate`
/// above the limit before the workflow allocates it. `described` names, in words, the
/// parameters of the estimate that come from files rather than from the caller (e.g. "the width
/// of runs/demo"); the caller names the others by its own flags or keys.
public typealias MemoryCheck = (_ estimate: MemoryEstimate, _ described: [MemoryEstimate.Parameter: String]) throws -> Void
