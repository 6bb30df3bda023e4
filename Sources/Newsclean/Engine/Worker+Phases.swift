internal import NewscleanRegex

/// The cleaning phases a text goes through (`Worker.clean`): rewrite, remove, de-duplicate, tidy, then the removal
/// report. The context phase is in ContextPhase.swift.
extension Worker {
    // MARK: - Phase 1: rewrite

    func findRewrites(in text: UnsafeBufferPointer<UInt8>) {
        rewrites.removeAll(keepingCapacity: true)
        replacementBytes.removeAll(keepingCapacity: true)
        for candidate in candidates where phaseOfRule[Int(candidate)] == .rewrite {
            let index = Int(candidate)
            guard case .replace(let pattern, let template) = engine.rules[index].kind else { continue }
            let started = profiling ? monotonicNanoseconds() : 0
            defer { if profiling { recordRun(index, since: started) } }
            let mark = rewrites.count
            do {
                // Matches do not overlap, also across ranges: a range's search starts after the last match.
                var resume = 0
                for slot in Int(rangeStart[index])..<Int(rangeEnd[index]) {
                    let (start, limit) = ranges[slot].bounds
                    let subject = subject(of: text, searching: ranges[slot], rule: index)
                    try pattern.forEachMatch(in: subject, from: max(start, resume), startLimit: limit, scratch: &scratch) {
                        range, scratch in
                        resume = range.upperBound
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

    func applyRewrites(to input: UnsafeBufferPointer<UInt8>) {
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

    func findRemovals(in text: UnsafeBufferPointer<UInt8>) {
        for candidate in candidates where phaseOfRule[Int(candidate)] == .remove {
            let index = Int(candidate)
            let rule = candidate
            let started = profiling ? monotonicNanoseconds() : 0
            defer { if profiling { recordRun(index, since: started) } }
            let mark = spans.count
            let searched = Int(rangeStart[index])..<Int(rangeEnd[index])
            do {
                switch engine.rules[index].kind {
                case .deleteMatch(let pattern):
                    // Matches do not overlap, also across ranges (a match may run on past its range's lines, into
                    // the next range): a range's search starts after the last match.
                    var resume = 0
                    for slot in searched {
                        let (start, limit) = ranges[slot].bounds
                        let subject = subject(of: text, searching: ranges[slot], rule: index)
                        try pattern.forEachMatch(in: subject, from: max(start, resume), startLimit: limit, scratch: &scratch) {
                            range, _ in
                            resume = range.upperBound
                            if !range.isEmpty, conditionsHold(index, at: range.lowerBound, in: text) {
                                spans.append(Span(start: range.lowerBound, end: range.upperBound, rule: rule))
                            }
                            return true
                        }
                    }
                case .deleteLine(let pattern):
                    var resume = 0  // as for delete-match: after the lines of the last match
                    for slot in searched {
                        let (start, limit) = ranges[slot].bounds
                        let subject = subject(of: text, searching: ranges[slot], rule: index)
                        var position = max(start, resume)
                        defer { resume = max(resume, position) }
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

    func findBlocks(
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
    func mergeSpans(in text: UnsafeBufferPointer<UInt8>) {
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
    func findDuplicates(in text: UnsafeBufferPointer<UInt8>) -> Bool {
        dedupeRules.removeAll(keepingCapacity: true)
        for candidate in candidates where phaseOfRule[Int(candidate)] == .dedupe {
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

    func acceptingRule(_ candidates: [Int], line: UnsafeBufferPointer<UInt8>) -> Int? {
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

    func mapReduced(_ offset: Int) -> Int {
        reducedSegments.map(offset)
    }

    // MARK: - Phase 4: tidy and build

    func buildOutput(from text: UnsafeBufferPointer<UInt8>, changed: Bool) {
        Tidy.build(text, removing: merged, changed: changed, into: &output)
    }

    // MARK: - Reporting

    func makeRemovals(input: UnsafeBufferPointer<UInt8>) -> [Removal] {
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
    func removingRule(_ start: Int, _ end: Int) -> Int? {
        for span in spans where span.start <= start && span.end >= end {
            let rule = Int(span.rule)
            if phaseOfRule[rule] != .context { return rule }
        }
        return spans.first { $0.start < end && $0.end > start }.map { Int($0.rule) }
    }
}
