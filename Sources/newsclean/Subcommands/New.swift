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
                Writes RULES_DIR/DOMAIN.yaml with the pack's metadata, a fixture made from the first sample, and a \
                draft delete-line rule for every line that recurs across two or more samples (lines the bundled \
                generic packs already remove are left out). Samples are text files, or JSONL files whose records \
                with a URL on DOMAIN are used. Review every rule, then run 'newsclean test' and 'newsclean lint'.
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
            let labels = domain.split(separator: ".")
            guard labels.count >= 2, !domain.contains("/"), !domain.contains(":"),
                domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" })
            else {
                throw ValidationError("'\(domain)' is not a domain (write 'example.com', without scheme or path)")
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
            let generic = try RuleLoader.bundledPacks().filter(\.scope.isGeneric)
            var fixture: (input: String, expected: String)?
            if let first = texts.first {
                let base = "fixtures/\(domain)/\(Self.fileName(first.name))"
                fixture = (base + ".input.txt", base + ".expected.txt")
            }
            let draft = PackScaffold.draft(
                domain: domain,
                samples: texts.map(\.text),
                fixture: fixture,
                fixtureURL: texts.first?.url ?? "https://\(domain)/",
                generic: generic
            )
            let fileManager = FileManager.default
            try fileManager.createDirectory(atPath: rulesDir, withIntermediateDirectories: true)
            try draft.yaml.write(toFile: packPath, atomically: true, encoding: .utf8)
            print("wrote \(packPath): \(draft.recurringLines.count) draft rules from \(texts.count) samples")
            if let fixture, let first = texts.first {
                let inputPath = (rulesDir as NSString).appendingPathComponent(fixture.input)
                let expectedPath = (rulesDir as NSString).appendingPathComponent(fixture.expected)
                try fileManager.createDirectory(
                    atPath: (inputPath as NSString).deletingLastPathComponent,
                    withIntermediateDirectories: true
                )
                try first.text.write(toFile: inputPath, atomically: true, encoding: .utf8)
                let pack = try RuleLoader.loadFile(atPath: packPath)
                let cleaner = try Cleaner(packs: generic + [pack])
                try cleaner.clean(first.text, url: first.url ?? "https://\(domain)/").text
                    .write(toFile: expectedPath, atomically: true, encoding: .utf8)
                print("wrote \(inputPath)\nwrote \(expectedPath) (review it: it is what the draft pack produces)")
            }
            for line in draft.alreadyRemoved {
                print("left out (the generic packs remove it already): \(line)")
            }
            if texts.count < 2 {
                print("note: recurring lines need two or more samples of \(domain); none were drafted")
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
