@testable import Newsclean
import Testing

@Suite("Over-deletion guard")
struct OverDeletionGuardTests {
    static let paragraph = Array(repeating: "The minister resigned after a long week of pressure from her own party.", count: 5)
        .joined(separator: " ")
    static let greedy = Rule(id: "greedy", action: .deleteLine(.text("minister")))
    static let promo = Rule(id: "promo", action: .deleteLine(.text("Subscribe now")))

    @Test("a document the rules would mostly remove is passed through unchanged, with the rules named")
    func tripped() throws {
        let cleaner = try Cleaner(packs: [RulePack(id: "p", scope: .generic, rules: [Self.greedy, Self.promo])])
        let input = Self.paragraph + "\nSubscribe now\n" + Self.paragraph + "\nShort kept line.\n"
        let result = cleaner.clean(input)
        #expect(result.text == input)
        #expect(result.removals.isEmpty)
        let guardInfo = try #require(result.overDeletion)
        #expect(guardInfo.limit == 0.9)
        #expect(guardInfo.removedFraction > 0.9)
        #expect(guardInfo.topRules.map(\.rule) == ["p/greedy", "p/promo"])
        #expect(result.warnings.map(\.ruleID) == ["newsclean/over-deletion-guard"])
        #expect(result.warnings[0].message.hasPrefix("the rules would remove 98% of the document (limit 90%"))
    }

    @Test("below the limit the rules apply; the limit is configurable, and a publisher pack may set its own")
    func limits() throws {
        let input = Self.paragraph + "\nSubscribe now\n" + Self.paragraph + "\n"
        let cleaner = try Cleaner(packs: [RulePack(id: "p", scope: .generic, rules: [Self.promo])])
        #expect(cleaner.clean(input).text == Self.paragraph + "\n" + Self.paragraph + "\n")
        var strict = Cleaner.Options()
        strict.maxRemovedFraction = 0.01
        let guarded = try Cleaner(packs: [RulePack(id: "p", scope: .generic, rules: [Self.promo])], options: strict)
        #expect(guarded.clean(input).text == input)
        var publisher = RulePack(id: "acme.com", scope: .publisher(hosts: ["acme.com"]), rules: [Self.greedy])
        publisher.maxRemovedFraction = 1
        let lenient = try Cleaner(packs: [publisher])
        #expect(lenient.clean(input + "Kept.\n", url: "https://acme.com/a").overDeletion == nil)
        #expect(lenient.clean(input + "Kept.\n", url: "https://acme.com/a").text == "Subscribe now\nKept.\n")
    }

    @Test("short texts are not guarded: a rule's example may remove all of it")
    func shortTexts() throws {
        let cleaner = try Cleaner(packs: [RulePack(id: "p", scope: .generic, rules: [Self.promo])])
        #expect(cleaner.clean("Subscribe now\n").text == "")
    }
}

@Suite("Non-whitespace count")
struct NonWhitespaceCountTests {
    @Test("counts bytes that are not ASCII whitespace, across block and lane boundaries", arguments: [0, 1, 15, 16, 17, 4079, 4080, 4081, 70_000])
    func count(length: Int) throws {
        let pattern: [UInt8] = Array("ab c\td\ne\r f\u{0B}g\u{0C}h ".utf8)
        let bytes = (0..<length).map { pattern[$0 % pattern.count] }
        let expected = bytes.filter { !($0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D)) }.count
        #expect(bytes.withUnsafeBufferPointer(\.nonWhitespaceCount) == expected)
    }
}
