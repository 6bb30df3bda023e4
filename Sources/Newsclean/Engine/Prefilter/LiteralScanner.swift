// TEMPORARY stand-in until the real scanner lands.
package struct LiteralScanner: Sendable {
    let literals: [[UInt8]]
    package init(literals: [[UInt8]]) {
        self.literals = literals.map { $0.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
    }
    package var literalCount: Int { literals.count }
    package func scan(_ text: UnsafeBufferPointer<UInt8>, hits: inout [Bool]) -> Int {
        var found = 0
        for (id, literal) in literals.enumerated() where !hits[id] && !literal.isEmpty && literal.count <= text.count {
            var i = 0
            search: while i + literal.count <= text.count {
                var j = 0
                while j < literal.count {
                    let b = text[i + j]
                    let f = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                    if f != literal[j] { break }
                    j += 1
                }
                if j == literal.count { hits[id] = true; found += 1; break search }
                i += 1
            }
        }
        return found
    }
}
