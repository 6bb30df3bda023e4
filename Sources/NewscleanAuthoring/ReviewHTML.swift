public import Newsclean

/// The HTML of `newsclean review` and `newsclean explain --format html`: static pages, no script, no network.
///
/// A removal is a `<del class="r rN">` (N: its rule's colour) with `data-rule`, `data-pack`, `data-location` and
/// `data-span` attributes and a `title` that says the same; a rewrite's new text follows as `<ins>`. The checkboxes
/// above the text hide a rule's marks with CSS `:has()`; focusing a mark (click or Tab) shows its details in a bar.
public enum ReviewHTML {
    /// A colour per rule, fixed by the rule's position in `rules`.
    public struct Palette: Sendable {
        public let rules: [String]
        private let index: [String: Int]

        public init(rules: [String]) {
            var index: [String: Int] = [:]
            var ordered: [String] = []
            for rule in rules where index[rule] == nil {
                index[rule] = ordered.count
                ordered.append(rule)
            }
            self.rules = ordered
            self.index = index
        }

        /// The rule's colour class number.
        public func number(of rule: String) -> Int { index[rule] ?? 0 }

        /// Hues spread by the golden angle, so that neighbouring rules differ.
        func hue(_ number: Int) -> Int { Int((Double(number) * 137.508).truncatingRemainder(dividingBy: 360)) }

        /// `.rN { --c: ...; --b: ... }` for every rule: the strike and text colour, and the background.
        var css: String {
            rules.indices.map { number in
                let hue = hue(number)
                return ".r\(number){--c:hsl(\(hue) 70% 35%);--b:hsl(\(hue) 90% 90%)}"
            }.joined(separator: "\n")
        }
    }

    static let style = """
        body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1em 1.5em 4em;color:#222}
        h1{font-size:1.3em;margin:.2em 0}
        a{color:#1a55a0}
        table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:14px}
        th,td{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left;vertical-align:top}
        #rules td:first-child{white-space:nowrap}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        .swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;background:var(--b);
          border:2px solid var(--c);vertical-align:-2px;margin-right:.3em}
        .meta{color:#555;font-size:14px}
        fieldset{border:1px solid #ddd;font-size:13px;margin:1em 0}
        fieldset label{display:inline-block;margin:.1em .8em .1em 0;white-space:nowrap}
        pre.text{white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.55 ui-monospace,monospace;
          background:#fafafa;border:1px solid #e4e4e4;padding:1em}
        del.r{text-decoration:line-through 2px var(--c);color:var(--c);background:var(--b);cursor:help}
        ins.r{text-decoration:underline 2px var(--c);background:var(--b)}
        del.r:focus{outline:2px solid var(--c)}
        del.r:focus::after{content:attr(title);position:fixed;left:0;right:0;bottom:0;padding:.5em 1em;
          background:#222;color:#fff;font:13px system-ui,sans-serif;white-space:normal}
        """

    /// Escapes `text` for HTML text and attribute values.
    public static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// What a mark's title says about one removal: rule, pack, rule file:line, byte span.
    static func info(_ removal: Removal) -> String {
        let place = removal.ruleLocation.map { " · \($0.file):\($0.line)" } ?? ""
        let change = removal.replacement.map { " → “\($0)”" } ?? ""
        return "\(removal.ruleID) · pack \(removal.packID)\(place) · bytes \(removal.range.lowerBound)–"
            + "\(removal.range.upperBound)\(change)"
    }

    /// The input text with every removal struck through: the `<pre>` of a document page.
    ///
    /// The text is cut at every removal's start and end. A piece inside one or more removals is one `<del>`, coloured
    /// by the first of them (the earliest, then the longest); its title names them all. A rewrite's new text follows
    /// its range as `<ins>`.
    public static func markedText(_ explanation: Explanation, palette: Palette) -> String {
        let bytes = Array(explanation.input.utf8)
        let removals = explanation.entries.map(\.removal)
        var cuts: Set<Int> = [0, bytes.count]
        for removal in removals {
            cuts.insert(min(removal.range.lowerBound, bytes.count))
            cuts.insert(min(removal.range.upperBound, bytes.count))
        }
        let points = cuts.sorted()
        var out = "<pre class=\"text\">"
        var pending: (covering: [Int], start: Int)?
        func text(_ range: Range<Int>) -> String { escape(String(decoding: bytes[range], as: UTF8.self)) }
        func flush(upTo end: Int) {
            guard let (covering, start) = pending, start < end else { return }
            pending = nil
            guard let first = covering.first else {
                out += text(start..<end)
                return
            }
            let removal = removals[first]
            let title = covering.map { info(removals[$0]) }.joined(separator: " + ")
            out += "<del class=\"r r\(palette.number(of: removal.ruleID))\" tabindex=\"0\""
            out += " data-rule=\"\(escape(removal.ruleID))\" data-pack=\"\(escape(removal.packID))\""
            if let location = removal.ruleLocation { out += " data-location=\"\(escape(location.description))\"" }
            out += " data-span=\"\(removal.range.lowerBound)-\(removal.range.upperBound)\""
            out += " title=\"\(escape(title))\">\(text(start..<end))</del>"
        }
        for (lower, upper) in zip(points, points.dropFirst()) {
            let covering = removals.indices.filter {
                removals[$0].range.lowerBound <= lower && removals[$0].range.upperBound >= upper
            }
            if pending?.covering != covering {
                flush(upTo: lower)
                pending = (covering, lower)
            }
            let rewrites = removals.indices.filter { removals[$0].replacement != nil && removals[$0].range.upperBound == upper }
            if !rewrites.isEmpty {
                flush(upTo: upper)
                for index in rewrites {
                    let removal = removals[index]
                    out += "<ins class=\"r r\(palette.number(of: removal.ruleID))\" title=\"\(escape(info(removal)))\">"
                    out += escape(removal.replacement ?? "") + "</ins>"
                }
            }
        }
        flush(upTo: bytes.count)
        return out + "</pre>"
    }

    static func page(title: String, body: String, palette: Palette) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(style)
        \(palette.css)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// A rule's id with its colour swatch.
    static func swatch(_ rule: String, _ palette: Palette) -> String {
        "<span class=\"swatch r\(palette.number(of: rule))\"></span>\(escape(rule))"
    }

    /// One document: its metadata, a checkbox per rule that changed it (unticking hides that rule's marks), and the
    /// marked text.
    public static func documentPage(
        _ explanation: Explanation,
        title: String,
        url: String?,
        palette: Palette,
        backLink: String? = nil
    ) -> String {
        var body = ""
        if let backLink { body += "<p><a href=\"\(escape(backLink))\">← all documents</a></p>\n" }
        body += "<h1>\(escape(title))</h1>\n<p class=\"meta\">"
        if let url { body += "<a href=\"\(escape(url))\">\(escape(url))</a><br>" }
        let bytes = explanation.entries.reduce(0) { $0 + $1.removal.range.count }
        body += "publisher pack: \(escape(explanation.publisherPackID ?? "none")) · \(explanation.entries.count) "
            + "changes · \(bytes) of \(explanation.input.utf8.count) bytes</p>\n"
        if let guarded = explanation.overDeletion {
            body += "<p class=\"meta\"><strong>Passed through unchanged by the over-deletion guard:</strong> "
                + "\(escape(guarded.description))</p>\n"
        }
        for warning in explanation.warnings where warning.code != .overDeletion {
            body += "<p class=\"meta\">warning [\(escape(warning.code.rawValue))]: \(escape(warning.description))</p>\n"
        }
        var used: [String] = []
        for entry in explanation.entries where !used.contains(entry.removal.ruleID) { used.append(entry.removal.ruleID) }
        if !used.isEmpty {
            body += "<fieldset><legend>Show the marks of</legend>\n"
            for rule in used {
                let number = palette.number(of: rule)
                body += "<label><input type=\"checkbox\" id=\"f\(number)\" checked> \(swatch(rule, palette))</label>\n"
            }
            body += "</fieldset>\n"
            // Unticked: the rule's text shows as plain text.
            body += "<style>" + used.map { rule in
                let number = palette.number(of: rule)
                return "body:has(#f\(number):not(:checked)) .r\(number).r{text-decoration:none;color:inherit;"
                    + "background:none}body:has(#f\(number):not(:checked)) ins.r\(number){display:none}"
            }.joined() + "</style>\n"
        }
        body += markedText(explanation, palette: palette)
        return page(title: "newsclean: \(title)", body: body, palette: palette)
    }

    static func cell(_ value: Int) -> String { "<td class=\"n\">\(value)</td>" }
    static func cell(_ value: Double) -> String { "<td class=\"n\">\(rounded(value))</td>" }

    /// `value` to four decimals.
    static func rounded(_ value: Double) -> Double { Double(Int((value * 10_000).rounded())) / 10_000 }

    /// The index of a review: totals, per rule, per publisher, and every document.
    public static func index(_ review: Review, palette: Palette) -> String {
        let documents = review.documents
        let changed = documents.filter { !$0.explanation.entries.isEmpty }.count
        let removals = documents.reduce(0) { $0 + $1.explanation.entries.count }
        let bytes = documents.reduce(0) { total, document in
            total + document.explanation.entries.reduce(0) { $0 + $1.removal.range.count }
        }
        var body = "<h1>newsclean review</h1>\n<p class=\"meta\">\(documents.count) documents, \(changed) changed; "
            + "\(removals) removals, \(bytes) bytes"
        if !review.skipped.isEmpty { body += "; \(review.skipped.count) records not reviewed (below)" }
        body += "</p>\n"
        let evaluation = review.evaluation
        if let evaluation {
            body += "<p class=\"meta\">Labelled corpus: junk recall \(rounded(evaluation.overall.junkRecall)), content kept "
                + "\(rounded(evaluation.overall.contentKeptRatio)) (\(evaluation.overall.junkLines) junk lines, "
                + "\(evaluation.overall.contentLines) content lines).</p>\n"
        }

        body += "<h2>Rules</h2>\n<table id=\"rules\">\n<tr><th>rule</th><th>rule file</th><th class=\"n\">removals</th>"
            + "<th class=\"n\">lines</th><th class=\"n\">bytes</th><th class=\"n\">pages</th>"
        if evaluation != nil {
            body += "<th class=\"n\">junk lines</th><th class=\"n\">share of junk</th><th class=\"n\">content lost</th>"
        }
        body += "</tr>\n"
        for rule in review.ruleTotals {
            body += "<tr data-rule=\"\(escape(rule.rule))\"><td>\(swatch(rule.rule, palette))</td>"
            body += "<td>\(escape(rule.location.map { "\($0.file):\($0.line)" } ?? "(in code)"))</td>"
            body += cell(rule.removals) + cell(rule.lines) + cell(rule.bytes) + cell(rule.pages)
            if let evaluation {
                let impact = evaluation.perRule[rule.rule] ?? Evaluation.RuleImpact()
                let junk = evaluation.overall.junkLines
                body += cell(impact.junk) + cell(junk == 0 ? 0 : Double(impact.junk) / Double(junk)) + cell(impact.content)
            }
            body += "</tr>\n"
        }
        body += "</table>\n"

        body += "<h2>Publishers</h2>\n<table id=\"publishers\">\n<tr><th>publisher</th><th class=\"n\">pages</th>"
            + "<th class=\"n\">changed</th><th class=\"n\">removals</th><th class=\"n\">bytes</th>"
        if evaluation != nil { body += "<th class=\"n\">junk recall</th><th class=\"n\">content kept</th>" }
        body += "</tr>\n"
        for publisher in review.publisherTotals {
            body += "<tr><td>\(escape(publisher.publisher))</td>" + cell(publisher.pages) + cell(publisher.changedPages)
                + cell(publisher.removals) + cell(publisher.bytes)
            if let score = evaluation?.perPublisher[publisher.publisher] {
                body += cell(score.junkRecall) + cell(score.contentKeptRatio)
            } else if evaluation != nil {
                body += "<td></td><td></td>"
            }
            body += "</tr>\n"
        }
        body += "</table>\n"

        body += "<h2>Documents</h2>\n<table id=\"documents\">\n<tr><th>document</th><th>publisher</th>"
            + "<th class=\"n\">removals</th><th class=\"n\">bytes</th><th>rules</th></tr>\n"
        for (index, document) in documents.enumerated() {
            let entries = document.explanation.entries
            var rules: [String] = []
            for entry in entries where !rules.contains(entry.removal.ruleID) { rules.append(entry.removal.ruleID) }
            body += "<tr><td><a href=\"docs/\(Review.pageName(index))\">\(escape(document.id))</a></td>"
            body += "<td>\(escape(document.publisher))</td>" + cell(entries.count)
                + cell(entries.reduce(0) { $0 + $1.removal.range.count })
            body += "<td>" + rules.map { "<span class=\"swatch r\(palette.number(of: $0))\" title=\"\(escape($0))\"></span>" }
                .joined() + "</td></tr>\n"
        }
        body += "</table>\n"
        if !review.skipped.isEmpty {
            body += "<h2>Not reviewed</h2>\n<ul>\n" + review.skipped.map {
                "<li>line \($0.line): \(escape($0.reason))</li>"
            }.joined(separator: "\n") + "\n</ul>\n"
        }
        return page(title: "newsclean review", body: body, palette: palette)
    }
}
