#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Facts about the lines of one document, computed once per document on demand (when a rule with conditions first
/// matches) into buffers the worker reuses.
struct LineTable {
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []
    private(set) var words: [Int32] = []
    /// Index among non-blank lines, or -1 for a blank line.
    private(set) var ordinal: [Int32] = []
    private(set) var nonBlankCount = 0
    /// Each line without its leading and trailing whitespace, for `min_repeats`.
    private(set) var contentRanges: [Range<Int>] = []
    /// Per line, a hash of `contentRanges`' bytes; computed when a `min_repeats` condition first asks.
    private var hashes: [UInt64] = []
    private var sortedHashes: [UInt64] = []
    /// The text the table was built from, for the hashes; only valid while that text is (one clean).
    private var text = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private(set) var isBuilt = false

    mutating func reset() {
        isBuilt = false
        text = UnsafeBufferPointer(start: nil, count: 0)
    }

    mutating func build(_ text: UnsafeBufferPointer<UInt8>) {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        words.removeAll(keepingCapacity: true)
        ordinal.removeAll(keepingCapacity: true)
        contentRanges.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        sortedHashes.removeAll(keepingCapacity: true)
        nonBlankCount = 0
        self.text = text
        defer { isBuilt = true }
        // Texts without a carriage return (nearly all): lines found with memchr, words counted without branches. A
        // byte-by-byte loop with both line breaks was 4% of a JSONL run on the real workload.
        guard let base = text.baseAddress, memchr(base, 0x0D, text.count) == nil else {
            buildByBytes(text)
            return
        }
        var start = 0
        while true {
            let end =
                memchr(base + start, 0x0A, text.count - start).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
                ?? text.count
            var count: Int32 = 0
            var previousBlank: Int32 = 1
            for position in start..<end {
                let byte = base[position]
                let blank: Int32 = byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? 1 : 0
                count &+= previousBlank & (blank ^ 1)
                previousBlank = blank
            }
            var contentStart = start
            var contentEnd = end
            if count > 0 {
                while base[contentStart].isASCIIWhitespace { contentStart += 1 }
                while base[contentEnd - 1].isASCIIWhitespace { contentEnd -= 1 }
            }
            appendLine(start: start, end: end, words: count, content: count > 0 ? contentStart..<contentEnd : 0..<0)
            guard end < text.count else { break }
            start = end + 1
            if start == text.count { break }
        }
    }

    /// `build` byte by byte, for texts with carriage returns (a lone CR or a CRLF ends a line too). Internal for the
    /// test that compares the two.
    mutating func buildByBytes(_ text: UnsafeBufferPointer<UInt8>) {
        var position = 0
        while true {
            let start = position
            var count: Int32 = 0
            var inWord = false
            var contentStart = -1
            var contentEnd = start
            while position < text.count, !text[position].isLineBreak {
                if text[position].isASCIIWhitespace {
                    inWord = false
                } else {
                    if !inWord { count += 1 }
                    inWord = true
                    if contentStart < 0 { contentStart = position }
                    contentEnd = position + 1
                }
                position += 1
            }
            let content = contentStart < 0 ? 0..<0 : contentStart..<contentEnd
            appendLine(start: start, end: position, words: count, content: content)
            guard position < text.count else { break }
            position += text.lineBreakLength(at: position)
            if position == text.count { break }
        }
    }

    private mutating func appendLine(start: Int, end: Int, words count: Int32, content: Range<Int>) {
        starts.append(start)
        ends.append(end)
        contentRanges.append(content)
        words.append(count)
        if count > 0 {
            ordinal.append(Int32(nonBlankCount))
            nonBlankCount += 1
        } else {
            ordinal.append(-1)
        }
    }

    /// The index of the line containing byte `offset`.
    func line(containing offset: Int) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Whether `conditions` hold for line `index`.
    mutating func holds(_ conditions: Rule.Conditions, line index: Int) -> Bool {
        let count = Int(words[index])
        if let maxWords = conditions.maxWords, count > maxWords { return false }
        if let minWords = conditions.minWords, count < minWords { return false }
        if conditions.firstLines != nil || conditions.lastLines != nil {
            let position = Int(ordinal[index])
            guard position >= 0 else { return false }
            let nearStart = conditions.firstLines.map { position < $0 } ?? false
            let nearEnd = conditions.lastLines.map { nonBlankCount - position <= $0 } ?? false
            if !nearStart && !nearEnd { return false }
        }
        if let standalone = conditions.standalone {
            let blankBefore = index == 0 || words[index - 1] == 0
            let blankAfter = index == words.count - 1 || words[index + 1] == 0
            if (blankBefore && blankAfter) != standalone { return false }
        }
        if let limit = conditions.inShortRun {
            func short(_ line: Int) -> Bool { words[line] > 0 && Int(words[line]) <= limit }
            guard short(index) else { return false }
            let before = index > 0 && short(index - 1)
            let after = index + 1 < words.count && short(index + 1)
            if !before && !after { return false }
        }
        if let minRepeats = conditions.minRepeats, minRepeats > 1 {
            if sortedHashes.isEmpty {
                hashes = contentRanges.map { range in
                    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                    for index in range { hash = (hash ^ UInt64(text[index])) &* 0x100_0000_01b3 }
                    return hash
                }
                sortedHashes = hashes.sorted()
            }
            let hash = hashes[index]
            var low = 0
            var high = sortedHashes.count
            while low < high {
                let mid = (low + high) / 2
                if sortedHashes[mid] < hash { low = mid + 1 } else { high = mid }
            }
            var occurrences = 0
            while low < sortedHashes.count, sortedHashes[low] == hash {
                occurrences += 1
                low += 1
            }
            if occurrences < minRepeats { return false }
        }
        return true
    }
}
