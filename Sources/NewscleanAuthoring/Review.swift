public import Newsclean
public import Foundation

/// A visual review of what the rules did to a set of documents: `newsclean review CORPUS.jsonl --out DIR`.
///
/// ``write(to:)`` writes one self-contained folder of static HTML (no script, no network): `index.html` with counts
/// per rule and per publisher (and, when every record has `labels`, each rule's junk and content lines), and one page
/// per document under `docs/` with each removal struck through and coloured by its rule. Hovering (or focusing) a
/// removal shows its rule, pack, rule file:line and byte span; the checkboxes above the text hide a rule's marks.
public struct Review: Sendable {
    /// One reviewed document.
    public struct Document: Sendable {
        /// The record's `id`, or `line-N`.
        public var id: String
        /// The line of the corpus it came from (1-based).
        public var line: Int
        public var url: String?
        /// The record's `publisher_domain`, else the publisher pack that applied, else the URL's host.
        public var publisher: String
        public var explanation: Explanation
        /// One label per line of the text, when the record has them.
        public var labels: [CorpusRecord.Label]?
    }

    /// A record that could not be reviewed (not JSON, no text field, ...): listed in the index, never dropped.
    public struct Skipped: Sendable, Hashable {
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    /// What one rule did across the documents.
    public struct RuleTotals: Sendable, Hashable {
        public var rule: String
        public var pack: String
        public var location: SourceLocation?
        public var removals = 0
        /// Lines of input the rule's removals touched.
        public var lines = 0
        public var bytes = 0
        /// Documents the rule changed.
        public var pages = 0
    }

    /// What the rules did to one publisher's documents.
    public struct PublisherTotals: Sendable, Hashable {
        public var publisher: String
        public var pages = 0
        public var changedPages = 0
        public var removals = 0
        public var bytes = 0
    }

    public var documents: [Document] = []
    public var skipped: [Skipped] = []
    /// Scores of the labelled corpus; nil unless every reviewed record has labels.
    public var evaluation: Evaluation?

    /// Reviews a JSONL corpus: one object a line with the text in `textField`, the URL in `urlField`, and optionally
    /// `id`, `publisher_domain` and `labels` (as for `newsclean eval`).
    public init(jsonl data: Data, cleaner: Cleaner, textField: String = "text", urlField: String = "url") {
        var labelled: [CorpusRecord] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                skipped.append(Skipped(line: lineNumber, reason: "not a JSON object"))
                continue
            }
            guard let text = object[textField] as? String else {
                skipped.append(Skipped(line: lineNumber, reason: "no string field '\(textField)'"))
                continue
            }
            let url = object[urlField] as? String
            let explanation = cleaner.explain(text, url: url)
            let labels = (object["labels"] as? [String])?.compactMap(CorpusRecord.Label.init(rawValue:))
            let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
            let document = Document(
                id: object["id"] as? String ?? "line-\(lineNumber)",
                line: lineNumber,
                url: url,
                publisher: object["publisher_domain"] as? String ?? explanation.publisherPackID
                    ?? url.flatMap { URL(string: $0)?.host } ?? "unknown",
                explanation: explanation,
                labels: labels?.count == lineCount ? labels : nil
            )
            if let labels = document.labels {
                labelled.append(
                    CorpusRecord(id: document.id, url: url, publisher: document.publisher, text: text, labels: labels)
                )
            }
            documents.append(document)
        }
        if !documents.isEmpty, labelled.count == documents.count {
            evaluation = Evaluation.run(labelled, cleaner: cleaner)
        }
    }

    /// Per-rule totals, most bytes first.
    public var ruleTotals: [RuleTotals] {
        var totals: [String: RuleTotals] = [:]
        for document in documents {
            var seen: Set<String> = []
            var lines: [String: Set<Int>] = [:]
            for entry in document.explanation.entries {
                let removal = entry.removal
                var rule = totals[removal.ruleID]
                    ?? RuleTotals(rule: removal.ruleID, pack: removal.packID, location: removal.ruleLocation)
                rule.removals += 1
                rule.bytes += removal.range.count
                if seen.insert(removal.ruleID).inserted { rule.pages += 1 }
                lines[removal.ruleID, default: []].formUnion(entry.lines)
                totals[removal.ruleID] = rule
            }
            for (rule, touched) in lines { totals[rule]?.lines += touched.count }
        }
        return totals.values.sorted { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.rule < $1.rule }
    }

    /// Per-publisher totals, by publisher.
    public var publisherTotals: [PublisherTotals] {
        var totals: [String: PublisherTotals] = [:]
        for document in documents {
            var publisher = totals[document.publisher] ?? PublisherTotals(publisher: document.publisher)
            let entries = document.explanation.entries
            publisher.pages += 1
            if !entries.isEmpty { publisher.changedPages += 1 }
            publisher.removals += entries.count
            publisher.bytes += entries.reduce(0) { $0 + $1.removal.range.count }
            totals[document.publisher] = publisher
        }
        return totals.values.sorted { $0.publisher < $1.publisher }
    }

    /// The file name of document `index`'s page, inside `docs/`.
    public static func pageName(_ index: Int) -> String {
        let number = String(index + 1)
        return String(repeating: "0", count: max(0, 4 - number.count)) + number + ".html"
    }

    /// Writes `index.html` and `docs/NNNN.html` into `folder` (created if needed).
    public func write(to folder: URL) throws {
        let docs = folder.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let palette = ReviewHTML.Palette(rules: ruleTotals.map(\.rule))
        try Data(ReviewHTML.index(self, palette: palette).utf8).write(to: folder.appendingPathComponent("index.html"))
        for (index, document) in documents.enumerated() {
            let page = ReviewHTML.documentPage(
                document.explanation,
                title: document.id,
                url: document.url,
                palette: palette,
                backLink: "../index.html"
            )
            try Data(page.utf8).write(to: docs.appendingPathComponent(Self.pageName(index)))
        }
    }
}
