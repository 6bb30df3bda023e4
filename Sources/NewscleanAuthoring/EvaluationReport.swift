internal import Foundation

extension Evaluation {
    /// A plain-text report: the overall figures, per publisher, per rule (content-removing rules first), and the
    /// content lines lost (up to `maxLostLines`).
    public func textReport(maxLostLines: Int = 20) -> String {
        var out = ""
        func figure(_ value: Double) -> String { String(format: "%.4f", value) }
        out += "records \(records)  junk lines \(overall.junkLines)  content lines \(overall.contentLines)\n"
        out += "junk recall \(figure(overall.junkRecall))  content kept \(figure(overall.contentKeptRatio))\n"
        out += "passed through by the over-deletion guard: \(guarded.count)"
        out += guarded.isEmpty ? "\n\n" : " (" + guarded.map { "\($0.recordID) \(figure($0.removedFraction))" }
            .joined(separator: ", ") + ")\n\n"

        out += "publisher".padding(28) + "junk".leftPadding(6) + "recall".leftPadding(8)
            + "content".leftPadding(9) + "kept".leftPadding(8) + "\n"
        for (publisher, score) in perPublisher.sorted(by: { $0.key < $1.key }) {
            out += publisher.padding(28) + "\(score.junkLines)".leftPadding(6)
                + figure(score.junkRecall).leftPadding(8) + "\(score.contentLines)".leftPadding(9)
                + figure(score.contentKeptRatio).leftPadding(8) + "\n"
        }
        out += "\n" + "rule".padding(52) + "junk".leftPadding(6) + "content".leftPadding(9)
            + "neutral".leftPadding(9) + "pages".leftPadding(7) + "pubs".leftPadding(6) + "\n"
        for (rule, impact) in rulesByImpact {
            out += rule.padding(52) + "\(impact.junk)".leftPadding(6) + "\(impact.content)".leftPadding(9)
                + "\(impact.neutral)".leftPadding(9) + "\(impact.pages)".leftPadding(7)
                + "\(impact.publishers)".leftPadding(6) + "\n"
        }
        if !lostContent.isEmpty {
            out += "\ncontent lines removed (\(lostContent.count)):\n"
            for lost in lostContent.prefix(maxLostLines) {
                let rules = lost.rules.isEmpty ? "(tidy)" : lost.rules.joined(separator: ", ")
                out += "  \(lost.recordID):\(lost.lineNumber) [\(rules)] \(lost.line.prefix(100))\n"
            }
            if lostContent.count > maxLostLines { out += "  ... \(lostContent.count - maxLostLines) more\n" }
        }
        return out
    }

    /// The report as a JSON object (`newsclean eval --format json`), encoded from ``Evaluation/Report``.
    public func jsonReport() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Report(self))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The JSON form of an evaluation: `records`, `overall` and `publishers` (scores), `rules` (lines of each label
    /// each rule removed, content-removing rules first), `guarded` and `content_removed`.
    public struct Report: Sendable, Encodable {
        public struct ScoreJSON: Sendable, Encodable {
            var junkLines, junkRemoved, contentLines, contentKeptLines: Int
            var junkRecall, contentKept: Double

            init(_ score: Score) {
                junkLines = score.junkLines
                junkRemoved = score.junkRemoved
                contentLines = score.contentLines
                contentKeptLines = score.contentKept
                junkRecall = score.junkRecall
                contentKept = score.contentKeptRatio
            }

            enum CodingKeys: String, CodingKey {
                case junkLines = "junk_lines", junkRemoved = "junk_removed", contentLines = "content_lines"
                case contentKeptLines = "content_kept_lines", junkRecall = "junk_recall", contentKept = "content_kept"
            }
        }

        public struct RuleJSON: Sendable, Encodable {
            var rule: String
            var junk, content, neutral: Int
            /// On how many records, and of how many publishers, the rule removed anything.
            var pages, publishers: Int
        }

        public struct GuardedJSON: Sendable, Encodable {
            var record: String
            var removedFraction: Double

            enum CodingKeys: String, CodingKey {
                case record, removedFraction = "removed_fraction"
            }
        }

        public struct LostJSON: Sendable, Encodable {
            var record: String
            var line: Int
            var text: String
            var rules: [String]
        }

        var records: Int
        var overall: ScoreJSON
        var publishers: [String: ScoreJSON]
        var rules: [RuleJSON]
        var guarded: [GuardedJSON]
        var contentRemoved: [LostJSON]

        enum CodingKeys: String, CodingKey {
            case records, overall, publishers, rules, guarded, contentRemoved = "content_removed"
        }

        public init(_ evaluation: Evaluation) {
            records = evaluation.records
            overall = ScoreJSON(evaluation.overall)
            publishers = evaluation.perPublisher.mapValues(ScoreJSON.init)
            rules = evaluation.rulesByImpact.map {
                RuleJSON(
                    rule: $0.rule, junk: $0.impact.junk, content: $0.impact.content, neutral: $0.impact.neutral,
                    pages: $0.impact.pages, publishers: $0.impact.publishers
                )
            }
            guarded = evaluation.guarded.map { GuardedJSON(record: $0.recordID, removedFraction: $0.removedFraction) }
            contentRemoved = evaluation.lostContent.map {
                LostJSON(record: $0.recordID, line: $0.lineNumber, text: $0.line, rules: $0.rules)
            }
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    func leftPadding(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
