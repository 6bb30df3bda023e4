import Foundation
import Newsclean
import NewscleanBatch
import Testing
import _NewscleanTestSupport

@Suite("--report is the JSON of CleanResult")
struct ReportFormatTests {
    @Test("the report object decodes to the library's result, and has the same keys and values as its JSONEncoder form")
    func sameAsCodable() throws {
        let location = SourceLocation(file: "Rules/house.yaml", line: 9, column: 5)
        let pack = RulePack(id: "house", scope: .generic, rules: [
            Rule(id: "promo", action: .deleteLine(.pattern("^Subscribe now$")), location: location),
            Rule(id: "nbsp", action: .replace(.text("&nbsp;"), with: " ")),
            Rule(id: "greedy", action: .deleteLine(.text("GREEDY"))),
        ])
        let cleaner = try Cleaner(packs: [pack])
        let texts = [
            "Story&nbsp;goes on.\nSubscribe now\nThe end.\n",
            String(repeating: "GREEDY line of a page the rules would mostly remove.\n", count: 8) + "Kept.\n",
        ]
        let input = texts.map { text in
            let encoded = String(decoding: try! JSONEncoder().encode(["text": text]), as: UTF8.self)
            return encoded
        }.joined(separator: "\n") + "\n"
        let file = try temporaryFile("report.jsonl", input)
        let out = file.deletingLastPathComponent().appendingPathComponent("report.out.jsonl")
        #expect(FileManager.default.createFile(atPath: out.path, contents: nil))
        let handle = try FileHandle(forWritingTo: out)
        var options = BatchOptions()
        options.report = true
        _ = try BatchCleaner(cleaner: cleaner, options: options).run(
            inputs: [try InputSource(path: file.path)],
            output: OutputSink(descriptor: handle.fileDescriptor),
            report: { _ in }
        )
        try handle.close()
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        for (line, text) in zip(lines, texts) {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let report = try #require(record["newsclean"] as? [String: Any])
            var expected = cleaner.clean(text)
            expected.text = ""
            let reportData = try JSONSerialization.data(withJSONObject: report)
            #expect(try JSONDecoder().decode(CleanResult.self, from: reportData) == expected)
            var encoded = try #require(
                try JSONSerialization.jsonObject(with: try JSONEncoder().encode(expected)) as? [String: Any]
            )
            encoded["text"] = nil
            var withoutBytes = report
            #expect(withoutBytes.removeValue(forKey: "removed_bytes") != nil)
            #expect(NSDictionary(dictionary: withoutBytes) == NSDictionary(dictionary: encoded))
        }
        // The second document tripped the guard: its report carries the guard's note, with a code.
        #expect(lines[1].contains(#""code":"over-deletion""#))
        #expect(lines[0].contains(#""rule_location":{"file":"Rules/house.yaml","line":9,"column":5}"#))
    }
}
