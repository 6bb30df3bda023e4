import Foundation
import Newsclean
import NewscleanAuthoring
import Testing

private let promo = Rule(
    id: "promo",
    action: .deleteLine(.pattern("^Subscribe <now>")),
    location: SourceLocation(file: "house.yaml", line: 4, column: 5)
)
private let tail = Rule(id: "tail", action: .deleteMatch(.pattern(" \\(AP\\)")))
private let wide = Rule(id: "wide", action: .deleteMatch(.text("<now> & more")))
private let nbsp = Rule(id: "nbsp", action: .replace(.text("&nbsp;"), with: " "))

private func cleaner() throws -> Cleaner {
    try Cleaner(packs: [RulePack(id: "h", scope: .generic, rules: [promo, tail, wide, nbsp])], options: .unguarded)
}

@Suite("HTML review")
struct ReviewTests {
    @Test("each removal is struck through, coloured by its rule, with its rule, pack, file:line and span; text is escaped")
    func markedText() throws {
        let explanation = try cleaner().explain("A&nbsp;b (AP)\nSubscribe <now> & more\nThe end.\n")
        let palette = ReviewHTML.Palette(rules: ["h/promo", "h/tail", "h/wide", "h/nbsp"])
        #expect(ReviewHTML.markedText(explanation, palette: palette) == """
            <pre class="text">A\
            <del class="r r3" tabindex="0" data-rule="h/nbsp" data-pack="h" data-span="1-7" \
            title="h/nbsp · pack h · bytes 1–7 → “ ”">&amp;nbsp;</del>\
            <ins class="r r3" title="h/nbsp · pack h · bytes 1–7 → “ ”"> </ins>b\
            <del class="r r1" tabindex="0" data-rule="h/tail" data-pack="h" data-span="8-13" \
            title="h/tail · pack h · bytes 8–13"> (AP)</del>
            <del class="r r0" tabindex="0" data-rule="h/promo" data-pack="h" data-location="house.yaml:4:5" \
            data-span="14-37" title="h/promo · pack h · house.yaml:4 · bytes 14–37">Subscribe </del>\
            <del class="r r0" tabindex="0" data-rule="h/promo" data-pack="h" data-location="house.yaml:4:5" \
            data-span="14-37" title="h/promo · pack h · house.yaml:4 · bytes 14–37 + h/wide · pack h · bytes 24–36">\
            &lt;now&gt; &amp; more</del>\
            <del class="r r0" tabindex="0" data-rule="h/promo" data-pack="h" data-location="house.yaml:4:5" \
            data-span="14-37" title="h/promo · pack h · house.yaml:4 · bytes 14–37">
            </del>The end.
            </pre>
            """)
    }

    @Test("the review counts removals, lines, bytes and pages per rule and per publisher; bad records are listed, not dropped")
    func totals() throws {
        let corpus = """
            {"id": "a", "url": "https://acme.com/1", "text": "Story.\\nSubscribe <now>\\nMore (AP)\\n"}
            not json
            {"id": "b", "publisher_domain": "beta.org", "text": "Subscribe <now> today\\nClean.\\n"}
            {"id": "c", "body": "no text field"}
            {"id": "d", "url": "https://acme.com/2", "text": "Nothing to remove.\\n"}

            """
        let review = Review(jsonl: Data(corpus.utf8), cleaner: try cleaner())
        #expect(review.documents.map(\.id) == ["a", "b", "d"])
        #expect(review.documents.map(\.line) == [1, 3, 5])
        #expect(review.skipped == [
            Review.Skipped(line: 2, reason: "not a JSON object"),
            Review.Skipped(line: 4, reason: "no string field 'text'"),
        ])
        #expect(review.evaluation == nil)
        #expect(review.ruleTotals.map { "\($0.rule) \($0.removals) \($0.lines) \($0.bytes) \($0.pages)" } == [
            "h/promo 2 2 38 2",
            "h/tail 1 1 5 1",
        ])
        #expect(review.ruleTotals.first?.location == SourceLocation(file: "house.yaml", line: 4, column: 5))
        #expect(review.publisherTotals.map { "\($0.publisher) \($0.pages) \($0.changedPages) \($0.removals) \($0.bytes)" } == [
            "acme.com 2 1 2 21",
            "beta.org 1 1 1 22",
        ])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("review-\(UUID().uuidString)")
        try review.write(to: folder)
        let index = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains(#"<a href="docs/0002.html">b</a>"#))
        #expect(index.contains("<li>line 4: no string field &#39;text&#39;</li>"))
        let page = try String(contentsOf: folder.appendingPathComponent("docs/0001.html"), encoding: .utf8)
        #expect(page.contains(#"data-rule="h/promo""#))
        #expect(page.contains(#"<input type="checkbox" id="f0" checked>"#))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("docs/0003.html").path))
    }
}
