import Newsclean
import Testing
import _NewscleanTestSupport

/// One line model everywhere: LF, CRLF and a lone CR each end a line, for the patterns' `^` and `$`, the actions,
/// the conditions, de-duplication and the tidy pass.
@Suite("Line model: LF, CRLF and lone CR end a line")
struct LineModelTests {
    let promo = Rule(id: "promo", action: .deleteLine(.pattern("^Subscribe now$")))

    @Test("delete-line removes the CR-delimited line its match is on, not the LF-delimited run around it")
    func loneCarriageReturn() throws {
        let input = "First.\nA real paragraph.\rSubscribe now\rAnother real paragraph.\nLast.\n"
        #expect(try cleaned(input, with: [promo]) == "First.\nA real paragraph.\rAnother real paragraph.\nLast.\n")
    }

    @Test(
        "a CRLF document keeps CRLF at the gaps and at its end",
        arguments: [
            ("A.\r\nSubscribe now\r\nB.\r\n", "A.\r\nB.\r\n"),
            ("A.\r\n\r\nSubscribe now\r\n\r\nB.\r\n", "A.\r\n\r\nB.\r\n"),
            ("A.\r\nB.\r\nSubscribe now\r\n", "A.\r\nB.\r\n"),
            ("A.\r\nB.\r\nSubscribe now", "A.\r\nB.\r\n"),
            ("Subscribe now\r\n\r\nA.\r\n", "A.\r\n"),
            ("A.\rSubscribe now\rB.\r", "A.\rB.\r"),
        ]
    )
    func crlfKept(input: String, expected: String) throws {
        #expect(try cleaned(input, with: [promo]) == expected)
    }

    @Test(
        "a document no rule touches comes out byte for byte",
        arguments: ["A.\r\nB.\r\n", "   ", "\n\nA.  \n\n", "A.", "A.\rB.", "\r\n\r\n", ""]
    )
    func untouched(input: String) throws {
        let result = try clean(input, with: [promo])
        #expect(result.removals.isEmpty)
        #expect(Array(result.text.utf8) == Array(input.utf8))
    }

    @Test("conditions count the words of the CR-delimited line")
    func conditions() throws {
        let share = Rule(id: "share", action: .deleteLine(.pattern("^Share")), conditions: Rule.Conditions(maxWords: 1))
        let input = "Share this story with your friends today.\rShare\rMore text here.\n"
        #expect(try cleaned(input, with: [share]) == "Share this story with your friends today.\rMore text here.\n")
    }

    @Test("dedupe-adjacent compares CR-delimited lines")
    func dedupe() throws {
        let twice = Rule(id: "twice", action: .dedupeAdjacent())
        #expect(try cleaned("Caption here.\rCaption here.\rBody.\r\n", with: [twice]) == "Caption here.\rBody.\r\n")
        #expect(try cleaned("Caption.\r\nCaption.\r\nBody.\r\n", with: [twice]) == "Caption.\r\nBody.\r\n")
    }

    @Test("delete-block counts CRLF and CR lines in its window")
    func deleteBlock() throws {
        let box = Rule(
            id: "box",
            action: .deleteBlock(start: .pattern("^Related$"), end: .pattern("^End$"), maxLines: 3)
        )
        #expect(try cleaned("A.\r\nRelated\r\nOne\r\nEnd\r\nB.\r\n", with: [box]) == "A.\r\nB.\r\n")
        #expect(try cleaned("A.\rRelated\rOne\rTwo\rEnd\rB.\r", with: [box]) == "A.\rRelated\rOne\rTwo\rEnd\rB.\r")
    }

    @Test("a Swift rule's lines end at CR and CRLF too")
    func customRuleLines() throws {
        struct Lines: CustomRule {
            func apply(to text: TextView, remove: (Range<Int>) -> Void) {
                text.forEachLine { line in if text.string(line) == "X" { remove(line) } }
            }
        }
        let rule = Rule(id: "x", action: .custom(Lines()))
        #expect(try cleaned("A.\r\nX\r\nB.\rX\rC.\n", with: [rule]) == "A.\r\nB.\rC.\n")
    }
}
