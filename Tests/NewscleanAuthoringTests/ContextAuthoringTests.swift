import Foundation
import Newsclean
import NewscleanAuthoring
import NewscleanRules
import Testing

/// The lexical rule whose removals the context rules below read.
private let shareWord = Rule(id: "share", action: .deleteLine(.pattern("^(?:Facebook|Twitter)$")))
private let run = Rule(
    id: "run",
    action: .deleteRun(Rule.RunShape(maxWords: 6, minLines: 3, minAnchors: 2)),
    examples: [.init(input: "Text here.\nFacebook\nAcme\nTwitter\n", output: "Text here.\n")],
    keep: ["Facebook\nA sentence of the article.\nTwitter\n"]
)

@Suite("Authoring context rules")
struct ContextAuthoringTests {
    @Test("explain names a context rule's anchors with their rules and lines")
    func explainAnchors() throws {
        let cleaner = try Cleaner(packs: [RulePack(id: "p", scope: .generic, rules: [shareWord, run])])
        let explanation = cleaner.explain("Intro.\nFacebook\nAcme\nTwitter\n")
        let report = explanation.textReport(color: false)
        #expect(report.contains("   p/run anchored by p/share (lines 2, 4)\n-Acme\n"), "\(report)")
        let json = try #require(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(explanation)) as? [String: Any]
        )
        let removals = try #require(json["removals"] as? [[String: Any]])
        let context = try #require(removals.first { $0["rule"] as? String == "p/run" })
        #expect(context["anchor_lines"] as? [Int] == [2, 4])
        let anchors = try #require(context["anchors"] as? [[String: Any]])
        #expect(anchors.map { $0["rule"] as? String } == ["p/share", "p/share"])
        #expect(anchors.map { $0["start"] as? Int } == [7, 21])
    }

    @Test("a delete-run rule's examples run with its companions' rules; its keep texts check its own removals")
    func companionExamples() {
        let contextPack = RulePack(id: "ctx", scope: .generic, rules: [run])
        let lexical = RulePack(id: "lex", scope: .generic, rules: [shareWord])
        let alone = ExampleChecker.check(contextPack)
        #expect(alone.failures.map(\.message) == ["example output differs"])
        #expect(alone.rulesNeverFiring == ["ctx/run"])
        let together = ExampleChecker.check(contextPack, companions: [lexical, contextPack])
        #expect(together.failures.isEmpty)
        #expect(together.rulesNeverFiring.isEmpty)
    }

    @Test("eval counts the records and publishers each rule fired on, and lists the narrow generic rules")
    func narrowRules() throws {
        let records = try CorpusRecord.load(jsonl: Data("""
            {"id": "a", "publisher_domain": "one.com", "text": "Facebook\\nText.", "labels": ["junk", "content"]}
            {"id": "b", "publisher_domain": "two.com", "text": "Twitter\\nText.", "labels": ["junk", "content"]}
            {"id": "c", "publisher_domain": "two.com", "text": "Facebook\\nText.", "labels": ["junk", "content"]}
            {"id": "d", "publisher_domain": "two.com", "text": "Print\\nText.", "labels": ["junk", "content"]}

            """.utf8))
        let print = Rule(id: "print", action: .deleteLine(.text("Print")))
        let never = Rule(id: "never", action: .deleteLine(.text("Subscribe")))
        let cleaner = try Cleaner(packs: [RulePack(id: "g", scope: .generic, rules: [shareWord, print, never])])
        let evaluation = Evaluation.run(records, cleaner: cleaner)
        #expect(evaluation.perRule["g/share"]?.pages == 3)
        #expect(evaluation.perRule["g/share"]?.publishers == 2)
        let narrow = evaluation.narrowRules(["g/share", "g/print", "g/never"])
        #expect(narrow.map(\.rule) == ["g/never", "g/print"])
        #expect(narrow.map(\.pages) == [0, 1])
    }
}
