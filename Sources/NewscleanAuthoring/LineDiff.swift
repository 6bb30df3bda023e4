/// A unified diff of two texts, line by line.
public enum LineDiff {
    /// The unified diff from `expected` to `actual` with `context` lines around each change; "" when equal.
    public static func unified(
        expected: String,
        actual: String,
        expectedName: String = "expected",
        actualName: String = "actual",
        context: Int = 2
    ) -> String {
        guard expected != actual else { return "" }
        var a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The empty piece after a final line break is not a line.
        if a.last == "" && b.last == "" {
            a.removeLast()
            b.removeLast()
        }
        let operations = script(a, b)
        var out = "--- \(expectedName)\n+++ \(actualName)\n"
        // Group operations into hunks.
        var index = 0
        while index < operations.count {
            guard let changeStart = operations[index...].firstIndex(where: { $0.kind != .same }) else { break }
            var hunkEnd = changeStart
            var lastChange = changeStart
            while hunkEnd < operations.count {
                if operations[hunkEnd].kind != .same { lastChange = hunkEnd }
                if hunkEnd - lastChange > 2 * context { break }
                hunkEnd += 1
            }
            let start = max(index, changeStart - context)
            let end = min(operations.count, lastChange + context + 1)
            let slice = operations[start..<end]
            let aStart = slice.first!.aIndex
            let bStart = slice.first!.bIndex
            let aCount = slice.filter { $0.kind != .insert }.count
            let bCount = slice.filter { $0.kind != .delete }.count
            out += "@@ -\(aStart + 1),\(aCount) +\(bStart + 1),\(bCount) @@\n"
            for operation in slice {
                switch operation.kind {
                case .same: out += " \(a[operation.aIndex])\n"
                case .delete: out += "-\(a[operation.aIndex])\n"
                case .insert: out += "+\(b[operation.bIndex])\n"
                }
            }
            index = end
        }
        return out
    }

    struct Operation {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var aIndex: Int
        var bIndex: Int
    }

    /// An edit script by longest common subsequence (texts here are small: fixtures and examples).
    static func script(_ a: [String], _ b: [String]) -> [Operation] {
        let n = a.count
        let m = b.count
        var lengths = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var operations: [Operation] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                operations.append(Operation(kind: .same, aIndex: i, bIndex: j))
                i += 1
                j += 1
            } else if i < n, j == m || lengths[i + 1][j] >= lengths[i][j + 1] {
                operations.append(Operation(kind: .delete, aIndex: i, bIndex: j))
                i += 1
            } else {
                operations.append(Operation(kind: .insert, aIndex: i, bIndex: j))
                j += 1
            }
        }
        return operations
    }
}
