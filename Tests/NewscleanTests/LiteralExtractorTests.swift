import NewscleanRegex
import Testing

@testable import Newsclean

/// One pattern and the exact literal set expected from `LiteralExtractor` (nil: no literals).
struct ExtractionCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let caseInsensitive: Bool
    let extended: Bool
    let expected: [String]?

    init(_ pattern: String, caseless: Bool = false, extended: Bool = false, _ expected: [String]?) {
        self.pattern = pattern
        caseInsensitive = caseless
        self.extended = extended
        self.expected = expected
    }

    var testDescription: String {
        "\(pattern.debugDescription)\(caseInsensitive ? " /i" : "")\(extended ? " /x" : "")"
    }

    var actual: [String]? {
        LiteralExtractor.requiredLiterals(pattern: pattern, caseInsensitive: caseInsensitive, extended: extended)?
            .map { String(decoding: $0, as: UTF8.self) }
    }
}

@Suite("LiteralExtractor")
struct LiteralExtractorTests {
    @Test(
        "literals, alternation, groups, quantifiers",
        arguments: [
            ExtractionCase("^Image: ", caseless: true, ["image: "]),
            ExtractionCase(#"(?:Photo|Image):\s"#, caseless: true, ["photo:", "image:"]),
            ExtractionCase(#"subscribe\s+now"#, caseless: true, ["subscribe"]),
            ExtractionCase("Advertisement", ["Advertisement"]),  // capitals matched with their case stay capitals
            ExtractionCase("ab", ["ab"]),
            ExtractionCase("(?:sub|un)scribe", caseless: true, ["subscribe", "unscribe"]),
            ExtractionCase(#"Read more(?: about)?\.{3}"#, caseless: true, ["read more...", "read more about..."]),
            ExtractionCase("&(?:amp|lt|gt|quot);", ["&amp;", "&lt;", "&gt;", "&quot;"]),
            ExtractionCase("(?<name>ab)cd", ["abcd"]),
            ExtractionCase("foo?bar", ["fobar", "foobar"]),
            ExtractionCase("colou?r", ["color", "colour"]),
            ExtractionCase("a{2,}b", ["aab"]),
            ExtractionCase("a{2,5}b", ["aab"]),
            ExtractionCase("x{5}yz", ["xxxyz"]),
            ExtractionCase("(?:ab){3}", ["ababab"]),
            ExtractionCase("(?:ab){2,4}c", ["ababc"]),
            ExtractionCase("a{0}bcd", ["bcd"]),
            ExtractionCase("(?:foo|bar)?baz", ["baz"]),
            ExtractionCase("(?:foo|bar|)baz", ["baz"]),
            ExtractionCase(#"\\d+abc"#, ["dabc"]),
        ])
    func structure(_ testCase: ExtractionCase) {
        #expect(testCase.actual == testCase.expected)
    }

    @Test(
        "no provable literal",
        arguments: [
            ExtractionCase("a|", nil),
            ExtractionCase("(?:ab){0,2}c", nil),
            ExtractionCase(#"\$\d+"#, nil),
            ExtractionCase("^$", nil),
            ExtractionCase(".*", nil),
            ExtractionCase("", nil),
            ExtractionCase("(?:a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q)xyz", nil),  // 17 literals
            ExtractionCase("(?i)as(?-i)k", nil),  // inline-caseless s is not a literal
        ])
    func nothingRequired(_ testCase: ExtractionCase) {
        #expect(testCase.actual == testCase.expected)
    }

    @Test(
        "escapes, classes, zero-width items",
        arguments: [
            ExtractionCase(#"\bthe\b"#, ["the"]),
            ExtractionCase("[Tt]he end", caseless: true, ["the end"]),
            ExtractionCase(#"[.!?]""#, [#".""#, #"!""#, #"?""#]),
            ExtractionCase("[]a]bc", ["]bc", "abc"]),
            ExtractionCase("[^]a]bc", ["bc"]),
            ExtractionCase("[a-]bc", ["abc", "-bc"]),
            ExtractionCase(#"[\]]bc"#, ["]bc"]),
            ExtractionCase("[[]bc", ["[bc"]),
            ExtractionCase("[[:alpha:]]+foo", ["foo"]),
            ExtractionCase(#"[\x{2013}\x{2014}]\s*$"#, ["\u{2013}", "\u{2014}"]),
            ExtractionCase(#"\x41\x42C"#, ["ABC"]),
            ExtractionCase(#"caf\x{e9}"#, ["café"]),
            ExtractionCase(#"\0101xyz"#, ["\u{08}1xyz"]),
            ExtractionCase(#"\101bcd"#, ["bcd"]),  // back reference or octal: unknown either way
            ExtractionCase(#"\Qa.b\E+c"#, ["a.b"]),  // + applies to the last quoted character
            ExtractionCase("ab(?#c)+cd", ["bcd"]),  // comments are transparent to quantifiers
            ExtractionCase("abc(?=def)ghi", ["abcghi"]),
            ExtractionCase(#"(?<=Photo: )\w+ credit"#, [" credit"]),
            ExtractionCase(#"a\Kbcd"#, ["abcd"]),
            ExtractionCase(#"(a|b)\1cd"#, ["cd"]),
            ExtractionCase("(?P<n>ab)(?P=n)cd", ["ab"]),
            ExtractionCase(#"\Nabc"#, ["abc"]),
        ])
    func escapesAndClasses(_ testCase: ExtractionCase) {
        #expect(testCase.actual == testCase.expected)
    }

    @Test(
        "braces that are not quantifiers",
        arguments: [
            ExtractionCase("a{", ["a{"]),
            ExtractionCase("x{,3}yz", ["yz"]),  // literal in PCRE2 10.42, {0,3} in 10.43+
            ExtractionCase("ab{1, 3}cd", ["cd"]),
            ExtractionCase("{2}ab", nil),  // quantifier without an item: compile error
        ])
    func braces(_ testCase: ExtractionCase) {
        #expect(testCase.actual == testCase.expected)
    }

    @Test(
        "case-insensitivity and non-ASCII",
        arguments: [
            ExtractionCase("(?i)kelvin", caseless: true, ["kelvin"]),  // caller handles caselessHazards
            ExtractionCase("(?i)kelvin", ["elvin"]),  // inline (?i): k may be U+212A
            ExtractionCase("(?i)Sunday", ["unday"]),
            ExtractionCase("[Kk]elvin", ["kelvin"]),  // a case-sensitive class does not match U+212A
            ExtractionCase("café", ["café"]),
            ExtractionCase("café", caseless: true, ["caf"]),
            ExtractionCase("(?-i:café)", caseless: true, ["caf"]),  // caseless rules get ASCII-only literals
            ExtractionCase("Café au lait", caseless: true, [" au lait"]),
            ExtractionCase("Ad(?i)vert(?-i)ising", ["Advertising"]),
            ExtractionCase("(?i)AP Photo", ["ap photo"]),  // matched without case: lowercase, either case
            ExtractionCase("AP Photo", caseless: true, ["ap photo"]),
            // A literal that holds another in the scanner's comparison is dropped: "AP Photo" holds "ap Photo".
            ExtractionCase("(?:AP|ap) Photo", ["ap Photo"]),
            ExtractionCase("(?:AP|Ap) Photo", ["Ap Photo"]),  // and "AP Photo" holds "Ap Photo"
            ExtractionCase("(a(?i)b|c)d", ["abd", "cd"]),
            ExtractionCase("(?^i)ab", ["ab"]),
        ])
    func caseInsensitivity(_ testCase: ExtractionCase) {
        #expect(testCase.actual == testCase.expected)
    }

    @Test(
        "extended mode",
        arguments: [
            ExtractionCase("foo bar  # comment | x\nbaz", extended: true, ["foobarbaz"]),
            ExtractionCase(#"a\ b"#, extended: true, ["a b"]),
            ExtractionCase("a # c\n +bc", extended: true, ["abc"]),  // the quantifier applies across the comment
            ExtractionCase("a b {2} c", extended: true, ["abbc"]),
            ExtractionCase("[ ]x", extended: true, [" x"]),  // whitespace is literal inside classes
            ExtractionCase(##"\#ab"##, extended: true, ["#ab"]),
            ExtractionCase(#"ab\x{20}cd"#, extended: true, ["ab cd"]),
            ExtractionCase("a#\rbc", extended: true, ["abc"]),  // ANYCRLF: CR ends a comment
            ExtractionCase("a\u{85}b\u{2028}c", extended: true, ["abc"]),  // Pattern_White_Space
            ExtractionCase("(?^)ab", extended: true, nil),  // would switch x off
        ])
    func extendedMode(_ testCase: ExtractionCase) {
        #expect(testCase.actual == testCase.expected)
    }

    @Test(
        "unsupported or invalid syntax gives nil",
        arguments: [
            "(*UTF)abc", "(?|a|b)cd", #"\cAfoo"#, #"\o{101}bc"#, "(?R)?ab", "(?(1)a|b)cd", "(?x)abc", #"ab\g<1>cd"#,
            "ab(?1)cd", "ab(?&n)cd", "(?C1)abc", "[:alpha:]abc", "[[.a.]]bc", "abc)", "(abc", "[abc", "abc**",
            #"abc\"#, #"\N{U+41}bc"#, #"\yabc"#, "(?xx)abc", "(?a)abc", "(?<*abc)", #"\x{110000}abc"#,
        ])
    func unsupported(_ pattern: String) {
        #expect(LiteralExtractor.requiredLiterals(pattern: pattern, caseInsensitive: false, extended: false) == nil)
    }

    @Test func minimumLengthIsHonoured() {
        let pattern = "(?:ab|cdef)gh|xyz"
        #expect(LiteralExtractor.requiredLiterals(pattern: pattern, caseInsensitive: false, extended: false)
            == [Array("abgh".utf8), Array("cdefgh".utf8), Array("xyz".utf8)])
        #expect(LiteralExtractor.requiredLiterals(
            pattern: pattern, caseInsensitive: false, extended: false, minimumLength: 4) == nil)
        #expect(LiteralExtractor.requiredLiterals(pattern: "abc", caseInsensitive: false, extended: false,
            minimumLength: 3) == [Array("abc".utf8)])
    }

    @Test func redundantLiteralsAreDropped() {
        // Every match of "xab" also contains "ab".
        #expect(LiteralExtractor.requiredLiterals(pattern: "(?:xab|ab)c?", caseInsensitive: false, extended: false)
            == [Array("ab".utf8)])
    }

    /// The claim in `LiteralExtractor`: no character but these two is caselessly equal to an ASCII character.
    /// Every non-ASCII scalar goes through PCRE2 with the options the engine uses, against every ASCII character.
    @Test func caselessHazardsAreExactlyThoseOfPCRE2() throws {
        var subject: [UInt8] = []
        for value in 0x80...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            subject.append(contentsOf: Array(String(scalar).utf8))
            subject.append(0x0A)
        }
        let anyASCII = try CompiledPattern(#"[\x00-\x09\x0B-\x7F]"#, options: .caseInsensitive)
        var scratch = MatchScratch()
        var hazards: [[UInt8]] = []
        try subject.withUnsafeBufferPointer { bytes in
            try anyASCII.forEachMatch(in: bytes, scratch: &scratch) { range, _ in
                hazards.append(Array(bytes[range]))
                return true
            }
        }
        #expect(hazards.sorted { $0.lexicographicallyPrecedes($1) }
            == LiteralExtractor.caselessHazards.sorted { $0.lexicographicallyPrecedes($1) })
    }
}
