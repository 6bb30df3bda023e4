import Testing

@testable import Newsclean

@Suite("LiteralScanner")
struct LiteralScannerTests {
    /// Scans `text` once with fresh hits; returns the hit flags and the reported count.
    private func scan(_ literals: [String], _ text: String) -> (hits: [Bool], count: Int) {
        scan(literals.map { Array($0.utf8) }, Array(text.utf8))
    }

    private func scan(_ literals: [[UInt8]], _ text: [UInt8]) -> (hits: [Bool], count: Int) {
        let scanner = LiteralScanner(literals: literals)
        #expect(scanner.literalCount == literals.count)
        var hits = [Bool](repeating: false, count: literals.count)
        let count = text.withUnsafeBufferPointer { scanner.scan($0, hits: &hits) }
        return (hits, count)
    }

    @Test func findsSimpleLiterals() {
        let result = scan(["subscribe", "advertisement", "cookie"], "Please subscribe to our cookie-free news")
        #expect(result.hits == [true, false, true])
        #expect(result.count == 2)
    }

    @Test func overlappingLiterals() {
        // Classic Aho-Corasick set: "she" overlaps "he" and "hers".
        let result = scan(["he", "she", "his", "hers"], "ushers")
        #expect(result.hits == [true, true, false, true])
        #expect(result.count == 3)
    }

    @Test func literalsThatAreSuffixesOfOthers() {
        let result = scan(["abcd", "bcd", "cd", "d", "xbcd"], "zzabcdzz")
        #expect(result.hits == [true, true, true, true, false])
        // Only reachable through a failure link whose target has output.
        #expect(scan(["abx", "b"], "aab").hits == [false, true])
        #expect(scan(["aaab", "ab"], "aaaab").hits == [true, true])
    }

    @Test func literalsThatArePrefixesOfOthers() {
        #expect(scan(["news", "newsletter", "new"], "newsle").hits == [true, false, true])
    }

    @Test func lowercaseLettersOfALiteralMatchEitherCase() {
        #expect(scan(["read more", "advert"], "READ MORE about our ADVERT").hits == [true, true])
        #expect(scan(["abc"], "ABC").hits == [true])
        // Folding is ASCII-only: "@" (0x40) and "`" (0x60) are not letters; "[" is not "{".
        #expect(scan(["@x", "[y"], "`x{y").hits == [false, false])
    }

    @Test func capitalsOfALiteralMustBeCapitals() {
        // A capital stands for itself (a case-sensitive pattern's "AP"); the lowercase letters around it do not.
        #expect(scan(["AP", "Read more", "ADVERT"], "happen: read more about our advert").hits == [false, false, false])
        #expect(scan(["AP", "Read more", "ADVERT"], "AP Photo. READ MORE, ADVERT").hits == [true, true, true])
        // Checked at every hit, not only the first: the second "ap" is the capital one.
        let scanner = LiteralScanner(literals: [Array("AP".utf8), Array("ap".utf8)])
        var scratch = LiteralScanner.Scratch(literalCount: 2, occurrenceCapacity: 16)
        Array("happy AP".utf8).withUnsafeBufferPointer { scanner.scan($0, into: &scratch) }
        #expect(scratch.hitCount == 2)
        #expect(scratch.firstEnds[0] == 8 && scratch.lastEnds[0] == 8)
        #expect(scratch.firstEnds[1] == 3 && scratch.lastEnds[1] == 8)
        #expect(scratch.occurrences[0..<scratch.occurrenceCount].filter { $0.literal == 0 }.map(\.end) == [8])
    }

    @Test func nonASCIIBytesAreExact() {
        #expect(scan(["café", "Ü"], "CAFÉ café ü").hits == [true, false])
        #expect(scan(LiteralExtractor.caselessHazards, Array("\u{212A}elvin".utf8)).hits == [true, false])
        #expect(scan([[0xE2, 0x84, 0xAA]], [0xE2, 0x84, 0xAB, 0xE2, 0x84]).hits == [false])
        #expect(scan([[0xFF, 0x00]], [0x41, 0xFF, 0x00]).hits == [true])
    }

    @Test func emptyTextAndEmptyLiteralSet() {
        #expect(scan(["abc"], "").hits == [false])
        #expect(scan(["abc"], "").count == 0)
        #expect(scan([String](), "abc").hits == [])
        // An empty literal occurs in every text, even an empty one.
        #expect(scan(["", "x"], "").hits == [true, false])
    }

    @Test func literalAtTheVeryStartAndEnd() {
        #expect(scan(["start", "end"], "start of the text, the end").hits == [true, true])
        #expect(scan(["end"], "en").hits == [false])
        #expect(scan(["x"], "x").hits == [true])
    }

    @Test func duplicateLiteralsAreEachReported() {
        let result = scan(["same", "Same", "same"], "the SAME thing, Same")
        #expect(result.hits == [true, true, true])
        #expect(result.count == 3)
    }

    @Test func countsOnlyNewlySetIDsAndKeepsExistingHits() {
        let scanner = LiteralScanner(literals: [Array("alpha".utf8), Array("beta".utf8), Array("gamma".utf8)])
        var hits = [false, false, true]
        let first = Array("alpha beta alpha".utf8).withUnsafeBufferPointer { scanner.scan($0, hits: &hits) }
        #expect(first == 2)
        #expect(hits == [true, true, true])
        let second = Array("alpha".utf8).withUnsafeBufferPointer { scanner.scan($0, hits: &hits) }
        #expect(second == 0)
    }

    @Test func literalsStraddlingInterleavedPartsAreFound() {
        // Long texts are scanned as four interleaved parts; occurrences across every part boundary must be found.
        var generator = ScannerTestGenerator(seed: 7)
        for length in [127, 128, 129, 150, 200, 333, 1000, 4095, 4096, 4097, 10_001] {
            for literalLength in [1, 2, 5, 19, 20, 31, 32, 33, 40] {
                let literal = (0..<literalLength).map { _ in UInt8.random(in: 0x61...0x7A, using: &generator) }
                let scanner = LiteralScanner(literals: [literal, Array("!!".utf8)])
                let part = length / 4
                var starts = Set<Int>()
                for boundary in [0, part, 2 * part, 3 * part, length] {
                    for delta in -literalLength...1 { starts.insert(boundary + delta) }
                }
                for start in starts where start >= 0 && start + literalLength <= length {
                    var text = [UInt8](repeating: UInt8(ascii: "."), count: length)
                    text.replaceSubrange(start..<(start + literalLength), with: literal)
                    var hits = [false, false]
                    let count = text.withUnsafeBufferPointer { scanner.scan($0, hits: &hits) }
                    let literalText = String(decoding: literal, as: UTF8.self)
                    #expect(hits == [true, false], "length \(length), literal \(literalText), start \(start)")
                    #expect(count == 1)
                }
            }
        }
    }

    @Test func moreStatesThanSixteenBitEntriesHoldAgreeWithNaiveSearch() {
        // Beyond 32,767 states the table switches to 32-bit entries; the hits must not change.
        var generator = ScannerTestGenerator(seed: 99)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzAB".utf8)
        let literals: [[UInt8]] = (0..<6000).map { _ in
            (0..<9).map { _ in alphabet.randomElement(using: &generator)! }
        }
        let text = (0..<5000).map { _ in alphabet.randomElement(using: &generator)! } + literals[17] + literals[4321]
        let scanner = LiteralScanner(literals: literals)
        #expect(scanner.stateCount > Int(Int16.max))
        #expect(scanner.tableBytes == scanner.stateCount * 27 * 4)  // 26 letters and "other"; 4-byte entries
        let result = scan(literals, text)
        // Naively: every 9-byte window, by its folded bytes.
        var windows: [[UInt8]: [Int]] = [:]
        for start in 0...(text.count - 9) {
            windows[text[start..<(start + 9)].map(ScannerTestGenerator.fold), default: []].append(start)
        }
        for (id, literal) in literals.enumerated() {
            let starts = windows[literal.map(ScannerTestGenerator.fold)] ?? []
            let expected = starts.contains { ScannerTestGenerator.occurs(literal, in: text, at: $0) }
            #expect(result.hits[id] == expected, "literal \(id)")
        }
        #expect(result.hits[17] && result.hits[4321])
    }

    @Test func manyLiteralsAgreeWithNaiveSearch() {
        var generator = ScannerTestGenerator(seed: 42)
        let alphabet = Array("abcdeABCDE é".utf8)
        var literals: [[UInt8]] = []
        for _ in 0..<300 {
            literals.append((0..<Int.random(in: 1...6, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            })
        }
        let text = (0..<5000).map { _ in alphabet.randomElement(using: &generator)! }
        let result = scan(literals, text)
        for (id, literal) in literals.enumerated() {
            let expected = (0...(text.count - literal.count)).contains { start in
                ScannerTestGenerator.occurs(literal, in: text, at: start)
            }
            #expect(result.hits[id] == expected, "literal \(id)")
        }
        #expect(result.count == result.hits.filter { $0 }.count)
    }

    @Test("the positions form reports each found literal once, with its first and last occurrence ends", arguments: [
        5, 127, 128, 600, 5_000,
    ])
    func occurrencePositionsAgreeWithNaiveSearch(length: Int) {
        var generator = ScannerTestGenerator(seed: UInt64(length))
        let alphabet = Array("abcAB\n é".utf8)
        var literals: [[UInt8]] = []
        for _ in 0..<120 {
            literals.append((0..<Int.random(in: 1...5, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            })
        }
        let scanner = LiteralScanner(literals: literals)
        let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
        var scratch = LiteralScanner.Scratch(literalCount: literals.count, occurrenceCapacity: 100_000)
        // A scan of another text first: the scan into the scratch clears what it left.
        Array("abcAB".utf8).withUnsafeBufferPointer { scanner.scan($0, into: &scratch) }
        text.withUnsafeBufferPointer { scanner.scan($0, into: &scratch) }
        let (hits, newIDs, firstEnds, lastEnds) = (scratch.hits, scratch.newIDs, scratch.firstEnds, scratch.lastEnds)
        let (count, occurrences, occurrenceCount) = (scratch.hitCount, scratch.occurrences, scratch.occurrenceCount)
        #expect(scratch.listsEveryOccurrence)
        // A list with room for three: the count still says how many there were.
        var few = LiteralScanner.Scratch(literalCount: literals.count, occurrenceCapacity: 3)
        text.withUnsafeBufferPointer { scanner.scan($0, into: &few) }
        let (fewOccurrences, fewCount) = (few.occurrences, few.occurrenceCount)
        #expect(few.listsEveryOccurrence == (fewCount <= 3))
        var expectedIDs: Set<Int32> = []
        var expectedOccurrences: Set<LiteralOccurrence> = []
        for (id, literal) in literals.enumerated() {
            let ends = literal.count > text.count ? [] : (0...(text.count - literal.count)).filter { start in
                ScannerTestGenerator.occurs(literal, in: text, at: start)
            }.map { $0 + literal.count }
            #expect(hits[id] == !ends.isEmpty, "literal \(id)")
            for end in ends { expectedOccurrences.insert(LiteralOccurrence(literal: Int32(id), end: end)) }
            guard let first = ends.first, let last = ends.last else { continue }
            expectedIDs.insert(Int32(id))
            #expect(firstEnds[id] == first, "literal \(id): first occurrence")
            #expect(lastEnds[id] == last, "literal \(id): last occurrence")
        }
        #expect(count == expectedIDs.count)
        #expect(Set(newIDs[0..<count]) == expectedIDs)
        // Every occurrence, each at least once (the overlap of two interleaved parts may report one twice).
        #expect(Set(occurrences[0..<occurrenceCount]) == expectedOccurrences)
        #expect(occurrenceCount >= expectedOccurrences.count && occurrenceCount <= 2 * expectedOccurrences.count)
        #expect(fewCount == occurrenceCount)
        #expect(fewOccurrences.allSatisfy { expectedOccurrences.contains($0) } || fewCount < 3)
    }
}

/// Deterministic xorshift generator for the scanner tests.
private struct ScannerTestGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed | 1 }

    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    static func fold(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// The scanner's comparison, written naively: letters without case, except that a capital in the literal must
    /// be a capital in the text.
    static func occurs(_ literal: [UInt8], in text: [UInt8], at start: Int) -> Bool {
        literal.indices.allSatisfy { index in
            let byte = literal[index]
            let found = text[start + index]
            return byte >= 0x41 && byte <= 0x5A ? found == byte : fold(found) == fold(byte)
        }
    }
}
