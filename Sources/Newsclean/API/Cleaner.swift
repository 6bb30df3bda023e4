internal import NewscleanRegex

/// Compiled rule packs, ready to clean any number of documents from any number of threads.
///
/// ```swift
/// let cleaner = try Cleaner(packs: .bundled)          // `.bundled` comes from NewscleanRules
/// let result = cleaner.clean(text, url: articleURL)
/// print(result.text)
/// for removal in result.removals { print(removal.ruleID, removal.range) }
/// ```
///
/// Building a cleaner compiles every pattern once (JIT where available). Cleaning is thread-safe: each call borrows
/// scratch state from a small pool, so concurrent calls never share mutable state and a busy worker allocates
/// nothing per rule.
///
/// Which packs apply to a document: every generic pack, plus the publisher pack whose host is the longest suffix
/// of the document URL's host (a host covers its subdomains), or the pack named by `publisher`. The order rules run
/// in does not change the result; see ``clean(_:url:publisher:)-(_,String?,_)`` for the phases.
public struct Cleaner: Sendable {
    /// Limits that bound the work any rule may do on one document.
    public struct Options: Sendable, Hashable {
        /// The most backtracking steps one match attempt may take.
        public var matchLimit: UInt32 = MatchLimits.default.matchLimit
        /// The deepest nesting one match attempt may reach (interpreter only).
        public var depthLimit: UInt32 = MatchLimits.default.depthLimit
        /// The most heap memory, in KiB, one interpreted match may use.
        public var heapLimitKiB: UInt32 = MatchLimits.default.heapLimitKiB
        /// The largest JIT stack, in bytes, one match may use.
        public var jitStackBytes: Int = MatchLimits.default.jitStackBytes
        /// Whether the literal prefilter skips rules whose literals do not occur in a document. Turning it off gives
        /// the naive engine that runs every rule over every document: the same output, byte for byte, only slower.
        /// For tests and measurements.
        public var usesPrefilter = true
        /// The over-deletion guard: when the rules would remove more than this share of a document's non-whitespace
        /// bytes, the document is passed through unchanged and ``CleanResult/overDeletion`` says why. 1 turns it
        /// off. A publisher pack may set its own limit (`max_removed_fraction`). Documents of fewer than 256
        /// non-whitespace bytes are not guarded.
        public var maxRemovedFraction = 0.9
        /// The over-deletion guard's floor: when the rules would leave fewer bytes than this of a document that had
        /// more, it is passed through unchanged. 0 turns it off.
        public var minRemainingBytes = 1
        /// The regex time budget of one document: the most time pattern matching may take on it, all rules
        /// together, is this plus ``regexTimePerMebibyte`` for each MiB of text; nil for no budget. The match limit
        /// bounds one match attempt, but restarts at every start position: a pattern that stays just under it at
        /// every position of a long text would run for hours. When the budget runs out, the rule that was matching
        /// and every rule after it are skipped for the document (each with a ``CleanWarning``, error
        /// `time-budget`); what earlier rules found stands. The default leaves more than ten times what the bundled
        /// packs need on real pages.
        public var regexTimePerDocument: Duration? = .seconds(1)
        /// The part of the regex time budget that grows with the document: this much per MiB of text.
        public var regexTimePerMebibyte: Duration = .seconds(1)
        /// Whether the cleaner measures how long each rule spends matching, for ``Cleaner/ruleProfile()``. It reads
        /// the clock twice per rule run (about 50 ns), so it is off by default.
        public var profilesRules = false

        public init() {}

        /// Options without the over-deletion guard: for running rules on their own examples.
        public static var unguarded: Options {
            var options = Options()
            options.maxRemovedFraction = 1
            options.minRemainingBytes = 0
            return options
        }

        /// The regex time budget, in nanoseconds, for a document of `byteCount` bytes; nil for none.
        func regexBudgetNanoseconds(byteCount: Int) -> UInt64? {
            guard let base = regexTimePerDocument else { return nil }
            let seconds = base.seconds + regexTimePerMebibyte.seconds * Double(byteCount) / Double(1 << 20)
            return UInt64(min(max(seconds, 0) * 1e9, Double(UInt64.max / 2)))
        }

        var limits: MatchLimits {
            MatchLimits(
                matchLimit: matchLimit,
                depthLimit: depthLimit,
                heapLimitKiB: heapLimitKiB,
                jitStackBytes: jitStackBytes
            )
        }
    }

    let engine: Engine

    /// The packs this cleaner applies, in the order given.
    public var packs: [RulePack] { engine.packs }

    /// Compiles `packs`.
    ///
    /// - Throws: ``CleanerError`` listing every invalid pattern, duplicate pack id and duplicate rule id.
    public init(packs: [RulePack], options: Options = Options()) throws(CleanerError) {
        engine = try Engine(packs: packs, limits: options.limits, options: options)
    }

    /// Cleans one document.
    ///
    /// The phases, each seeing the result of the one before:
    /// 1. **Rewrite**: every `replace` rule is matched against the input; where matches overlap, the one that starts
    ///    first wins (then the longer, then the earlier rule); all winners are applied at once.
    /// 2. **Remove**: every removal rule (`delete-match`, `delete-line`, `delete-block`, custom) is matched against
    ///    the rewritten text, and the union of their ranges is removed.
    /// 3. **De-duplicate**: `dedupe-adjacent` rules look at what is left and remove a line or paragraph repeated
    ///    right after itself.
    /// 4. **Tidy**: where text was removed, the whitespace left around the gap is normalised (spaces at line ends
    ///    go, runs of blank lines collapse to one, a gap inside a line keeps one space); leading blank lines and
    ///    trailing whitespace go and the text ends in one newline. Text away from removals is kept byte for byte.
    ///
    /// - Parameters:
    ///   - text: The document.
    ///   - url: The article's URL (or bare host); it picks the publisher pack.
    ///   - publisher: A publisher pack id or host; overrides `url`.
    /// - Complexity: One literal scan of the text, plus a PCRE2 pass per rule whose literals occur in it.
    public func clean(_ text: String, url: String? = nil, publisher: String? = nil) -> CleanResult {
        let pack = engine.selectPublisherPack(url: url, publisher: publisher)
        var text = text
        return text.withUTF8 { bytes in
            engine.clean(bytes, publisherPack: pack)
        }
    }

    /// Cleans a document given as UTF-8 bytes and appends the cleaned bytes to `output`: the form for batch work,
    /// which reuses one output buffer and never builds a `String` of the text.
    ///
    /// The input may contain invalid UTF-8: patterns never match across an invalid sequence, and bytes outside
    /// removed ranges come out as they went in. The returned result's ``CleanResult/text`` is empty; its removals,
    /// warnings and publisher pack are filled in as usual.
    public func clean(
        utf8 bytes: UnsafeBufferPointer<UInt8>,
        url: String? = nil,
        publisher: String? = nil,
        appendingTo output: inout [UInt8]
    ) -> CleanResult {
        let pack = engine.selectPublisherPack(url: url, publisher: publisher)
        return engine.clean(bytes, publisherPack: pack, appendingTo: &output)
    }

    /// How long each rule has spent matching, summed over every document this cleaner has cleaned, slowest first;
    /// rules that never ran are left out. Empty unless ``Options/profilesRules`` is on. Call it when no cleaning is in
    /// flight: the documents being cleaned at that moment are not counted yet. `dedupe-adjacent` rules are not
    /// profiled (they run inside the duplicate finder, per duplicate line).
    public func ruleProfile() -> [RuleProfile] {
        engine.ruleProfile()
    }

    /// The publisher pack that applies to `url`, if any.
    public func publisherPack(forURL url: String) -> RulePack? {
        engine.selectPublisherPack(url: url, publisher: nil).map { engine.packs[$0] }
    }

    /// The pack whose id, or one of whose hosts, is `name`.
    public func pack(named name: String) -> RulePack? {
        engine.packIndex(named: name).map { engine.packs[$0] }
    }

    /// How many rules run on every document because no literal can gate them.
    public var rulesWithoutPrefilter: Int {
        engine.rules.filter(\.alwaysRuns).count
    }

    /// Whether the linked PCRE2 compiles patterns to machine code.
    public static var isJITAvailable: Bool { CompiledPattern.isJITAvailable }
}

@_spi(Benchmarks)
extension Cleaner {
    /// Runs only the prefilter's literal scan over `bytes`; returns how many distinct literals occur. For benchmarks.
    public func scanLiterals(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hits = Array(repeating: false, count: engine.scanner.literalCount)
        return engine.scanner.scan(bytes, hits: &hits)
    }

    /// The number of literals the prefilter scans for.
    public var prefilterLiteralCount: Int { engine.scanner.literalCount }

    /// The literals the prefilter scans for (ASCII letters compared without case), by id.
    public var prefilterLiterals: [[UInt8]] { engine.literals }

    /// The prefilter automaton: states, and the size of its transition table in bytes.
    public var prefilterAutomaton: (states: Int, tableBytes: Int) {
        (engine.scanner.stateCount, engine.scanner.tableBytes)
    }

    /// How many rules the prefilter lets run on `bytes` (no publisher pack), without running them.
    public func rulesRun(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        engine.withWorker { $0.candidateCount(bytes) }
    }
}

@_spi(Benchmarks)
extension Rule {
    /// The pattern of a rule that acts on what one pattern matches (delete-match, delete-line, replace) and the
    /// replacement template of a replace rule; nil for the other actions. For the peer programs of compare.sh.
    public var singleMatcher: (matcher: Matcher, template: String?)? {
        switch action.kind {
        case .deleteMatch(let matcher), .deleteLine(let matcher): (matcher, nil)
        case .replace(let matcher, let template): (matcher, template)
        default: nil
        }
    }
}

/// The monotonic clock newsclean measures every duration with (the regex time budget's), in seconds.
package func monotonicSeconds() -> Double {
    Double(monotonicNanoseconds()) / 1e9
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

/// One rule's share of the matching work, from ``Cleaner/ruleProfile()``.
public struct RuleProfile: Sendable, Hashable {
    /// `pack/rule`.
    public let ruleID: String
    public let packID: String
    /// How many times the rule ran (once per text it was a candidate for: a document, or its rewritten text).
    public let runs: Int
    /// The time it spent matching, in seconds.
    public let seconds: Double
}
