import Newsclean
import Testing

/// Rules that remove the lines other rules' removals point at; the anchors of the tests below.
private let shareWord = Rule(id: "share", action: .deleteLine(.pattern("^(?:Facebook|Twitter|Email|Print)$")))

@Suite("Context rules")
struct ContextRuleTests {
    @Test("delete-run removes the short lines between the anchors of a run, and only those")
    func run() throws {
        let run = Rule(id: "run", action: .deleteRun(Rule.RunShape(maxWords: 8, minLines: 3, minAnchors: 2)))
        let cleaner = try genericCleaner([shareWord, run])
        let input = "Intro paragraph of the story, long enough to read as prose.\nFacebook\nAcme Daily\nTwitter\nBody.\n"
        #expect(cleaner.clean(input).text == "Intro paragraph of the story, long enough to read as prose.\nBody.\n")
        // Lines before the first anchor and after the last stay.
        let edges = "Watch the moment it opened\nFacebook\nAcme Daily\nTwitter\nSee more photos\nThe bridge opened.\n"
        #expect(cleaner.clean(edges).text == "Watch the moment it opened\nSee more photos\nThe bridge opened.\n")
        // One anchor is not enough.
        let one = "Prose line ends here.\nFacebook\nAcme Daily\nOther short line\nMore prose here.\n"
        #expect(cleaner.clean(one).text == "Prose line ends here.\nAcme Daily\nOther short line\nMore prose here.\n")
        // A line of prose between the anchors breaks the run.
        let prose = "Facebook\nThe council met on Tuesday.\nTwitter\n"
        #expect(cleaner.clean(prose).text == "The council met on Tuesday.\n")
        // A long line breaks it too, even without a full stop.
        let long = "Facebook\none two three four five six seven eight nine ten\nTwitter\n"
        #expect(cleaner.clean(long).text == "one two three four five six seven eight nine ten\n")
        // Sentences ending in "!" or "?" are prose too; so is a sentence in a script without spaces (one "word").
        let exclaimed = "Facebook\nWhat a night it was for all of us!\nTwitter\n"
        #expect(cleaner.clean(exclaimed).text == "What a night it was for all of us!\n")
        let sentence = String(repeating: "\u{4ECA}\u{5929}\u{5929}\u{6C14}\u{5F88}\u{597D}\u{6211}\u{4EEC}\u{53BB}\u{516C}\u{56ED}", count: 2)
        #expect(cleaner.clean("Facebook\n\(sentence)\nTwitter\n").text == sentence + "\n")
        // Lines end at CRLF and lone CR too, and the document keeps its line breaks.
        let crlf = "Intro paragraph of the story, long enough to read as prose.\r\nFacebook\r\nAcme Daily\r\nTwitter\r\nBody.\r\n"
        #expect(cleaner.clean(crlf).text == "Intro paragraph of the story, long enough to read as prose.\r\nBody.\r\n")
        let cr = "Intro paragraph of the story, long enough to read as prose.\rFacebook\rAcme Daily\rTwitter\rBody.\r"
        #expect(cleaner.clean(cr).text == "Intro paragraph of the story, long enough to read as prose.\rBody.\r")
        // Blank lines do not break a run.
        let blanks = "Facebook\n\nAcme Daily\n\nTwitter\n\nBody text follows here.\n"
        #expect(cleaner.clean(blanks).text == "Body text follows here.\n")
    }

    @Test("delete-run with through_end takes the lines after the last anchor when the run ends the document")
    func runThroughEnd() throws {
        let footer = Rule(
            id: "run",
            action: .deleteRun(Rule.RunShape(maxWords: 8, minLines: 3, minAnchors: 2, throughEnd: true))
        )
        let cleaner = try genericCleaner([shareWord, footer])
        let input = "The article ends here, as articles do.\nFacebook\nTwitter\nAbout us\nContact\n"
        #expect(cleaner.clean(input).text == "The article ends here, as articles do.\n")
        // Not at the end of the document: the lines after the last anchor stay.
        let middle = "Facebook\nTwitter\nAbout us\nThe article goes on here, as articles do.\n"
        #expect(cleaner.clean(middle).text == "About us\nThe article goes on here, as articles do.\n")
        // Without through_end, the footer stays.
        let plain = Rule(id: "run", action: .deleteRun(Rule.RunShape(maxWords: 8, minLines: 3, minAnchors: 2)))
        #expect(try genericCleaner([shareWord, plain]).clean(input).text
            == "The article ends here, as articles do.\nAbout us\nContact\n")
    }

    @Test("delete-run needs its share of anchors and respects max_lines")
    func runShare() throws {
        let strict = Rule(
            id: "run",
            action: .deleteRun(Rule.RunShape(maxWords: 8, minLines: 3, maxLines: 5, minAnchors: 2, minAnchorShare: 0.5))
        )
        let cleaner = try genericCleaner([shareWord, strict])
        // 2 anchors of 5 lines: below half.
        let thin = "Facebook\nA\nB\nC\nTwitter\n"
        #expect(cleaner.clean(thin).text == "A\nB\nC\n")
        // 3 of 5: enough.
        #expect(cleaner.clean("Facebook\nA\nEmail\nB\nTwitter\n").text == "")
        // 6 lines: longer than max_lines.
        #expect(cleaner.clean("Facebook\nA\nEmail\nB\nTwitter\nPrint\n").text == "A\nB\n")
    }

    @Test("delete-list removes a heading and the headlines under it, up to the next paragraph")
    func list() throws {
        let list = Rule(
            id: "list",
            action: .deleteList(heading: .pattern("^(?:More from .+|Most read)$"), Rule.ListShape(maxItems: 3))
        )
        let cleaner = try genericCleaner([list])
        let input = "The story.\nMore from Politics\nBudget vote delayed\nOpposition wins seat\nA paragraph of prose follows it.\n"
        #expect(cleaner.clean(input).text == "The story.\nA paragraph of prose follows it.\n")
        // A subheading followed by prose: no list, nothing removed.
        let subheading = "The story.\nMost read\nReaders liked the long pieces best, the editor said.\n"
        #expect(cleaner.clean(subheading).text == subheading)
        // One headline is not a list (min_items 2).
        let single = "Most read\nBudget vote delayed\nA paragraph of prose follows it.\n"
        #expect(cleaner.clean(single).text == single)
        // At most max_items items.
        let many = "Most read\nOne\nTwo\nThree\nFour\n"
        #expect(cleaner.clean(many).text == "Four\n")
        // Lines that end a sentence or carry no letter are not headlines.
        let figures = "Most read\n2019 12.3\n2020 14.1\n"
        #expect(cleaner.clean(figures).text == figures)
        // A blank line ends a list whose items are not spaced out; a spaced-out list goes on through them.
        let boxed = "Most read\nOne headline\nTwo headline\n\nThree short line\n"
        #expect(cleaner.clean(boxed).text == "Three short line\n")
        let spaced = "Most read\n\nOne headline\n\nTwo headline\n\nThree headline\n"
        #expect(cleaner.clean(spaced).text == "")
    }

    @Test("delete-thread removes a comment thread delimited by signature lines")
    func thread() throws {
        let thread = Rule(
            id: "thread",
            action: .deleteThread(
                heading: .pattern(#"^\d* ?Comments$"#),
                signature: .pattern(#"^(?:Reply|.+ \d+ hours ago)$"#),
                Rule.ThreadShape(maxGap: 2, minSignatures: 2)
            )
        )
        let cleaner = try genericCleaner([thread])
        let tail = "The story.\n2 Comments\nJane 3 hours ago\nGreat.\nReply\nTom 2 hours ago\nNo.\n"
        #expect(cleaner.clean(tail).text == "The story.\n")
        // The thread ends at its last signature when article text goes on too far after it.
        let middle = "2 Comments\nJane 3 hours ago\nReply\nOne.\nTwo.\nThree.\n"
        #expect(cleaner.clean(middle).text == "One.\nTwo.\nThree.\n")
        // One signature is not a thread.
        let lone = "Comments\nJane 3 hours ago\nText goes on.\nAnd on.\nAnd on.\n"
        #expect(cleaner.clean(lone).text == lone)
    }

    @Test("context removals name their anchors: the lines other rules removed, or the heading and signatures")
    func anchors() throws {
        let run = Rule(id: "run", action: .deleteRun(Rule.RunShape(maxWords: 8, minLines: 3, minAnchors: 2)))
        let cleaner = try genericCleaner([shareWord, run])
        let input = "Facebook\nAcme Daily\nTwitter\n"
        let result = cleaner.clean(input)
        let context = try #require(result.removals.first { $0.ruleID == "p/run" })
        #expect(context.removedText(in: input) == "Acme Daily\n")
        #expect(context.anchors == [
            Removal.Anchor(ruleID: "p/share", range: 0..<8),
            Removal.Anchor(ruleID: "p/share", range: 20..<27),
        ])
        let list = Rule(id: "list", action: .deleteList(heading: .text("Most read")))
        let listed = try genericCleaner([list]).clean("Most read\nOne headline\nTwo headline\n")
        #expect(listed.removals.map(\.anchors) == [[Removal.Anchor(ruleID: "p/list", range: 0..<9)]])
    }

    @Test("context rules see the text after rewrites, and report in the input's offsets")
    func afterRewrite() throws {
        let rewrite = Rule(id: "rw", action: .replace(.text("FB"), with: "Facebook"))
        let run = Rule(id: "run", action: .deleteRun(Rule.RunShape(maxWords: 8, minLines: 3, minAnchors: 2)))
        let input = "FB\nAcme\nTwitter\n"
        let result = try genericCleaner([rewrite, shareWord, run]).clean(input)
        #expect(result.text == "")
        let context = try #require(result.removals.first { $0.ruleID == "p/run" })
        #expect(context.range == 3..<8)
        #expect(context.anchors.map(\.range) == [0..<2, 8..<15])
    }

    @Test("actions whose numbers make no sense are refused, not adjusted: a block of 1 line, a run of max below min")
    func shapeProblems() {
        let block = Rule(id: "block", action: .deleteBlock(start: .text("A"), end: .text("B"), maxLines: 1))
        let run = Rule(id: "run", action: .deleteRun(Rule.RunShape(minLines: 5, maxLines: 3)))
        let share = Rule(id: "share", action: .deleteRun(Rule.RunShape(minAnchorShare: 1.5)))
        let list = Rule(id: "list", action: .deleteList(heading: .text("Most read"), Rule.ListShape(minItems: 4, maxItems: 2)))
        let error = #expect(throws: CleanerError.self) { try genericCleaner([block, run, share, list]) }
        if let error {
            #expect(error.problems.map(\.code) == Array(repeating: CleanerError.Problem.Code.invalidShape, count: 4))
            #expect(error.problems.map(\.message) == [
                "max_lines must be at least 2 (the start and end lines), not 1",
                "max_lines (3) is below min_lines (5)",
                "min_anchor_share must be from 0 to 1",
                "max_items (2) is below min_items (4)",
            ])
        }
    }
}
