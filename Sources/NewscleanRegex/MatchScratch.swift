internal import CNewscleanPCRE2

/// CLOCK_MONOTONIC in nanoseconds: the clock of the regex time budget, which the rule profile and the batch
/// statistics read too (one clock for every duration newsclean measures).
package func monotonicNanoseconds() -> UInt64 {
    CNewscleanPCRE2_now()
}

/// Resource limits that bound every match, so that no pattern can hang a document.
public struct MatchLimits: Hashable, Sendable {
    /// The most backtracking steps one match attempt may take (PCRE2 `match_limit`). JIT and interpreter alike.
    public var matchLimit: UInt32
    /// The deepest backtracking nesting one match attempt may reach (PCRE2 `depth_limit`; interpreter only).
    public var depthLimit: UInt32
    /// The most heap memory, in KiB, the interpreter may use for one match (PCRE2 `heap_limit`).
    public var heapLimitKiB: UInt32
    /// The largest JIT stack, in bytes, one match may use.
    public var jitStackBytes: Int

    public init(matchLimit: UInt32, depthLimit: UInt32, heapLimitKiB: UInt32, jitStackBytes: Int) {
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        self.heapLimitKiB = heapLimitKiB
        self.jitStackBytes = jitStackBytes
    }

    /// Limits generous enough for any sane news-cleaning pattern and small enough that a catastrophic pattern fails
    /// within milliseconds: 1,000,000 steps a match attempt, depth 10,000, 20 MiB heap, 1 MiB JIT stack.
    public static let `default` = MatchLimits(
        matchLimit: 1_000_000,
        depthLimit: 10_000,
        heapLimitKiB: 20_000,
        jitStackBytes: 1 << 20
    )
}

/// Per-worker state for matching: PCRE2 match data, match context and JIT stack.
///
/// A scratch belongs to one thread at a time and is never shared; compiled patterns are shared instead. Make one per
/// worker and reuse it for every match that worker runs: creating it allocates, using it does not.
public struct MatchScratch: ~Copyable {
    let context: OpaquePointer
    let jitStack: OpaquePointer?
    /// The time budget that the patterns' leading callout checks (see `startBudget(nanoseconds:)`).
    let budget: UnsafeMutablePointer<CNewscleanPCRE2_Budget>
    private(set) var matchData: OpaquePointer
    private(set) var capacity: Int
    /// The offset limit currently set in `context` (nil: PCRE2_UNSET).
    private var startLimit: Int?
    /// The limits this scratch enforces.
    public let limits: MatchLimits

    /// Creates scratch state enforcing `limits`, with room for `captureCapacity` capture groups (it grows on demand).
    public init(limits: MatchLimits = .default, captureCapacity: Int = 16) {
        self.limits = limits
        guard let context = pcre2_match_context_create_8(nil) else {
            fatalError("newsclean: out of memory creating a PCRE2 match context")
        }
        pcre2_set_match_limit_8(context, limits.matchLimit)
        pcre2_set_depth_limit_8(context, limits.depthLimit)
        pcre2_set_heap_limit_8(context, limits.heapLimitKiB)
        let stack = pcre2_jit_stack_create_8(min(32 * 1024, limits.jitStackBytes), limits.jitStackBytes, nil)
        if let stack {
            pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(stack))
        }
        budget = .allocate(capacity: 1)
        budget.initialize(to: CNewscleanPCRE2_Budget(deadline: 0, calls: 0, expired: 0))
        CNewscleanPCRE2_installBudget(context, budget)
        self.context = context
        self.jitStack = stack
        self.capacity = max(1, captureCapacity + 1)
        guard let data = pcre2_match_data_create_8(UInt32(self.capacity), nil) else {
            fatalError("newsclean: out of memory creating PCRE2 match data")
        }
        self.matchData = data
    }

    deinit {
        budget.deallocate()
        pcre2_match_data_free_8(matchData)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
        pcre2_match_context_free_8(context)
    }

    mutating func ensureCapacity(groups: Int) {
        guard groups + 1 > capacity else { return }
        pcre2_match_data_free_8(matchData)
        capacity = groups + 1
        guard let data = pcre2_match_data_create_8(UInt32(capacity), nil) else {
            fatalError("newsclean: out of memory creating PCRE2 match data")
        }
        matchData = data
    }

    /// Starts a time budget for the matches that follow: once `nanoseconds` have passed, a running match stops
    /// (within 16 match attempts) and every later match throws ``RegexError/Code/timeBudget`` at once, until the next
    /// call. nil removes the budget. A match attempt is itself bounded by the match limit, so the budget bounds the
    /// whole of what it covers (a document), where the match limit alone restarts at every start position.
    public mutating func startBudget(nanoseconds: UInt64?) {
        budget.pointee.calls = 0
        budget.pointee.expired = 0
        budget.pointee.deadline = nanoseconds.map { CNewscleanPCRE2_now() &+ max($0, 1) } ?? 0
    }

    /// Whether the budget callout has found the deadline passed. The callout reads the clock every 16 match attempts
    /// (counted across all the matches since `startBudget`), so this is a cheap check before each match.
    var budgetFlaggedExpired: Bool { budget.pointee.expired != 0 }

    /// Whether the budget started by ``startBudget(nanoseconds:)`` has run out.
    public var budgetExpired: Bool {
        if budget.pointee.expired != 0 { return true }
        guard budget.pointee.deadline != 0, CNewscleanPCRE2_now() > budget.pointee.deadline else { return false }
        budget.pointee.expired = 1
        return true
    }

    mutating func setStartLimit(_ limit: Int?) {
        guard limit != startLimit else { return }
        startLimit = limit
        pcre2_set_offset_limit_8(context, limit ?? CNewscleanPCRE2_unset())
    }

    /// The byte range of capture group `group` in the last successful match, or nil when the group did not take part.
    ///
    /// Group 0 is the whole match. Only meaningful right after a match reported by ``CompiledPattern``.
    public func range(ofGroup group: Int) -> Range<Int>? {
        guard group >= 0, group < capacity else { return nil }
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        let start = ovector[2 * group]
        let end = ovector[2 * group + 1]
        if start == CNewscleanPCRE2_unset() || end < start { return nil }
        return start..<end
    }
}
