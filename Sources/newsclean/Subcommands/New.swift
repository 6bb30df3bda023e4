import ArgumentParser
import Foundation
import Newsclean
import NewscleanAuthoring
import NewscleanRules

extension NewscleanCommand {
    /// Scaffolds a publisher pack.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft a publisher pack from sample articles.",
            discussion: """
                Writes RULES_DIR/DOMAIN.yaml with the pack's metadata, a fixture made from the sample with the most \
                furniture, and draft rules for what recurs across two or more samples, drafted as 'learn' does: \
                lines and line shapes (digits, dates normalised) as delete-line rules, recurring boxes as \
                delete-block or delete-list rules (lines the bundled generic packs already remove are left out). \
                Samples are text files (LF or CRLF), or JSONL files whose records with a URL on DOMAIN are used. \
                Review every rule, then run 'newsclean test' and 'newsclean lint'.
                """
        )

        @Argument(help: "The publisher's domain, e.g. example.com.")
        var domain: String

        @Argument(help: ArgumentHelp("Sample articles: text files, or JSONL files (records of DOMAIN).", valueName: "sample"))
        var samples: [String] = []

        @Option(help: "The folder to write the pack into.")
        var rulesDir = "Rules/publishers"

        @Flag(help: "Overwrite an existing pack file.")
        var force = false

        func validate() throws {
            let domain = self.domain.lowercased()
            guard !domain.contains("/"), !domain.contains(":") else {
                throw ValidationError("'\(self.domain)' is not a domain (write 'example.com', without scheme or path)")
            }
            guard domain.unicodeScalars.allSatisfy(\.isASCII) else {
                throw ValidationError(
                    "'\(self.domain)' is not an ASCII domain: write an internationalised domain in its 'xn--' form, "
                        + "as URLs carry it (e.g. 'xn--mnchen-3ya.de' for 'münchen.de')")
            }
            guard CrawlLearner.isValidHost(domain), domain.split(separator: ".").count >= 2 else {
                throw ValidationError("'\(self.domain)' is not a domain (write 'example.com', without scheme or path)")
            }
        }

        func run() throws {
            let domain = self.domain.lowercased()
            let packPath = (rulesDir as NSString).appendingPathComponent("\(domain).yaml")
            if FileManager.default.fileExists(atPath: packPath) && !force {
                Diagnostics.printError("newsclean: error: \(packPath) exists; use --force to overwrite it")
                throw ExitCode.failure
            }
            var texts: [(name: String, text: String, url: String?)] = []
            for sample in samples {
                let data = try InputFile.contents(sample)
                if sample.hasSuffix(".jsonl") {
                    let records = (try? CorpusRecord.load(jsonl: data)) ?? Self.unlabelled(data)
                    for record in records where Self.host(record.url, isOn: domain) || record.publisher == domain {
                        texts.append((record.id, record.text, record.url))
                    }
                } else {
                    let name = ((sample as NSString).lastPathComponent as NSString).deletingPathExtension
                    texts.append((name, String(decoding: data, as: UTF8.self), nil))
                }
            }
            let bundled = try RuleLoader.bundledPacks()
            for pack in bundled where pack.scope.hosts.contains(where: { domain == $0 || domain.hasSuffix("." + $0) }) {
                Diagnostics.printError(
                    "newsclean: warning: the bundled pack '\(pack.id)' already covers \(domain); with both in use, "
                        + "'newsclean packs' shows which applies")
            }
            let generic = bundled.filter(\.scope.isGeneric)
            // The same engine as 'learn', on one host: a line recurs when two or more samples have it.
            var options = CrawlLearner.Options()
            options.minPages = 1
            options.minShare = 0
            options.command = "newsclean new"
            let learner = CrawlLearner(options: options)
            for sample in texts {
                learner.add(text: sample.text, url: sample.url ?? "https://\(domain)/\(Self.fileName(sample.name))",
                            host: domain)
            }
            guard let draft = learner.drafts(generic: generic).first else {
                Diagnostics.printError("newsclean: error: no samples of \(domain) were given")
                throw ExitCode(66)
            }
            let fileManager = FileManager.default
            try fileManager.createDirectory(atPath: rulesDir, withIntermediateDirectories: true)
            try draft.yaml.write(toFile: packPath, atomically: true, encoding: .utf8)
            print("wrote \(packPath): \(draft.rules) draft rules from \(texts.count) samples")
            if let fixture = draft.fixture {
                let folder = (rulesDir as NSString).appendingPathComponent("fixtures/\(domain)")
                try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let base = (folder as NSString).appendingPathComponent(fixture.name)
                try fixture.input.write(toFile: base + ".input.txt", atomically: true, encoding: .utf8)
                try fixture.expected.write(toFile: base + ".expected.txt", atomically: true, encoding: .utf8)
                print("wrote \(base).input.txt (the sample with the most furniture)\nwrote \(base).expected.txt "
                    + "(review it: it is what the draft pack produces)")
            }
            for line in draft.leftOut {
                print("left out (the generic packs remove it already): \(line)")
            }
            if draft.distinctPages < 2 {
                print("note: recurring lines need two or more distinct samples of \(domain); none were drafted")
            }
            print("next: edit \(packPath), then run: newsclean test \(packPath) && newsclean lint \(packPath)")
        }

        static func host(_ url: String?, isOn domain: String) -> Bool {
            guard let url, let host = URL(string: url)?.host?.lowercased() else { return false }
            return host == domain || host.hasSuffix("." + domain)
        }

        static func fileName(_ name: String) -> String {
            let cleaned = name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }
            return String(cleaned).isEmpty ? "sample" : String(cleaned)
        }

        /// Records of a JSONL file without labels: each object's `text` and `url`.
        static func unlabelled(_ data: Data) -> [CorpusRecord] {
            data.split(separator: UInt8(ascii: "\n")).enumerated().compactMap { index, line in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                    let text = object["text"] as? String
                else { return nil }
                let url = object["url"] as? String
                return CorpusRecord(id: object["id"] as? String ?? "record-\(index + 1)", url: url,
                                    publisher: URL(string: url ?? "")?.host ?? "", text: text, labels: [])
            }
        }
    }
}
