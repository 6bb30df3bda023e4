/// A rule written in Swift, for what a regex cannot say safely.
///
/// It takes the place of a removal rule: it sees the same text the declarative removal rules see (after rewriting
/// rules), its ranges are merged with theirs, and its removals are reported the same way.
///
/// ```swift
/// struct DropShouting: CustomRule {
///     func apply(to text: TextView, remove: (Range<Int>) -> Void) {
///         text.forEachLine { line in
///             let string = text.string(line)
///             // Scripts without case (Korean, Chinese, Arabic) are never "upper case": most letters must be cased.
///             let letters = string.filter(\.isLetter)
///             let cased = letters.filter { $0.isUppercase || $0.isLowercase }
///             let words = string.split(whereSeparator: \.isWhitespace)
///             if words.count > 20, cased.count * 2 > letters.count, string == string.uppercased() {
///                 remove(line)
///             }
///         }
///     }
/// }
/// let rule = Rule(id: "shouting", description: "Lines in capitals", action: .custom(DropShouting()))
/// ```
public protocol CustomRule: Sendable {
    /// Calls `remove` with each range of `text` (UTF-8 byte offsets) that should be deleted.
    func apply(to text: TextView, remove: (Range<Int>) -> Void)
}

/// A read-only view of a document's UTF-8 bytes, valid only during the call it is passed to.
public struct TextView {
    /// The document's UTF-8 bytes.
    public let bytes: UnsafeBufferPointer<UInt8>

    public init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Calls `body` with the range of each line, without its line break (LF, CRLF or a lone CR).
    public func forEachLine(_ body: (Range<Int>) -> Void) {
        var start = 0
        while start < bytes.count {
            let end = bytes.lineContentEnd(from: start)
            body(start..<end)
            start = end + Swift.max(bytes.lineBreakLength(at: end), 1)
        }
    }

    /// The text of `range` (invalid UTF-8 is repaired in the copy).
    public func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The whole text.
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}
