import Foundation
import Testing
import _NewscleanTestSupport

private let seedInput = "Rules/publishers/fixtures/timeslive.co.za/us-russia-syria-pact.input.txt"

@Suite("newsclean review and explain --format html")
struct ReviewCommandTests {
    @Test("review writes an index and a page per document; a bad record is reported and listed")
    func review() throws {
        let corpus = try temporaryFile(
            "corpus.jsonl",
            """
            {"id": "seed", "url": "https://www.timeslive.co.za/news/", "text": \(try jsonString(seedInput))}
            not json

            """
        )
        let out = corpus.deletingLastPathComponent().appendingPathComponent("review-out")
        let result = try runNewsclean(["review", corpus.path, "--out", out.path])
        #expect(result.status == 0)
        #expect(result.stderr == """
            newsclean: \(corpus.path):2: not reviewed: not a JSON object
            newsclean: 1 documents, 10 removals: \(out.path)/index.html

            """)
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains(#"<tr data-rule="timeslive.co.za/digital-package-promo">"#))
        let page = try String(contentsOf: out.appendingPathComponent("docs/0001.html"), encoding: .utf8)
        #expect(page.contains(#"data-rule="generic.image-credits/labelled-credit""#))
        #expect(page.contains(">Image: ALEXEI DRUZHININ/REUTERS\n</del>"))
    }

    @Test("explain --format html is the same page for one document")
    func explainHTML() throws {
        let result = try runNewsclean(["explain", "--format", "html", "--publisher", "timeslive.co.za", repositoryFile(seedInput).path])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("<!DOCTYPE html>"))
        // Ten removals; three rules removed each promo line, so those spans are one mark whose title names all three.
        #expect(result.stdout.components(separatedBy: "<del class=").count - 1 == 6)
        #expect(result.stdout.contains(
            "generic.paywall/price-offer · pack generic.paywall · Rules/generic/paywall.yaml:"
        ))
        #expect(result.stdout.contains(" + timeslive.co.za/digital-package-promo · pack timeslive.co.za · "))
        #expect(result.stdout.contains(">Image: ALEXEI DRUZHININ/REUTERS\n</del>"))
    }

    @Test("an unreadable corpus exits 66")
    func unreadable() throws {
        let result = try runNewsclean(["review", "/nonexistent/corpus.jsonl", "--out", "/tmp/newsclean-never"])
        #expect(result.status == 66)
        #expect(result.stderr == "newsclean: error: cannot read '/nonexistent/corpus.jsonl'\n")
    }
}

/// The contents of a repository file as a JSON string literal.
private func jsonString(_ path: String) throws -> String {
    let text = try String(contentsOf: repositoryFile(path), encoding: .utf8)
    return String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
}
