public import Newsclean
internal import NewscleanRules
internal import Foundation

/// Drafts a publisher pack from sample articles: lines that recur across several articles of one publisher are
/// its furniture, so each becomes a `delete-line` rule for the author to review.
public enum PackScaffold {
    /// A drafted pack file.
    public struct Draft: Sendable {
        /// The YAML text of the pack.
        public var yaml: String
        /// The recurring lines that became rules, with the number of samples each occurs in.
        public var recurringLines: [(line: String, samples: Int)]
        /// Recurring lines left out because the bundled generic packs already remove them.
        public var alreadyRemoved: [String]
    }

    /// Drafts the pack for `domain` from `samples` (article texts).
    ///
    /// - Parameters:
    ///   - fixture: the fixture's input and expected paths relative to the pack file, when one is written.
    ///   - fixtureURL: the URL the fixture runs with.
    ///   - generic: the generic packs (to leave out lines they already remove).
    public static func draft(
        domain: String,
        samples: [String],
        fixture: (input: String, expected: String)?,
        fixtureURL: String?,
        generic: [RulePack]
    ) -> Draft {
        let genericCleaner = try? Cleaner(packs: generic)
        var sampleCount: [String: Int] = [:]
        var order: [String] = []
        for sample in samples {
            var seen: Set<String> = []
            for raw in sample.split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                guard isCandidate(line), seen.insert(line).inserted else { continue }
                if sampleCount[line] == nil { order.append(line) }
                sampleCount[line, default: 0] += 1
            }
        }
        var recurring: [(String, Int)] = []
        var alreadyRemoved: [String] = []
        for line in order where (sampleCount[line] ?? 0) >= 2 {
            let probe = "Article text before.\n\(line)\nArticle text after.\n"
            if let genericCleaner, genericCleaner.clean(probe).text == "Article text before.\nArticle text after.\n" {
                alreadyRemoved.append(line)
            } else {
                recurring.append((line, sampleCount[line]!))
            }
        }

        var yaml = """
            schema: 1
            id: \(domain)
            name: \(domain)
            version: 0.1.0
            description: Furniture of \(domain) article pages (drafted by 'newsclean new' from \(samples.count) \
            samples; review every rule).
            hosts: [\(domain)]
            rules:

            """
        if recurring.isEmpty {
            yaml = yaml.replacingOccurrences(of: "rules:\n", with: "rules: []\n")
        }
        var usedIDs: Set<String> = []
        for (line, count) in recurring {
            let id = ruleID(for: line, used: &usedIDs)
            yaml += """
                  - id: \(id)
                    description: \(quoted("Recurring line, in \(count) of \(samples.count) samples: \(line.prefix(60))"))
                    action: delete-line
                    pattern: \(singleQuoted("^[ \\t]*" + regexEscaped(line) + "[ \\t]*$"))
                    examples:
                      - input: \(quoted("Article text before.\n\(line)\nArticle text after.\n"))
                        output: \(quoted("Article text before.\nArticle text after.\n"))
                    keep:
                      - \(quoted("A reporter may quote \"\(line)\" inside a sentence, which must stay."))

                """
        }
        if let fixture {
            yaml += """
                fixtures:
                  - input: \(quoted(fixture.input))
                    expected: \(quoted(fixture.expected))

                """
            if let fixtureURL { yaml += "    url: \(quoted(fixtureURL))\n" }
        }
        return Draft(yaml: yaml, recurringLines: recurring, alreadyRemoved: alreadyRemoved)
    }

    /// A line worth a rule: some letters, not too long (long lines are article text, even when syndicated).
    static func isCandidate(_ line: String) -> Bool {
        !line.isEmpty && line.count <= 200 && line.contains { $0.isLetter }
    }

    static func ruleID(for line: String, used: inout Set<String>) -> String {
        let words = line.lowercased().split { !($0.isLetter || $0.isNumber) }
            .map { String($0.unicodeScalars.filter { $0.isASCII }.map(Character.init)) }
            .filter { !$0.isEmpty }
            .prefix(5)
        var base = words.joined(separator: "-")
        if base.isEmpty || !(base.first?.isLetter ?? false) { base = "line" }
        var id = base
        var suffix = 2
        while used.contains(id) {
            id = "\(base)-\(suffix)"
            suffix += 1
        }
        used.insert(id)
        return id
    }

    /// `text` with every PCRE2 metacharacter escaped.
    public static func regexEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\^$.|?*+()[]{}/#".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// A YAML single-quoted scalar (no escapes: only `'` is doubled).
    static func singleQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A YAML double-quoted scalar with JSON-style escapes.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
