internal import NewscleanRegex
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A removal or dedupe range, in the coordinates of the text it was found in, with the rule that found it.
struct Span {
    var start: Int
    var end: Int
    var rule: Int32
}

/// A rewrite found in phase 1: input range, rule, and where its expansion sits in `Worker.replacementBytes`.
struct Rewrite {
    var start: Int
    var end: Int
    var rule: Int32
    var expansionStart: Int
    var expansionEnd: Int
    /// Where the expansion landed in the rewritten text (set when the rewrites are applied).
    var targetStart = 0
    var targetEnd = 0
}

/// Where a rule searches: matches may start from `start` up to `limit` (-1: the end of the text).
struct SearchRange {
    var start: Int
    var limit: Int

    var bounds: (start: Int, limit: Int?) { (start, limit < 0 ? nil : limit) }
}

/// A line that holds a literal of a line-local rule.
struct RuleLine {
    var rule: Int32
    var line: Int32
}

/// A kept stretch of one text inside another: `length` bytes at `sourceStart` appear at `targetStart`.
struct Segment {
    var targetStart: Int
    var sourceStart: Int
    var length: Int
}

/// The per-thread state of cleaning: PCRE2 scratch and every buffer a document needs, reused across documents so
/// that the steady state allocates only the result.
// Sendable: a worker is used by one thread at a time; the engine's pool hands it out under a lock and takes it back
// when the call that borrowed it returns.
final class Worker: @unchecked Sendable {
    // unowned(unsafe): the engine owns its pool of workers and outlives every use of them; a checked unowned
    // reference would cost an atomic retain on every access in the hot path.
    unowned(unsafe) let engine: Engine
    var scratch: MatchScratch
    /// What the literal scan of the text last scanned found: which literals occur, where, and the occurrences of
    /// the literals of line-local rules (see `LiteralScanner.Scratch`).
    var literalScan: LiteralScanner.Scratch
    /// Rule index -> the span of its literal occurrences (valid for candidates): the lowest start and highest end;
    /// 0 and Int.max when the rule must see the whole text.
    var occurrenceLow: [Int]
    var occurrenceHigh: [Int]
    /// Offsets of the line feeds of the text last scanned, when per-line ranges needed them.
    var lineBreaks: [Int] = []
    /// (rule, line index) of each occurrence that belongs to a line-local rule, for grouping by rule.
    var ruleLines: [RuleLine] = []
    /// Buffers of `groupRuleLines`: the pairs ordered by line, and the bucket offsets by line and by rule.
    var ruleLinesScratch: [RuleLine] = []
    var lineBucketStarts: [Int32] = []
    var ruleBucketStarts: [Int32] = []
    /// Where each rule searches: `ranges[rangeStart[rule]..<rangeEnd[rule]]`, disjoint and in text order. One range
    /// covering the text for most rules; for a line-local rule, the lines holding its literals (consecutive lines
    /// merged), or the lines from its first to its last occurrence when that is simpler.
    var ranges: [SearchRange] = []
    var rangeStart: [Int32]
    var rangeEnd: [Int32]
    /// Rule index -> `stamp` when the rule is already a candidate for the current text.
    var ruleStamp: [UInt32]
    var stamp: UInt32 = 0
    /// Pack index -> its rules apply to the current document (the generic packs, and the publisher pack if any).
    var packActive: [Bool]
    /// The rules to run on the current text, in rule order: the rules of active packs that always run, and those
    /// whose literals occur. Per-document work is proportional to this list, not to the number of rules.
    var candidates: [Int32] = []
    var dedupeRules: [Int] = []
    /// With `Cleaner.Options.profilesRules`: per rule, the nanoseconds spent matching and the number of runs.
    let profiling: Bool
    var ruleNanoseconds: [UInt64]
    var ruleRuns: [Int]
    var rewrites: [Rewrite] = []
    var replacementBytes: [UInt8] = []
    var rewritten: [UInt8] = []
    var spans: [Span] = []
    var merged: [Span] = []
    var reduced: [UInt8] = []
    var reducedSegments: [Segment] = []
    var output: [UInt8] = []
    var warnings: [CleanWarning] = []
    var lineTable = LineTable()
    /// Per gate (`Engine.gates`): the stamp of the text its stretches were found for, and where they are in
    /// `gateStretches`.
    var gateStamps: [UInt32]
    var gateStamp: UInt32 = 0
    var gateStretchStart: [Int32]
    var gateStretchEnd: [Int32]
    var gateStretches: [SearchRange] = []
    /// The context phase's view of the lines, its heading lines, and the anchors of its spans (see ContextPhase).
    var contextLines: [ContextLine] = []
    var contextHeadings: [Int] = []
    var contextAnchors: [ContextAnchor] = []
    var contextAnchorScratch: [ContextAnchor] = []
    var contextTextEnd = 0

    init(engine: Engine) {
        self.engine = engine
        self.scratch = MatchScratch(limits: engine.limits, captureCapacity: engine.maxCaptureCount)
        self.literalScan = LiteralScanner.Scratch(
            literalCount: engine.scanner.literalCount, occurrenceCapacity: Self.occurrenceCapacity)
        self.occurrenceLow = Array(repeating: 0, count: engine.rules.count)
        self.occurrenceHigh = Array(repeating: 0, count: engine.rules.count)
        self.rangeStart = Array(repeating: 0, count: engine.rules.count)
        self.rangeEnd = Array(repeating: 0, count: engine.rules.count)
        self.ruleStamp = Array(repeating: 0, count: engine.rules.count)
        let gateCount = engine.gates.count + engine.startGates.count
        self.gateStamps = Array(repeating: 0, count: gateCount)
        self.gateStretchStart = Array(repeating: 0, count: gateCount)
        self.gateStretchEnd = Array(repeating: 0, count: gateCount)
        self.packActive = engine.packs.map { $0.scope.isGeneric }
        self.profiling = engine.options.profilesRules
        self.ruleNanoseconds = profiling ? Array(repeating: 0, count: engine.rules.count) : []
        self.ruleRuns = profiling ? Array(repeating: 0, count: engine.rules.count) : []
    }

    /// Drops buffers that one huge document grew, so that an idle worker does not pin its memory.
    func trim() {
        let limit = 1 << 22
        if output.capacity > limit { output = [] }
        if rewritten.capacity > limit { rewritten = [] }
        if reduced.capacity > limit { reduced = [] }
        if spans.capacity > 1 << 16 { spans = [] }
        if merged.capacity > 1 << 16 { merged = [] }
        if literalScan.occurrences.count > Self.occurrenceCapacity {
            literalScan.occurrences = Array(literalScan.occurrences.prefix(Self.occurrenceCapacity))
        }
        if ruleLines.capacity > 1 << 20 { ruleLines = [] }
        if ruleLinesScratch.count > 1 << 20 { ruleLinesScratch = [] }
    }

    /// Cleans `input` into `output`; returns the result without its text.
    func clean(_ input: UnsafeBufferPointer<UInt8>, publisherPack: Int?) -> CleanResult {
        warnings.removeAll(keepingCapacity: true)
        scratch.startBudget(nanoseconds: engine.options.regexBudgetNanoseconds(byteCount: input.count))
        defer { scratch.startBudget(nanoseconds: nil) }
        let publisher = publisherPack.flatMap { engine.packs[$0].scope.isGeneric ? nil : $0 }
        if let publisher { packActive[publisher] = true }
        defer { if let publisher { packActive[publisher] = false } }
        selectCandidates(input)

        // Phase 1: rewrite.
        findRewrites(in: input)
        let didRewrite = !rewrites.isEmpty
        if didRewrite {
            applyRewrites(to: input)
        }

        var removals: [Removal] = []
        let body = { (text: UnsafeBufferPointer<UInt8>) in
            if didRewrite { self.selectCandidates(text) }
            // Phase 2: remove.
            self.spans.removeAll(keepingCapacity: true)
            self.findRemovals(in: text)
            self.mergeSpans(in: text)
            // Phase 3: de-duplicate.
            if self.findDuplicates(in: text) {
                self.mergeSpans(in: text)
            }
            // Phase 3b: context rules read what the phases before removed.
            self.contextAnchors.removeAll(keepingCapacity: true)
            if self.engine.hasContextRules, self.findContext(in: text) {
                self.mergeSpans(in: text)
            }
            // A huge document's intermediate text goes before its output is built, not after: that is the peak.
            if self.reduced.capacity > 1 << 22 {
                self.reduced = []
                self.reducedSegments = []
            }
            // Phase 4: tidy and build the output once.
            self.buildOutput(from: text, changed: didRewrite || !self.merged.isEmpty)
            removals = self.makeRemovals(input: input)
        }
        if didRewrite {
            rewritten.withUnsafeBufferPointer(body)
        } else {
            body(input)
        }
        var result = CleanResult(
            text: "",
            removals: removals,
            warnings: warnings,
            publisherPackID: publisherPack.map { engine.packs[$0].id }
        )
        guardAgainstOverDeletion(input, publisherPack: publisherPack, result: &result)
        return result
    }

    /// Passes the document through unchanged when the rules would remove too much of it.
    private func guardAgainstOverDeletion(
        _ input: UnsafeBufferPointer<UInt8>,
        publisherPack: Int?,
        result: inout CleanResult
    ) {
        guard !result.removals.isEmpty, !input.isEmpty else { return }
        let limit = publisherPack.flatMap { engine.packs[$0].maxRemovedFraction } ?? engine.maxRemovedFraction
        let contentBytes = input.nonWhitespaceCount
        let remainingContent = output.withUnsafeBufferPointer(\.nonWhitespaceCount)
        // Short texts (a caption, a rule's example) are not articles to protect.
        guard contentBytes >= Engine.guardMinimumContentBytes else { return }
        let removed = 1 - Double(remainingContent) / Double(contentBytes)
        guard removed > limit || remainingContent < engine.minRemainingBytes else { return }
        result.overDeletion = OverDeletion(
            removedFraction: removed,
            remainingBytes: output.count,
            limit: limit,
            wouldRemove: result.removals
        )
        result.removals = []
        result.warnings.append(
            CleanWarning(
                ruleID: "newsclean/over-deletion-guard",
                code: .overDeletion,
                message: result.overDeletion!.description
            )
        )
        output.removeAll(keepingCapacity: true)
        output.append(contentsOf: input)
    }

    // MARK: - Rule selection and prefilter

    /// Occurrences listed per text at least; beyond what there is room for, line-local rules search from their first
    /// to their last occurrence.
    static let occurrenceCapacity = 4096
    /// Room for one listed occurrence per this many bytes of text (the bundled packs' listed literals occur about
    /// once per 12 bytes of real pages), up to `maximumOccurrenceCapacity` (16 bytes each; a text over 16 MiB is not
    /// searched line by line anyway): a long text keeps its line-by-line search instead of falling back to searching
    /// from first to last occurrence.
    static let bytesPerOccurrence = 8
    static let maximumOccurrenceCapacity = 1 << 21
    /// A line-local rule whose literals sit in more separate stretches of lines than this (and than one per 512
    /// bytes of text) searches from its first to its last occurrence in one call instead (each PCRE2 call has a fixed
    /// cost).
    static let maximumRangesPerRule = 24

    /// Fills `candidates` for `text`: one literal scan, then work proportional to the literals found; and where each
    /// candidate searches (`ranges`).
    private func selectCandidates(_ text: UnsafeBufferPointer<UInt8>) {
        lineTable.reset()
        findCandidates(text)
        if engine.hasGates { applyGates(text) }
    }

    private func findCandidates(_ text: UnsafeBufferPointer<UInt8>) {
        candidates.removeAll(keepingCapacity: true)
        ranges.removeAll(keepingCapacity: true)
        guard engine.usesPrefilter else {
            for pack in engine.packs.indices where packActive[pack] {
                for rule in engine.rulesOfPack[pack] {
                    candidates.append(Int32(rule))
                    setWholeText(rule)
                }
            }
            return
        }
        let room = min(max(Self.occurrenceCapacity, text.count / Self.bytesPerOccurrence), Self.maximumOccurrenceCapacity)
        if literalScan.occurrences.count < room {
            literalScan.occurrences = Array(repeating: LiteralOccurrence(literal: 0, end: 0), count: room)
        }
        engine.scanner.scan(text, into: &literalScan, listed: engine.listedLiteral)
        stamp &+= 1
        if stamp == 0 {
            for index in ruleStamp.indices { ruleStamp[index] = 0 }
            stamp = 1
        }
        for pack in engine.packs.indices where packActive[pack] {
            for rule in engine.alwaysRunRulesOfPack[pack] {
                candidates.append(rule)
                setWholeText(Int(rule))
            }
        }
        var hazard = false
        for index in 0..<literalScan.hitCount {
            let literal = Int(literalScan.newIDs[index])
            let owner = engine.literalOwner[literal]
            if owner < 0 {
                hazard = true
            } else if engine.literalLength[literal] == 0 {
                admit(owner, low: 0, high: Int.max)
            } else {
                admit(
                    owner, low: literalScan.firstEnds[literal] - engine.literalLength[literal],
                    high: literalScan.lastEnds[literal])
            }
        }
        if hazard {
            // A caseless literal may occur spelt with U+212A or U+017F, which the scan does not see: whole text.
            for rule in engine.caselessGatedRules { admit(rule, low: 0, high: Int.max) }
        }
        candidates.sort()
        assignRanges(text)
    }

    /// Gives every gated candidate its search ranges (the rules that always run already have theirs).
    private func assignRanges(_ text: UnsafeBufferPointer<UInt8>) {
        // Per line needs the complete occurrence list; a text of huge lines gains nothing from it.
        let perLine = literalScan.listsEveryOccurrence && text.count <= 1 << 24
        ruleLines.removeAll(keepingCapacity: true)
        if perLine {
            collectRuleLines(text)
            if ruleLines.count > 1 { groupRuleLines() }
        }
        var next = 0  // into ruleLines
        for position in candidates.indices {
            let rule = Int(candidates[position])
            guard ruleStamp[rule] == stamp, !engine.alwaysRunsRule[rule] else { continue }
            while next < ruleLines.count, Int(ruleLines[next].rule) < rule { next += 1 }
            let first = next
            while next < ruleLines.count, Int(ruleLines[next].rule) == rule { next += 1 }
            guard engine.lineLocalRule[rule], occurrenceHigh[rule] != Int.max else {
                setWholeText(rule)
                continue
            }
            rangeStart[rule] = Int32(ranges.count)
            if first < next {
                // Consecutive lines merge into one range; a match cannot cross a line feed, so that is exact.
                var stretchStart = Int(ruleLines[first].line)
                var stretchEnd = stretchStart
                for index in (first + 1)..<next {
                    let line = Int(ruleLines[index].line)
                    if line <= stretchEnd + 1 {
                        stretchEnd = line
                    } else {
                        appendLines(stretchStart, through: stretchEnd, of: text)
                        stretchStart = line
                        stretchEnd = line
                    }
                }
                appendLines(stretchStart, through: stretchEnd, of: text)
                if ranges.count - Int(rangeStart[rule]) <= max(Self.maximumRangesPerRule, text.count >> 9) {
                    rangeEnd[rule] = Int32(ranges.count)
                    continue
                }
                ranges.removeSubrange(Int(rangeStart[rule])...)
            }
            // From the line of the first occurrence to the line of the last. Line ends are looked for at most
            // 64 KiB away: a wider range is still exact, and a text of a few huge lines gains nothing from ranges.
            ranges.append(
                SearchRange(
                    start: text.lineStart(before: occurrenceLow[rule], within: 1 << 16),
                    limit: text.lineEnd(from: occurrenceHigh[rule], within: 1 << 16)
                )
            )
            rangeEnd[rule] = Int32(ranges.count)
        }
    }

    /// Fills `ruleLines` with (rule, line) for each listed occurrence of a literal of a candidate line-local rule.
    private func collectRuleLines(_ text: UnsafeBufferPointer<UInt8>) {
        // Locals and buffer pointers: reading the engine's arrays per occurrence retained and released them, and
        // reading this worker's arrays checked exclusive access each time.
        let owners = engine.literalOwner
        let lengths = engine.literalLength
        let lineLocal = engine.lineLocalRule
        let stamp = self.stamp
        let count = literalScan.occurrenceCount
        var pairs: [RuleLine] = []
        swap(&pairs, &ruleLines)
        defer { swap(&pairs, &ruleLines) }
        pairs.reserveCapacity(min(count, literalScan.occurrences.count))
        var breaks: [Int]?
        literalScan.occurrences.withUnsafeBufferPointer { list in
            ruleStamp.withUnsafeBufferPointer { stamps in
                occurrenceHigh.withUnsafeBufferPointer { highs in
                    for occurrence in list[0..<count] {
                        let owner = owners[Int(occurrence.literal)]
                        guard owner >= 0 else { continue }
                        let rule = Int(owner)
                        guard stamps[rule] == stamp, lineLocal[rule], highs[rule] != Int.max else { continue }
                        if breaks == nil {
                            buildLineBreaks(text)
                            breaks = lineBreaks
                        }
                        let start = occurrence.end - lengths[Int(occurrence.literal)]
                        let line = Self.lineIndex(containing: start, lineBreaks: breaks!)
                        pairs.append(RuleLine(rule: owner, line: Int32(truncatingIfNeeded: line)))
                    }
                }
            }
        }
    }

    /// Orders `ruleLines` by rule, then line, in linear time: a counting sort by line, then a stable counting sort
    /// by rule (the rules are candidates, and `candidates` is in rule order). The scan lists occurrences in no
    /// particular order (four interleaved parts), so some ordering is needed; a comparison sort took a seventh of the
    /// time of a clean on real pages.
    private func groupRuleLines() {
        // Local arrays: a stored property of a class is checked for exclusive access at every element access.
        var pairs: [RuleLine] = []
        var scratch: [RuleLine] = []
        var lineStarts: [Int32] = []
        var ruleStarts: [Int32] = []
        swap(&pairs, &ruleLines)
        swap(&scratch, &ruleLinesScratch)
        swap(&lineStarts, &lineBucketStarts)
        swap(&ruleStarts, &ruleBucketStarts)
        defer {
            swap(&pairs, &ruleLines)
            swap(&scratch, &ruleLinesScratch)
            swap(&lineStarts, &lineBucketStarts)
            swap(&ruleStarts, &ruleBucketStarts)
        }
        let count = pairs.count
        if scratch.count < count {
            scratch = Array(repeating: RuleLine(rule: 0, line: 0), count: max(count, 2 * scratch.count))
        }
        let lineCount = lineBreaks.count + 1
        if lineStarts.count < lineCount + 1 {
            lineStarts = Array(repeating: 0, count: max(lineCount + 1, 2 * lineStarts.count))
        }
        if ruleStarts.count < engine.rules.count { ruleStarts = Array(repeating: 0, count: engine.rules.count) }
        pairs.withUnsafeMutableBufferPointer { pairs in
            scratch.withUnsafeMutableBufferPointer { scratch in
                lineStarts.withUnsafeMutableBufferPointer { lineStarts in
                    ruleStarts.withUnsafeMutableBufferPointer { ruleStarts in
                        // By line, into scratch.
                        for line in 0...lineCount { lineStarts[line] = 0 }
                        for pair in pairs { lineStarts[Int(pair.line) + 1] += 1 }
                        for line in 0..<lineCount { lineStarts[line + 1] += lineStarts[line] }
                        for pair in pairs {
                            let slot = Int(lineStarts[Int(pair.line)])
                            scratch[slot] = pair
                            lineStarts[Int(pair.line)] = Int32(slot + 1)
                        }
                        // By rule, stably, back into pairs.
                        for candidate in candidates where ruleStamp[Int(candidate)] == stamp {
                            ruleStarts[Int(candidate)] = 0
                        }
                        for pair in pairs { ruleStarts[Int(pair.rule)] += 1 }
                        var offset: Int32 = 0
                        for candidate in candidates where ruleStamp[Int(candidate)] == stamp {
                            let rule = Int(candidate)
                            let size = ruleStarts[rule]
                            ruleStarts[rule] = offset
                            offset += size
                        }
                        for index in 0..<count {
                            let pair = scratch[index]
                            let slot = Int(ruleStarts[Int(pair.rule)])
                            pairs[slot] = pair
                            ruleStarts[Int(pair.rule)] = Int32(slot + 1)
                        }
                    }
                }
            }
        }
    }

    /// Narrows the search ranges of each candidate that has gates to the lines they let through: those that pass
    /// its conditions (`Engine.gateOfRule`: a line that fails them cannot hold the start of a match that counts) and
    /// those where its pattern can start (`Engine.startGateOfRule`). Gates are numbered conditions first, then
    /// start gates.
    private func applyGates(_ text: UnsafeBufferPointer<UInt8>) {
        gateStretches.removeAll(keepingCapacity: true)
        gateStamp &+= 1
        if gateStamp == 0 {
            for index in gateStamps.indices { gateStamps[index] = 0 }
            gateStamp = 1
        }
        for candidate in candidates {
            let rule = Int(candidate)
            let gate = Int(engine.gateOfRule[rule])
            if gate >= 0 { narrow(rule, to: gate, in: text) }
            let startGate = Int(engine.startGateOfRule[rule])
            if startGate >= 0 { narrow(rule, to: engine.gates.count + startGate, in: text) }
        }
    }

    /// Narrows rule `rule`'s search ranges to the stretches of lines that gate `gate` lets through.
    private func narrow(_ rule: Int, to gate: Int, in text: UnsafeBufferPointer<UInt8>) {
        if gateStamps[gate] != gateStamp {
            if gate < engine.gates.count {
                findGateLines(gate, in: text)
            } else {
                findRepeatedStarts(gate, length: engine.startGates[gate - engine.gates.count], in: text)
            }
        }
        let stretches = Int(gateStretchStart[gate])..<Int(gateStretchEnd[gate])
        let searched = Int(rangeStart[rule])..<Int(rangeEnd[rule])
        rangeStart[rule] = Int32(ranges.count)
        var first = stretches.lowerBound
        for slot in searched {
            let start = ranges[slot].start
            let limit = ranges[slot].limit < 0 ? text.count : ranges[slot].limit
            while first < stretches.upperBound, gateStretches[first].limit < start { first += 1 }
            var stretch = first
            while stretch < stretches.upperBound, gateStretches[stretch].start <= limit {
                let narrowed = SearchRange(
                    start: max(start, gateStretches[stretch].start),
                    limit: min(limit, gateStretches[stretch].limit)
                )
                if narrowed.start <= narrowed.limit { ranges.append(narrowed) }
                stretch += 1
            }
        }
        rangeEnd[rule] = Int32(ranges.count)
    }

    /// Lists, for start gate `gate`, the stretches of consecutive lines of at least `length` bytes whose first
    /// `length` bytes also begin the next line that is not blank (blank: spaces and tabs, then a line feed), into
    /// `gateStretches` (see `Rule.Search.repeatedStart`). Lines end at line feeds, as `[^\n]` reads them.
    private func findRepeatedStarts(_ gate: Int, length: Int, in text: UnsafeBufferPointer<UInt8>) {
        gateStamps[gate] = gateStamp
        gateStretchStart[gate] = Int32(gateStretches.count)
        defer { gateStretchEnd[gate] = Int32(gateStretches.count) }
        guard let base = text.baseAddress else { return }
        func lineEnd(_ start: Int) -> Int {
            guard start < text.count, let found = memchr(base + start, 0x0A, text.count - start) else { return text.count }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
        var open: SearchRange?
        var start = 0
        var end = lineEnd(0)
        while start < text.count {
            let nextStart = end + 1
            var allowed = false
            if end - start >= length, end < text.count {
                // The next line that is not blank: `(?:[ \t]*+\n)*+` skips lines of spaces and tabs.
                var candidate = nextStart
                var candidateEnd = lineEnd(candidate)
                while candidateEnd < text.count,
                    UnsafeBufferPointer(rebasing: text[candidate..<candidateEnd]).allSatisfy({ $0 == 0x20 || $0 == 0x09 })
                {
                    candidate = candidateEnd + 1
                    candidateEnd = lineEnd(candidate)
                }
                allowed = candidate + length <= text.count && memcmp(base + start, base + candidate, length) == 0
            }
            if allowed {
                if open == nil { open = SearchRange(start: start, limit: end) } else { open!.limit = end }
            } else if let stretch = open {
                gateStretches.append(stretch)
                open = nil
            }
            start = nextStart
            end = lineEnd(start)
        }
        if let stretch = open { gateStretches.append(stretch) }
    }

    /// Lists the stretches of consecutive lines that pass gate `gate`'s conditions, as search ranges (from the first
    /// line's start to the last line's end), into `gateStretches`.
    private func findGateLines(_ gate: Int, in text: UnsafeBufferPointer<UInt8>) {
        if !lineTable.isBuilt { lineTable.build(text) }
        let conditions = engine.gates[gate]
        gateStamps[gate] = gateStamp
        gateStretchStart[gate] = Int32(gateStretches.count)
        var open = -1  // the first line of the stretch being built
        for line in 0..<lineTable.starts.count {
            if lineTable.holds(conditions, line: line) {
                if open < 0 { open = line }
            } else if open >= 0 {
                gateStretches.append(SearchRange(start: lineTable.starts[open], limit: lineTable.ends[line - 1]))
                open = -1
            }
        }
        if open >= 0 {
            gateStretches.append(SearchRange(start: lineTable.starts[open], limit: lineTable.ends[lineTable.starts.count - 1]))
        }
        gateStretchEnd[gate] = Int32(gateStretches.count)
    }

    private func setWholeText(_ rule: Int) {
        rangeStart[rule] = Int32(ranges.count)
        ranges.append(SearchRange(start: 0, limit: -1))
        rangeEnd[rule] = Int32(ranges.count)
    }

    /// Appends the range of lines `first...last` (by index in `lineBreaks`).
    private func appendLines(_ first: Int, through last: Int, of text: UnsafeBufferPointer<UInt8>) {
        let start = first == 0 ? 0 : lineBreaks[first - 1] + 1
        let limit = last < lineBreaks.count ? lineBreaks[last] : text.count
        ranges.append(SearchRange(start: start, limit: limit))
    }

    private func buildLineBreaks(_ text: UnsafeBufferPointer<UInt8>) {
        // Built in a local array: appending to a stored property of a class checks exclusivity at every call.
        var breaks: [Int] = []
        swap(&breaks, &lineBreaks)
        defer { swap(&breaks, &lineBreaks) }
        breaks.removeAll(keepingCapacity: true)
        guard let base = text.baseAddress else { return }
        var index = 0
        while index < text.count, let found = memchr(base + index, 0x0A, text.count - index) {
            let offset = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            breaks.append(offset)
            index = offset + 1
        }
    }

    /// The index of the line holding `offset`: the number of line feeds before it.
    private static func lineIndex(containing offset: Int, lineBreaks: [Int]) -> Int {
        var low = 0
        var high = lineBreaks.count
        while low < high {
            let mid = (low + high) / 2
            if lineBreaks[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// How many rules would run on `text` (for benchmark statistics).
    func candidateCount(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        selectCandidates(text)
        return candidates.count
    }

    /// Adds a gated rule to `candidates` once, if its pack applies to the document, and widens the span of its
    /// literal occurrences to `low..<high`.
    @inline(__always)
    private func admit(_ rule: Int32, low: Int, high: Int) {
        let index = Int(rule)
        if ruleStamp[index] == stamp {
            occurrenceLow[index] = min(occurrenceLow[index], low)
            occurrenceHigh[index] = max(occurrenceHigh[index], high)
            return
        }
        guard packActive[Int(engine.packOfRule[index])] else { return }
        ruleStamp[index] = stamp
        occurrenceLow[index] = low
        occurrenceHigh[index] = high
        candidates.append(rule)
    }

    func recordRun(_ rule: Int, since started: UInt64) {
        ruleNanoseconds[rule] &+= monotonicNanoseconds() &- started
        ruleRuns[rule] += 1
    }

    func limitHit(_ rule: Int, _ error: RegexError) {
        warnings.append(
            CleanWarning(
                ruleID: engine.rules[rule].qualifiedID,
                code: error.code.isResourceLimit ? CleanWarning.Code(rawValue: error.code.description) : .matchError,
                message: "\(error.message) (\(error.code)); rule skipped for this document"
            )
        )
    }

    /// The text to search `range` of rule `rule` in: for a rule that sees nothing past the lines it searches
    /// (`Engine.linesAloneRule`), the text up to the line feed after the range; otherwise all of it.
    ///
    /// PCRE2 looks ahead for a pattern's required characters up to the end of its subject, whatever the offset limit:
    /// over the whole text, each search of a few lines of a long text cost as much as reading the rest of it.
    @inline(__always)
    private func subject(
        of text: UnsafeBufferPointer<UInt8>,
        searching range: SearchRange,
        rule: Int
    ) -> UnsafeBufferPointer<UInt8> {
        guard engine.linesAloneRule[rule], range.limit >= 0, range.limit < text.count, let base = text.baseAddress,
            let found = memchr(base + range.limit, 0x0A, text.count - range.limit)
        else { return text }
        return UnsafeBufferPointer(rebasing: text[0..<(UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1)])
    }

    // MARK: - Phase 1: rewrite

    private func findRewrites(in text: UnsafeBufferPointer<UInt8>) {
        rewrites.removeAll(keepingCapacity: true)
        replacementBytes.removeAll(keepingCapacity: true)
        for candidate in candidates where engine.phaseOfRule[Int(candidate)] == .rewrite {
            let index = Int(candidate)
            guard case .replace(let pattern, let template) = engine.rules[index].kind else { continue }
            let started = profiling ? monotonicNanoseconds() : 0
            defer { if profiling { recordRun(index, since: started) } }
            let mark = rewrites.count
            do {
                for slot in Int(rangeStart[index])..<Int(rangeEnd[index]) {
                    let (start, limit) = ranges[slot].bounds
                    let subject = subject(of: text, searching: ranges[slot], rule: index)
                    try pattern.forEachMatch(in: subject, from: start, startLimit: limit, scratch: &scratch) {
                        range, scratch in
                        guard !range.isEmpty else { return true }
                        let start = replacementBytes.count
                        template.expand(subject: text, scratch: scratch, into: &replacementBytes)
                        rewrites.append(
                            Rewrite(
                                start: range.lowerBound,
                                end: range.upperBound,
                                rule: Int32(index),
                                expansionStart: start,
                                expansionEnd: replacementBytes.count
                            )
                        )
                        return true
                    }
                }
            } catch {
                rewrites.removeSubrange(mark...)
                limitHit(index, error)
            }
        }
        guard rewrites.count > 1 else { return }
        // Leftmost wins, then the longer match, then the earlier rule; overlapped rewrites are dropped.
        rewrites.sort { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.end != b.end { return a.end > b.end }
            return a.rule < b.rule
        }
        var kept = 0
        var lastEnd = 0
        for index in rewrites.indices where rewrites[index].start >= lastEnd {
            lastEnd = rewrites[index].end
            rewrites[kept] = rewrites[index]
            kept += 1
        }
        rewrites.removeSubrange(kept...)
    }

    private func applyRewrites(to input: UnsafeBufferPointer<UInt8>) {
        rewritten.removeAll(keepingCapacity: true)
        var position = 0
        for index in rewrites.indices {
            let rewrite = rewrites[index]
            rewritten.append(contentsOf: UnsafeBufferPointer(rebasing: input[position..<rewrite.start]))
            rewrites[index].targetStart = rewritten.count
            rewritten.append(contentsOf: replacementBytes[rewrite.expansionStart..<rewrite.expansionEnd])
            rewrites[index].targetEnd = rewritten.count
            position = rewrite.end
        }
        rewritten.append(contentsOf: UnsafeBufferPointer(rebasing: input[position...]))
    }

    // MARK: - Phase 2: remove

    /// Whether rule `index`'s conditions hold for the line containing `offset` of `text`.
    func conditionsHold(_ index: Int, at offset: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let conditions = engine.rules[index].conditions else { return true }
        if !lineTable.isBuilt { lineTable.build(text) }
        return lineTable.holds(conditions, line: lineTable.line(containing: offset))
    }

    private func findRemovals(in text: UnsafeBufferPointer<UInt8>) {
        for candidate in candidates where engine.phaseOfRule[Int(candidate)] == .remove {
            let index = Int(candidate)
            let rule = candidate
            let started = profiling ? monotonicNanoseconds() : 0
            defer { if profiling { recordRun(index, since: started) } }
            let mark = spans.count
            let searched = Int(rangeStart[index])..<Int(rangeEnd[index])
            do {
                switch engine.rules[index].kind {
                case .deleteMatch(let pattern):
                    for slot in searched {
                        let (start, limit) = ranges[slot].bounds
                        let subject = subject(of: text, searching: ranges[slot], rule: index)
                        try pattern.forEachMatch(in: subject, from: start, startLimit: limit, scratch: &scratch) {
                            range, _ in
                            if !range.isEmpty, conditionsHold(index, at: range.lowerBound, in: text) {
                                spans.append(Span(start: range.lowerBound, end: range.upperBound, rule: rule))
                            }
                            return true
                        }
                    }
                case .deleteLine(let pattern):
                    for slot in searched {
                        let (start, limit) = ranges[slot].bounds
                        let subject = subject(of: text, searching: ranges[slot], rule: index)
                        var position = start
                        while position < subject.count,
                            let range = try pattern.firstMatch(
                                in: subject, from: position, startLimit: limit, scratch: &scratch)
                        {
                            let lines = text.lines(covering: range)
                            if !lines.isEmpty, conditionsHold(index, at: range.lowerBound, in: text) {
                                spans.append(Span(start: lines.lowerBound, end: lines.upperBound, rule: rule))
                            }
                            guard lines.upperBound > position else { break }
                            position = lines.upperBound
                        }
                    }
                case .deleteBlock(let start, let end, let maxLines, let includeEnd):
                    try findBlocks(
                        in: text,
                        start: start,
                        end: end,
                        maxLines: maxLines,
                        includeEnd: includeEnd,
                        rule: index
                    )
                case .custom(let custom):
                    custom.apply(to: TextView(bytes: text)) { range in
                        let clamped = range.clamped(to: 0..<text.count)
                        if !clamped.isEmpty {
                            spans.append(Span(start: clamped.lowerBound, end: clamped.upperBound, rule: rule))
                        }
                    }
                case .replace, .dedupeAdjacent, .deleteRun, .deleteList, .deleteThread:
                    break
                }
            } catch {
                spans.removeSubrange(mark...)
                limitHit(index, error)
            }
        }
    }

    private func findBlocks(
        in text: UnsafeBufferPointer<UInt8>,
        start: CompiledPattern,
        end: CompiledPattern,
        maxLines: Int,
        includeEnd: Bool,
        rule index: Int
    ) throws(RegexError) {
        let rule = Int32(index)
        var position = 0
        while position < text.count, let startMatch = try start.firstMatch(in: text, from: position, scratch: &scratch) {
            let startLines = text.lines(covering: startMatch)
            let bodyStart = startLines.upperBound
            guard bodyStart < text.count else { return }
            guard conditionsHold(index, at: startMatch.lowerBound, in: text) else {
                position = bodyStart
                continue
            }
            // The window: the lines after the start line, up to maxLines lines in all.
            var windowEnd = bodyStart
            var linesInWindow = 0
            while windowEnd < text.count, linesInWindow < maxLines - 1 {
                windowEnd = text.lineContentEnd(from: windowEnd)
                windowEnd += text.lineBreakLength(at: windowEnd)
                linesInWindow += 1
            }
            let window = UnsafeBufferPointer(rebasing: text[..<windowEnd])
            if let endMatch = try end.firstMatch(in: window, from: bodyStart, scratch: &scratch),
                endMatch.lowerBound < windowEnd
            {
                let endLines = text.lines(covering: endMatch)
                let blockEnd = includeEnd ? endLines.upperBound : endLines.lowerBound
                spans.append(Span(start: startLines.lowerBound, end: blockEnd, rule: rule))
                position = blockEnd
            } else {
                position = bodyStart
            }
        }
    }

    /// Sorts `spans` into `merged`, coalescing overlapping and touching ranges. A range that covers a whole line's
    /// content takes its line break too, so that removing a line's text removes the line.
    private func mergeSpans(in text: UnsafeBufferPointer<UInt8>) {
        merged.removeAll(keepingCapacity: true)
        merged.append(contentsOf: spans)
        for index in merged.indices {
            let span = merged[index]
            let lineBreak = text.lineBreakLength(at: span.end)
            if lineBreak > 0, !text[span.end - 1].isLineBreak, span.start == 0 || text[span.start - 1].isLineBreak {
                merged[index].end += lineBreak
            }
        }
        guard merged.count > 1 else { return }
        merged.sort { $0.start < $1.start }
        var kept = 0
        for index in 1..<merged.count {
            if merged[index].start <= merged[kept].end {
                merged[kept].end = max(merged[kept].end, merged[index].end)
            } else {
                kept += 1
                merged[kept] = merged[index]
            }
        }
        merged.removeSubrange((kept + 1)...)
    }

    // MARK: - Phase 3: de-duplicate

    /// Finds adjacent duplicates in the text left by phase 2 and adds them to `spans`; false when none were found.
    private func findDuplicates(in text: UnsafeBufferPointer<UInt8>) -> Bool {
        dedupeRules.removeAll(keepingCapacity: true)
        for candidate in candidates where engine.phaseOfRule[Int(candidate)] == .dedupe {
            dedupeRules.append(Int(candidate))
        }
        guard !dedupeRules.isEmpty else { return false }

        // Nothing removed: the text itself is what phase 2 left.
        if merged.isEmpty {
            let before = spans.count
            DuplicateFinder.forEachDuplicate(in: text) { duplicate, firstLine in
                let line = UnsafeBufferPointer(rebasing: text[firstLine])
                guard let rule = acceptingRule(dedupeRules, line: line) else { return }
                spans.append(Span(start: duplicate.lowerBound, end: duplicate.upperBound, rule: Int32(rule)))
            }
            return spans.count > before
        }
        // The text after phase 2, untidied, with a map back to `text`.
        reduced.removeAll(keepingCapacity: true)
        reducedSegments.removeAll(keepingCapacity: true)
        var position = 0
        for span in merged {
            if span.start > position {
                reducedSegments.append(
                    Segment(targetStart: reduced.count, sourceStart: position, length: span.start - position)
                )
                reduced.append(contentsOf: UnsafeBufferPointer(rebasing: text[position..<span.start]))
            }
            position = max(position, span.end)
        }
        if position < text.count {
            reducedSegments.append(
                Segment(targetStart: reduced.count, sourceStart: position, length: text.count - position)
            )
            reduced.append(contentsOf: UnsafeBufferPointer(rebasing: text[position...]))
        }

        let before = spans.count
        reduced.withUnsafeBufferPointer { reducedText in
            DuplicateFinder.forEachDuplicate(in: reducedText) { duplicate, firstLine in
                let line = UnsafeBufferPointer(rebasing: reducedText[firstLine])
                guard let rule = acceptingRule(dedupeRules, line: line) else { return }
                let start = mapReduced(duplicate.lowerBound)
                let end = mapReduced(duplicate.upperBound - 1) + 1
                spans.append(Span(start: start, end: end, rule: Int32(rule)))
            }
        }
        return spans.count > before
    }

    private func acceptingRule(_ candidates: [Int], line: UnsafeBufferPointer<UInt8>) -> Int? {
        for index in candidates {
            guard case .dedupeAdjacent(let pattern) = engine.rules[index].kind else { continue }
            guard let pattern else { return index }
            do {
                if try pattern.firstMatch(in: line, scratch: &scratch) != nil { return index }
            } catch {
                limitHit(index, error)
            }
        }
        return nil
    }

    private func mapReduced(_ offset: Int) -> Int {
        reducedSegments.map(offset)
    }

    // MARK: - Phase 4: tidy and build

    private func buildOutput(from text: UnsafeBufferPointer<UInt8>, changed: Bool) {
        Tidy.build(text, removing: merged, changed: changed, into: &output)
    }

    // MARK: - Reporting

    private func makeRemovals(input: UnsafeBufferPointer<UInt8>) -> [Removal] {
        var removals: [Removal] = []
        removals.reserveCapacity(rewrites.count + spans.count)
        for rewrite in rewrites {
            let rule = engine.rules[Int(rewrite.rule)]
            removals.append(
                Removal(
                    ruleID: rule.qualifiedID,
                    packID: rule.packID,
                    range: rewrite.start..<rewrite.end,
                    replacement: String(
                        decoding: replacementBytes[rewrite.expansionStart..<rewrite.expansionEnd],
                        as: UTF8.self
                    ),
                    ruleLocation: rule.location
                )
            )
        }
        let mapped = !rewrites.isEmpty
        var nextAnchor = 0
        for (index, span) in spans.enumerated() {
            let rule = engine.rules[Int(span.rule)]
            let start = mapped ? rewrites.mapStart(span.start) : span.start
            let end = mapped ? rewrites.mapEnd(span.end) : span.end
            var anchors: [Removal.Anchor] = []
            while nextAnchor < contextAnchors.count, contextAnchors[nextAnchor].span == Int32(index) {
                let anchor = contextAnchors[nextAnchor]
                nextAnchor += 1
                let owner = anchor.rule >= 0 ? Int(anchor.rule) : removingRule(anchor.start, anchor.end)
                anchors.append(
                    Removal.Anchor(
                        ruleID: owner.map { engine.rules[$0].qualifiedID } ?? "",
                        range: mapped
                            ? rewrites.mapStart(anchor.start)..<rewrites.mapEnd(anchor.end) : anchor.start..<anchor.end
                    )
                )
            }
            removals.append(
                Removal(
                    ruleID: rule.qualifiedID, packID: rule.packID, range: start..<end, ruleLocation: rule.location,
                    anchors: anchors
                )
            )
        }
        removals.sort { a, b in
            a.range.lowerBound != b.range.lowerBound
                ? a.range.lowerBound < b.range.lowerBound : a.range.upperBound > b.range.upperBound
        }
        return removals
    }

    /// The first rule outside the context phase whose span covers `start..<end` (a line a context rule took as an
    /// anchor); nil if the line was removed by several spans together.
    private func removingRule(_ start: Int, _ end: Int) -> Int? {
        for span in spans where span.start <= start && span.end >= end {
            let rule = Int(span.rule)
            if engine.phaseOfRule[rule] != .context { return rule }
        }
        return spans.first { $0.start < end && $0.end > start }.map { Int($0.rule) }
    }
}

extension UInt8 {
    /// Space, tab, carriage return, line feed, vertical tab or form feed.
    var isASCIIWhitespace: Bool {
        self == 0x20 || (self >= 0x09 && self <= 0x0D)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The number of bytes that are not ASCII whitespace, counted 16 bytes at a time.
    var nonWhitespaceCount: Int {
        guard let base = baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var whitespace = 0
        var index = 0
        let space = SIMD16<UInt8>(repeating: 0x20)
        let tab = SIMD16<UInt8>(repeating: 0x09)
        let five = SIMD16<UInt8>(repeating: 5)
        let one = SIMD16<UInt8>(repeating: 1)
        while index + 16 <= count {
            // Per-lane counts stay below 256: at most 255 blocks before they are summed.
            var lanes = SIMD16<UInt8>()
            var blocks = 0
            while blocks < 255, index + 16 <= count {
                let bytes = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                let isWhitespace = (bytes .== space) .| ((bytes &- tab) .< five)
                lanes &+= one.replacing(with: 0, where: .!isWhitespace)
                index += 16
                blocks += 1
            }
            whitespace += Int(SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        while index < count {
            let byte = self[index]
            if byte == 0x20 || (byte &- 0x09) < 5 { whitespace += 1 }
            index += 1
        }
        return count - whitespace
    }

    /// The offset just after the last line feed before `offset`: the start of the line `offset` is in; 0 when
    /// there is none within `distance` bytes.
    func lineStart(before offset: Int, within distance: Int) -> Int {
        var position = Swift.min(Swift.max(offset, 0), count)
        let floor = Swift.max(0, position - distance)
        while position > floor, self[position - 1] != 0x0A { position -= 1 }
        return position > floor || floor == 0 ? position : 0
    }

    /// The offset of the first line feed at or after `offset`: where the line `offset` is in ends; `count` when
    /// there is none within `distance` bytes.
    func lineEnd(from offset: Int, within distance: Int) -> Int {
        var position = Swift.max(offset, 0)
        let ceiling = Swift.min(count, position + distance)
        while position < ceiling, self[position] != 0x0A { position += 1 }
        return position < ceiling ? position : count
    }

    /// The whole lines that `range` touches, each with its line break (LF, CRLF or CR: see `LineBreak`).
    func lines(covering range: Range<Int>) -> Range<Int> {
        let start = lineStartIndex(containing: range.lowerBound)
        let end = lineContentEnd(from: Swift.max(range.isEmpty ? range.lowerBound : range.upperBound - 1, start))
        return start..<(end + lineBreakLength(at: end))
    }
}

extension [Segment] {
    /// Maps an offset of the target text to the source text. The offset must lie in a segment.
    func map(_ offset: Int) -> Int {
        var low = 0
        var high = count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if self[mid].targetStart <= offset { low = mid } else { high = mid - 1 }
        }
        let segment = self[low]
        return segment.sourceStart + (offset - segment.targetStart)
    }
}

extension [Rewrite] {
    /// Maps a start offset of the rewritten text to the input; inside an expansion it maps to the start of the
    /// rewritten input range.
    func mapStart(_ offset: Int) -> Int {
        guard let rewrite = last(where: { $0.targetStart <= offset }) else { return offset }
        return offset < rewrite.targetEnd ? rewrite.start : rewrite.end + (offset - rewrite.targetEnd)
    }

    /// Maps an end offset of the rewritten text to the input; inside an expansion it maps to the end of the
    /// rewritten input range.
    func mapEnd(_ offset: Int) -> Int {
        guard let rewrite = last(where: { $0.targetStart < offset }) else { return offset }
        return offset <= rewrite.targetEnd ? rewrite.end : rewrite.end + (offset - rewrite.targetEnd)
    }

    /// The last rewrite satisfying `predicate`, which must hold for a prefix of the array (binary search).
    private func last(where predicate: (Rewrite) -> Bool) -> Rewrite? {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : self[low - 1]
    }
}
