import NewscleanRegex
import Testing

@testable import Newsclean

/// A pattern and whether `LiteralExtractor.isLineLocal` must prove that no match contains a line feed.
struct LocalityCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let dotAll: Bool
    let extended: Bool
    let expected: Bool

    init(_ pattern: String, dotAll: Bool = false, extended: Bool = false, _ expected: Bool) {
        self.pattern = pattern
        self.dotAll = dotAll
        self.extended = extended
        self.expected = expected
    }

    var testDescription: String { "\(pattern.debugDescription)\(dotAll ? " /s" : "")\(extended ? " /x" : "")" }

    var actual: Bool {
        LiteralExtractor.isLineLocal(pattern: pattern, caseInsensitive: false, extended: extended, dotAll: dotAll)
    }
}

@Suite("Line locality")
struct LineLocalityTests {
    @Test(
        "line-local patterns: no construct can consume a line feed",
        arguments: [
            LocalityCase("^Read more: .{5,120}$", true),
            LocalityCase(#"^(?:Photo|Image):\h+\S+"#, true),
            LocalityCase(#"\bSubscribe\b[^\n]*"#, true),
            LocalityCase(#"[^\s]+ credit"#, true),
            LocalityCase(#"\p{Lu}{3,} \d+ \w+ \N+"#, true),
            LocalityCase(#"[[:alpha:][:digit:]]+ \p{Latin}"#, true),
            LocalityCase(#"(?<=said )Reuters(?= news)"#, true),
            LocalityCase(#"(a)b\1"#, true),
            LocalityCase(#"(?<x>a)b\k<x>"#, true),
            LocalityCase(#"(?-s:.)+ends"#, true),
            LocalityCase(#"[a-z\x{100}-\x{200}] \V"#, true),
            LocalityCase(#"a # comment with a \n"#, extended: true, true),
            LocalityCase(#"^(?&kw)[ \t]+x(?(DEFINE)(?<kw>ab|c[^\n]d))"#, true),
            LocalityCase(#"(?<w>\w+) (?&w) (?P>w) (?1) (?-1) (?R)?"#, true),
            LocalityCase(#"Photo(?=[^\n]*+\n\s*+\S)(?<!\s\s)"#, true),
            LocalityCase(#"x(?![\s\S])(?=(?=\n))"#, true),
        ])
    func lineLocal(_ testCase: LocalityCase) {
        #expect(testCase.actual == testCase.expected)
    }

    @Test("with lookaroundsToo, a lookaround that may reach past a line feed makes the pattern not line-local")
    func lookaroundsToo() {
        let pattern = #"(?<=Photo:\n)[A-Z]+(?=\s)"#
        #expect(LiteralExtractor.isLineLocal(pattern: pattern, caseInsensitive: false, extended: false, dotAll: false))
        #expect(
            !LiteralExtractor.isLineLocal(
                pattern: pattern, caseInsensitive: false, extended: false, dotAll: false, lookaroundsToo: true))
        #expect(
            LiteralExtractor.isLineLocal(
                pattern: #"(?<=Photo: )[A-Z]+(?=[ \t]|$)"#, caseInsensitive: false, extended: false, dotAll: false,
                lookaroundsToo: true))
    }

    @Test(
        "patterns that may consume a line feed, or that are not understood",
        arguments: [
            LocalityCase("a.b", dotAll: true, false),
            LocalityCase("(?s)a.b", false),
            LocalityCase("(?s:a.)b", false),
            LocalityCase(#"a\nb"#, false),
            LocalityCase("a\nb", false),
            LocalityCase(#"a\x0ab"#, false),
            LocalityCase(#"a\x{a}b"#, false),
            LocalityCase(#"a\012b"#, false),
            LocalityCase(#"a\12b"#, false),
            LocalityCase("a\\Q\n\\Eb", false),
            LocalityCase(#"a\sb"#, false),
            LocalityCase(#"a\vb"#, false),
            LocalityCase(#"a\Rb"#, false),
            LocalityCase(#"a\Db"#, false),
            LocalityCase(#"a\Wb"#, false),
            LocalityCase(#"a\Hb"#, false),
            LocalityCase(#"a\Xb"#, false),
            LocalityCase(#"a\P{L}b"#, false),
            LocalityCase(#"a\p{Cc}b"#, false),
            LocalityCase(#"a\p{Any}b"#, false),
            LocalityCase(#"a\p{^L}b"#, false),
            LocalityCase(#"a[^x]b"#, false),
            LocalityCase(#"a[\s]b"#, false),
            LocalityCase(#"a[\x00-\x7f]b"#, false),
            LocalityCase(#"a[[:space:]]b"#, false),
            LocalityCase(#"a[[:^alpha:]]b"#, false),
            LocalityCase(#"a[\D]b"#, false),
            LocalityCase(#"a[\012]b"#, false),
            LocalityCase(#"a(?x)b"#, false),
            LocalityCase(#"(a\s)(?1)b"#, false),
            LocalityCase(#"^(?&kw)x(?(DEFINE)(?<kw>a\sb))"#, false),
            LocalityCase(#"^(?&kw)x(?(DEFINE)(?<kw>(?s)a.b))"#, false),
            LocalityCase(#"(?(1)a|b)c"#, false),
            LocalityCase(#"(?=(a\sb))\1"#, false),
            LocalityCase(#"(?=(?<g>a\sb))x(?&g)"#, false),
            LocalityCase(#"(?=(?<g>a\sb))x\k<g>"#, false),
        ])
    func notLineLocal(_ testCase: LocalityCase) {
        #expect(testCase.actual == testCase.expected)
    }

    /// Random patterns from atoms that can and cannot consume a line feed: whenever the analysis says line-local,
    /// PCRE2 (compiled as the engine compiles rules) must never report a match that contains one.
    @Test("a pattern proven line-local never matches across a line feed in PCRE2", arguments: 0..<8)
    func soundAgainstPCRE2(seed: Int) throws {
        var random = SeededRandom(state: UInt64(seed) &* 104_729 &+ 3)
        let atoms = [
            "zz", "a", ".", #"\s"#, #"\S"#, #"\d"#, #"\D"#, #"\w"#, #"\W"#, #"\h"#, #"\H"#, #"\v"#, #"\V"#, #"\R"#,
            #"\N"#, "[^a]", #"[^\n]"#, #"[^\s]"#, #"[\s]"#, "[a-z]", #"[\x00-\x7f]"#, "[[:space:]]", "[[:alpha:]]",
            "[[:^alpha:]]", #"\p{L}"#, #"\P{L}"#, #"\p{Cc}"#, #"\p{Zs}"#, #"\n"#, #"\x0a"#, #"\012"#, "(?s:.)",
            "(?-s:.)", #"\X"#, "(?=a)", #"(?<=\n)"#, "$", "^", #"\b"#, #"(?=\s)"#, #"(?=(a\s))"#, #"\1"#,
            #"(?![^\n]*\n)"#,
        ]
        let quantifiers = ["", "", "*", "+", "?", "{0,3}", "*?"]
        let alphabet = ["a", "z", "zz", " ", "\n", "\t", "\r", "é", "1", "\u{85}", "\u{2028}"]
        var proven = 0
        for _ in 0..<1_500 {
            var pattern = ""
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let atom = atoms.randomElement(using: &random)!
                pattern += Bool.random(using: &random) ? "(?:\(atom)|zz)" : atom
                pattern += quantifiers.randomElement(using: &random)!
            }
            pattern += "zz" + atoms.randomElement(using: &random)! + quantifiers.randomElement(using: &random)!
            // Subroutine calls to a DEFINE group built from the same atoms.
            if Int.random(in: 0..<3, using: &random) == 0 {
                pattern += "(?&d)" + quantifiers.randomElement(using: &random)!
                pattern += "(?(DEFINE)(?<d>" + atoms.randomElement(using: &random)! + "y))"
            }
            let dotAll = Int.random(in: 0..<4, using: &random) == 0
            // Some combinations do not compile (a quantified anchor); they are not rules.
            guard LiteralExtractor.isLineLocal(pattern: pattern, caseInsensitive: false, extended: false, dotAll: dotAll),
                let compiled = try? CompiledPattern(pattern, options: dotAll ? [.dotMatchesLineBreaks] : [])
            else { continue }
            proven += 1
            var scratch = MatchScratch()
            for _ in 0..<10 {
                let text = (0..<60).map { _ in alphabet.randomElement(using: &random)! }.joined()
                let bytes = Array(text.utf8)
                try bytes.withUnsafeBufferPointer { subject in
                    // Every start position, not only the leftmost-first sequence.
                    for start in 0..<subject.count {
                        guard let range = try compiled.firstMatch(in: subject, from: start, scratch: &scratch) else {
                            break
                        }
                        #expect(!subject[range].contains(0x0A), "\(pattern.debugDescription) on \(text.debugDescription)")
                    }
                }
            }
        }
        #expect(proven > 100, "the generator should produce line-local patterns (got \(proven))")
    }
}

@Suite("Line locality: searching lines alone")
struct LinesAloneTests {
    static func locality(_ pattern: String) -> LiteralExtractor.LineLocality {
        LiteralExtractor.lineLocality(pattern: pattern, caseInsensitive: false, extended: false, dotAll: false)
    }

    @Test("a pattern that sees only its own line may be searched in the text cut after the searched lines")
    func linesAlone() {
        #expect(Self.locality(#"^Photo: [^\n]{1,80}$"#) == .init(matches: true, lookaroundsToo: true, linesAlone: true))
        #expect(Self.locality(#"(?<=[.!?]) Credit: \w+$"#).linesAlone)
    }

    @Test("a lookaround past the line, or an assertion about the end of the text, rules that out")
    func notAlone() {
        #expect(Self.locality(#"^Photo$(?=\n\n)"#) == .init(matches: true, lookaroundsToo: false, linesAlone: false))
        #expect(Self.locality(#"^Photo: \w+\z"#) == .init(matches: true, lookaroundsToo: true, linesAlone: false))
        #expect(Self.locality(#"^Photo: \w+\Z"#).linesAlone == false)
        #expect(Self.locality(#"^Photo\s+\w+$"#) == .init(matches: false, lookaroundsToo: false, linesAlone: false))
    }
}
