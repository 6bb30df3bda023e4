import Foundation
import Newsclean
import NewscleanBatch
import Synchronization
import Testing
import _NewscleanTestSupport

private let rules = RulePack(
    id: "t",
    scope: .generic,
    rules: [
        Rule(id: "promo", action: .deleteLine(.pattern("^Subscribe now$"))),
        Rule(id: "credit", action: .deleteLine(.pattern("^Image: [A-Z ]+$"))),
    ]
)
private let publisher = RulePack(
    id: "acme.com",
    scope: .publisher(hosts: ["acme.com"]),
    rules: [Rule(id: "acme", action: .deleteLine(.text("ACME FOOTER")))]
)

/// Runs a batch over `input` (written to a file) and returns stdout, the reported problems and the stats.
func runBatch(_ input: String, options: BatchOptions = BatchOptions(), gzip: Bool = false, guardFraction: Double? = nil) throws
    -> (output: String, problems: [String], stats: BatchStats)
{
    var url = try temporaryFile("in.jsonl", input)
    if gzip {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-k", url.path]
        try process.run()
        process.waitUntilExit()
        url = URL(fileURLWithPath: url.path + ".gz")
    }
    let outURL = url.deletingLastPathComponent().appendingPathComponent("out.jsonl")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    let handle = try FileHandle(forWritingTo: outURL)
    let problems = Mutex<[String]>([])
    var cleanerOptions = Cleaner.Options()
    if let guardFraction { cleanerOptions.maxRemovedFraction = guardFraction }
    let batch = BatchCleaner(cleaner: try Cleaner(packs: [rules, publisher], options: cleanerOptions), options: options)
    let stats = try batch.run(
        inputs: [try InputSource(path: url.path)],
        output: OutputSink(descriptor: handle.fileDescriptor),
        report: { problem in problems.withLock { $0.append("\(problem.line): \(problem.message)") } }
    )
    try handle.close()
    return (try String(contentsOf: outURL, encoding: .utf8), problems.withLock { $0 }, stats)
}

@Suite("JSONL batches")
struct BatchCleanerTests {
    static let mixed = """
        {"id": 1, "url": "https://www.acme.com/a", "text": "Story.\\nSubscribe now\\nACME FOOTER", "n": 1.5e3}

        not json
        {"id": 3, "body": "no text"}
        {"id": 4, "text": ["not", "a", "string"]}
        {"id": 5, "text": "lone \\udc00 surrogate"}
        {"id":6,"text":"Unchanged \\u00e9 text."}
        {"id": 7, "url": "https://other.org/", "text": "Story.\\nACME FOOTER\\nImage: JOHN DOE\\n"}
        """

    @Test("N lines in, N lines out, in order; bad lines pass through unchanged and are reported with line numbers")
    func mixed() throws {
        let (output, problems, stats) = try runBatch(Self.mixed)
        #expect(output == """
            {"id": 1, "url": "https://www.acme.com/a", "text": "Story.", "n": 1.5e3}

            not json
            {"id": 3, "body": "no text"}
            {"id": 4, "text": ["not", "a", "string"]}
            {"id": 5, "text": "lone \\udc00 surrogate"}
            {"id":6,"text":"Unchanged \\u00e9 text."}
            {"id": 7, "url": "https://other.org/", "text": "Story.\\nACME FOOTER\\n"}

            """)
        #expect(problems == [
            "3: passed through unchanged: not valid JSON: unexpected word at byte 1",
            "4: passed through unchanged: the record has no 'text' field",
            "5: passed through unchanged: the 'text' field is not a string",
            "6: passed through unchanged: the 'text' field is not valid UTF-8 text",
        ])
        #expect(stats.records == 7)
        #expect(stats.emptyLines == 1)
        #expect(stats.badRecords == 4)
        #expect(stats.changedRecords == 2)
        #expect(stats.removalsPerRule == ["t/promo": 1, "acme.com/acme": 1, "t/credit": 1])
    }

    @Test("the output does not depend on the number of jobs or the batch size")
    func deterministic() throws {
        var lines: [String] = []
        for index in 0..<3000 {
            switch index % 7 {
            case 0: lines.append("broken \(index)")
            case 1: lines.append("")
            default: lines.append(#"{"i": \#(index), "text": "Line \#(index).\nSubscribe now\nEnd \#(index)."}"#)
            }
        }
        let input = lines.joined(separator: "\n") + "\n"
        var one = BatchOptions()
        one.jobs = 1
        var many = BatchOptions()
        many.jobs = 4
        many.batchRecords = 7
        let a = try runBatch(input, options: one)
        let b = try runBatch(input, options: many)
        #expect(a.output == b.output)
        #expect(a.problems == b.problems)
        #expect(a.output.split(separator: "\n", omittingEmptySubsequences: false).count == 3001)
        #expect(b.stats.records == a.stats.records)
    }

    @Test("gzip input is detected and read")
    func gzip() throws {
        let plain = try runBatch(Self.mixed)
        let compressed = try runBatch(Self.mixed, gzip: true)
        #expect(compressed.output == plain.output)
    }

    @Test("--report adds the removals of each record")
    func report() throws {
        var options = BatchOptions()
        options.report = true
        let (output, _, _) = try runBatch(#"{"id": 1, "url": "https://acme.com/", "text": "Story.\nSubscribe now"}"#, options: options)
        #expect(output == #"{"id": 1, "url": "https://acme.com/", "text": "Story.","newsclean":{"publisher_pack":"acme.com","removed_bytes":14,"removal_count":1,"removals":[{"rule":"t/promo","pack":"t","start":7,"end":20}],"warnings":[]}}"# + "\n")
    }

    @Test("--strict stops at the first bad record; the lines before it were written")
    func strict() throws {
        var options = BatchOptions()
        options.strict = true
        options.jobs = 2
        options.batchRecords = 1
        do {
            _ = try runBatch(Self.mixed, options: options)
            Issue.record("expected an error")
        } catch let error as BatchError {
            #expect(error.exitCode == 65)
            #expect(error.message.hasSuffix(":3: not valid JSON: unexpected word at byte 1 (--strict: stopped here; the lines before it were written)"))
        }
    }
}
