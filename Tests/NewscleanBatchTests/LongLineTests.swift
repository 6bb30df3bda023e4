import NewscleanBatch
import Testing

@Suite("JSONL: lines longer than maxLineBytes")
struct LongLineTests {
    /// A valid record that a rule would change, longer than the limit.
    static let long = #"{"text":"Story.\nSubscribe now\n\#(String(repeating: "x", count: 3000))"}"#

    func options(strict: Bool = false) -> BatchOptions {
        var options = BatchOptions()
        options.maxLineBytes = 1000
        options.batchBytes = 512
        options.jobs = 2
        options.strict = strict
        return options
    }

    @Test("a longer line goes out unchanged, in its place, and is reported; the lines around it are cleaned")
    func passedThrough() throws {
        let input = """
            {"text":"A.\\nSubscribe now\\n"}
            \(Self.long)
            {"text":"B.\\nSubscribe now\\n"}
            \(Self.long)
            """
        let result = try runBatch(input, options: options())
        #expect(result.output == """
            {"text":"A.\\n"}
            \(Self.long)
            {"text":"B.\\n"}
            \(Self.long)

            """)
        #expect(result.problems == [
            "2: passed through unchanged: the line is \(Self.long.utf8.count) bytes, longer than the limit of 1000 (--max-line-bytes)",
            "4: passed through unchanged: the line is \(Self.long.utf8.count) bytes, longer than the limit of 1000 (--max-line-bytes)",
        ])
        #expect(result.stats.records == 4)
        #expect(result.stats.badRecords == 2)
        #expect(result.stats.changedRecords == 2)
    }

    @Test("with strict, a longer line stops the run after the lines before it")
    func strict() throws {
        let input = "{\"text\":\"A.\\nSubscribe now\\n\"}\n\(Self.long)\n{\"text\":\"B.\"}\n"
        #expect {
            _ = try runBatch(input, options: options(strict: true))
        } throws: { error in
            (error as! BatchError).exitCode == 65
                && (error as! BatchError).message.contains(":2: the line is longer than the limit of 1000 (--max-line-bytes)")
        }
    }

}

@Suite("JSONL: run counts")
struct BatchCountTests {
    @Test("the over-deletion guard counts as a guarded record, not as a rule warning")
    func guardIsNotARuleWarning() throws {
        var options = BatchOptions()
        options.jobs = 1
        let body = String(repeating: "x", count: 300)
        let input = "{\"text\":\"Subscribe now\\n\(body)\"}\n"
        let result = try runBatch(input, options: options, guardFraction: 0)
        #expect(result.output == input)
        #expect(result.stats.guardedRecords == 1)
        #expect(result.stats.ruleWarnings == 0)
    }
}
