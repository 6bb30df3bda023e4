import Newsclean
import Testing
import _NewscleanTestSupport

@Suite("Rule conditions")
struct ConditionTests {
    static func rule(_ conditions: Rule.Conditions, pattern: String = "^(?:Print|Email|Advertisement)$") -> Rule {
        Rule(id: "chrome", action: .deleteLine(.pattern(pattern)), conditions: conditions)
    }

    @Test("max_words and min_words count the words of the matched line")
    func words() throws {
        let short = Self.rule(Rule.Conditions(maxWords: 2), pattern: "^Share")
        #expect(try cleaned("Share this\nShare prices rose sharply today\n", with: [short]) == "Share prices rose sharply today\n")
        let long = Self.rule(Rule.Conditions(minWords: 3), pattern: "^Share")
        #expect(try cleaned("Share this\nShare prices rose sharply today\n", with: [long]) == "Share this\n")
    }

    @Test("in_short_run: chrome among short lines goes; a short subheading between paragraphs stays")
    func inShortRun() throws {
        let chrome = Self.rule(Rule.Conditions(inShortRun: 3))
        let toolbar = "The minister resigned on Friday after a long week of pressure.\n\nPrint\nEmail\nShare\n\nThe vote is on Tuesday, officials said in a statement.\n"
        #expect(try cleaned(toolbar, with: [chrome]) == "The minister resigned on Friday after a long week of pressure.\n\nShare\n\nThe vote is on Tuesday, officials said in a statement.\n")
        let subheading = "The minister resigned on Friday after a long week of pressure.\n\nAdvertisement\n\nThe vote is on Tuesday, officials said in a statement.\n"
        #expect(try cleaned(subheading, with: [chrome]) == subheading)
    }

    @Test("standalone: the line is its own paragraph")
    func standalone() throws {
        let alone = Self.rule(Rule.Conditions(standalone: true))
        #expect(try cleaned("Text.\n\nAdvertisement\n\nMore.\n", with: [alone]) == "Text.\n\nMore.\n")
        #expect(try cleaned("Text.\nAdvertisement\nMore.\n", with: [alone]) == "Text.\nAdvertisement\nMore.\n")
        let notAlone = Self.rule(Rule.Conditions(standalone: false))
        #expect(try cleaned("Text.\nAdvertisement\nMore.\n", with: [notAlone]) == "Text.\nMore.\n")
    }

    @Test("first_lines and last_lines count non-blank lines from either end")
    func position() throws {
        let top = Self.rule(Rule.Conditions(firstLines: 2))
        #expect(try cleaned("\nPrint\nA\nB\nPrint\n", with: [top]) == "A\nB\nPrint\n")
        let bottom = Self.rule(Rule.Conditions(lastLines: 1))
        #expect(try cleaned("Print\nA\nB\nPrint\n\n", with: [bottom]) == "Print\nA\nB\n")
        let ends = Self.rule(Rule.Conditions(firstLines: 1, lastLines: 1))
        #expect(try cleaned("Print\nA\nPrint\nB\nPrint\n", with: [ends]) == "A\nPrint\nB\n")
    }

    @Test("min_repeats: the line's text occurs at least that often in the document")
    func repeats() throws {
        let repeated = Self.rule(Rule.Conditions(minRepeats: 2), pattern: "^Read more")
        #expect(try cleaned("Read more\nA\n Read more \nRead more about it\n", with: [repeated]) == "A\n Read more \nRead more about it\n")
    }

    @Test("conditions gate delete-match by the line where the match starts, and delete-block by its start line")
    func otherActions() throws {
        let inline = Rule(id: "label", action: .deleteMatch(.text("AD")), conditions: Rule.Conditions(maxWords: 1))
        #expect(try cleaned("AD\nAD in a sentence\n", with: [inline]) == "AD in a sentence\n")
        let block = Rule(
            id: "box",
            action: .deleteBlock(start: .pattern("^Related$"), end: .pattern("^End$")),
            conditions: Rule.Conditions(lastLines: 3)
        )
        let input = "Related\nx\nEnd\nBody\nRelated\ny\nEnd\n"
        #expect(try cleaned(input, with: [block]) == "Related\nx\nEnd\nBody\n")
    }
}

@Suite("Conditions decide where a match may start")
struct ConditionGateTests {
    // Before, the search found the two-line match starting on "one two three", dropped it (three words), and went on
    // after it, so the match starting on "four" was never found.
    @Test("a line that fails the conditions is not searched, so its match hides none on the next lines")
    func failingLineHidesNothing() throws {
        let pair = Rule(
            id: "pair",
            action: .deleteLine(.pattern(#"^[a-z ]+\n[a-z]+$"#)),
            conditions: Rule.Conditions(maxWords: 1)
        )
        #expect(try cleaned("one two three\nfour\nfive\n", with: [pair]) == "one two three\n")
    }

    @Test("a pattern with \\K keeps its conditions as a check of each match, at the line where the match starts")
    func resetMatchStart() throws {
        let after = Rule(
            id: "after",
            action: .deleteMatch(.pattern(#"^Photos\n\KAP$"#)),
            conditions: Rule.Conditions(maxWords: 1)
        )
        #expect(try cleaned("Photos\nAP\nText here.\n", with: [after]) == "Photos\nText here.\n")
        let multiWordStart = Rule(
            id: "after",
            action: .deleteMatch(.pattern(#"^Two photos\n\KAP$"#)),
            conditions: Rule.Conditions(maxWords: 1)
        )
        #expect(try cleaned("Two photos\nAP\nText here.\n", with: [multiWordStart]) == "Two photos\nText here.\n")
    }
}

@Suite("Search facts")
struct SearchFactTests {
    // The claim is wrong for this pattern on purpose: it shows that lines whose start does not repeat on the next
    // line are not searched, and that the naive engine, which ignores the claim, still finds them.
    @Test("repeated_start: only lines whose first N bytes begin the next non-blank line are searched")
    func repeatedStart() throws {
        let rule = Rule(
            id: "credit",
            action: .deleteLine(.pattern(#"^Photo: [^\n]+$"#)),
            search: Rule.Search(repeatedStart: 5)
        )
        let text = "The text.\nPhoto: A\n\n \nPhoto: B\nEnd.\n"
        let gated = try cleaned(text, with: [rule])
        #expect(gated == "The text.\n\nPhoto: B\nEnd.\n")
        var naive = Cleaner.Options.unguarded
        naive.usesPrefilter = false
        let everywhere = try Cleaner(packs: [RulePack(id: "test", scope: .generic, rules: [rule])], options: naive)
        #expect(everywhere.clean(text).text == "The text.\n\nEnd.\n")
    }
}
