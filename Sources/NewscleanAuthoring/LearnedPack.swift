public import Newsclean
internal import NewscleanRegex
internal import NewscleanRules
internal import Foundation
internal import Dispatch

/// A publisher pack drafted by ``CrawlLearner`` from one host's pages.
public struct LearnedPack: Sendable {
    /// The host, which is also the pack's id.
    public var host: String
    /// The host's pages, and how many of them are distinct (near-duplicates counted once).
    public var pages: Int
    public var distinctPages: Int
    /// The YAML text of the pack (its fixture paths relative to the pack file).
    public var yaml: String
    /// How many rules it has.
    public var rules: Int
    /// The bytes its rules would remove from the pages counted, estimated from the counts.
    public var estimatedBytes: Int
    /// The fixture: its file name (without extension), input text, expected output and URL.
    public var fixture: (name: String, input: String, expected: String, url: String)?
    /// Recurring lines left out because the generic packs already remove them.
    public var leftOut: [String]
    /// Drafted rules dropped because their own examples or keep texts failed.
    public var dropped: [String]
}

extension CrawlLearner {
    /// The hosts with fewer distinct pages than ``Options/minPages``, with their page counts.
    public var hostsWithTooFewPages: [(host: String, distinctPages: Int)] {
        hosts.filter { $0.value.distinct < options.minPages }
            .map { ($0.key, $0.value.distinct) }
            .sorted { $0.host < $1.host }
    }

    /// Drafts a pack for every host with at least ``Options/minPages`` distinct pages, sorted by host, on `jobs`
    /// threads (hosts are drafted independently; the packs do not depend on the number of threads).
    ///
    /// - Parameters:
    ///   - generic: the generic packs: lines they remove are left out, and fixtures run with them.
    ///   - jobs: threads drafting hosts at once.
    ///   - progress: called after each host with the hosts drafted so far and their number, from any thread.
    public func drafts(
        generic: [RulePack],
        jobs: Int = 1,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) -> [LearnedPack] {
        let genericCleaner = try? Cleaner(packs: generic)
        let eligible = hosts.keys.sorted().filter { hosts[$0]!.distinct >= options.minPages }
        let work = DraftWork(learner: self, hosts: eligible)
        let done = Locked(0)
        let total = eligible.count
        forEach(total, jobs: jobs) { index in
            let host = work.hosts[index]
            work.drafts[index] = work.learner.draft(
                host: host, stats: work.learner.hosts[host]!, generic: generic, genericCleaner: genericCleaner
            )
            let count = done.withLock { count in
                count += 1
                return count
            }
            progress?(count, total)
        }
        // Every fixture is cleaned by one cleaner of all the packs (each page picks its own by its URL): compiling
        // the generic packs once per host would cost more than all the rest.
        let learned = (0..<total).compactMap { work.drafts[$0]?.pack }
        let cleaner = try? Cleaner(packs: generic + learned)
        forEach(total, jobs: jobs) { index in
            work.results[index] = work.drafts[index]!.finished(command: work.learner.options.command, cleaner: cleaner)
        }
        return work.results.map { $0! }
    }

    /// Calls `body` with 0 to `count - 1`, on up to `jobs` threads.
    private func forEach(_ count: Int, jobs: Int, _ body: @Sendable (Int) -> Void) {
        guard jobs > 1, count > 1 else {
            (0..<count).forEach(body)
            return
        }
        // concurrentPerform runs as many iterations at once as there are cores; at most `jobs` of them work.
        let parts = min(jobs, count)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for index in stride(from: part, to: count, by: parts) { body(index) }
        }
    }

    /// What the drafting threads share: the learner and its hosts, only read once counting is over, and a result
    /// slot per host, each written by one thread.
    // Sendable: `learner` is not mutated while drafts run, and each slot of `results` is written by one thread
    // before `concurrentPerform` returns.
    private final class DraftWork: @unchecked Sendable {
        let learner: CrawlLearner
        let hosts: [String]
        let drafts: UnsafeMutableBufferPointer<HostDraft?>
        let results: UnsafeMutableBufferPointer<LearnedPack?>

        init(learner: CrawlLearner, hosts: [String]) {
            self.learner = learner
            self.hosts = hosts
            drafts = .allocate(capacity: hosts.count)
            drafts.initialize(repeating: nil)
            results = .allocate(capacity: hosts.count)
            results.initialize(repeating: nil)
        }

        deinit {
            drafts.deinitialize()
            drafts.deallocate()
            results.deinitialize()
            results.deallocate()
        }
    }

    /// A host's pack before its fixture: the rules that passed their own examples, and the page to make the
    /// fixture of.
    private struct HostDraft {
        var host: String
        var pages: Int
        var distinct: Int
        var rules: [RuleDraft]
        var pack: RulePack?
        var page: (text: String, url: String)?
        var leftOut: [String]
        var dropped: [String]

        /// The pack with its fixture, cleaned by `cleaner` (the generic packs and this one, at least).
        func finished(command: String, cleaner: Cleaner?) -> LearnedPack {
            var fixture: (name: String, input: String, expected: String, url: String)?
            if pack != nil, !rules.isEmpty, let page, let cleaner {
                let expected = cleaner.clean(page.text, url: page.url).text
                fixture = (CrawlLearner.fixtureName(page.url), page.text, expected, page.url)
            }
            return LearnedPack(
                host: host,
                pages: pages,
                distinctPages: distinct,
                yaml: CrawlLearner.yaml(command: command, host: host, pages: pages, distinct: distinct, rules: rules,
                                        fixture: fixture),
                rules: rules.count,
                estimatedBytes: rules.reduce(0) { $0 + $1.bytes },
                fixture: fixture,
                leftOut: leftOut,
                dropped: dropped
            )
        }
    }

    private struct RuleDraft {
        var id: String
        var description: String
        /// The action and its matchers, as YAML lines of the rule (indented by 4).
        var body: [String]
        var examples: [(input: String, output: String)]
        var keeps: [String]
        var bytes: Int
    }

    private func draft(host: String, stats: HostStats, generic: [RulePack], genericCleaner: Cleaner?) -> HostDraft {
        let distinct = stats.distinct
        let threshold = max(2, Int((options.minShare * Double(distinct)).rounded(.up)))
        let proseThreshold = max(2, Int((options.proseShare * Double(distinct)).rounded(.up)))
        var leftOut: [String] = []
        var recurring: [(shape: LineShape, stats: ShapeStats)] = []
        for (shape, entry) in stats.shapes where Int(entry.pages) >= threshold {
            let line = Substring(entry.variant)
            // Prose is furniture only word for word on nearly every page (a disclaimer); prose of one shape with
            // other words or numbers ("Story number 3 is ...") is article text.
            if LineKind.isProse(line) && (entry.varies || Int(entry.pages) < proseThreshold) { continue }
            if let genericCleaner {
                let probe = "Article text before.\n\(entry.variant)\nArticle text after.\n"
                if genericCleaner.clean(probe).text == "Article text before.\nArticle text after.\n" {
                    leftOut.append(entry.variant)
                    continue
                }
            }
            recurring.append((shape, entry))
        }
        recurring.sort { ($0.stats.pages, $1.shape.key) > ($1.stats.pages, $0.shape.key) }
        let recurringShapes = Set(recurring.map(\.shape))
        let articleLines = stats.articleLines.filter { line in
            let entry = stats.shapes[LineShape(Substring(line))]
            return Int(entry?.pages ?? 0) < threshold
        }

        var usedIDs: Set<String> = []
        var consumed: Set<LineShape> = []
        var drafts: [RuleDraft] = []
        for (shape, entry) in recurring where !consumed.contains(shape) {
            let evidence = "on \(entry.pages) of \(distinct) pages"
            let keeps = Self.keepTexts(for: entry.variant, from: articleLines)
            if let block = Self.block(after: shape, entry, recurring: recurringShapes) {
                let endEntry = stats.shapes[block.end]!
                consumed.formUnion([shape, block.end])
                let id = PackScaffold.ruleID(for: "block " + shape.readable, used: &usedIDs)
                drafts.append(RuleDraft(
                    id: id,
                    description: "Recurring block from \"\(shape.readable.prefix(50))\" to "
                        + "\"\(block.end.readable.prefix(50))\", \(evidence) (learned from the crawl).",
                    body: [
                        "action: delete-block",
                        "start: \(PackScaffold.singleQuoted(shape.pattern))",
                        "end: \(PackScaffold.singleQuoted(block.end.pattern))",
                        "max_lines: \(min(1000, block.lines + 4))",
                    ],
                    examples: block.examples,
                    keeps: keeps,
                    bytes: entry.bytes + endEntry.bytes + block.middleBytes * Int(entry.pages)
                ))
                continue
            }
            if let list = Self.list(after: shape, entry, threshold: threshold) {
                consumed.insert(shape)
                let id = PackScaffold.ruleID(for: "list " + shape.readable, used: &usedIDs)
                drafts.append(RuleDraft(
                    id: id,
                    description: "Recurring heading \"\(shape.readable.prefix(60))\" over varying headlines, "
                        + "\(evidence), with headlines under it on \(entry.headlineRuns) (learned from the crawl).",
                    body: [
                        "action: delete-list",
                        "heading: \(PackScaffold.singleQuoted(shape.pattern))",
                        "list: {max_item_words: 16, min_items: 2, max_items: 20}",
                    ],
                    examples: list.examples,
                    keeps: keeps,
                    bytes: entry.bytes + list.itemBytes * Int(entry.headlineRuns)
                ))
                continue
            }
            consumed.insert(shape)
            let id = PackScaffold.ruleID(for: shape.readable, used: &usedIDs)
            let kind = shape.isVariable && entry.varies ? "Recurring line shape" : "Recurring line"
            drafts.append(RuleDraft(
                id: id,
                description: "\(kind) \"\(shape.readable.prefix(60))\", \(evidence) (learned from the crawl).",
                body: ["action: delete-line", "pattern: \(PackScaffold.singleQuoted(shape.pattern))"],
                examples: Self.lineExamples(shape, entry),
                keeps: keeps,
                bytes: entry.bytes
            ))
        }

        // Keep only the rules whose own examples and keep texts pass.
        var dropped: [String] = []
        var pack: RulePack?
        for _ in 0..<3 {
            let yaml = Self.yaml(command: options.command, host: host, pages: stats.pages, distinct: distinct,
                                 rules: drafts, fixture: nil)
            guard let parsed = try? RuleLoader.parse([("\(host).yaml", yaml)]).first else {
                // Not reached for valid hosts: every scalar is quoted or escaped.
                dropped += drafts.map(\.id)
                drafts = []
                continue
            }
            let report = ExampleChecker.check(parsed, companions: generic)
            // The checker names rules by their qualified ids, `pack-id/rule-id`.
            let failing = Set(report.failures.map(\.ruleID)).union(report.rulesNeverFiring)
            if failing.isEmpty {
                pack = parsed
                break
            }
            let fails = { (rule: RuleDraft) in failing.contains("\(parsed.id)/\(rule.id)") }
            dropped += drafts.filter(fails).map(\.id)
            drafts.removeAll(where: fails)
        }
        if pack == nil {
            dropped += drafts.map(\.id)
            drafts = []
        }

        return HostDraft(
            host: host, pages: stats.pages, distinct: distinct, rules: drafts, pack: pack,
            page: stats.fixture.map { ($0.text, $0.url) }, leftOut: leftOut.sorted(), dropped: dropped
        )
    }

    /// A block: `start`'s line, varying short lines, then a line of another recurring shape, the same in every
    /// example.
    private static func block(
        after start: LineShape,
        _ entry: ShapeStats,
        recurring: Set<LineShape>
    ) -> (end: LineShape, lines: Int, middleBytes: Int, examples: [(input: String, output: String)])? {
        guard !entry.examples.isEmpty, LineKind.isHeadline(Substring(entry.variant)) else { return nil }
        var end: LineShape?
        var longest = 0
        var middle = 0
        var examples: [(input: String, output: String)] = []
        for context in entry.examples {
            let lines = context.lines
            var found: Int?
            var index = context.index + 1
            while index < lines.count {
                let line = Substring(lines[index])
                let shape = LineShape(line)
                // A block never ends on, nor runs across, article prose.
                if shape == start || LineKind.isProse(line) { break }
                if recurring.contains(shape) {
                    if index >= context.index + 2 { found = index }
                    break
                }
                index += 1
            }
            guard let found else { return nil }
            let shape = LineShape(Substring(lines[found]))
            if let end, end != shape { return nil }
            end = shape
            longest = max(longest, found - context.index + 1)
            middle += lines[(context.index + 1)..<found].reduce(0) { $0 + $1.utf8.count + 1 }
            let input = lines[...found].suffix(from: max(0, context.index - 1)) + lines[(found + 1)...].prefix(1)
            var output = Array(lines[..<context.index].suffix(1))
            output += lines[(found + 1)...].prefix(1)
            examples.append((text(input), text(output)))
        }
        guard let end else { return nil }
        return (end, longest, middle / entry.examples.count, examples)
    }

    /// A list: `heading`'s line over two or more headline-shaped lines (the headlines may recur too: this week's
    /// popular stories).
    private static func list(
        after heading: LineShape,
        _ entry: ShapeStats,
        threshold: Int
    ) -> (itemBytes: Int, examples: [(input: String, output: String)])? {
        guard !entry.examples.isEmpty, Int(entry.headlineRuns) >= threshold,
            LineKind.words(Substring(entry.variant)) <= 8, LineKind.isHeadline(Substring(entry.variant))
        else { return nil }
        var itemBytes = 0
        var examples: [(input: String, output: String)] = []
        for context in entry.examples {
            let lines = context.lines
            var index = context.index + 1
            while index < lines.count, index - context.index <= 20, LineKind.isHeadline(Substring(lines[index])) {
                index += 1
            }
            // The context may end inside the list: then its end is unknown.
            guard index - context.index - 1 >= 2, index < lines.count else { return nil }
            itemBytes += lines[(context.index + 1)..<index].reduce(0) { $0 + $1.utf8.count + 1 }
            let input = Array(lines[max(0, context.index - 1)...index])
            var output = Array(lines[..<context.index].suffix(1))
            output.append(lines[index])
            examples.append((text(input), text(output)))
        }
        return (itemBytes / entry.examples.count, examples)
    }

    /// Each stored occurrence with the lines around it (those of another shape), and the same without it.
    private static func lineExamples(_ shape: LineShape, _ entry: ShapeStats) -> [(input: String, output: String)] {
        var examples: [(input: String, output: String)] = []
        for context in entry.examples {
            let lines = context.lines
            let before = context.index > 0 ? [lines[context.index - 1]] : []
            let after = context.index + 1 < lines.count ? [lines[context.index + 1]] : []
            let around = (before + after).filter { LineShape(Substring($0)) != shape }
            let kept = around.isEmpty ? ["Article text before."] : around
            let input = before.filter { around.contains($0) } + [lines[context.index]]
                + after.filter { around.contains($0) }
            examples.append(around.isEmpty
                ? (text(["Article text before.", lines[context.index]]), text(kept))
                : (text(input), text(kept)))
        }
        if examples.isEmpty {
            examples.append((text(["Article text before.", entry.variant]), text(["Article text before."])))
        }
        return examples
    }

    /// Up to two article lines of the host that share the most words with `line`, or a sentence quoting it.
    static func keepTexts(for line: String, from articleLines: [String]) -> [String] {
        func words(_ text: String) -> Set<String> {
            Set(text.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 3 })
        }
        let target = words(line)
        let scored = articleLines.compactMap { candidate -> (String, Int)? in
            let shared = target.intersection(words(candidate)).count
            return shared > 0 && candidate != line ? (candidate, shared) : nil
        }
        var picked: [String] = []
        for (candidate, _) in scored.sorted(by: { ($0.1, $1.0.count, $1.0) > ($1.1, $0.0.count, $0.0) })
        where !picked.contains(candidate) && picked.count < 2 {
            picked.append(candidate)
        }
        if picked.isEmpty { picked.append("A reporter may quote \"\(line)\" inside a sentence, which must stay.") }
        return picked
    }

    static func fixtureName(_ url: String) -> String {
        let path = URL(string: url)?.path ?? ""
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        let cleaned = String(last.lowercased().prefix(60).map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
        return cleaned.isEmpty ? "page" : cleaned
    }

    private static func text<S: Sequence<String>>(_ lines: S) -> String {
        lines.map { $0 + "\n" }.joined()
    }

    private static func yaml(
        command: String,
        host: String,
        pages: Int,
        distinct: Int,
        rules: [RuleDraft],
        fixture: (name: String, input: String, expected: String, url: String)?
    ) -> String {
        let description = "Furniture of \(host) pages, learned by '\(command)' from \(pages) pages "
            + "(\(distinct) distinct); review every rule."
        var yaml = """
            schema: 1
            id: \(CrawlLearner.packID(forHost: host))
            name: \(host)
            version: 0.1.0
            description: \(PackScaffold.quoted(description))
            hosts: [\(host)]

            """
        yaml += rules.isEmpty ? "rules: []\n" : "rules:\n"
        for rule in rules {
            yaml += "  - id: \(rule.id)\n"
            yaml += "    description: \(PackScaffold.quoted(rule.description))\n"
            for line in rule.body { yaml += "    \(line)\n" }
            yaml += "    examples:\n"
            for example in rule.examples {
                yaml += "      - input: \(PackScaffold.quoted(example.input))\n"
                yaml += "        output: \(PackScaffold.quoted(example.output))\n"
            }
            yaml += "    keep:\n"
            for keep in rule.keeps { yaml += "      - \(PackScaffold.quoted(keep))\n" }
        }
        if let fixture {
            let base = "fixtures/\(host)/\(fixture.name)"
            yaml += """
                fixtures:
                  - input: \(PackScaffold.quoted(base + ".input.txt"))
                    expected: \(PackScaffold.quoted(base + ".expected.txt"))
                    url: \(PackScaffold.quoted(fixture.url))

                """
        }
        return yaml
    }
}
