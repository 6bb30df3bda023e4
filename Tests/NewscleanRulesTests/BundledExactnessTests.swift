import Foundation
import Newsclean
import NewscleanRules
import Testing
import _NewscleanTestSupport

/// The prefilter, the condition gates and the cut subjects only decide where rules search: with the bundled packs on
/// the copied dev corpus, the output must be byte for byte what the naive engine (every rule over all of every text)
/// gives.
@Suite("Bundled packs: prefiltered and naive engines agree")
struct BundledExactnessTests {
    static func corpus() throws -> [(text: String, url: String)] {
        let lines = try String(contentsOf: repositoryFile("corpus/dev.jsonl"), encoding: .utf8).split(separator: "\n")
        return try lines.map { line in
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            return (record["text"] as? String ?? "", record["url"] as? String ?? "")
        }
    }

    static func cleaners() throws -> (prefiltered: Cleaner, naive: Cleaner) {
        var naive = Cleaner.Options()
        naive.usesPrefilter = false
        return (try Cleaner(packs: .bundled), try Cleaner(packs: .bundled, options: naive))
    }

    @Test("page by page, each with its publisher's pack")
    func pages() throws {
        let (prefiltered, naive) = try Self.cleaners()
        let pages = try Self.corpus()
        #expect(pages.count == 116)
        for page in pages {
            let fast = prefiltered.clean(page.text, url: page.url)
            let slow = naive.clean(page.text, url: page.url)
            #expect(fast.text == slow.text, "\(page.url)")
            #expect(fast.removals == slow.removals, "\(page.url)")
        }
    }

    // One text of 1.2 MB, as `newsclean < file` reads it: the occurrence list, the search ranges and the cut subjects
    // are sized by the text's length.
    @Test("all pages as one long text")
    func oneText() throws {
        let (prefiltered, naive) = try Self.cleaners()
        let text = try Self.corpus().map(\.text).joined(separator: "\n\n")
        let fast = prefiltered.clean(text)
        let slow = naive.clean(text)
        #expect(fast.text == slow.text)
        #expect(fast.removals == slow.removals)
        #expect(fast.removals.count > 500)
    }
}
