import Foundation
public import Newsclean
import NewscleanRules

/// The real workload: the bundled rule packs over the copied dev corpus (`corpus/dev.jsonl` of the repository, 116
/// real news pages as a scraper extracted them), the pages repeated in order to the size a benchmark needs.
///
/// Built once per process on first use (in a benchmark's setup, never in the measured region).
public enum RealPages {
    /// One record of the corpus: its URL (which picks the publisher pack), its text, and its JSONL line as stored.
    public struct Page: Sendable {
        public let url: String?
        public let text: String
        public let line: [UInt8]
    }

    /// `corpus/dev.jsonl`, found from this source file (Benchmarks/Sources/Workloads/ in the repository).
    public static let corpusPath: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("corpus/dev.jsonl").path
    }()

    /// Every record of the corpus, in file order.
    public static let pages: [Page] = {
        guard let data = FileManager.default.contents(atPath: corpusPath) else {
            fatalError("RealPages: cannot read \(corpusPath)")
        }
        return data.split(separator: UInt8(ascii: "\n")).map { line in
            guard let record = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let text = record["text"] as? String
            else { fatalError("RealPages: a record of \(corpusPath) has no text") }
            return Page(url: record["url"] as? String, text: text, line: Array(line))
        }
    }()

    /// The pages repeated in order until there are `count` of them.
    public static func documents(count: Int) -> [Page] {
        (0..<count).map { pages[$0 % pages.count] }
    }

    /// The pages repeated in order until their texts add up to at least `bytes`.
    public static func documents(textBytes bytes: Int) -> [Page] {
        var documents: [Page] = []
        var total = 0
        while total < bytes {
            let page = pages[documents.count % pages.count]
            documents.append(page)
            total += page.text.utf8.count
        }
        return documents
    }

    /// The documents as JSON Lines, each record exactly as in the corpus file.
    public static func jsonl(_ documents: [Page]) -> [UInt8] {
        var bytes: [UInt8] = []
        for page in documents {
            bytes += page.line
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The documents' texts as one plain text, a line feed after each (the plain-text path: one document).
    public static func plainText(_ documents: [Page]) -> [UInt8] {
        var bytes: [UInt8] = []
        for page in documents {
            bytes += Array(page.text.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The bundled rule packs, parsed afresh from the rule files compiled into the binary (as `newsclean` does at
    /// startup).
    public static func bundledPacks() -> [RulePack] {
        do {
            return try RuleLoader.parse(RuleLoader.bundledRuleFiles)
        } catch {
            fatalError("RealPages: the bundled packs do not parse: \(error)")
        }
    }
}
