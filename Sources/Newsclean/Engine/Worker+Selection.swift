internal import NewscleanRegex
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Which rules run on a text and where: the literal scan, the candidates it admits, their search ranges (lines
/// around their literals), and the gates that narrow those ranges.
extension Worker {
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
    func selectCandidates(_ text: UnsafeBufferPointer<UInt8>) {
        lineTable.reset()
        findCandidates(text)
        if engine.hasGates { applyGates(text) }
    }

    func findCandidates(_ text: UnsafeBufferPointer<UInt8>) {
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
        // The engine's arrays in locals: read through `engine` they were retained and released per literal.
        let owners = engine.literalOwner
        let lengths = engine.literalLength
        for index in 0..<literalScan.hitCount {
            let literal = Int(literalScan.newIDs[index])
            let owner = owners[literal]
            if owner < 0 {
                hazard = true
            } else if lengths[literal] == 0 {
                admit(owner, low: 0, high: Int.max)
            } else {
                admit(owner, low: literalScan.firstEnds[literal] - lengths[literal], high: literalScan.lastEnds[literal])
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
    func assignRanges(_ text: UnsafeBufferPointer<UInt8>) {
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
    func collectRuleLines(_ text: UnsafeBufferPointer<UInt8>) {
        // Locals and buffer pointers: reading the engine's arrays per occurrence retained and released them, and
        // the worker's own arrays borrowed once as buffers (they were checked for exclusive access at each read before
        // the worker's properties were marked @exclusivity(unchecked); buffers still spare the bounds checks).
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
    func groupRuleLines() {
        // Local arrays, swapped in and out: buffer pointers over them spare bounds checks (and, before the worker's
        // properties were marked @exclusivity(unchecked), an exclusivity check at every element access).
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
    func applyGates(_ text: UnsafeBufferPointer<UInt8>) {
        gateStretches.removeAll(keepingCapacity: true)
        gateStamp &+= 1
        if gateStamp == 0 {
            for index in gateStamps.indices { gateStamps[index] = 0 }
            gateStamp = 1
        }
        for candidate in candidates {
            let rule = Int(candidate)
            let gate = Int(gateOfRule[rule])
            if gate >= 0 { narrow(rule, to: gate, in: text) }
            let startGate = Int(startGateOfRule[rule])
            if startGate >= 0 { narrow(rule, to: engine.gates.count + startGate, in: text) }
        }
    }

    /// Narrows rule `rule`'s search ranges to the stretches of lines that gate `gate` lets through.
    func narrow(_ rule: Int, to gate: Int, in text: UnsafeBufferPointer<UInt8>) {
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
    func findRepeatedStarts(_ gate: Int, length: Int, in text: UnsafeBufferPointer<UInt8>) {
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
    func findGateLines(_ gate: Int, in text: UnsafeBufferPointer<UInt8>) {
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

    func setWholeText(_ rule: Int) {
        rangeStart[rule] = Int32(ranges.count)
        ranges.append(SearchRange(start: 0, limit: -1))
        rangeEnd[rule] = Int32(ranges.count)
    }

    /// Appends the range of lines `first...last` (by index in `lineBreaks`).
    func appendLines(_ first: Int, through last: Int, of text: UnsafeBufferPointer<UInt8>) {
        let start = first == 0 ? 0 : lineBreaks[first - 1] + 1
        let limit = last < lineBreaks.count ? lineBreaks[last] : text.count
        ranges.append(SearchRange(start: start, limit: limit))
    }

    func buildLineBreaks(_ text: UnsafeBufferPointer<UInt8>) {
        // Built in a local array, swapped in and out (written when appending to a class property checked exclusive
        // access at every call; kept, it costs nothing).
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
    static func lineIndex(containing offset: Int, lineBreaks: [Int]) -> Int {
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
    func admit(_ rule: Int32, low: Int, high: Int) {
        let index = Int(rule)
        if ruleStamp[index] == stamp {
            occurrenceLow[index] = min(occurrenceLow[index], low)
            occurrenceHigh[index] = max(occurrenceHigh[index], high)
            return
        }
        guard packActive[Int(packOfRule[index])] else { return }
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
    func subject(
        of text: UnsafeBufferPointer<UInt8>,
        searching range: SearchRange,
        rule: Int
    ) -> UnsafeBufferPointer<UInt8> {
        guard linesAloneRule[rule], range.limit >= 0, range.limit < text.count, let base = text.baseAddress,
            let found = memchr(base + range.limit, 0x0A, text.count - range.limit)
        else { return text }
        return UnsafeBufferPointer(rebasing: text[0..<(UnsafeRawPointer(found) - UnsafeRawPointer(base) + 1)])
    }
}
