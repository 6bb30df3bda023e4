/// The line model: a line ends at a line feed, a carriage return followed by a line feed, or a carriage return alone
/// (what PCRE2's `NEWLINE_ANYCRLF`, with which every pattern is compiled, takes as a newline for `^`, `$` and `.`).
/// The engine's line operations, the conditions' line table, de-duplication and the tidy pass all use these helpers,
/// so a line means the same thing to all of them.
enum LineBreak {
    case lineFeed
    case carriageReturn
    case carriageReturnLineFeed

    /// The line break whose last byte is at `offset` (a lone CR, a lone LF or the LF of a CRLF), looking back.
    static func ending(at offset: Int, in text: UnsafeBufferPointer<UInt8>) -> LineBreak? {
        switch text[offset] {
        case 0x0A: offset > 0 && text[offset - 1] == 0x0D ? .carriageReturnLineFeed : .lineFeed
        case 0x0D: .carriageReturn
        default: nil
        }
    }

    /// The first line break of `text`, if any.
    static func first(in text: UnsafeBufferPointer<UInt8>) -> LineBreak? {
        let end = text.lineContentEnd(from: 0)
        guard end < text.count else { return nil }
        return text.lineBreakLength(at: end) == 2 ? .carriageReturnLineFeed : text[end] == 0x0A ? .lineFeed : .carriageReturn
    }

    func append(to output: inout [UInt8]) {
        switch self {
        case .lineFeed: output.append(0x0A)
        case .carriageReturn: output.append(0x0D)
        case .carriageReturnLineFeed: output.append(0x0D); output.append(0x0A)
        }
    }
}

extension UInt8 {
    /// A line feed or a carriage return: a byte that ends a line, alone or as a CRLF.
    var isLineBreak: Bool {
        self == 0x0A || self == 0x0D
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The length of the line break that starts at `offset`: 2 for CRLF, 1 for a lone LF or CR, 0 for none.
    func lineBreakLength(at offset: Int) -> Int {
        guard offset < count else { return 0 }
        switch self[offset] {
        case 0x0A: return 1
        case 0x0D: return offset + 1 < count && self[offset + 1] == 0x0A ? 2 : 1
        default: return 0
        }
    }

    /// The offset of the first line break at or after `offset`, where that line's content ends; `count` when none.
    func lineContentEnd(from offset: Int) -> Int {
        var position = Swift.max(offset, 0)
        while position < count, !self[position].isLineBreak { position += 1 }
        return position
    }

    /// The start of the line holding `offset`; the LF of a CRLF belongs to the line the CRLF ends.
    func lineStartIndex(containing offset: Int) -> Int {
        var start = Swift.min(Swift.max(offset, 0), count)
        if start > 0, start < count, self[start] == 0x0A, self[start - 1] == 0x0D { start -= 1 }
        while start > 0, !self[start - 1].isLineBreak { start -= 1 }
        return start
    }
}
