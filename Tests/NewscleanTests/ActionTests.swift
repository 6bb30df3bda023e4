import Newsclean
import Testing
import _NewscleanTestSupport

@Suite("Actions")
struct ActionTests {
    @Test("delete-match removes a span inside a line, also glued to the text around it")
    func deleteMatch() throws {
        let rule = Rule(id: "ad", action: .deleteMatch(.text("[Advertisement]")))
        #expect(try cleaned("Story goes on.[Advertisement]And on.\n", with: [rule]) == "Story goes on.And on.\n")
        #expect(try cleaned("Story goes on. [Advertisement] And on.\n", with: [rule]) == "Story goes on. And on.\n")
        #expect(try cleaned("Story goes on. [Advertisement]\nNext line.\n", with: [rule]) == "Story goes on.\nNext line.\n")
        #expect(try cleaned("[Advertisement] Story.\n", with: [rule]) == "Story.\n")
    }

    @Test("delete-line removes every line a match touches, with its line break")
    func deleteLine() throws {
        let rule = Rule(id: "credit", action: .deleteLine(.pattern("^Image: ")))
        let input = "First.\nImage: JANE DOE\nSecond.\nImage: X\n"
        #expect(try cleaned(input, with: [rule]) == "First.\nSecond.\n")
        // A match in the middle of a line takes the whole line.
        let middle = Rule(id: "promo", action: .deleteLine(.text("subscribe")))
        #expect(try cleaned("Keep.\nPlease subscribe to us today\nKeep too.", with: [middle]) == "Keep.\nKeep too.\n")
        // A match that spans a line break takes both lines.
        let spanning = Rule(id: "two", action: .deleteLine(.pattern(#"end\nstart"#)))
        #expect(try cleaned("a\nthe end\nstart here\nb\n", with: [spanning]) == "a\nb\n")
    }

    @Test("delete-block removes from a start line through the end line, within max_lines")
    func deleteBlock() throws {
        let rule = Rule(
            id: "related",
            action: .deleteBlock(start: .pattern("^Related stories$"), end: .pattern("^End related$"), maxLines: 4)
        )
        let input = "Intro.\n\nRelated stories\nOne\nTwo\nEnd related\n\nBody.\n"
        #expect(try cleaned(input, with: [rule]) == "Intro.\n\nBody.\n")
        // The end is too far: nothing is deleted.
        let far = "Intro.\nRelated stories\nOne\nTwo\nThree\nEnd related\nBody.\n"
        #expect(try cleaned(far, with: [rule]) == far)
        // No end at all: nothing is deleted.
        let open = "Intro.\nRelated stories\nOne\n"
        #expect(try cleaned(open, with: [rule]) == open)
        // Two blocks.
        let twice = "A\nRelated stories\nx\nEnd related\nB\nRelated stories\ny\nEnd related\nC\n"
        #expect(try cleaned(twice, with: [rule]) == "A\nB\nC\n")
        // include_end: false stops right before the end line: a box ended by the article text that follows it.
        let untilText = Rule(
            id: "box",
            action: .deleteBlock(start: .pattern("^Related$"), end: .pattern(#"^(?:\S+\h+){5,}"#), includeEnd: false)
        )
        let box = "Intro text.\nRelated\nHeadline one\nHeadline two\nThe story goes on with a long line.\n"
        #expect(try cleaned(box, with: [untilText]) == "Intro text.\nThe story goes on with a long line.\n")
    }

    @Test("replace rewrites with $n, ${n}, ${name} and $$")
    func replace() throws {
        let rule = Rule(
            id: "dateline",
            action: .replace(.pattern(#"(?<city>[A-Z]+) \((\w+)\) -"#), with: "${city}, $2, $$:")
        )
        #expect(try cleaned("LONDON (Reuters) - Rain.\n", with: [rule]) == "LONDON, Reuters, $: Rain.\n")
        let result = try clean("LONDON (Reuters) - Rain.\n", with: [rule])
        #expect(result.removals == [Removal(ruleID: "test/dateline", packID: "test", range: 0..<18, replacement: "LONDON, Reuters, $:")])
    }

    @Test("overlapping rewrites: the leftmost wins, then the longer, then the earlier rule")
    func replaceConflicts() throws {
        let a = Rule(id: "a", action: .replace(.text("bc"), with: "X"))
        let b = Rule(id: "b", action: .replace(.text("abc"), with: "Y"))
        let c = Rule(id: "c", action: .replace(.text("ab"), with: "Z"))
        #expect(try cleaned("abcd\n", with: [a, b, c]) == "Yd\n")
        #expect(try cleaned("abcd\n", with: [c, a]) == "Zcd\n")
        // The same range: the earlier rule wins, whatever the order of the others.
        let d = Rule(id: "d", action: .replace(.text("ab"), with: "W"))
        #expect(try cleaned("ab\n", with: [c, d]) == "Z\n")
        #expect(try cleaned("ab\n", with: [d, c]) == "W\n")
    }

    @Test("removal rules see the rewritten text; removals are reported in input offsets")
    func rewriteThenRemove() throws {
        let rewrite = Rule(id: "normalise", action: .replace(.text("Foto:"), with: "Photo:"))
        let remove = Rule(id: "credit", action: .deleteLine(.pattern("^Photo: ")))
        let input = "Text.\nFoto: AP\nMore.\n"
        let result = try clean(input, with: [rewrite, remove])
        #expect(result.text == "Text.\nMore.\n")
        #expect(result.removals.map(\.ruleID) == ["test/credit", "test/normalise"])
        #expect(result.removals[0].range == 6..<15)
        #expect(result.removals[0].removedText(in: input) == "Foto: AP\n")
    }

    @Test("dedupe-adjacent keeps the first copy of a line or paragraph")
    func dedupe() throws {
        let rule = Rule(id: "twice", action: .dedupeAdjacent())
        #expect(try cleaned("Caption.\nCaption.\nText.\n", with: [rule]) == "Caption.\nText.\n")
        #expect(try cleaned("Caption.\n\nCaption.\n\nText.\n", with: [rule]) == "Caption.\n\nText.\n")
        #expect(try cleaned("Two\nlines\n\nTwo\nlines\n\nText.\n", with: [rule]) == "Two\nlines\n\nText.\n")
        #expect(try cleaned("A\nB\nA\n", with: [rule]) == "A\nB\nA\n")
        // Trailing spaces do not make copies different.
        #expect(try cleaned("Caption. \nCaption.\n", with: [rule]) == "Caption.\n")
    }

    @Test("dedupe-adjacent with a pattern removes only the copies it matches")
    func dedupeWithPattern() throws {
        let rule = Rule(id: "twice", action: .dedupeAdjacent(.pattern(#"\w\W+\w"#)))
        #expect(try cleaned("Yes.\nYes.\nTwo words\nTwo words\n", with: [rule]) == "Yes.\nYes.\nTwo words\n")
    }

    @Test("dedupe sees the text after removals: copies separated by a removed line are adjacent")
    func dedupeAfterRemoval() throws {
        let credit = Rule(id: "credit", action: .deleteLine(.pattern("^Image: ")))
        let twice = Rule(id: "twice", action: .dedupeAdjacent())
        let input = "Caption here.\nImage: AP\nCaption here.\nText.\n"
        let result = try clean(input, with: [credit, twice])
        #expect(result.text == "Caption here.\nText.\n")
        #expect(result.removals.map(\.ruleID) == ["test/credit", "test/twice"])
        #expect(result.removals[1].removedText(in: input) == "Caption here.\n")
    }

    @Test("a custom Swift rule takes part like a removal rule")
    func customRule() throws {
        struct DropShouting: CustomRule {
            func apply(to text: TextView, remove: (Range<Int>) -> Void) {
                text.forEachLine { line in
                    let words = text.string(line)
                    if words.count > 3, words == words.uppercased() { remove(line) }
                }
            }
        }
        let rule = Rule(id: "shouting", action: .custom(DropShouting()))
        let input = "Calm text.\nBUY NOW\nMore calm.\n"
        let result = try clean(input, with: [rule])
        // Removing all of a line's text removes the line: no blank line is left behind.
        #expect(result.text == "Calm text.\nMore calm.\n")
        #expect(result.removals == [Removal(ruleID: "test/shouting", packID: "test", range: 11..<18)])
    }
}
