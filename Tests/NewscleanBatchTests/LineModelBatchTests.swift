import NewscleanBatch
import Testing

@Suite("JSONL: line endings and untouched records")
struct LineModelBatchTests {
    @Test("a record no rule touches goes out byte for byte, and the stats and the report agree")
    func untouchedRecords() throws {
        let input = """
            {"text":"A.\\r\\nB.\\r\\n"}
            {"text":"   "}
            {"text":"\\n\\nA.  \\n"}

            """
        let plain = try runBatch(input)
        #expect(plain.output == input)
        #expect(plain.stats.changedRecords == 0)
        var options = BatchOptions()
        options.report = true
        let reported = try runBatch(input, options: options)
        let report = #","newsclean":{"publisher_pack":null,"removed_bytes":0,"removal_count":0,"removals":[],"warnings":[]}}"#
        #expect(reported.output == """
            {"text":"A.\\r\\nB.\\r\\n"\(report)
            {"text":"   "\(report)
            {"text":"\\n\\nA.  \\n"\(report)

            """)
    }

    @Test("a CRLF or CR text keeps its line breaks; one that did not end with a line break does not get one")
    func lineBreaksKept() throws {
        let input = """
            {"text":"A.\\r\\nSubscribe now\\r\\nB.\\r\\n"}
            {"text":"A.\\r\\nSubscribe now\\r\\nB."}
            {"text":"A.\\rSubscribe now\\rB."}
            {"text":"A.\\r\\nB.\\r\\nSubscribe now"}

            """
        let result = try runBatch(input)
        #expect(result.output == """
            {"text":"A.\\r\\nB.\\r\\n"}
            {"text":"A.\\r\\nB."}
            {"text":"A.\\rB."}
            {"text":"A.\\r\\nB."}

            """)
        #expect(result.stats.changedRecords == 4)
    }
}
