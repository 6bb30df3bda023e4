import Dispatch
import NewscleanRegex
import Testing

@testable import Newsclean

@Suite("Hostile inputs")
struct HostileInputTests {
    /// 300,000 removals in one document: inline labels on one 1.6 MB line, and whole lines. Linear work takes well
    /// under a second; anything quadratic in the number of removals would take hours and hit the time limit.
    @Test("a document with very many removals is cleaned without quadratic work", .timeLimit(.minutes(1)))
    func manyRemovals() throws {
        let cleaner = try genericCleaner(
            [
                Rule(id: "label", action: .deleteMatch(.text("[Ad]"))),
                Rule(id: "promo", action: .deleteLine(.pattern("^Subscribe now$"))),
                Rule(id: "dedupe", action: .dedupeAdjacent()),
            ]
        )
        let inline = String(repeating: "word [Ad] ", count: 200_000)
        var paragraphs = ""
        for index in 0..<100_000 { paragraphs += "Subscribe now\nParagraph \(index).\n" }
        let result = cleaner.clean(inline + "\n" + paragraphs)

        var expected = Array(repeating: "word", count: 200_000).joined(separator: " ") + "\n"
        for index in 0..<100_000 { expected += "Paragraph \(index).\n" }
        #expect(result.text == expected)
        #expect(result.removals.count == 300_000)
        #expect(result.removals.filter { $0.ruleID == "p/label" }.count == 200_000)
        #expect(result.overDeletion == nil)
    }

    @Test("the line window of a line-local rule is exact on texts with huge lines")
    func hugeLines() throws {
        let cleaner = try Cleaner(
            packs: [RulePack(id: "p", scope: .generic, rules: [Rule(id: "r", action: .deleteMatch(.pattern("x+ Ad")))])]
        )
        // Occurrences 100 KB into a 200 KB line, and at both ends of it: farther from a line end than the window
        // search looks.
        let filler = String(repeating: "y", count: 100_000)
        let text = "xx Ad" + filler + " xxx Ad " + filler + "x Ad\nnext line xx Ad\n"
        let result = cleaner.clean(text)
        #expect(result.text == filler + " " + filler + "\nnext line\n")
        #expect(result.removals.map(\.range) == [0..<5, 100_006..<100_012, 200_013..<200_017, 200_028..<200_033])
    }
}

@Suite("Concurrency")
struct ConcurrencyTests {
    /// One cleaner shared by eight threads, as a scraper's worker pool would use it. Each result must equal the one
    /// cleaned alone; under `swift test --sanitize=thread` (which CI runs) this also checks the worker hand-over.
    @Test("one cleaner used from many threads at once gives each document its own exact result")
    func sharedCleaner() throws {
        let cleaner = try genericCleaner(
            [
                Rule(id: "label", action: .deleteMatch(.text("[Ad]"))),
                Rule(id: "promo", action: .deleteLine(.pattern("^Subscribe now( \\d+)?$"))),
                Rule(id: "dateline", action: .replace(.pattern("^([A-Z]+) \\(Wire\\) - "), with: "$1: ")),
                Rule(id: "dedupe", action: .dedupeAdjacent()),
            ]
        )
        let documents = (0..<400).map { index in
            "BERLIN (Wire) - Story \(index) [Ad] goes on.\nSubscribe now \(index)\n"
                + String(repeating: "Paragraph \(index % 7).\n", count: index % 5 + 1)
        }
        let expected = documents.map { cleaner.clean($0) }
        let results = Locked<[Int: CleanResult]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in stride(from: thread, to: documents.count, by: 8) {
                let result = cleaner.clean(documents[index])
                results.withLock { $0[index] = result }
            }
        }
        let collected = results.withLock { $0 }
        #expect(collected.count == documents.count)
        for index in documents.indices {
            #expect(collected[index]?.text == expected[index].text, "document \(index)")
            #expect(collected[index]?.removals == expected[index].removals, "document \(index)")
        }
        #expect(expected[3].text == "BERLIN: Story 3 goes on.\nParagraph 3.\n")
    }
}
