internal import NewscleanRegex

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
    // @exclusivity(unchecked) on every stored property: Swift checks each mutation of a class property at run time
    // (a begin/end access pair on a thread-local set), which was 5% of the CPU of `--jsonl --jobs 1` on the real
    // workload. A worker is used by one thread at a time and none of its methods passes a property inout while
    // another access to it is open; the test suite ran with the checks on before they were turned off here.
    @exclusivity(unchecked) var scratch: MatchScratch
    /// What the literal scan of the text last scanned found: which literals occur, where, and the occurrences of
    /// the literals of line-local rules (see `LiteralScanner.Scratch`).
    @exclusivity(unchecked) var literalScan: LiteralScanner.Scratch
    /// Rule index -> the span of its literal occurrences (valid for candidates): the lowest start and highest end;
    /// 0 and Int.max when the rule must see the whole text.
    @exclusivity(unchecked) var occurrenceLow: [Int]
    @exclusivity(unchecked) var occurrenceHigh: [Int]
    /// Offsets of the line feeds of the text last scanned, when per-line ranges needed them.
    @exclusivity(unchecked) var lineBreaks: [Int] = []
    /// (rule, line index) of each occurrence that belongs to a line-local rule, for grouping by rule.
    @exclusivity(unchecked) var ruleLines: [RuleLine] = []
    /// Buffers of `groupRuleLines`: the pairs ordered by line, and the bucket offsets by line and by rule.
    @exclusivity(unchecked) var ruleLinesScratch: [RuleLine] = []
    @exclusivity(unchecked) var lineBucketStarts: [Int32] = []
    @exclusivity(unchecked) var ruleBucketStarts: [Int32] = []
    /// Where each rule searches: `ranges[rangeStart[rule]..<rangeEnd[rule]]`, disjoint and in text order. One range
    /// covering the text for most rules; for a line-local rule, the lines holding its literals (consecutive lines
    /// merged), or the lines from its first to its last occurrence when that is simpler.
    @exclusivity(unchecked) var ranges: [SearchRange] = []
    @exclusivity(unchecked) var rangeStart: [Int32]
    @exclusivity(unchecked) var rangeEnd: [Int32]
    /// Rule index -> `stamp` when the rule is already a candidate for the current text.
    @exclusivity(unchecked) var ruleStamp: [UInt32]
    @exclusivity(unchecked) var stamp: UInt32 = 0
    /// Pack index -> its rules apply to the current document (the generic packs, and the publisher pack if any).
    @exclusivity(unchecked) var packActive: [Bool]
    /// The engine's per-rule tables that the hot loops read, kept here: read through the unowned engine, an array
    /// is retained and released at every read (3% of a JSONL run's CPU).
    let packOfRule: [Int32]
    let phaseOfRule: [RulePhase]
    let linesAloneRule: [Bool]
    let gateOfRule: [Int32]
    let startGateOfRule: [Int32]
    /// The rules to run on the current text, in rule order: the rules of active packs that always run, and those
    /// whose literals occur. Per-document work is proportional to this list, not to the number of rules.
    @exclusivity(unchecked) var candidates: [Int32] = []
    @exclusivity(unchecked) var dedupeRules: [Int] = []
    /// With `Cleaner.Options.profilesRules`: per rule, the nanoseconds spent matching and the number of runs.
    let profiling: Bool
    @exclusivity(unchecked) var ruleNanoseconds: [UInt64]
    @exclusivity(unchecked) var ruleRuns: [Int]
    @exclusivity(unchecked) var rewrites: [Rewrite] = []
    @exclusivity(unchecked) var replacementBytes: [UInt8] = []
    @exclusivity(unchecked) var rewritten: [UInt8] = []
    @exclusivity(unchecked) var spans: [Span] = []
    @exclusivity(unchecked) var merged: [Span] = []
    @exclusivity(unchecked) var reduced: [UInt8] = []
    @exclusivity(unchecked) var reducedSegments: [Segment] = []
    @exclusivity(unchecked) var output: [UInt8] = []
    @exclusivity(unchecked) var warnings: [CleanWarning] = []
    @exclusivity(unchecked) var lineTable = LineTable()
    /// Per gate (`Engine.gates`): the stamp of the text its stretches were found for, and where they are in
    /// `gateStretches`.
    @exclusivity(unchecked) var gateStamps: [UInt32]
    @exclusivity(unchecked) var gateStamp: UInt32 = 0
    @exclusivity(unchecked) var gateStretchStart: [Int32]
    @exclusivity(unchecked) var gateStretchEnd: [Int32]
    @exclusivity(unchecked) var gateStretches: [SearchRange] = []
    /// The context phase's view of the lines, its heading lines, and the anchors of its spans (see ContextPhase).
    @exclusivity(unchecked) var contextLines: [ContextLine] = []
    @exclusivity(unchecked) var contextHeadings: [Int] = []
    @exclusivity(unchecked) var contextAnchors: [ContextAnchor] = []
    @exclusivity(unchecked) var contextAnchorScratch: [ContextAnchor] = []
    @exclusivity(unchecked) var contextTextEnd = 0

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
        self.packOfRule = engine.packOfRule
        self.phaseOfRule = engine.phaseOfRule
        self.linesAloneRule = engine.linesAloneRule
        self.gateOfRule = engine.gateOfRule
        self.startGateOfRule = engine.startGateOfRule
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
