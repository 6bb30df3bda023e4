import Newsclean
import NewscleanAuthoring
import NewscleanRules
import Testing

@Suite("lint --corpus: the per-rule cost check")
struct RuleCostTests {
    /// Two rules gated by the same common word: one that scans up to 300 letters from every position of a long
    /// line and never matches, one literal.
    static let packs = try! RuleLoader.parse([
        (
            "cost.yaml",
            """
            schema: 1
            id: cost
            generic: true
            rules:
              - id: slow-scan
                action: delete-match
                pattern: '[a-z ]{1,300}\\d{9}'
                prefilter: ['the']
              - id: cheap-label
                action: delete-line
                text: 'the end'

            """
        )
    ])

    static let documents: [(text: String, url: String?)] = (0..<20).map { index in
        (String(repeating: "the quick brown fox jumps over the lazy dog ", count: 40) + "\nthe end\nText \(index).\n", nil)
    }

    @Test("the rule that takes most of the matching time is reported at its line, with advice; the cheap one is not")
    func reportsTheCostlyRule() throws {
        let findings = try RuleCost.findings(packs: Self.packs, documents: Self.documents, corpusName: "test corpus",
                                             maxShare: 0.5)
        #expect(findings.count == 1)
        let finding = try #require(findings.first)
        #expect(finding.checkID == "rule-cost")
        #expect(finding.severity == .warning)
        #expect(finding.location.file == "cost.yaml")
        #expect(finding.location.line == 5)
        #expect(finding.message.hasPrefix("rule 'slow-scan' took "))
        #expect(finding.message.contains("of the matching time on test corpus (20 documents; it ran 20 times and removed text from 0 documents)"))
        #expect(finding.message.hasSuffix("declare a rarer literal in `prefilter:` (a longer word, or the phrase the furniture always has)"))
    }

    @Test("every rule that ran is measured, costliest first, with the documents it removed text from")
    func measure() throws {
        let entries = try RuleCost.measure(packs: Self.packs, documents: Self.documents)
        #expect(entries.map(\.ruleID) == ["cost/slow-scan", "cost/cheap-label"])
        #expect(entries.map(\.runs) == [20, 20])
        #expect(entries.map(\.documentsRemoved) == [0, 20])
        #expect(abs(entries.reduce(0) { $0 + $1.share } - 1) < 1e-9)
    }
}
