import Newsclean
internal import Yams

/// Maps a UTF-8 offset inside a pattern back to the line and column of the rule file where that byte was written,
/// undoing YAML quoting, so that a regex error points at the offending character and not at the start of the value.
struct PatternLocator {
    let lines: [Substring]

    func location(ofPatternOffset offset: Int, in node: Node, pattern: String, file: String) -> SourceLocation {
        guard let scalar = node.scalar, let mark = scalar.mark, mark.line >= 1, mark.line <= lines.count else {
            return SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        // PCRE2 may point just past the end ("missing closing parenthesis"): show the last written character.
        var trimmedLength = pattern.utf8.count
        while trimmedLength > 0, pattern.utf8[pattern.utf8.index(pattern.utf8.startIndex, offsetBy: trimmedLength - 1)] == 0x0A {
            trimmedLength -= 1
        }
        let offset = min(offset, trimmedLength)
        switch scalar.style {
        case .plain, .singleQuoted, .doubleQuoted:
            return inlineLocation(offset, mark: mark, style: scalar.style, file: file)
        case .literal, .folded:
            return blockLocation(offset, mark: mark, file: file)
        default:
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        }
    }

    /// A flow scalar on one or more lines: walk the source from the value's start, counting pattern bytes.
    private func inlineLocation(_ offset: Int, mark: Mark, style: Node.Scalar.Style, file: String) -> SourceLocation {
        var lineIndex = mark.line - 1
        var scalars = Array(lines[lineIndex].unicodeScalars)
        var column = mark.column - 1  // 0-based index into scalars
        if style != .plain { column += 1 }  // the opening quote
        var consumed = 0
        while consumed < offset {
            if column >= scalars.count {
                // A folded line break counts as one byte of the value.
                guard lineIndex + 1 < lines.count else { break }
                lineIndex += 1
                scalars = Array(lines[lineIndex].unicodeScalars)
                column = 0
                while column < scalars.count, scalars[column] == " " || scalars[column] == "\t" { column += 1 }
                consumed += 1
                continue
            }
            let scalar = scalars[column]
            if style == .singleQuoted, scalar == "'", column + 1 < scalars.count, scalars[column + 1] == "'" {
                column += 2
                consumed += 1
            } else if style == .doubleQuoted, scalar == "\\", column + 1 < scalars.count {
                column += escapeLength(scalars, at: column)
                consumed += 1
            } else {
                column += 1
                consumed += String(scalar).utf8.count
            }
        }
        return SourceLocation(file: file, line: lineIndex + 1, column: column + 1)
    }

    private func escapeLength(_ scalars: [Unicode.Scalar], at index: Int) -> Int {
        switch scalars[index + 1] {
        case "x": 4
        case "u": 6
        case "U": 10
        default: 2
        }
    }

    /// A block scalar (`|` or `>`): content starts on the next line, after the block's indentation.
    private func blockLocation(_ offset: Int, mark: Mark, file: String) -> SourceLocation {
        var lineIndex = mark.line  // the line after the indicator, 0-based
        var remaining = offset
        var indentation: Int?
        while lineIndex < lines.count {
            let line = Array(lines[lineIndex].unicodeScalars)
            let leading = line.prefix { $0 == " " }.count
            if indentation == nil, leading < line.count { indentation = leading }
            let indent = min(indentation ?? leading, line.count)
            let content = line[indent...]
            let contentBytes = content.reduce(0) { $0 + String($1).utf8.count }
            if remaining <= contentBytes {
                var column = indent
                while remaining > 0, column < line.count {
                    remaining -= String(line[column]).utf8.count
                    column += 1
                }
                return SourceLocation(file: file, line: lineIndex + 1, column: column + 1)
            }
            remaining -= contentBytes + 1  // the line and its break
            lineIndex += 1
        }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }
}
