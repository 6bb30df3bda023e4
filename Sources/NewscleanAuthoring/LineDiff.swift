/// A unified diff of two texts, line by line.
public enum LineDiff {
    /// The unified diff from `expected` to `actual` with `context` lines around each change; "" when equal.
    public static func unified(
        expected: String,
        actual: String,
        expectedName: String = "expected",
        actualName: String = "actual",
        context: Int = 2,
        maximumLines: Int = 400
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
        // Group operations into hunks; stop printing after about `maximumLines` lines.
        var index = 0
        var printed = 0
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
            for (offset, operation) in zip(slice.indices, slice) {
                if printed == maximumLines {
                    let remaining = operations[offset...].filter { $0.kind != .same }.count
                    return out + "... \(remaining) more changed lines not shown\n"
                }
                printed += 1
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

    /// Above this many cells (lines of `a` × lines of `b`, after the common start and end are set aside), the
    /// changed middle is shown as deleted and inserted whole instead of being aligned line by line.
    static let maximumAlignedCells = 50_000_000

    /// An edit script by longest common subsequence in linear space (Hirschberg's divide and conquer over the
    /// lines, interned to integers), after setting aside the lines the texts start and end with in common.
    static func script(_ a: [String], _ b: [String]) -> [Operation] {
        var ids: [String: Int] = [:]
        func intern(_ line: String) -> Int {
            if let id = ids[line] { return id }
            ids[line] = ids.count
            return ids.count - 1
        }
        let x = a.map(intern)
        let y = b.map(intern)
        var prefix = 0
        while prefix < x.count, prefix < y.count, x[prefix] == y[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < x.count - prefix, suffix < y.count - prefix, x[x.count - 1 - suffix] == y[y.count - 1 - suffix] {
            suffix += 1
        }
        var operations: [Operation] = []
        operations.reserveCapacity(x.count + y.count)
        for index in 0..<prefix { operations.append(Operation(kind: .same, aIndex: index, bIndex: index)) }
        let middleA = prefix..<(x.count - suffix)
        let middleB = prefix..<(y.count - suffix)
        if middleA.count * middleB.count > maximumAlignedCells {
            for i in middleA { operations.append(Operation(kind: .delete, aIndex: i, bIndex: middleB.lowerBound)) }
            for j in middleB { operations.append(Operation(kind: .insert, aIndex: middleA.upperBound, bIndex: j)) }
        } else {
            align(x, middleA, y, middleB, into: &operations)
        }
        for offset in 0..<suffix {
            operations.append(Operation(kind: .same, aIndex: middleA.upperBound + offset, bIndex: middleB.upperBound + offset))
        }
        return operations
    }

    /// Hirschberg: the script for `x[xs]` against `y[ys]`, splitting `xs` in half at the column where the two
    /// halves' LCS lengths add up to the most.
    private static func align(_ x: [Int], _ xs: Range<Int>, _ y: [Int], _ ys: Range<Int>, into operations: inout [Operation]) {
        if xs.isEmpty {
            for j in ys { operations.append(Operation(kind: .insert, aIndex: xs.lowerBound, bIndex: j)) }
            return
        }
        if ys.isEmpty {
            for i in xs { operations.append(Operation(kind: .delete, aIndex: i, bIndex: ys.lowerBound)) }
            return
        }
        if xs.count == 1 {
            let i = xs.lowerBound
            guard let match = ys.first(where: { y[$0] == x[i] }) else {
                operations.append(Operation(kind: .delete, aIndex: i, bIndex: ys.lowerBound))
                for j in ys { operations.append(Operation(kind: .insert, aIndex: i + 1, bIndex: j)) }
                return
            }
            for j in ys.lowerBound..<match { operations.append(Operation(kind: .insert, aIndex: i, bIndex: j)) }
            operations.append(Operation(kind: .same, aIndex: i, bIndex: match))
            for j in (match + 1)..<ys.upperBound { operations.append(Operation(kind: .insert, aIndex: i + 1, bIndex: j)) }
            return
        }
        let middle = xs.lowerBound + xs.count / 2
        let forward = lcsRow(x, xs.lowerBound..<middle, y, ys, reversed: false)
        let backward = lcsRow(x, middle..<xs.upperBound, y, ys, reversed: true)
        var split = 0
        var best = -1
        for k in 0...ys.count where forward[k] + backward[ys.count - k] > best {
            best = forward[k] + backward[ys.count - k]
            split = k
        }
        align(x, xs.lowerBound..<middle, y, ys.lowerBound..<(ys.lowerBound + split), into: &operations)
        align(x, middle..<xs.upperBound, y, (ys.lowerBound + split)..<ys.upperBound, into: &operations)
    }

    /// The last row of the LCS table of `x[xs]` against `y[ys]` (both read backwards when `reversed`): entry k is
    /// the LCS length with the first (last) k lines of `y[ys]`.
    private static func lcsRow(_ x: [Int], _ xs: Range<Int>, _ y: [Int], _ ys: Range<Int>, reversed: Bool) -> [Int] {
        var previous = [Int](repeating: 0, count: ys.count + 1)
        var current = previous
        let rows = reversed ? Array(xs.reversed()) : Array(xs)
        for i in rows {
            for k in 1...ys.count {
                let j = reversed ? ys.upperBound - k : ys.lowerBound + k - 1
                current[k] = x[i] == y[j] ? previous[k - 1] + 1 : max(previous[k], current[k - 1])
            }
            swap(&previous, &current)
        }
        return previous
    }
}
