internal import NewscleanRegex

/// A parsed `replace` template: literal bytes and capture-group references.
struct ReplacementTemplate: Sendable {
    enum Piece: Sendable {
        case literal([UInt8])
        case group(Int)
    }

    let pieces: [Piece]

    /// Parses `$n`, `${n}`, `${name}` and `$$` in `template`, resolving names against `pattern`.
    init(_ template: String, pattern: CompiledPattern) throws(RegexError) {
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        let bytes = Array(template.utf8)
        var index = 0
        func fail(_ message: String) -> RegexError {
            RegexError(code: .syntax, message: "replacement: \(message)", patternOffset: nil, pcre2Code: 0)
        }
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "$"), index + 1 < bytes.count else {
                literal.append(byte)
                index += 1
                continue
            }
            let next = bytes[index + 1]
            var group: Int?
            if next == UInt8(ascii: "$") {
                literal.append(next)
                index += 2
                continue
            } else if next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") {
                var end = index + 1
                var number = 0
                while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") {
                    number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                    end += 1
                }
                group = number
                index = end
            } else if next == UInt8(ascii: "{") {
                guard let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}")) else {
                    throw fail("unterminated ${ in template")
                }
                let name = String(decoding: bytes[(index + 2)..<close], as: UTF8.self)
                if let number = Int(name) {
                    group = number
                } else if let number = pattern.groupNumber(named: name) {
                    group = number
                } else {
                    throw fail("no capture group named '\(name)'")
                }
                index = close + 1
            } else {
                literal.append(byte)
                index += 1
                continue
            }
            if let group {
                guard group <= pattern.captureCount else {
                    throw fail("group $\(group) does not exist (the pattern has \(pattern.captureCount))")
                }
                if !literal.isEmpty {
                    pieces.append(.literal(literal))
                    literal.removeAll()
                }
                pieces.append(.group(group))
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
    }

    /// Appends the expansion for the match held in `scratch` to `output`.
    func expand(subject: UnsafeBufferPointer<UInt8>, scratch: borrowing MatchScratch, into output: inout [UInt8]) {
        for piece in pieces {
            switch piece {
            case .literal(let bytes):
                output.append(contentsOf: bytes)
            case .group(let group):
                if let range = scratch.range(ofGroup: group) {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: subject[range]))
                }
            }
        }
    }
}
