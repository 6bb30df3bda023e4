internal import NewscleanRegex

/// A rule compiled for matching.
///
/// A class, not a struct: the hot path reads rules by index, and copying a struct with strings, an existential and
/// optional conditions out of an array costs a dozen reference-count operations per access.
final class CompiledRule: Sendable {
    enum Kind: Sendable {
        case deleteMatch(CompiledPattern)
        case deleteLine(CompiledPattern)
        case deleteBlock(start: CompiledPattern, end: CompiledPattern, maxLines: Int, includeEnd: Bool)
        case replace(CompiledPattern, ReplacementTemplate)
        case dedupeAdjacent(CompiledPattern?)
        case deleteRun(Rule.RunShape)
        case deleteList(heading: CompiledPattern, Rule.ListShape)
        case deleteThread(heading: CompiledPattern, signature: CompiledPattern, Rule.ThreadShape)
        case custom(any CustomRule)
    }

    let kind: Kind
    let packIndex: Int
    let qualifiedID: String
    let packID: String
    /// Where the rule was written, when it came from a file.
    let location: SourceLocation?
    /// Whether the prefilter must treat the rule's literals as caseless (see `LiteralExtractor.caselessHazards`).
    let caseless: Bool
    /// Whether the rule runs whatever the literal scan found (no literal could be derived or declared).
    let alwaysRuns: Bool
    /// Conditions on the line of each match; nil when there are none.
    let conditions: Rule.Conditions?
    /// Whether every match lies within one line (its pattern cannot consume a line feed) and the rule acts on its
    /// matches (delete, delete_line, replace) or on the lines after a heading match (delete-list, delete-thread):
    /// it then searches only the lines where its literals occur.
    let lineLocal: Bool
    /// Whether a search of some lines may be given the text cut after them (see `Engine.lineLocality`).
    let linesAlone: Bool
    /// `Rule.Search.repeatedStart`, for the actions that search ranges (delete-match, delete-line, replace).
    let repeatedStart: Int?

    init(
        kind: Kind,
        packIndex: Int,
        qualifiedID: String,
        packID: String,
        location: SourceLocation?,
        caseless: Bool,
        alwaysRuns: Bool,
        conditions: Rule.Conditions?,
        lineLocal: Bool,
        linesAlone: Bool,
        repeatedStart: Int?
    ) {
        self.kind = kind
        self.packIndex = packIndex
        self.qualifiedID = qualifiedID
        self.packID = packID
        self.location = location
        self.caseless = caseless
        self.alwaysRuns = alwaysRuns
        self.conditions = conditions
        self.lineLocal = lineLocal
        self.linesAlone = linesAlone
        switch kind {
        case .deleteMatch, .deleteLine, .replace: self.repeatedStart = repeatedStart
        default: self.repeatedStart = nil
        }
    }

    var isRewrite: Bool {
        if case .replace = kind { return true }
        return false
    }

    var isDedupe: Bool {
        if case .dedupeAdjacent = kind { return true }
        return false
    }

    var isContext: Bool {
        switch kind {
        case .deleteRun, .deleteList, .deleteThread: true
        default: false
        }
    }
}

/// The phase of cleaning in which a rule runs.
enum RulePhase: UInt8, Sendable {
    case rewrite
    case remove
    case dedupe
    /// After de-duplication: context rules read what the phases before removed.
    case context
}

/// The compiled form of a set of packs, shared by every thread that cleans with it.
final class Engine: Sendable {
    let packs: [RulePack]
    let rules: [CompiledRule]
    /// Rule indices of each pack, in rule order.
    let rulesOfPack: [[Int]]
    /// Rule indices of each pack that run whatever the literal scan finds, in rule order.
    let alwaysRunRulesOfPack: [[Int32]]
    /// Gated rules compiled caseless, which a caseless hazard literal wakes (see `LiteralExtractor.caselessHazards`).
    let caselessGatedRules: [Int32]
    /// For each rule: the index of its pack.
    let packOfRule: [Int32]
    /// For each rule: the phase it runs in.
    let phaseOfRule: [RulePhase]
    /// For each rule: `CompiledRule.lineLocal`.
    let lineLocalRule: [Bool]
    /// For each rule: `CompiledRule.linesAlone`.
    let linesAloneRule: [Bool]
    /// For each rule: `CompiledRule.alwaysRuns`.
    let alwaysRunsRule: [Bool]
    /// For each rule: the index in `gates` of the conditions that decide which lines it searches, or -1 when it
    /// searches every line its literals allow (see `gateConditions(of:)`).
    let gateOfRule: [Int32]
    /// The distinct conditions of the rules that `gateOfRule` names.
    let gates: [Rule.Conditions]
    /// For each rule: the index in `startGates` of its `Rule.Search.repeatedStart`, or -1. Always -1 without the
    /// prefilter: the naive engine searches everywhere, which is how a test checks the claim.
    let startGateOfRule: [Int32]
    /// The distinct lengths of `startGateOfRule`.
    let startGates: [Int]
    /// Whether any rule has a gate of either kind.
    var hasGates: Bool { !gates.isEmpty || !startGates.isEmpty }
    let genericPacks: [Int]
    /// (host, pack index), longest host first.
    let hostTable: [(host: String, pack: Int)]
    /// The hosts of `hostTable` as UTF-8, for matching URLs on their bytes.
    let hostTableBytes: [[UInt8]]
    let scanner: LiteralScanner
    /// For each literal id of the scanner: the rule it gates, or -1 for a caseless hazard literal.
    let literalOwner: [Int32]
    /// For each literal id of the scanner: its length in bytes.
    let literalLength: [Int]
    /// The literals the scanner looks for, by id (ASCII-lowercased).
    let literals: [[UInt8]]
    /// For each literal id: whether the scan lists its occurrences (it gates a line-local rule).
    let listedLiteral: [Bool]
    /// Whether any rule runs in the context phase.
    let hasContextRules: Bool
    let limits: MatchLimits
    let usesPrefilter: Bool
    let maxRemovedFraction: Double
    let minRemainingBytes: Int
    let options: Cleaner.Options
    /// Documents with fewer non-whitespace bytes than this are not guarded against over-deletion.
    static let guardMinimumContentBytes = 256
    let maxCaptureCount: Int
    private let pool = Locked<[Worker]>([])
    /// The profile counts of workers the pool had no room to keep.
    private let retiredProfile = Locked<(nanoseconds: [UInt64], runs: [Int])>(([], []))

    init(packs: [RulePack], limits: MatchLimits, options: Cleaner.Options) throws(CleanerError) {
        var problems: [CleanerError.Problem] = []
        var compiled: [CompiledRule] = []
        var rulesOfPack: [[Int]] = []
        var literals: [[UInt8]] = []
        var owners: [Int32] = []
        var seenPacks: Set<String> = []
        var maxCaptures = 0

        // First the checks that need no compiling, in rule order; then every rule's patterns are compiled (or the
        // parser's code copied) and analysed on all cores; then the results are taken in rule order, so problems keep
        // their order. JIT compilation waits for each pattern's first match (see CompiledPattern).
        enum Step {
            case problem(CleanerError.Problem)
            case rule(packIndex: Int, Rule)
            case endOfPack
        }
        var steps: [Step] = []
        for (packIndex, pack) in packs.enumerated() {
            if !seenPacks.insert(pack.id).inserted {
                steps.append(.problem(.init(packID: pack.id, code: .duplicatePackID, message: "duplicate pack id '\(pack.id)'")))
            }
            var seenRules: Set<String> = []
            for rule in pack.rules {
                if !seenRules.insert(rule.id).inserted {
                    steps.append(
                        .problem(
                            .init(
                                packID: pack.id,
                                ruleID: rule.id,
                                code: .duplicateRuleID,
                                message: "duplicate rule id '\(rule.id)'",
                                location: rule.location
                            )
                        )
                    )
                } else if let problem = rule.action.shapeProblem {
                    steps.append(
                        .problem(
                            .init(packID: pack.id, ruleID: rule.id, code: .invalidShape, message: problem,
                                  location: rule.location)
                        )
                    )
                } else {
                    steps.append(.rule(packIndex: packIndex, rule))
                }
            }
            steps.append(.endOfPack)
        }
        let toCompile: [Rule] = steps.compactMap { if case .rule(_, let rule) = $0 { rule } else { nil } }
        let prepared = concurrentMap(toCompile.count) { index in Result { () throws(RegexError) in try Self.prepare(toCompile[index]) } }

        var indices: [Int] = []
        var next = 0
        for step in steps {
            switch step {
            case .problem(let problem):
                problems.append(problem)
            case .endOfPack:
                rulesOfPack.append(indices)
                indices = []
            case .rule(let packIndex, let rule):
                let pack = packs[packIndex]
                defer { next += 1 }
                switch prepared[next] {
                case .success(let ready):
                    for pattern in ready.kind.patterns { maxCaptures = max(maxCaptures, pattern.captureCount) }
                    let index = compiled.count
                    if let ruleLiterals = ready.literals {
                        for literal in ruleLiterals {
                            literals.append(literal)
                            owners.append(Int32(index))
                        }
                    }
                    compiled.append(
                        CompiledRule(
                            kind: ready.kind,
                            packIndex: packIndex,
                            qualifiedID: pack.qualifiedID(of: rule),
                            packID: pack.id,
                            location: rule.location,
                            caseless: ready.caseless,
                            alwaysRuns: ready.literals == nil,
                            conditions: rule.conditions.isEmpty ? nil : rule.conditions,
                            lineLocal: ready.lineLocal,
                            linesAlone: ready.linesAlone,
                            repeatedStart: rule.search.repeatedStart
                        )
                    )
                    indices.append(index)
                case .failure(let error):
                    problems.append(
                        .init(
                            packID: pack.id,
                            ruleID: rule.id,
                            code: .invalidPattern,
                            message: "invalid pattern: \(error.message)",
                            location: rule.location,
                            patternOffset: error.patternOffset
                        )
                    )
                }
            }
        }
        // One host, one pack: otherwise which pack applies would depend on the order the packs were given in.
        var hostOwner: [String: String] = [:]
        for pack in packs {
            for host in Set(pack.scope.hosts.map(Self.normalizedHost)).sorted() {
                if let first = hostOwner.updateValue(pack.id, forKey: host), first != pack.id {
                    problems.append(
                        .init(packID: pack.id, code: .duplicateHost, message: "host '\(host)' is also claimed by pack '\(first)'")
                    )
                }
            }
        }
        guard problems.isEmpty else { throw CleanerError(problems: problems) }
        if options.profilesRules {
            // A pattern is JIT-compiled at its first match; a profile times matching, so that happens now.
            let patterns = compiled.flatMap(\.kind.patterns)
            _ = concurrentMap(patterns.count) { patterns[$0].usesJIT }
        }

        let hasCaseless = compiled.contains { $0.caseless && !$0.alwaysRuns }
        if hasCaseless {
            for hazard in LiteralExtractor.caselessHazards {
                literals.append(hazard)
                owners.append(-1)
            }
        }
        self.packs = packs
        self.rules = compiled
        self.rulesOfPack = rulesOfPack
        self.alwaysRunRulesOfPack = rulesOfPack.map { indices in
            indices.filter { compiled[$0].alwaysRuns }.map { Int32($0) }
        }
        self.caselessGatedRules = compiled.indices.filter { compiled[$0].caseless && !compiled[$0].alwaysRuns }
            .map { Int32($0) }
        self.packOfRule = compiled.map { Int32($0.packIndex) }
        self.lineLocalRule = compiled.map(\.lineLocal)
        self.linesAloneRule = compiled.map(\.linesAlone)
        self.alwaysRunsRule = compiled.map(\.alwaysRuns)
        self.phaseOfRule = compiled.map {
            $0.isRewrite ? .rewrite : $0.isDedupe ? .dedupe : $0.isContext ? .context : .remove
        }
        var gates: [Rule.Conditions] = []
        self.gateOfRule = compiled.map { rule in
            guard let conditions = Self.gateConditions(of: rule) else { return -1 }
            if let known = gates.firstIndex(of: conditions) { return Int32(known) }
            gates.append(conditions)
            return Int32(gates.count - 1)
        }
        self.gates = gates
        var startGates: [Int] = []
        self.startGateOfRule = compiled.map { rule in
            guard options.usesPrefilter, let length = rule.repeatedStart else { return -1 }
            if let known = startGates.firstIndex(of: length) { return Int32(known) }
            startGates.append(length)
            return Int32(startGates.count - 1)
        }
        self.startGates = startGates
        self.hasContextRules = compiled.contains(where: \.isContext)
        self.genericPacks = packs.indices.filter { packs[$0].scope.isGeneric }
        let hostTable = packs.enumerated()
            .flatMap { index, pack in pack.scope.hosts.map { (host: Self.normalizedHost($0), pack: index) } }
            .sorted { $0.host.count > $1.host.count }
        self.hostTable = hostTable
        self.hostTableBytes = hostTable.map { Array($0.host.utf8) }
        self.scanner = LiteralScanner(literals: literals)
        self.literalOwner = owners
        self.literalLength = literals.map(\.count)
        self.literals = literals
        self.listedLiteral = owners.map { $0 >= 0 && compiled[Int($0)].lineLocal }
        self.limits = limits
        self.usesPrefilter = options.usesPrefilter
        self.maxRemovedFraction = options.maxRemovedFraction
        self.minRemainingBytes = options.minRemainingBytes
        self.options = options
        self.maxCaptureCount = maxCaptures
    }

    /// The literals that gate `rule` (nil: it always runs), in the scanner's form (a capital ASCII letter must occur
    /// as a capital, a lowercase one in either case: see `LiteralScanner`), and whether the matcher ignores case.
    static func prefilter(for rule: Rule, gate: Rule.Matcher?) -> (literals: [[UInt8]]?, caseless: Bool) {
        if rule.declaresPrefilter {
            // `prefilter` literals are compared without ASCII case, whatever the pattern's case; `prefilterExact`
            // ones keep their capitals.
            let anyCase = (rule.prefilter ?? []).map { Array($0.utf8).map(LiteralExtractor.asciiLowercased) }
            let literals = anyCase + rule.prefilterExact.map { Array($0.utf8) }
            return (literals, gate?.options.contains(.ignoreCase) ?? true)
        }
        guard let gate else { return (nil, false) }
        let caseless = gate.options.contains(.ignoreCase)
        if gate.isLiteral {
            let source = Array(gate.source.utf8)
            let usable = source.count >= 2 && (!caseless || source.allSatisfy { $0 < 0x80 })
            let bytes = caseless ? source.map(LiteralExtractor.asciiLowercased) : source
            return (usable ? [bytes] : nil, caseless)
        }
        let literals = LiteralExtractor.requiredLiterals(
            pattern: gate.source,
            caseInsensitive: caseless,
            extended: gate.options.contains(.extended)
        )
        return (literals, caseless)
    }

    /// The conditions that decide where `rule` may match at all, so that the lines failing them are not searched;
    /// nil when they cannot be used that way.
    ///
    /// Conditions hold or fail for the line where a match starts, so a delete-match or delete-line rule searches only
    /// the lines that pass: a match may still run on into the lines after. Not for a pattern with `\K`, whose match
    /// starts after where it was found (the conditions then stay a check of each match), nor for the other actions
    /// (delete-block's start line, the headings of context rules), which check their conditions themselves.
    static func gateConditions(of rule: CompiledRule) -> Rule.Conditions? {
        guard let conditions = rule.conditions else { return nil }
        switch rule.kind {
        case .deleteMatch(let pattern), .deleteLine(let pattern):
            // Textual and conservative: an escaped backslash before a K also counts.
            return pattern.pattern.contains("\\K") ? nil : conditions
        default:
            return nil
        }
    }

    /// Whether every match of the action's pattern lies within one line, for the rules that act on their matches.
    /// With declared literals, which the author may have taken from a lookaround, the lookarounds must stay within
    /// the line too, so that every literal a match depends on is on its line.
    /// The heading of a list or thread counts: only where it matches depends on the search ranges.
    /// Also whether the rule may be searched in the text cut after the lines searched (`LineLocality.linesAlone`):
    /// PCRE2 looks for a pattern's required characters up to the end of its subject, which in a long text made every
    /// search of a few lines cost as much as the rest of the text.
    static func lineLocality(_ action: Rule.Action, declaredLiterals: Bool) -> (lineLocal: Bool, linesAlone: Bool) {
        switch action.kind {
        case .deleteMatch(let matcher), .deleteLine(let matcher), .replace(let matcher, _),
            .deleteList(let matcher, _), .deleteThread(let matcher, _, _):
            if matcher.isLiteral {
                let local = !matcher.source.utf8.contains(0x0A)
                return (local, local)
            }
            let locality = LiteralExtractor.lineLocality(
                pattern: matcher.source,
                caseInsensitive: matcher.options.contains(.ignoreCase),
                extended: matcher.options.contains(.extended),
                dotAll: matcher.options.contains(.dotAll)
            )
            let local = declaredLiterals ? locality.lookaroundsToo : locality.matches
            return (local, local && locality.linesAlone)
        case .deleteBlock, .dedupeAdjacent, .deleteRun, .custom:
            return (false, false)
        }
    }

    /// What building a rule takes that does not depend on the other rules: its compiled patterns, its prefilter
    /// literals (nil: it always runs), and whether it searches only the lines where they occur.
    struct PreparedRule {
        let kind: CompiledRule.Kind
        let literals: [[UInt8]]?
        let caseless: Bool
        let lineLocal: Bool
        let linesAlone: Bool
    }

    /// Compiles and analyses one rule; safe to call for several rules at once.
    static func prepare(_ rule: Rule) throws(RegexError) -> PreparedRule {
        let (kind, gate) = try compile(rule.action)
        let (literals, caseless) = prefilter(for: rule, gate: gate)
        let locality = literals == nil ? (lineLocal: false, linesAlone: false) : lineLocality(rule.action, declaredLiterals: rule.declaresPrefilter)
        return PreparedRule(
            kind: kind,
            literals: literals,
            caseless: caseless,
            lineLocal: literals != nil && locality.lineLocal,
            linesAlone: literals != nil && locality.linesAlone
        )
    }

    /// Compiles an action; also returns the matcher whose literals gate the rule (nil: it always runs).
    private static func compile(_ action: Rule.Action) throws(RegexError) -> (CompiledRule.Kind, Rule.Matcher?) {
        switch action.kind {
        case .deleteMatch(let matcher):
            return (.deleteMatch(try compile(matcher)), matcher)
        case .deleteLine(let matcher):
            return (.deleteLine(try compile(matcher)), matcher)
        case .deleteBlock(let start, let end, let maxLines, let includeEnd):
            let compiled = CompiledRule.Kind.deleteBlock(
                start: try compile(start),
                end: try compile(end),
                maxLines: maxLines,
                includeEnd: includeEnd
            )
            return (compiled, start)
        case .replace(let matcher, let template):
            let pattern = try compile(matcher)
            let parsed = try ReplacementTemplate(template, pattern: pattern)
            return (.replace(pattern, parsed), matcher)
        case .dedupeAdjacent(let matcher):
            return (.dedupeAdjacent(try matcher.map { matcher throws(RegexError) in try compile(matcher) }), nil)
        case .deleteRun(let shape):
            return (.deleteRun(shape), nil)
        case .deleteList(let heading, let shape):
            return (.deleteList(heading: try compile(heading), shape), heading)
        case .deleteThread(let heading, let signature, let shape):
            return (.deleteThread(heading: try compile(heading), signature: try compile(signature), shape), heading)
        case .custom(let rule):
            return (.custom(rule), nil)
        }
    }

    /// The matcher's pattern ready to match: the parser's validated code, copied (and JIT-compiled at its first
    /// match), when the matcher carries it; otherwise compiled from source.
    static func compile(_ matcher: Rule.Matcher) throws(RegexError) -> CompiledPattern {
        if let validated = matcher.validatedPattern { return validated.jitCompiled() }
        return try CompiledPattern(matcher.source, options: matcher.patternOptions)
    }

    // MARK: - Pack selection

    static func normalizedHost(_ host: String) -> String {
        var host = host.lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        return host
    }

    /// The host part of a URL, or of a bare `host/path`; nil when there is none.
    static func host(ofURL url: String) -> String? {
        var rest = Substring(url.trimmingWhitespace())
        if let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
        } else if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
        }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            rest = rest[..<end]
        }
        if let at = rest.lastIndex(of: "@") {
            rest = rest[rest.index(after: at)...]
        }
        if rest.hasPrefix("[") {
            // An IPv6 literal: no publisher pack can match it.
            return nil
        }
        if let colon = rest.lastIndex(of: ":") {
            rest = rest[..<colon]
        }
        let host = normalizedHost(String(rest))
        return host.isEmpty ? nil : host
    }

    func selectPublisherPack(url: String?, publisher: String?) -> Int? {
        if let publisher {
            return packIndex(named: publisher)
        }
        guard var url else { return nil }
        if let pack = url.withUTF8({ publisherPack(forASCIIURL: $0) }) { return pack }
        guard let host = Self.host(ofURL: url) else { return nil }
        for entry in hostTable where host == entry.host || host.hasSuffix("." + entry.host) {
            return entry.pack
        }
        return nil
    }

    /// The publisher pack of an all-ASCII URL (the usual case), found on its bytes without allocating: `.some(nil)`
    /// when none applies; nil when the URL is not ASCII or its host is too long, for `host(ofURL:)` to decide.
    /// The same steps as `host(ofURL:)`, on bytes.
    private func publisherPack(forASCIIURL url: UnsafeBufferPointer<UInt8>) -> Int?? {
        guard url.allSatisfy({ $0 < 0x80 }) else { return nil }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        var start = 0
        var end = url.count
        while start < end, isSpace(url[start]) { start += 1 }
        while end > start, isSpace(url[end - 1]) { end -= 1 }
        let slash = UInt8(ascii: "/")
        if let scheme = firstIndex(of: Array("://".utf8), in: url, start..<end) {
            start = scheme + 3
        } else if end - start >= 2, url[start] == slash, url[start + 1] == slash {
            start += 2
        }
        if let stop = (start..<end).first(where: { [slash, UInt8(ascii: "?"), UInt8(ascii: "#")].contains(url[$0]) }) {
            end = stop
        }
        if let at = (start..<end).last(where: { url[$0] == UInt8(ascii: "@") }) { start = at + 1 }
        if start < end, url[start] == UInt8(ascii: "[") { return .some(nil) }
        if let colon = (start..<end).last(where: { url[$0] == UInt8(ascii: ":") }) { end = colon }
        while end > start, url[end - 1] == UInt8(ascii: ".") { end -= 1 }
        guard start < end else { return .some(nil) }
        let host = UnsafeBufferPointer(rebasing: url[start..<end])
        for (index, entry) in hostTableBytes.enumerated() where host.count >= entry.count {
            let offset = host.count - entry.count
            guard offset == 0 || host[offset - 1] == UInt8(ascii: ".") else { continue }
            var same = true
            for position in 0..<entry.count where Self.asciiLowercased(host[offset + position]) != entry[position] {
                same = false
                break
            }
            if same { return .some(hostTable[index].pack) }
        }
        return .some(nil)
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    private func firstIndex(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard range.count >= needle.count else { return nil }
        return (range.lowerBound...(range.upperBound - needle.count)).first { start in
            needle.indices.allSatisfy { bytes[start + $0] == needle[$0] }
        }
    }

    func packIndex(named name: String) -> Int? {
        if let index = packs.firstIndex(where: { $0.id == name }) { return index }
        let host = Self.normalizedHost(name)
        return hostTable.first { $0.host == host }?.pack
    }

    // MARK: - Workers

    func withWorker<R>(_ body: (Worker) -> R) -> R {
        let worker = pool.withLock { $0.popLast() } ?? Worker(engine: self)
        defer {
            worker.trim()
            let kept = pool.withLock { workers in
                guard workers.count < 64 else { return false }
                workers.append(worker)
                return true
            }
            if !kept && worker.profiling {
                retiredProfile.withLock { retired in
                    if retired.runs.isEmpty {
                        retired = (worker.ruleNanoseconds, worker.ruleRuns)
                    } else {
                        for index in rules.indices {
                            retired.nanoseconds[index] &+= worker.ruleNanoseconds[index]
                            retired.runs[index] += worker.ruleRuns[index]
                        }
                    }
                }
            }
        }
        return body(worker)
    }

    /// The rule profile summed over the pooled workers and those the pool let go (see `Cleaner.ruleProfile()`).
    func ruleProfile() -> [RuleProfile] {
        var (nanoseconds, runs) = retiredProfile.withLock { $0 }
        if runs.isEmpty {
            nanoseconds = [UInt64](repeating: 0, count: rules.count)
            runs = [Int](repeating: 0, count: rules.count)
        }
        pool.withLock { workers in
            for worker in workers where worker.profiling {
                for index in rules.indices {
                    nanoseconds[index] &+= worker.ruleNanoseconds[index]
                    runs[index] += worker.ruleRuns[index]
                }
            }
        }
        return rules.indices.filter { runs[$0] > 0 }
            .map { RuleProfile(ruleID: rules[$0].qualifiedID, packID: rules[$0].packID, runs: runs[$0],
                seconds: Double(nanoseconds[$0]) / 1e9) }
            .sorted { $0.seconds != $1.seconds ? $0.seconds > $1.seconds : $0.ruleID < $1.ruleID }
    }

    func clean(_ input: UnsafeBufferPointer<UInt8>, publisherPack: Int?) -> CleanResult {
        withWorker { worker in
            var result = worker.clean(input, publisherPack: publisherPack)
            result.text = String(decoding: worker.output, as: UTF8.self)
            return result
        }
    }

    func clean(_ input: UnsafeBufferPointer<UInt8>, publisherPack: Int?, appendingTo output: inout [UInt8])
        -> CleanResult
    {
        withWorker { worker in
            let result = worker.clean(input, publisherPack: publisherPack)
            if output.isEmpty {
                // Hand over the worker's buffer instead of copying it; the worker keeps the caller's old one.
                swap(&output, &worker.output)
            } else {
                output.append(contentsOf: worker.output)
            }
            return result
        }
    }
}

extension CompiledRule.Kind {
    var patterns: [CompiledPattern] {
        switch self {
        case .deleteMatch(let pattern), .deleteLine(let pattern), .replace(let pattern, _): [pattern]
        case .deleteBlock(let start, let end, _, _): [start, end]
        case .dedupeAdjacent(let pattern): pattern.map { [$0] } ?? []
        case .deleteList(let heading, _): [heading]
        case .deleteThread(let heading, let signature, _): [heading, signature]
        case .deleteRun, .custom: []
        }
    }
}

extension String {
    package func trimmingWhitespace() -> Substring {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return slice
    }
}

extension Rule {
    /// Whether the rule's author declared its prefilter literals (`prefilter:`, `prefilter_exact:`), rather than
    /// leaving them to be derived.
    var declaresPrefilter: Bool {
        let declared = (prefilter ?? []) + prefilterExact
        return !declared.isEmpty && !declared.contains(where: \.isEmpty)
    }

    /// The literals of which every match of the rule contains one (declared or derived from its pattern), or nil
    /// when the rule must run on every document. For the prefilter and for `lint`.
    package var prefilterLiterals: [[UInt8]]? {
        // Declared literals gate every action, as in `Engine.prepare`, also those with no pattern of their own.
        if declaresPrefilter { return Engine.prefilter(for: self, gate: nil).literals }
        let gate: Rule.Matcher?
        switch action.kind {
        case .deleteMatch(let matcher), .deleteLine(let matcher), .replace(let matcher, _): gate = matcher
        case .deleteBlock(let start, _, _, _): gate = start
        case .deleteList(let heading, _), .deleteThread(let heading, _, _): gate = heading
        case .dedupeAdjacent, .deleteRun, .custom: return nil
        }
        return Engine.prefilter(for: self, gate: gate).literals
    }

    /// Every matcher of the rule, with the rule-file key it was written under.
    package var matchers: [(key: String, matcher: Matcher)] {
        switch action.kind {
        case .deleteMatch(let matcher), .deleteLine(let matcher), .replace(let matcher, _):
            [(matcher.isLiteral ? "text" : "pattern", matcher)]
        case .deleteBlock(let start, let end, _, _): [("start", start), ("end", end)]
        case .dedupeAdjacent(let matcher): matcher.map { [($0.isLiteral ? "text" : "pattern", $0)] } ?? []
        case .deleteList(let heading, _): [("heading", heading)]
        case .deleteThread(let heading, let signature, _): [("heading", heading), ("signature", signature)]
        case .deleteRun, .custom: []
        }
    }

    /// Whether the action removes or rewrites exactly what its pattern matches (so an empty match is a bug).
    package var actsOnMatch: Bool {
        switch action.kind {
        case .deleteMatch, .deleteLine, .replace: true
        case .deleteBlock, .dedupeAdjacent, .deleteRun, .deleteList, .deleteThread, .custom: false
        }
    }
}

extension Rule.Matcher {
    var patternOptions: PatternOptions {
        var options: PatternOptions = []
        if isLiteral { options.insert(.literal) }
        if self.options.contains(.ignoreCase) { options.insert(.caseInsensitive) }
        if self.options.contains(.dotAll) { options.insert(.dotMatchesLineBreaks) }
        if self.options.contains(.extended) && !isLiteral { options.insert(.extended) }
        if self.options.contains(.ungreedy) && !isLiteral { options.insert(.ungreedy) }
        return options
    }

    /// `validatedCode`, while it still belongs to this source and these options.
    var validatedPattern: CompiledPattern? {
        guard let code = validatedCode, code.pattern == source, code.options == patternOptions else { return nil }
        return code
    }

    /// The compiled pattern to inspect (not to match with): the validated one, or one compiled without JIT.
    private func inspected() throws(RegexError) -> CompiledPattern {
        if let validatedPattern { return validatedPattern }
        return try CompiledPattern(source, options: patternOptions, jit: false)
    }

    /// This matcher with its pattern compiled once, without JIT, to validate it; a cleaner built from the returned
    /// matcher copies that code instead of compiling the source again. Or why the pattern does not compile:
    /// PCRE2's message and the UTF-8 offset in the pattern.
    package func validated() -> (matcher: Rule.Matcher, problem: (message: String, patternOffset: Int?)?) {
        do {
            var matcher = self
            matcher.validatedCode = try inspected()
            return (matcher, nil)
        } catch {
            return (self, (error.message, error.patternOffset))
        }
    }

    /// Whether the matcher can match an empty string (nil when it does not compile).
    package var canMatchEmpty: Bool? {
        try? inspected().canMatchEmpty
    }

    /// Why the matcher does not compile, or nil when it does: PCRE2's message and the UTF-8 offset in the pattern.
    package func compileError() -> (message: String, patternOffset: Int?)? {
        validated().problem
    }

    /// Why `template` is not a valid replacement for this matcher, or nil when it is.
    package func templateError(_ template: String) -> String? {
        do {
            _ = try ReplacementTemplate(template, pattern: try inspected())
            return nil
        } catch {
            return error.message
        }
    }
}
