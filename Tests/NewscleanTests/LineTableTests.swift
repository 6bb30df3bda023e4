import Testing

@testable import Newsclean

@Suite("LineTable")
struct LineTableTests {
    /// Both builds of the table of `text`: the memchr one (`build`) and the byte-by-byte one.
    private func tables(_ text: [UInt8]) -> (fast: LineTable, bytes: LineTable) {
        var fast = LineTable()
        var bytes = LineTable()
        text.withUnsafeBufferPointer { buffer in
            fast.build(buffer)
            bytes.buildByBytes(buffer)
        }
        return (fast, bytes)
    }

    private func facts(_ table: LineTable) -> [String] {
        [
            "\(table.starts)", "\(table.ends)", "\(table.words)", "\(table.ordinal)", "\(table.nonBlankCount)",
            "\(table.contentRanges)",
        ]
    }

    @Test("lines, words, blank lines and content ranges")
    func exact() {
        let (table, _) = tables(Array("Two words\n\n \t\n  three  short words \nlast".utf8))
        #expect(table.starts == [0, 10, 11, 14, 36])
        #expect(table.ends == [9, 10, 13, 35, 40])
        #expect(table.words == [2, 0, 0, 3, 1])
        #expect(table.ordinal == [0, -1, -1, 1, 2])
        #expect(table.nonBlankCount == 3)
        #expect(table.contentRanges == [0..<9, 0..<0, 0..<0, 16..<34, 36..<40])
        // No line after a final line feed; an empty text is one empty line.
        #expect(tables(Array("a\n".utf8)).fast.starts == [0])
        #expect(tables([]).fast.ends == [0])
        #expect(tables(Array("\n".utf8)).fast.words == [0])
    }

    @Test("the memchr build agrees with the byte-by-byte one on texts without carriage returns", arguments: 0..<40)
    func agrees(seed: Int) {
        var generator = SeededRandom(state: UInt64(seed))
        let alphabet = Array("ab \t\u{0B}\u{0C}\n\n é".utf8)
        let length = Int.random(in: 0...300, using: &generator)
        let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
        let (fast, bytes) = tables(text)
        #expect(facts(fast) == facts(bytes))
    }

    @Test("texts with carriage returns: CRLF and a lone CR end lines")
    func carriageReturns() {
        let (table, _) = tables(Array("a b\r\nc\rd\n".utf8))
        #expect(table.starts == [0, 5, 7])
        #expect(table.ends == [3, 6, 8])
        #expect(table.words == [2, 1, 1])
    }
}
