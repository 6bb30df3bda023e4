#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Finds lines and paragraphs repeated right after themselves, such as a caption printed twice.
///
/// Lines compare equal when they are byte-equal after trimming spaces, tabs and carriage returns at both ends.
/// A line duplicates the previous non-blank line (blank lines may stand between them); a paragraph of two or more
/// lines duplicates the paragraph before it. The first copy is always kept.
enum DuplicateFinder {
    private struct Line {
        /// The whole line including its line break.
        var full: Range<Int>
        /// The line without surrounding horizontal whitespace; empty for a blank line.
        var content: Range<Int>
    }

    private static func line(at start: Int, in text: UnsafeBufferPointer<UInt8>) -> Line {
        let end = text.lineContentEnd(from: start)
        let full = start..<(end + text.lineBreakLength(at: end))
        var low = start
        var high = end
        while low < high, text[low].isHorizontalSpace { low += 1 }
        while high > low, text[high - 1].isHorizontalSpace { high -= 1 }
        return Line(full: full, content: low..<high)
    }

    private static func equal(_ a: Range<Int>, _ b: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let base = text.baseAddress else { return true }
        return memcmp(base + a.lowerBound, base + b.lowerBound, a.count) == 0
    }

    /// A paragraph: the offset of its first line, the end of its last line, and its number of lines.
    private struct Paragraph {
        var start: Int
        var end: Int
        var lines: Int
    }

    private static func equal(_ a: Paragraph, _ b: Paragraph, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.lines == b.lines else { return false }
        var left = a.start
        var right = b.start
        for _ in 0..<a.lines {
            let leftLine = line(at: left, in: text)
            let rightLine = line(at: right, in: text)
            guard equal(leftLine.content, rightLine.content, in: text) else { return false }
            left = leftLine.full.upperBound
            right = rightLine.full.upperBound
        }
        return true
    }

    /// Calls `body` with the range of each duplicate copy (whole lines, line breaks included) and the content range
    /// of its first line.
    static func forEachDuplicate(
        in text: UnsafeBufferPointer<UInt8>,
        _ body: (_ duplicate: Range<Int>, _ firstLine: Range<Int>) -> Void
    ) {
        var previousContent: Range<Int>?
        var previousParagraph: Paragraph?
        var currentParagraph: Paragraph?
        var position = 0

        func endParagraph() {
            guard let current = currentParagraph else { return }
            if let previous = previousParagraph, current.lines >= 2, equal(previous, current, in: text) {
                body(current.start..<current.end, line(at: current.start, in: text).content)
            }
            previousParagraph = current
            currentParagraph = nil
        }

        while position < text.count {
            let current = line(at: position, in: text)
            position = current.full.upperBound
            if current.content.isEmpty {
                endParagraph()
                continue
            }
            if let previous = previousContent, equal(previous, current.content, in: text) {
                body(current.full, current.content)
            }
            previousContent = current.content
            if currentParagraph == nil {
                currentParagraph = Paragraph(start: current.full.lowerBound, end: current.full.upperBound, lines: 1)
            } else {
                currentParagraph!.end = current.full.upperBound
                currentParagraph!.lines += 1
            }
        }
        endParagraph()
    }
}

extension UInt8 {
    /// Space, tab or carriage return.
    var isHorizontalSpace: Bool {
        self == 0x20 || self == 0x09 || self == 0x0D
    }
}
