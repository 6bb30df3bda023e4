import Newsclean
import Testing
import _NewscleanTestSupport

@Suite("Tidying after removals")
struct TidyTests {
    let promo = Rule(id: "promo", action: .deleteLine(.pattern("^PROMO$")))
    let inline = Rule(id: "inline", action: .deleteMatch(.text("[ad]")))

    @Test(
        "the blank lines a removal leaves collapse to one; paragraph structure is kept",
        arguments: [
            ("A\nPROMO\nB\n", "A\nB\n"),
            ("A\n\nPROMO\n\nB\n", "A\n\nB\n"),
            ("A\nPROMO\n\nB\n", "A\n\nB\n"),
            ("A\n\nPROMO\nB\n", "A\n\nB\n"),
            ("A\n\n\nPROMO\n\n\n\nB\n", "A\n\nB\n"),
            ("A\nPROMO\nPROMO\n\nPROMO\nB\n", "A\n\nB\n"),
            ("A\nPROMO\n  indented\n", "A\n  indented\n"),
        ]
    )
    func blankLines(input: String, expected: String) throws {
        #expect(try cleaned(input, with: [promo]) == expected)
    }

    @Test(
        "after a removal: no leading or trailing blank lines, one final newline (untouched: LineModelTests)",
        arguments: [
            ("PROMO\n\nA\n", "A\n"),
            ("\n\nA\nPROMO\n\n", "A\n"),
            ("A\n\nPROMO", "A\n"),
            ("PROMO\nA", "A\n"),
            ("PROMO\n", ""),
            ("  \n\nPROMO\n", ""),
            ("\nPROMO\n  indented first line\n", "  indented first line\n"),
        ]
    )
    func documentEnds(input: String, expected: String) throws {
        #expect(try cleaned(input, with: [promo]) == expected)
    }

    @Test(
        "spaces left by a removal go at line ends; a gap inside a line keeps one space",
        arguments: [
            ("Text. [ad]\nMore.\n", "Text.\nMore.\n"),
            ("Text. [ad] more.\n", "Text. more.\n"),
            ("Text.[ad]more.\n", "Text.more.\n"),
            ("Text.\n[ad] More.\n", "Text.\nMore.\n"),
            ("Text.\n\n  [ad]\n  Indented.\n", "Text.\n\n  Indented.\n"),
            ("Text.\n[ad]\n  Indented.\n", "Text.\n  Indented.\n"),
        ]
    )
    func spaces(input: String, expected: String) throws {
        #expect(try cleaned(input, with: [inline]) == expected)
    }

    @Test("text away from removals is kept byte for byte, odd whitespace included, and so is the line break of the line before a gap")
    func untouched() throws {
        let input = "A  double  spaced line \t\nB\n\n\n\nC\r\nPROMO\nD\n"
        #expect(try cleaned(input, with: [promo]) == "A  double  spaced line \t\nB\n\n\n\nC\r\nD\n")
    }
}
