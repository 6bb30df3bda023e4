import Newsclean
import Testing

@Suite("Which packs apply")
struct PackSelectionTests {
    static func pack(_ id: String, hosts: [String], marker: String) -> RulePack {
        RulePack(
            id: id,
            scope: hosts.isEmpty ? .generic : .publisher(hosts: hosts),
            rules: [Rule(id: "marker", action: .deleteLine(.text(marker)))]
        )
    }

    let cleaner = try! Cleaner(packs: [
        pack("generic.one", hosts: [], marker: "G1"),
        pack("example.com", hosts: ["example.com"], marker: "EX"),
        pack("news.example.com", hosts: ["news.example.com"], marker: "NEWS"),
        pack("other.org", hosts: ["other.org", "other-mirror.net"], marker: "OTHER"),
    ])

    let document = "G1\nEX\nNEWS\nOTHER\nbody\n"

    @Test(
        "the publisher pack whose host is the longest suffix of the URL's host applies, with every generic pack",
        arguments: [
            ("https://example.com/a", "NEWS\nOTHER\nbody\n", "example.com"),
            ("https://www.example.com/a?x=1", "NEWS\nOTHER\nbody\n", "example.com"),
            ("http://news.example.com:8080/a", "EX\nOTHER\nbody\n", "news.example.com"),
            ("https://deep.news.example.com/", "EX\nOTHER\nbody\n", "news.example.com"),
            ("https://user@WWW.Other-Mirror.NET./x", "EX\nNEWS\nbody\n", "other.org"),
            ("https://notexample.com/", "EX\nNEWS\nOTHER\nbody\n", nil),
            ("https://example.com.evil.io/", "EX\nNEWS\nOTHER\nbody\n", nil),
            ("example.com/path", "NEWS\nOTHER\nbody\n", "example.com"),
            ("", "EX\nNEWS\nOTHER\nbody\n", nil),
            // Matched on the URL's bytes when it is ASCII; the same answers as the String path for the rest.
            (" \t//News.Example.COM../a#b \r\n", "EX\nOTHER\nbody\n", "news.example.com"),
            ("https://a@b@example.com:1/", "NEWS\nOTHER\nbody\n", "example.com"),
            ("https://[::1]:8080/example.com", "EX\nNEWS\nOTHER\nbody\n", nil),
            ("https://example.com?q=other.org", "NEWS\nOTHER\nbody\n", "example.com"),
            ("https://xexample.com", "EX\nNEWS\nOTHER\nbody\n", nil),
            ("https://.example.com", "NEWS\nOTHER\nbody\n", "example.com"),
            ("https://bücher.example.com/", "NEWS\nOTHER\nbody\n", "example.com"),
            ("\u{A0}https://EXAMPLE.com\u{2028}", "NEWS\nOTHER\nbody\n", "example.com"),
            ("https://", "EX\nNEWS\nOTHER\nbody\n", nil),
        ] as [(String, String, String?)]
    )
    func byHost(url: String, expected: String, pack: String?) {
        let result = cleaner.clean(document, url: url)
        #expect(result.text == expected)
        #expect(result.publisherPackID == pack)
        #expect(cleaner.publisherPack(forURL: url)?.id == pack)
    }

    @Test("--publisher names a pack by id or host, whatever the URL")
    func byName() {
        #expect(cleaner.clean(document, url: "https://example.com/", publisher: "other.org").text == "EX\nNEWS\nbody\n")
        #expect(cleaner.clean(document, publisher: "other-mirror.net").publisherPackID == "other.org")
        #expect(cleaner.pack(named: "nope") == nil)
    }

    @Test("duplicate pack and rule ids are refused with every problem listed")
    func duplicates() {
        let rule = Rule(id: "same", action: .deleteLine(.text("x")))
        #expect(throws: CleanerError.self) {
            try Cleaner(packs: [
                RulePack(id: "a", scope: .generic, rules: [rule, rule]),
                RulePack(id: "a", scope: .generic, rules: []),
            ])
        }
        do {
            _ = try Cleaner(packs: [
                RulePack(id: "a", scope: .generic, rules: [rule, rule, Rule(id: "bad", action: .deleteLine(.pattern("(")))]),
                RulePack(id: "a", scope: .generic, rules: []),
            ])
        } catch {
            #expect(error.problems.map(\.description) == [
                "error: a/same: duplicate rule id 'same'",
                "error: a/bad: invalid pattern: missing closing parenthesis",
                "error: a: duplicate pack id 'a'",
            ])
            #expect(error.problems[1].patternOffset == 1)
        }
    }
}

@Suite("Match limits")
struct MatchLimitTests {
    @Test("a rule that hits the match limit is skipped for the document, which is still cleaned")
    func runaway() throws {
        var options = Cleaner.Options()
        options.matchLimit = 10_000
        let cleaner = try genericCleaner(
            [
                Rule(id: "runaway", action: .deleteMatch(.pattern("(a+)+$"))),
                Rule(id: "promo", action: .deleteLine(.text("PROMO"))),
            ],
            options: options
        )
        let input = "PROMO\n" + String(repeating: "a", count: 5000) + "!\n"
        let result = cleaner.clean(input)
        #expect(result.text == String(repeating: "a", count: 5000) + "!\n")
        #expect(result.warnings.map(\.ruleID) == ["p/runaway"])
        #expect(result.warnings.first?.message.contains("match-limit") == true)
    }

    @Test(
        "a rule under the match limit at every position is stopped by the document's regex time budget",
        .timeLimit(.minutes(1))
    )
    func timeBudget() throws {
        var options = Cleaner.Options()
        options.regexTimePerDocument = .milliseconds(50)
        options.regexTimePerMebibyte = .zero
        let cleaner = try genericCleaner(
            [
                Rule(id: "promo", action: .deleteLine(.text("PROMO"))),
                // About 0.7 s a line of 1,000 a's, each attempt well under the match limit.
                Rule(id: "slow", action: .deleteMatch(.pattern(#"(a*)\1*a*c"#))),
                Rule(id: "after", action: .deleteLine(.text("TRAILER"))),
            ],
            options: options
        )
        let body = String(repeating: String(repeating: "a", count: 1_000) + "\n", count: 100) + "c\n"
        let result = cleaner.clean("PROMO\n" + body + "TRAILER\n")
        // PROMO went before the budget ran out; the slow rule and the rule after it were skipped, not half-applied.
        #expect(result.text == body + "TRAILER\n")
        #expect(result.removals.map(\.ruleID) == ["p/promo"])
        #expect(result.warnings.map(\.ruleID) == ["p/slow", "p/after"])
        #expect(
            result.warnings.allSatisfy {
                $0.message == "time budget for the document exhausted (time-budget); rule skipped for this document"
            })
    }
}
