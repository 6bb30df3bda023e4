import Foundation
import Newsclean
import Testing

/// JSON with sorted keys and no spaces: what the exact expectations below are written in.
private func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

private func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    try JSONDecoder().decode(type, from: Data(text.utf8))
}

private let located = Rule(
    id: "promo",
    description: "Subscription promos.",
    action: .deleteLine(.pattern("^Subscribe now$")),
    location: SourceLocation(file: "Rules/house.yaml", line: 7, column: 5)
)
private let rewrite = Rule(id: "nbsp", action: .replace(.text("&nbsp;"), with: " "))

@Suite("Codable results, warning codes and library-level explain")
struct CodableTests {
    @Test("a removal's JSON: rule, pack, start, end, and the rule's location when it came from a file")
    func removalJSON() throws {
        let cleaner = try Cleaner(packs: [RulePack(id: "house", scope: .generic, rules: [located, rewrite])])
        let result = cleaner.clean("Story&nbsp;goes on.\nSubscribe now\n")
        #expect(result.text == "Story goes on.\n")
        #expect(result.removals.map(\.ruleLocation) == [nil, SourceLocation(file: "Rules/house.yaml", line: 7, column: 5)])
        #expect(try json(result.removals) == """
            [{"end":11,"pack":"house","replacement":" ","rule":"house/nbsp","start":5},\
            {"end":34,"pack":"house","rule":"house/promo","rule_location":{"column":5,"file":"Rules/house.yaml","line":7},"start":20}]
            """)
        #expect(try decode([Removal].self, try json(result.removals)) == result.removals)
    }

    @Test("a result round-trips through JSON; removal_count and the over-deletion guard's rules are written for readers")
    func resultRoundTrip() throws {
        let paragraph = String(repeating: "The minister resigned after a long week of pressure. ", count: 6)
        let greedy = Rule(id: "greedy", action: .deleteLine(.text("minister")))
        let cleaner = try Cleaner(packs: [RulePack(id: "p", scope: .generic, rules: [greedy, located])])
        let result = cleaner.clean(paragraph + "\nSubscribe now\n")
        #expect(result.overDeletion != nil)
        #expect(result.warnings.map(\.code) == [.overDeletion])
        let text = try json(result)
        #expect(try decode(CleanResult.self, text) == result)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["removal_count"] as? Int == 0)
        #expect(object["publisher_pack"] is NSNull)
        let guarded = try #require(object["over_deletion"] as? [String: Any])
        #expect((guarded["rules"] as? [[String: Any]])?.map { $0["rule"] as? String } == ["p/greedy", "p/promo"])
        let warning = try #require((object["warnings"] as? [[String: Any]])?.first)
        #expect(warning["code"] as? String == "over-deletion")
        #expect(warning["rule"] as? String == "newsclean/over-deletion-guard")
    }

    @Test("a rule stopped by the match limit is skipped with a match-limit warning")
    func matchLimitCode() throws {
        var options = Cleaner.Options()
        options.matchLimit = 10_000
        let runaway = Rule(id: "runaway", action: .deleteMatch(.pattern("(a+)+$")))
        let cleaner = try Cleaner(packs: [RulePack(id: "p", scope: .generic, rules: [runaway])], options: options)
        let result = cleaner.clean(String(repeating: "a", count: 5000) + "!\n")
        #expect(result.warnings.map(\.code) == [.matchLimit])
        #expect(result.warnings.map(\.ruleID) == ["p/runaway"])
        #expect(try json(result.warnings) == """
            [{"code":"match-limit","message":"match limit exceeded (match-limit); rule skipped for this document",\
            "rule":"p/runaway"}]
            """)
    }

    @Test("every problem that stops a cleaner from being built has a code")
    func problemCodes() throws {
        let packs = [
            RulePack(id: "p", scope: .generic, rules: [
                Rule(id: "bad", action: .deleteMatch(.pattern("a(b"))),
                Rule(id: "twice", action: .deleteMatch(.text("x"))),
                Rule(id: "twice", action: .deleteMatch(.text("y"))),
            ]),
            RulePack(id: "p", scope: .generic, rules: []),
        ]
        #expect(throws: CleanerError.self) { try Cleaner(packs: packs) }
        do {
            _ = try Cleaner(packs: packs)
        } catch {
            #expect(error.problems.map(\.code) == [.invalidPattern, .duplicateRuleID, .duplicatePackID])
            #expect(error.problems.map(\.code.rawValue) == ["invalid-pattern", "duplicate-rule-id", "duplicate-pack-id"])
        }
    }

    @Test("Cleaner.explain locates each change in the input and in the rule file; url: takes a URL")
    func explain() throws {
        let publisher = RulePack(
            id: "acme.com",
            scope: .publisher(hosts: ["acme.com"]),
            rules: [Rule(id: "footer", action: .deleteLine(.text("ACME FOOTER")))]
        )
        let cleaner = try Cleaner(packs: [RulePack(id: "house", scope: .generic, rules: [located]), publisher])
        let input = "Story.\nSubscribe now\nMore story.\nACME FOOTER\n"
        let url = try #require(URL(string: "https://news.acme.com/2026/story"))
        let explanation = cleaner.explain(input, url: url)
        #expect(explanation.output == "Story.\nMore story.\n")
        #expect(explanation.publisherPackID == "acme.com")
        #expect(explanation.entries.map(\.lines) == [2...2, 4...4])
        #expect(explanation.entries.map(\.text) == ["Subscribe now\n", "ACME FOOTER\n"])
        #expect(explanation.entries[0].ruleLocation == SourceLocation(file: "Rules/house.yaml", line: 7, column: 5))
        #expect(cleaner.clean(input, url: url) == cleaner.clean(input, url: "https://news.acme.com/2026/story"))
        #expect(cleaner.publisherPack(forURL: url)?.id == "acme.com")
        #expect(try json(explanation) == """
            {"publisher_pack":"acme.com","removals":[\
            {"end":21,"end_line":2,"pack":"house","rule":"house/promo","rule_location":{"column":5,"file":"Rules/house.yaml","line":7},"start":7,"start_line":2,"text":"Subscribe now\\n"},\
            {"end":45,"end_line":4,"pack":"acme.com","rule":"acme.com/footer","start":33,"start_line":4,"text":"ACME FOOTER\\n"}],\
            "warnings":[]}
            """)
    }
}
