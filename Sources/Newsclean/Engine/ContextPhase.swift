internal import NewscleanRegex

/// A line that made a context rule fire, recorded with the span the rule removed.
struct ContextAnchor {
    /// Index of the context rule's span in `Worker.spans`.
    var span: Int32
    /// The line's content, in the coordinates of the text cleaned.
    var start: Int
    var end: Int
    /// The rule whose own pattern matched the line (a heading, a signature), or -1 for a line another rule removed
    /// (which rule is looked up when the removals are reported).
    var rule: Int32
}

/// What the context phase knows about one line of the text: its content bounds and shape.
struct ContextLine {
    /// First and one-past-last non-whitespace byte; equal for a blank line.
    var contentStart: Int
    var contentEnd: Int
    var words: Int32
    /// Removed by the rules of the phases before (all of its content lies in removed spans).
    var removed: Bool
    /// Its last character (before closing quotes and brackets) ends a sentence or a clause: `.`, `,`, `;`, `:` or
    /// an ideographic full stop, and it is not an ellipsis.
    var endsClause: Bool
    /// Its last character (before closing quotes and brackets) is `!` or `?` (ASCII or fullwidth): a sentence, or a
    /// headline.
    var endsExclamation: Bool
    /// It holds at least one letter (or a non-ASCII character).
    var hasLetter: Bool

    var isBlank: Bool { contentStart == contentEnd }
}

// MARK: - Phase 3b: context

extension Worker {
    /// Runs the context rules among the candidates on `text`, after removal and de-duplication (`merged` holds what
    /// they removed); adds their spans to `spans`. Returns whether any was added.
    func findContext(in text: UnsafeBufferPointer<UInt8>) -> Bool {
        let before = spans.count
        contextTextEnd = text.count
        var described = false
        for candidate in candidates where phaseOfRule[Int(candidate)] == .context {
            let index = Int(candidate)
            let started = profiling ? monotonicNanoseconds() : 0
            defer { if profiling { recordRun(index, since: started) } }
            switch engine.rules[index].kind {
            case .deleteRun(let shape):
                // Nothing removed: no anchors, no run.
                guard !merged.isEmpty else { continue }
                if !described { describeLines(text); described = true }
                findRuns(shape, rule: index)
            case .deleteList(let heading, let shape):
                guard collectHeadings(heading, maxWords: shape.maxHeadingWords, in: text, rule: index) else { continue }
                if !described { describeLines(text); described = true }
                findLists(shape, rule: index)
            case .deleteThread(let heading, let signature, let shape):
                guard collectHeadings(heading, maxWords: shape.maxHeadingWords, in: text, rule: index) else { continue }
                if !described { describeLines(text); described = true }
                findThreads(signature, shape, in: text, rule: index)
            default:
                continue
            }
        }
        return spans.count > before
    }

    /// Fills `contextLines` from the line table and `merged`.
    private func describeLines(_ text: UnsafeBufferPointer<UInt8>) {
        if !lineTable.isBuilt { lineTable.build(text) }
        var lines: [ContextLine] = []
        swap(&lines, &contextLines)
        defer { swap(&lines, &contextLines) }
        lines.removeAll(keepingCapacity: true)
        var span = 0
        for line in 0..<lineTable.starts.count {
            var start = lineTable.starts[line]
            var end = lineTable.ends[line]
            while start < end, text[start].isASCIIWhitespace { start += 1 }
            while end > start, text[end - 1].isASCIIWhitespace { end -= 1 }
            var removed = false
            if start < end {
                while span < merged.count, merged[span].end <= start { span += 1 }
                removed = span < merged.count && merged[span].start <= start && merged[span].end >= end
            }
            var hasLetter = false
            var position = start
            while position < end, !hasLetter {
                let byte = text[position]
                hasLetter = byte >= 0x80 || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                position += 1
            }
            lines.append(
                ContextLine(
                    contentStart: start,
                    contentEnd: end,
                    words: lineTable.words[line],
                    removed: removed,
                    endsClause: Self.endsClause(text, start: start, end: end),
                    endsExclamation: Self.endsExclamation(text, start: start, end: end),
                    hasLetter: hasLetter
                )
            )
        }
    }

    /// Whether the text `start..<end` ends in `!` or `?` (ASCII or fullwidth), looking past closing quotes and
    /// brackets.
    static func endsExclamation(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        let last = lastSignificant(text, start: start, end: end)
        guard last > start else { return false }
        if text[last - 1] == 0x21 || text[last - 1] == 0x3F { return true }
        return last - start >= 3 && text[last - 3] == 0xEF && text[last - 2] == 0xBC
            && (text[last - 1] == 0x81 || text[last - 1] == 0x9F)  // ！ ？
    }

    /// Whether the text `start..<end` ends in a full stop, comma, semicolon or colon (ASCII, fullwidth or
    /// ideographic), looking past closing quotes and brackets; an ellipsis does not count.
    static func endsClause(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        let last = lastSignificant(text, start: start, end: end)
        guard last > start else { return false }
        let byte = text[last - 1]
        if byte == 0x2E {  // '.', but not '...'
            return !(last - start >= 3 && text[last - 2] == 0x2E && text[last - 3] == 0x2E)
        }
        if byte == 0x2C || byte == 0x3B || byte == 0x3A { return true }  // , ; :
        if last - start >= 3, text[last - 3] == 0xE3, text[last - 2] == 0x80, text[last - 1] == 0x82 {
            return true  // 。
        }
        if last - start >= 3, text[last - 3] == 0xEF, text[last - 2] == 0xBC,
            text[last - 1] == 0x8E || text[last - 1] == 0x8C || text[last - 1] == 0x9B || text[last - 1] == 0x9A
        {
            return true  // ． ， ； ：
        }
        return false
    }

    /// The end of `start..<end` without its closing quotes and brackets.
    private static func lastSignificant(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int {
        var last = end
        while last > start {
            let byte = text[last - 1]
            if byte == 0x22 || byte == 0x27 || byte == 0x29 || byte == 0x5D {  // " ' ) ]
                last -= 1
            } else if last - start >= 3, text[last - 3] == 0xE2, text[last - 2] == 0x80,
                text[last - 1] == 0x99 || text[last - 1] == 0x9D
            {  // ’ ”
                last -= 3
            } else if last - start >= 2, text[last - 2] == 0xC2, text[last - 1] == 0xBB {  // »
                last -= 2
            } else {
                break
            }
        }
        return last
    }

    // MARK: Runs

    private func findRuns(_ shape: Rule.RunShape, rule: Int) {
        let count = contextLines.count
        var line = 0
        while line < count {
            let first = contextLines[line]
            guard !first.isBlank, first.removed || isShort(first, shape) else {
                line += 1
                continue
            }
            var members = 0
            var anchors = 0
            var firstAnchor = -1
            var lastAnchor = -1
            var next = line
            while next < count {
                let current = contextLines[next]
                if current.isBlank {
                    next += 1
                    continue
                }
                if current.removed {
                    anchors += 1
                    if firstAnchor < 0 { firstAnchor = next }
                    lastAnchor = next
                } else if !isShort(current, shape) {
                    break
                }
                members += 1
                next += 1
            }
            // Only the lines between the first and the last anchor go: at the run's edges a short line may as well
            // be the article's (a headline above a share bar, a citation below the text).
            if members >= shape.minLines, members <= shape.maxLines, anchors >= shape.minAnchors,
                Double(anchors) >= shape.minAnchorShare * Double(members),
                lastAnchor - firstAnchor >= 2 || (shape.throughEnd && next >= count)
            {
                let reachesEnd = next >= count
                let last = shape.throughEnd && reachesEnd ? next - 1 : lastAnchor
                emitStretches(from: firstAnchor, through: last, rule: rule) { anchor in
                    contextLines[anchor].removed ? -1 : nil
                }
            }
            line = max(next, line + 1)
        }
    }

    private func isShort(_ line: ContextLine, _ shape: Rule.RunShape) -> Bool {
        Int(line.words) <= shape.maxWords && line.contentEnd - line.contentStart <= shape.maxWords * Self.bytesPerWord
            && !line.endsClause && !line.endsExclamation
    }

    /// A line of N words counts as at most N words long only up to 8N bytes: text without spaces (Chinese, Japanese,
    /// Thai) is one "word" a sentence.
    static let bytesPerWord = 8

    // MARK: Lists

    /// Collects into `contextHeadings` the lines where `heading` matches (at most `maxWords` words, conditions
    /// holding); false when there are none.
    private func collectHeadings(
        _ heading: CompiledPattern,
        maxWords: Int,
        in text: UnsafeBufferPointer<UInt8>,
        rule index: Int
    ) -> Bool {
        contextHeadings.removeAll(keepingCapacity: true)
        var found: [Int] = []
        swap(&found, &contextHeadings)
        defer { swap(&found, &contextHeadings) }
        do {
            for slot in Int(rangeStart[index])..<Int(rangeEnd[index]) {
                let (start, limit) = ranges[slot].bounds
                var position = start
                while position < text.count,
                    let range = try heading.firstMatch(in: text, from: position, startLimit: limit, scratch: &scratch)
                {
                    let lines = text.lines(covering: range)
                    // The heading is the line where the match's text starts (a pattern may begin with `\s*`).
                    var first = range.lowerBound
                    while first < range.upperBound - 1, text[first].isASCIIWhitespace { first += 1 }
                    if !lines.isEmpty, conditionsHold(index, at: first, in: text) {
                        if !lineTable.isBuilt { lineTable.build(text) }
                        found.append(lineTable.line(containing: first))
                    }
                    guard lines.upperBound > position else { break }
                    position = lines.upperBound
                }
            }
        } catch {
            found.removeAll()
            limitHit(index, error)
        }
        found.removeAll { Int(lineTable.words[$0]) > maxWords || lineTable.words[$0] == 0 }
        return !found.isEmpty
    }

    private func findLists(_ shape: Rule.ListShape, rule: Int) {
        var done = -1
        for heading in contextHeadings where heading > done {
            var items = 0
            var last = heading
            var next = heading + 1
            // Whether the list is spaced out (a blank line before its first or second item): then blank lines are
            // part of it; otherwise a blank line ends it, as it ends a box.
            var spaced = false
            while next < contextLines.count, items < shape.maxItems {
                let line = contextLines[next]
                if line.isBlank {
                    if items >= 2 && !spaced { break }
                    spaced = true
                    next += 1
                    continue
                }
                guard line.removed || isHeadline(line, shape) else { break }
                items += 1
                last = next
                next += 1
            }
            guard items >= shape.minItems else { continue }
            emitStretches(from: heading, through: last, rule: rule) { line in
                line == heading ? Int32(rule) : nil
            }
            done = last
        }
    }

    private func isHeadline(_ line: ContextLine, _ shape: Rule.ListShape) -> Bool {
        Int(line.words) <= shape.maxItemWords
            && line.contentEnd - line.contentStart <= shape.maxItemWords * Self.bytesPerWord
            && line.hasLetter && !line.endsClause
    }

    // MARK: Threads

    private func findThreads(
        _ signature: CompiledPattern,
        _ shape: Rule.ThreadShape,
        in text: UnsafeBufferPointer<UInt8>,
        rule: Int
    ) {
        var done = -1
        var signatures: [Int] = []
        for heading in contextHeadings where heading > done {
            signatures.removeAll(keepingCapacity: true)
            var gap = 0
            var next = heading + 1
            var reachedEnd = true
            while next < contextLines.count {
                if next - heading >= shape.maxLines {
                    reachedEnd = false
                    break
                }
                let line = contextLines[next]
                if line.isBlank {
                    next += 1
                    continue
                }
                let lineText = UnsafeBufferPointer(rebasing: text[line.contentStart..<line.contentEnd])
                let isSignature: Bool
                do {
                    isSignature = try signature.firstMatch(in: lineText, scratch: &scratch) != nil
                } catch {
                    limitHit(rule, error)
                    return
                }
                if isSignature {
                    signatures.append(next)
                    gap = 0
                } else {
                    gap += 1
                    if gap > shape.maxGap {
                        reachedEnd = false
                        break
                    }
                }
                next += 1
            }
            guard signatures.count >= shape.minSignatures, let lastSignature = signatures.last else { continue }
            var last = reachedEnd ? contextLines.count - 1 : lastSignature
            while last > heading, contextLines[last].isBlank { last -= 1 }
            emitStretches(from: heading, through: last, rule: rule) { line in
                line == heading || signatures.isSortedAndContains(line) ? Int32(rule) : nil
            }
            done = last
        }
    }

    // MARK: Spans and anchors

    /// Adds a span for each stretch of lines in `first...last` that no earlier rule removed, each with the
    /// anchors of the block: the lines for which `anchorRule` gives a rule (-1: whichever rule removed the line).
    private func emitStretches(from first: Int, through last: Int, rule: Int, anchorRule: (Int) -> Int32?) {
        let anchorsStart = contextAnchorScratch.count
        for line in first...last where !contextLines[line].isBlank {
            if let owner = anchorRule(line) {
                contextAnchorScratch.append(
                    ContextAnchor(span: -1, start: contextLines[line].contentStart,
                                  end: contextLines[line].contentEnd, rule: owner)
                )
            }
        }
        var stretchStart = -1
        var stretchEnd = -1
        func flush() {
            guard stretchStart >= 0 else { return }
            let span = Int32(spans.count)
            spans.append(Span(start: stretchStart, end: stretchEnd, rule: Int32(rule)))
            for anchor in contextAnchorScratch[anchorsStart...] {
                var anchor = anchor
                anchor.span = span
                contextAnchors.append(anchor)
            }
            stretchStart = -1
        }
        for line in first...last {
            let current = contextLines[line]
            if current.isBlank { continue }
            if current.removed {
                flush()
            } else {
                // Whole lines with their line breaks, as delete-line reports them.
                if stretchStart < 0 { stretchStart = lineTable.starts[line] }
                stretchEnd = line + 1 < lineTable.starts.count ? lineTable.starts[line + 1] : contextTextEnd
            }
        }
        flush()
        contextAnchorScratch.removeSubrange(anchorsStart...)
    }
}

extension [Int] {
    /// Whether this ascending array contains `value` (binary search).
    fileprivate func isSortedAndContains(_ value: Int) -> Bool {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < count && self[low] == value
    }
}
