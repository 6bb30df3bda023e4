import Testing

@testable import NewscleanAuthoring

@Suite("Line diff")
struct LineDiffTests {
    @Test("a minimal diff: changed, inserted and deleted lines with their context")
    func small() {
        let expected = "a\nb\nc\nd\ne\nf\ng\n"
        let actual = "a\nB\nc\nd\nx\ne\nf\n"
        #expect(LineDiff.unified(expected: expected, actual: actual) == """
            --- expected
            +++ actual
            @@ -1,7 +1,7 @@
             a
            -b
            +B
             c
             d
            +x
             e
             f
            -g

            """)
        #expect(LineDiff.unified(expected: expected, actual: expected) == "")
    }

    @Test("the edit script is a longest common subsequence on shuffled texts", arguments: 0..<20)
    func minimal(seed: Int) {
        var generator = SplitMix(seed: UInt64(seed))
        let a = (0..<60).map { _ in String(generator.next() % 6) }
        let b = (0..<50).map { _ in String(generator.next() % 6) }
        let operations = LineDiff.script(a, b)
        #expect(operations.filter { $0.kind == .same }.count == lcsLength(a, b))
        // Replaying the script turns a into b.
        var rebuilt: [String] = []
        for operation in operations where operation.kind != .delete {
            rebuilt.append(operation.kind == .same ? a[operation.aIndex] : b[operation.bIndex])
        }
        #expect(rebuilt == b)
        #expect(operations.filter { $0.kind != .insert }.map(\.aIndex) == Array(a.indices))
    }

    @Test("a large mismatch is printed in at most about 400 lines", .timeLimit(.minutes(1)))
    func largeMismatch() {
        let expected = (0..<12_000).map { "expected line \($0)" }.joined(separator: "\n") + "\n"
        let actual = (0..<12_000).map { "actual line \($0)" }.joined(separator: "\n") + "\n"
        let diff = LineDiff.unified(expected: expected, actual: actual)
        let lines = diff.split(separator: "\n")
        #expect(lines.count == 404)
        #expect(lines.last == "... \(24_000 - 400) more changed lines not shown")
    }

    /// The textbook quadratic LCS length, as the reference.
    func lcsLength(_ a: [String], _ b: [String]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in a.indices {
            for j in b.indices {
                table[i + 1][j + 1] = a[i] == b[j] ? table[i][j] + 1 : max(table[i][j + 1], table[i + 1][j])
            }
        }
        return table[a.count][b.count]
    }
}

private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
