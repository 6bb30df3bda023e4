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

    @Test(
        "a pattern that stays under the match limit at every start position is stopped by the time budget",
        .timeLimit(.minutes(1))
    )
    func timeBudget() throws {
        // Each attempt takes well under a million steps, so the match limit never fires; the whole search over
        // 100 lines of 1,000 a's would take minutes (about 0.7 s a line here).
        let pattern = try CompiledPattern(#"(a*)\1*a*c"#)
        var scratch = MatchScratch()
        let text = Array((String(repeating: String(repeating: "a", count: 1_000) + "\n", count: 100) + "c").utf8)
        scratch.startBudget(nanoseconds: 20_000_000)
        let expiredAtStart = scratch.budgetExpired
        #expect(!expiredAtStart)
        let error = try text.withUnsafeBufferPointer { subject in
            try #require(throws: RegexError.self) { _ = try pattern.firstMatch(in: subject, scratch: &scratch) }
        }
        #expect(error.code == .timeBudget)
        #expect(error.code.isResourceLimit)
        #expect(error.message == "time budget for the document exhausted")
        let expiredAfter = scratch.budgetExpired
        #expect(expiredAfter)
        // Every later match under the same budget fails at once, even a trivial one.
        let other = try CompiledPattern("x")
        let again = try Array("x".utf8).withUnsafeBufferPointer { subject in
            try #require(throws: RegexError.self) { _ = try other.firstMatch(in: subject, scratch: &scratch) }
        }
        #expect(again.code == .timeBudget)
        // A new budget (or none) starts afresh.
        scratch.startBudget(nanoseconds: nil)
        #expect(try Array("x".utf8).withUnsafeBufferPointer { try other.firstMatch(in: $0, scratch: &scratch) } == 0..<1)
    }

    @Test("the budget callout leaves patterns, their (*VERB) settings and their error offsets as written")
    func budgetCalloutIsInvisible() throws {
        #expect(try matches("(*LIMIT_MATCH=1000)(*UCP)ab", "xab ab") == [1..<3, 4..<6])
        #expect(try CompiledPattern("(a)(b)").captureCount == 2)
        #expect(try CompiledPattern("^a").canMatchEmpty == false)
        #expect(try CompiledPattern("a?").canMatchEmpty == true)
        let error = try #require(throws: RegexError.self) { _ = try CompiledPattern("ab(c") }
        #expect(error.patternOffset == 4)
        let afterVerb = try #require(throws: RegexError.self) { _ = try CompiledPattern("(*UCP)a)") }
        #expect(afterVerb.patternOffset == 7)
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
