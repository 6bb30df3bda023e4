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

    /// The report as a JSON object.
    public func jsonReport() -> String {
        func score(_ score: Score) -> [String: Any] {
            [
                "junk_lines": score.junkLines, "junk_removed": score.junkRemoved, "junk_recall": score.junkRecall,
                "content_lines": score.contentLines, "content_kept_lines": score.contentKept,
                "content_kept": score.contentKeptRatio,
            ]
        }
        let object: [String: Any] = [
            "records": records,
            "overall": score(overall),
            "publishers": perPublisher.mapValues(score),
            "rules": rulesByImpact.map { ["rule": $0.rule, "junk": $0.impact.junk, "content": $0.impact.content,
                                          "neutral": $0.impact.neutral, "pages": $0.impact.pages,
                                          "publishers": $0.impact.publishers] },
            "guarded": guarded.map { ["record": $0.recordID, "removed_fraction": $0.removedFraction] as [String: Any] },
            "content_removed": lostContent.map {
                ["record": $0.recordID, "line": $0.lineNumber, "text": $0.line, "rules": $0.rules] as [String: Any]
            },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
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
