import NewscleanRegex
import Testing

private func matches(_ pattern: String, _ text: String, options: PatternOptions = []) throws -> [Range<Int>] {
    let compiled = try CompiledPattern(pattern, options: options)
    var scratch = MatchScratch()
    var found: [Range<Int>] = []
    var text = text
    try text.withUTF8 { bytes in
        try compiled.forEachMatch(in: bytes, scratch: &scratch) { range, _ in
            found.append(range)
            return true
        }
    }
    return found
}

@Suite("CompiledPattern")
struct CompiledPatternTests {
    @Test("matches report UTF-8 byte offsets, also after multibyte text")
    func multibyteOffsets() throws {
        // "é" is 2 bytes, "€" 3, "👩‍👩‍👧" 18.
        #expect(try matches("Photo", "é€ Photo") == [6..<11])
        #expect(try matches("x", "👩‍👩‍👧x") == [18..<19])
        #expect(try matches(#"\w+"#, "café crème") == [0..<5, 6..<12])
    }

    @Test("Unicode properties and caseless matching follow Unicode")
    func unicode() throws {
        #expect(try matches(#"\p{Lu}+"#, "abc ÉTÉ def") == [4..<9])
        #expect(try matches("été", "ÉTÉ", options: .caseInsensitive) == [0..<5])
        #expect(try matches(#"\bfoto\b"#, "Das Foto", options: .caseInsensitive) == [4..<8])
    }

    @Test("^ and $ are line anchors; \\A and \\z the subject's")
    func anchors() throws {
        #expect(try matches("^b$", "a\nb\nc") == [2..<3])
        #expect(try matches("^b$", "a\r\nb\r\nc") == [3..<4])
        #expect(try matches(#"\Aa"#, "a\na") == [0..<1])
    }

    @Test("a syntax error carries PCRE2's message and the offset inside the pattern")
    func compileErrorOffset() {
        #expect(throws: RegexError(code: .syntax, message: "missing closing parenthesis", patternOffset: 7, pcre2Code: 114)) {
            try CompiledPattern("(abc|de")
        }
        // Offsets count UTF-8 bytes: "é" is two; PCRE2 stops at the end of the bad range.
        do {
            _ = try CompiledPattern("é[z-a]")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.code == .syntax)
            #expect(error.message == "range out of order in character class")
            #expect(error.patternOffset == 5)
        }
    }

    @Test("empty matches are reported once and the search moves one character on")
    func emptyMatches() throws {
        #expect(try matches("x*", "ab") == [0..<0, 1..<1, 2..<2])
        #expect(try matches("x*", "é") == [0..<0, 2..<2])
    }

    @Test("capture groups, by number and by name")
    func groups() throws {
        let pattern = try CompiledPattern(#"(?<word>\w+)-(\d+)"#)
        #expect(pattern.captureCount == 2)
        #expect(pattern.groupNumber(named: "word") == 1)
        #expect(pattern.groupNumber(named: "nope") == nil)
        var scratch = MatchScratch()
        var text = "id abc-42"
        let range = try text.withUTF8 { try pattern.firstMatch(in: $0, scratch: &scratch) }
        #expect(range == 3..<9)
        #expect(scratch.range(ofGroup: 1) == 3..<6)
        #expect(scratch.range(ofGroup: 2) == 7..<9)
    }

    @Test("a catastrophic pattern stops at the match limit instead of hanging")
    func matchLimit() throws {
        let pattern = try CompiledPattern("(a+)+$")
        var scratch = MatchScratch(limits: MatchLimits(matchLimit: 10_000, depthLimit: 1000, heapLimitKiB: 1000, jitStackBytes: 1 << 16))
        var text = String(repeating: "a", count: 40) + "!"
        #expect(throws: RegexError.self) {
            _ = try text.withUTF8 { try pattern.firstMatch(in: $0, scratch: &scratch) }
        }
        do {
            _ = try text.withUTF8 { try pattern.firstMatch(in: $0, scratch: &scratch) }
        } catch let error as RegexError {
            #expect(error.code == .matchLimit)
            #expect(error.code.isResourceLimit)
        }
    }

    @Test("invalid UTF-8 in the subject is matched around, not rejected")
    func invalidUTF8() throws {
        let pattern = try CompiledPattern("Photo")
        var scratch = MatchScratch()
        let bytes: [UInt8] = [0xFF, 0xC3] + Array("Photo".utf8) + [0x80]
        let range = try bytes.withUnsafeBufferPointer { try pattern.firstMatch(in: $0, scratch: &scratch) }
        #expect(range == 2..<7)
    }

    @Test("the literal option makes every character plain")
    func literal() throws {
        #expect(try matches("a.b(", "axb( a.b(", options: .literal) == [5..<9])
        #expect(try matches("ÉTÉ?", "été? ÉTÉ?", options: [.literal, .caseInsensitive]) == [0..<6, 7..<13])
    }

    @Test("patterns are JIT-compiled where PCRE2 has JIT")
    func jit() throws {
        let pattern = try CompiledPattern("abc")
        #expect(pattern.usesJIT == CompiledPattern.isJITAvailable)
        #expect(CompiledPattern.isJITAvailable)
    }

    @Test("canMatchEmpty", arguments: [("a*", true), ("a+", false), ("^", true), ("x|", true)])
    func canMatchEmpty(pattern: String, expected: Bool) throws {
        #expect(try CompiledPattern(pattern).canMatchEmpty == expected)
    }
}
