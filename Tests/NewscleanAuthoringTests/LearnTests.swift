import Dispatch
import Foundation
import Newsclean
import NewscleanAuthoring
import NewscleanRegex
import NewscleanRules
import Testing

/// Three pages of acme.com: a "More from Acme" box whose headlines change, a dated line, a newsletter prompt.
private let openings = [
    "The council met on Tuesday and agreed the budget after a long debate over the bridge.",
    "Flooding closed three schools in the valley, and parents were told to keep children home.",
    "A local baker won the regional prize for her sourdough, beating forty other entrants.",
]
private let closings = [
    "Residents said they would appeal, and the mayor promised a further public hearing.",
    "The county expects the water to recede by Friday, officials said in a statement.",
    "She plans to open a second shop in the spring if the lease is approved in time.",
]

private func page(_ index: Int, extra: String? = nil, lineBreak: String = "\n") -> String {
    let letter = String(UnicodeScalar(UInt8(65 + index)))
    var lines = [
        openings[index], "More from Acme", "Storm story \(letter) hits coast", "Vote story \(letter) counted",
        closings[index], "Printed edition of \(index + 1) March 2024", "Sign up for the Acme briefing",
    ]
    if let extra { lines.insert(extra, at: 1) }
    return lines.joined(separator: lineBreak) + lineBreak
}

private func learn(_ pages: [(text: String, url: String)], minPages: Int = 3) throws -> CrawlLearner {
    var options = CrawlLearner.Options()
    options.minPages = minPages
    let learner = CrawlLearner(options: options)
    for page in pages { learner.add(text: page.text, url: page.url) }
    return learner
}

private let generic = { () -> [RulePack] in (try? RuleLoader.bundledPacks()) ?? [] }().filter(\.scope.isGeneric)

/// The pack learned from the three pages: the box as a delete-list, the dated line as a shape, the prompt as a line.
private let expectedPack = #"""
            schema: 1
            id: acme.com
            name: acme.com
            version: 0.1.0
            description: "Furniture of acme.com pages, learned by 'newsclean learn' from 3 pages (3 distinct); review every rule."
            hosts: [acme.com]
            rules:
              - id: list-more-from-acme
                description: "Recurring heading \"More from Acme\" over varying headlines, on 3 of 3 pages, with headlines under it on 3 (learned from the crawl)."
                action: delete-list
                heading: '^[ \t]*More from Acme[ \t]*\r?$'
                list: {max_item_words: 16, min_items: 2, max_items: 20}
                examples:
                  - input: "Flooding closed three schools in the valley, and parents were told to keep children home.\nMore from Acme\nStorm story B hits coast\nVote story B counted\nThe county expects the water to recede by Friday, officials said in a statement.\n"
                    output: "Flooding closed three schools in the valley, and parents were told to keep children home.\nThe county expects the water to recede by Friday, officials said in a statement.\n"
                  - input: "A local baker won the regional prize for her sourdough, beating forty other entrants.\nMore from Acme\nStorm story C hits coast\nVote story C counted\nShe plans to open a second shop in the spring if the lease is approved in time.\n"
                    output: "A local baker won the regional prize for her sourdough, beating forty other entrants.\nShe plans to open a second shop in the spring if the lease is approved in time.\n"
                keep:
                  - "A reporter may quote \"More from Acme\" inside a sentence, which must stay."
              - id: printed-edition-of-month
                description: "Recurring line shape \"Printed edition of # <month> #\", on 3 of 3 pages (learned from the crawl)."
                action: delete-line
                pattern: '^[ \t]*Printed edition of \d+ (?i:september|february|november|december|january|october|august|march|april|june|july|sept|may|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\.? \d+[ \t]*\r?$'
                examples:
                  - input: "The county expects the water to recede by Friday, officials said in a statement.\nPrinted edition of 2 March 2024\nSign up for the Acme briefing\n"
                    output: "The county expects the water to recede by Friday, officials said in a statement.\nSign up for the Acme briefing\n"
                  - input: "She plans to open a second shop in the spring if the lease is approved in time.\nPrinted edition of 3 March 2024\nSign up for the Acme briefing\n"
                    output: "She plans to open a second shop in the spring if the lease is approved in time.\nSign up for the Acme briefing\n"
                keep:
                  - "A reporter may quote \"Printed edition of 2 March 2024\" inside a sentence, which must stay."
              - id: sign-up-for-the-acme
                description: "Recurring line \"Sign up for the Acme briefing\", on 3 of 3 pages (learned from the crawl)."
                action: delete-line
                pattern: '^[ \t]*Sign up for the Acme briefing[ \t]*\r?$'
                examples:
                  - input: "Printed edition of 2 March 2024\nSign up for the Acme briefing\n"
                    output: "Printed edition of 2 March 2024\n"
                  - input: "Printed edition of 3 March 2024\nSign up for the Acme briefing\n"
                    output: "Printed edition of 3 March 2024\n"
                keep:
                  - "A local baker won the regional prize for her sourdough, beating forty other entrants."
                  - "She plans to open a second shop in the spring if the lease is approved in time."
            fixtures:
              - input: "fixtures/acme.com/1.input.txt"
                expected: "fixtures/acme.com/1.expected.txt"
                url: "https://www.acme.com/news/1"

            """#

@Suite("newsclean learn")
struct LearnTests {
    @Test("a box of varying headlines, a dated line and a prompt give a list, a shape and a line rule")
    func box() throws {
        let learner = try learn((0..<3).map { (page($0), "https://www.acme.com/news/\($0)") })
        let packs = learner.drafts(generic: generic)
        #expect(packs.map(\.host) == ["acme.com"])
        let pack = try #require(packs.first)
        #expect(pack.yaml == expectedPack)
        #expect(pack.rules == 3)
        #expect(pack.dropped.isEmpty)
        // The fixture is the learned pack's own output on a real page.
        let fixture = try #require(pack.fixture)
        #expect(fixture.name == "1")
        #expect(fixture.input == page(1))
        #expect(fixture.expected == openings[1] + "\n" + closings[1] + "\n")
        // The drafted pack loads and passes its own tests.
        let loaded = try RuleLoader.parse([("acme.com.yaml", pack.yaml)])[0]
        #expect(ExampleChecker.check(loaded, companions: generic).failures.isEmpty)
    }

    @Test("the same article at two URLs counts once, so a line of that article alone does not recur")
    func duplicateArticle() throws {
        var pages = (0..<3).map { (page($0, extra: $0 == 0 ? "Only on page zero" : nil), "https://acme.com/news/\($0)") }
        pages.append((page(0, extra: "Only on page zero"), "https://acme.com/amp/0"))
        let pack = try #require(try learn(pages).drafts(generic: generic).first)
        #expect(pack.pages == 4)
        #expect(pack.distinctPages == 3)
        #expect(!pack.yaml.contains("Only on page zero"))
        #expect(pack.yaml == expectedPack
            .replacingOccurrences(of: "from 3 pages (3 distinct)", with: "from 4 pages (3 distinct)")
            .replacingOccurrences(of: "https://www.acme.com/news/1", with: "https://acme.com/news/1"))
    }

    @Test("a crawl with CRLF line breaks learns the same pack")
    func crlf() throws {
        let learner = try learn((0..<3).map { (page($0, lineBreak: "\r\n"), "https://www.acme.com/news/\($0)") })
        let pack = try #require(learner.drafts(generic: generic).first)
        #expect(pack.yaml == expectedPack)
    }

    @Test("a drafted rule whose own example fails is dropped, so the pack passes its tests")
    func failingRuleDropped() throws {
        // The schedule line recurs over short lines, but delete-list takes it for no heading (too many words).
        let pages = [
            ["The troupe returns to the capital stage with a new staging of the court drama this spring.",
             "Tue – Sat 4PM (Closed on Sun & Mon)", "Viewing age of 48 months and above", "STAFF",
             "Choreographer Jeong Hye Jin leads a cast of twenty dancers through the palace story, night after night."],
            ["A second season opens in the autumn, with the orchestra moving into the new pit for the first time.",
             "Tue – Sat 4PM (Closed on Sun & Mon)", "Viewing age of 36 months and above", "CAST",
             "Director Oh Kyeong Taek said the company had rehearsed the piece for more than six months in total."],
        ]
        let learner = try learn(
            pages.enumerated().map { ($1.joined(separator: "\n") + "\n", "https://theatre.example/\($0)") },
            minPages: 2
        )
        let pack = try #require(learner.drafts(generic: generic).first)
        #expect(pack.dropped == ["list-weekday-weekday-pm-closed"])
        #expect(pack.rules == 1)
        let loaded = try RuleLoader.parse([("theatre.example.yaml", pack.yaml)])[0]
        #expect(loaded.rules.map(\.id) == ["viewing-age-of-months-and"])
        let report = ExampleChecker.check(loaded, companions: generic)
        #expect(report.failures.isEmpty && report.rulesNeverFiring.isEmpty)
    }

    @Test("a host with fewer distinct pages than --min-pages gets no pack")
    func tooFewPages() throws {
        let learner = try learn((0..<3).map { (page($0), "https://www.acme.com/news/\($0)") }, minPages: 4)
        #expect(learner.drafts(generic: generic).isEmpty)
        #expect(learner.hostsWithTooFewPages.map(\.host) == ["acme.com"])
        #expect(learner.hostsWithTooFewPages.map(\.distinctPages) == [3])
    }
}

/// Three pages of news.acme.co.uk, CRLF: a "Latest from Acme" box of varying headlines up to a fixed last line, and
/// a dated "Last updated" line that the generic packs remove already.
private let boxOpenings = [
    "The council met on Tuesday and agreed the budget after a long debate over the bridge.",
    "Flooding closed three schools in the valley, and parents were told to keep children home.",
    "A local baker won the regional prize for her sourdough, beating forty other entrants.",
]
private let boxHeadlines = [
    ["Harbour wall repairs begin", "Ferry fares to rise in May"],
    ["Museum reopens its east wing", "Cyclists win new river path"],
    ["Rail tunnel delayed again", "Market traders oppose parking plan"],
]

private func boxPage(_ index: Int) -> String {
    let lines = [boxOpenings[index], "Latest from Acme"] + boxHeadlines[index] + [
        "View all Acme stories", closings[index],
        "Last updated \(index + 9):\(15 + index * 10) on \(["Monday", "Tuesday", "Friday"][index])",
    ]
    return lines.joined(separator: "\r\n") + "\r\n"
}

private let expectedBoxPack = #"""
    schema: 1
    id: news.acme.co.uk
    name: news.acme.co.uk
    version: 0.1.0
    description: "Furniture of news.acme.co.uk pages, learned by 'newsclean learn' from 3 pages (3 distinct); review every rule."
    hosts: [news.acme.co.uk]
    rules:
      - id: block-latest-from-acme
        description: "Recurring block from \"Latest from Acme\" to \"View all Acme stories\", on 3 of 3 pages (learned from the crawl)."
        action: delete-block
        start: '^[ \t]*Latest from Acme[ \t]*\r?$'
        end: '^[ \t]*View all Acme stories[ \t]*\r?$'
        max_lines: 8
        examples:
          - input: "Flooding closed three schools in the valley, and parents were told to keep children home.\nLatest from Acme\nMuseum reopens its east wing\nCyclists win new river path\nView all Acme stories\nThe county expects the water to recede by Friday, officials said in a statement.\n"
            output: "Flooding closed three schools in the valley, and parents were told to keep children home.\nThe county expects the water to recede by Friday, officials said in a statement.\n"
          - input: "A local baker won the regional prize for her sourdough, beating forty other entrants.\nLatest from Acme\nRail tunnel delayed again\nMarket traders oppose parking plan\nView all Acme stories\nShe plans to open a second shop in the spring if the lease is approved in time.\n"
            output: "A local baker won the regional prize for her sourdough, beating forty other entrants.\nShe plans to open a second shop in the spring if the lease is approved in time.\n"
        keep:
          - "A reporter may quote \"Latest from Acme\" inside a sentence, which must stay."
    fixtures:
      - input: "fixtures/news.acme.co.uk/1.input.txt"
        expected: "fixtures/news.acme.co.uk/1.expected.txt"
        url: "https://news.acme.co.uk/local/1"

    """#

@Suite("newsclean learn: boxes, threads and bounded memory")
struct LearnBoxAndScaleTests {
    @Test("a box of varying headlines between two fixed lines gives a delete-block; a dated line the generic packs remove is left out")
    func block() throws {
        let learner = try learn((0..<3).map { (boxPage($0), "https://news.acme.co.uk/local/\($0)") })
        let pack = try #require(learner.drafts(generic: generic).first)
        #expect(pack.yaml == expectedBoxPack)
        #expect(pack.leftOut == ["Last updated 10:25 on Tuesday"])
        let fixture = try #require(pack.fixture)
        #expect(fixture.input == boxPage(1))
        // The generic packs remove the dated line, the learned pack the box; the CRLF page stays CRLF.
        #expect(fixture.expected == boxOpenings[1] + "\r\n" + closings[1] + "\r\n")
        let loaded = try RuleLoader.parse([("news.acme.co.uk.yaml", pack.yaml)])[0]
        let report = ExampleChecker.check(loaded, companions: generic)
        #expect(report.failures.isEmpty && report.rulesNeverFiring.isEmpty)
    }

    /// Pages of three hosts, interleaved as in a crawl.
    private static let crawl: [(text: String, url: String)] = (0..<9).map { index in
        let host = ["acme.com", "news.acme.co.uk", "example.org"][index % 3]
        let text = host == "news.acme.co.uk" ? boxPage(index / 3) : page(index / 3)
        return (text, "https://\(host)/\(index)")
    }

    @Test("pages prepared on many threads and packs drafted on many threads give the packs of one thread")
    func threads() throws {
        let sequential = try learn(Self.crawl).drafts(generic: generic).map(\.yaml)
        #expect(sequential.count == 3)
        let prepared = Locked([CrawlLearner.PreparedPage?](repeating: nil, count: Self.crawl.count))
        DispatchQueue.concurrentPerform(iterations: Self.crawl.count) { index in
            let page = CrawlLearner.prepare(text: Self.crawl[index].text, url: Self.crawl[index].url)
            prepared.withLock { $0[index] = page }
        }
        var options = CrawlLearner.Options()
        options.minPages = 3
        let parallel = CrawlLearner(options: options)
        for page in prepared.withLock({ $0 }) { parallel.add(try #require(page)) }
        #expect(parallel.drafts(generic: generic, jobs: 4).map(\.yaml) == sequential)
    }

    @Test("with room for only a few line shapes per host, the lines seen once are forgotten and the furniture is still learned")
    func fewShapes() throws {
        var options = CrawlLearner.Options()
        options.minPages = 3
        options.maxShapesPerHost = 8
        options.maxTrackedShapes = 10
        let learner = CrawlLearner(options: options)
        for index in 0..<3 { learner.add(text: page(index), url: "https://www.acme.com/news/\(index)") }
        let pack = try #require(learner.drafts(generic: generic).first)
        #expect(pack.yaml == expectedPack)
    }
}
