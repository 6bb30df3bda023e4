/// Phase 4: builds the output from the text and the merged removals, tidying only around the gaps.
///
/// Spaces left at a gap's line ends go, blank-line runs collapse to one, and a gap inside a line keeps one space.
/// Then, if anything changed, leading blank lines and trailing whitespace go and the text ends in one line break.
/// A line break written at a gap or at the end is one the text had there (CRLF stays CRLF, a lone CR stays a CR); a
/// document nothing changed is copied byte for byte.
enum Tidy {
    static func build(
        _ text: UnsafeBufferPointer<UInt8>,
        removing merged: [Span],
        changed: Bool,
        into output: inout [UInt8]
    ) {
        output.removeAll(keepingCapacity: true)
        output.reserveCapacity(text.count + 2)
        guard changed else {
            output.append(contentsOf: text)
            return
        }
        var position = 0
        var index = 0
        while index < merged.count {
            let span = merged[index]
            index += 1
            if span.start > position {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[position..<span.start]))
            }
            // Whitespace before the gap; the line break kept is the one nearest the text before it.
            var breaksBefore = 0
            var spaceBefore = false
            var breakBefore: LineBreak?
            stripTrailingWhitespace(&output, breaks: &breaksBefore, nearest: &breakBefore, space: &spaceBefore)
            // Whitespace after the gap, hopping over further removals that only whitespace separates from it.
            var cursor = span.end
            var breaksAfter = 0
            var spaceAfter = false
            var breakAfter: LineBreak?
            var indentStart = cursor
            while true {
                while cursor < text.count, text[cursor].isASCIIWhitespace {
                    let length = text.lineBreakLength(at: cursor)
                    if length > 0 {
                        breaksAfter += 1
                        cursor += length
                        if breakAfter == nil { breakAfter = LineBreak.ending(at: cursor - 1, in: text) }
                        indentStart = cursor
                    } else {
                        spaceAfter = true
                        cursor += 1
                    }
                }
                guard index < merged.count, merged[index].start <= cursor else { break }
                cursor = max(cursor, merged[index].end)
                indentStart = cursor
                index += 1
            }
            position = cursor
            if cursor >= text.count { continue }
            // The line after the gap keeps its indentation.
            let keepsIndent = indentStart > 0 && text[indentStart - 1].isLineBreak
            if output.isEmpty {
                if keepsIndent { position = indentStart }
                continue
            }
            if let lineBreak = breakBefore ?? breakAfter {
                lineBreak.append(to: &output)
                if breaksBefore + breaksAfter >= 2 { lineBreak.append(to: &output) }
                if keepsIndent {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: text[indentStart..<cursor]))
                }
            } else if spaceBefore || spaceAfter {
                output.append(0x20)
            }
        }
        if position < text.count {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[position...]))
        }
        // The document's ends: no leading blank lines, no trailing whitespace, one final line break.
        var breaks = 0
        var space = false
        var finalBreak: LineBreak?
        stripTrailingWhitespace(&output, breaks: &breaks, nearest: &finalBreak, space: &space)
        guard !output.isEmpty else { return }
        var firstContent = 0
        var afterLastBreak = 0
        while output[firstContent].isASCIIWhitespace {
            if output[firstContent].isLineBreak { afterLastBreak = firstContent + 1 }
            firstContent += 1
        }
        output.removeSubrange(0..<afterLastBreak)
        (finalBreak ?? LineBreak.first(in: text) ?? .lineFeed).append(to: &output)
    }

    /// Removes the whitespace at the end of `output`, counting its line breaks (a CRLF is one) and noting the break
    /// nearest the text that stays.
    private static func stripTrailingWhitespace(
        _ output: inout [UInt8],
        breaks: inout Int,
        nearest: inout LineBreak?,
        space: inout Bool
    ) {
        while let last = output.last, last.isASCIIWhitespace {
            output.removeLast()
            switch last {
            case 0x0A:
                breaks += 1
                nearest = .lineFeed
                if output.last == 0x0D {
                    output.removeLast()
                    nearest = .carriageReturnLineFeed
                }
            case 0x0D:
                breaks += 1
                nearest = .carriageReturn
            default:
                space = true
            }
        }
    }
}
