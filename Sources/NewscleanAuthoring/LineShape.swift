/// The shape of a line: the line with its digit runs, month names and weekday names replaced by placeholders, so
/// that "Updated 3 March 2024, 10:41" and "Updated 12 April 2025, 09:02" have one shape. `learn` counts shapes, and
/// turns a recurring shape back into a pattern.
struct LineShape: Hashable, Sendable {
    /// The trimmed line with placeholders.
    let key: String

    /// Placeholders: private-use scalars that no scraped text uses as text.
    static let digits: Character = "\u{E000}"
    static let month: Character = "\u{E001}"
    static let weekday: Character = "\u{E002}"

    static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]
    static let monthAbbreviations = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let weekdayAbbreviations = ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]

    /// The shape of `line` (already trimmed).
    ///
    /// Read byte by byte, decoding only non-ASCII scalars (a combining mark belongs to the character before it), as
    /// `Character` would read it but without breaking the line into grapheme clusters: `learn` shapes every line of a
    /// crawl.
    init(_ line: Substring) {
        var line = line
        key = line.withUTF8 { Self.key(of: $0) }
    }

    /// The UTF-8 of the placeholders (U+E000, U+E001, U+E002).
    private static let digitsUTF8: [UInt8] = [0xEE, 0x80, 0x80]
    private static let monthUTF8: [UInt8] = [0xEE, 0x80, 0x81]
    private static let weekdayUTF8: [UInt8] = [0xEE, 0x80, 0x82]

    private static func key(of line: UnsafeBufferPointer<UInt8>) -> String {
        var key: [UInt8] = []
        key.reserveCapacity(line.count + 8)
        var wordStart: Int?
        var wordIsASCII = true
        var inDigits = false
        func flushWord(at end: Int) {
            guard let start = wordStart else { return }
            wordStart = nil
            let word = UnsafeBufferPointer(rebasing: line[start..<end])
            if wordIsASCII, let placeholder = dateWord(word) {
                key.append(contentsOf: placeholder)
            } else {
                key.append(contentsOf: word)
            }
        }
        var index = 0
        while index < line.count {
            let byte = line[index]
            if byte < 0x80 {
                if byte >= 0x30 && byte <= 0x39 {
                    flushWord(at: index)
                    if !inDigits { key.append(contentsOf: digitsUTF8) }
                    inDigits = true
                } else {
                    inDigits = false
                    let lower = byte | 0x20
                    if lower >= 0x61 && lower <= 0x7A {
                        if wordStart == nil {
                            wordStart = index
                            wordIsASCII = true
                        }
                    } else {
                        flushWord(at: index)
                        key.append(byte)
                    }
                }
                index += 1
                continue
            }
            let (scalar, length) = decode(line, at: index)
            if LineKind.isMark(scalar) {
                if wordStart == nil { key.append(contentsOf: UnsafeBufferPointer(rebasing: line[index..<(index + length)])) }
            } else {
                inDigits = false
                if LineKind.isLetter(scalar) {
                    if wordStart == nil { wordStart = index }
                    wordIsASCII = false
                } else {
                    flushWord(at: index)
                    key.append(contentsOf: UnsafeBufferPointer(rebasing: line[index..<(index + length)]))
                }
            }
            index += length
        }
        flushWord(at: line.count)
        return String(decoding: key, as: UTF8.self)
    }

    /// The scalar at `index` of valid UTF-8 (a `String`'s), and its length in bytes.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = lead & (0xFF >> (length + 1))
        for offset in 1..<length where index + offset < bytes.count {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// Month and weekday names (lower-cased, ASCII) packed into 8 bytes, with their ninth letter (or 0) and the
    /// placeholder they take.
    private static let dateWords: [UInt64: (ninth: UInt8, placeholder: [UInt8])] = {
        var table: [UInt64: (ninth: UInt8, placeholder: [UInt8])] = [:]
        for (words, placeholder) in [(months + monthAbbreviations, monthUTF8), (weekdays + weekdayAbbreviations, weekdayUTF8)] {
            for word in words {
                let bytes = Array(word.utf8)
                table[pack(bytes.prefix(8))] = (bytes.count == 9 ? bytes[8] : 0, placeholder)
            }
        }
        return table
    }()

    private static func pack<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1 | 0x20) }
    }

    /// The placeholder for a month or weekday name in any case (an ASCII word), or nil.
    private static func dateWord(_ word: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard (3...9).contains(word.count), let entry = dateWords[pack(word.prefix(8))] else { return nil }
        let ninth = word.count == 9 ? word[8] | 0x20 : 0
        return ninth == entry.ninth ? entry.placeholder : nil
    }

    /// Whether the shape has a placeholder (so lines of this shape may differ).
    var isVariable: Bool {
        key.contains { $0 == Self.digits || $0 == Self.month || $0 == Self.weekday }
    }

    /// A PCRE2 pattern matching a whole line of this shape, spaces and tabs around it allowed (and a carriage
    /// return at its end, for CRLF text).
    var pattern: String {
        var out = "^[ \\t]*"
        var literal = ""
        func flush() {
            out += PackScaffold.regexEscaped(literal)
            literal = ""
        }
        for character in key {
            switch character {
            case Self.digits:
                flush()
                out += "\\d+"
            case Self.month:
                flush()
                out += "(?i:" + (Self.months + Self.monthAbbreviations).sorted { $0.count > $1.count }
                    .joined(separator: "|") + ")\\.?"
            case Self.weekday:
                flush()
                out += "(?i:" + (Self.weekdays + Self.weekdayAbbreviations).sorted { $0.count > $1.count }
                    .joined(separator: "|") + ")\\.?"
            default:
                literal.append(character)
            }
        }
        flush()
        return out + "[ \\t]*\\r?$"
    }

    /// The shape with its placeholders written for people: `#` for digits, `<month>`, `<weekday>`.
    var readable: String {
        var out = ""
        for character in key {
            switch character {
            case Self.digits: out += "#"
            case Self.month: out += "<month>"
            case Self.weekday: out += "<weekday>"
            default: out.append(character)
            }
        }
        return out
    }
}

/// How `learn` reads a line.
enum LineKind {
    /// A letter, as `Character.isLetter` reads a character's first scalar.
    @inline(__always)
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let lower = scalar.value | 0x20
            return lower >= 0x61 && lower <= 0x7A
        }
        return scalar.properties.isAlphabetic
    }

    /// A digit or other number, as `Character.isNumber` reads a character's first scalar.
    @inline(__always)
    static func isNumber(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return scalar.properties.numericType != nil
    }

    /// A combining mark: part of the character before it.
    @inline(__always)
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        guard !scalar.isASCII else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Words of a line: runs of letters and digits.
    static func words(_ line: Substring) -> Int {
        var count = 0
        var inWord = false
        for scalar in line.unicodeScalars where !isMark(scalar) {
            let isWordCharacter = isLetter(scalar) || isNumber(scalar)
            if isWordCharacter && !inWord { count += 1 }
            inWord = isWordCharacter
        }
        return count
    }

    /// Article prose: a long line, or one of ten words or more that ends like a sentence.
    static func isProse(_ line: Substring) -> Bool {
        isProse(line, words: words(line))
    }

    /// ``isProse(_:)`` for a line of `count` words.
    static func isProse(_ line: Substring, words count: Int) -> Bool {
        if line.utf8.count > 160 || count >= 25 { return true }
        guard count >= 10, let last = line.last else { return false }
        return ".!?:;\"”’)".contains(last)
    }

    /// A headline-shaped line, as `delete-list` reads its items: at most 16 words of at most 8 bytes each on
    /// average, with a letter, not ending in `.`, `,`, `;` or `:`.
    static func isHeadline(_ line: Substring) -> Bool {
        isHeadline(line, words: words(line))
    }

    /// ``isHeadline(_:)`` for a line of `count` words.
    static func isHeadline(_ line: Substring, words count: Int) -> Bool {
        guard count >= 1, count <= 16, line.utf8.count <= count * 8 + 16, line.unicodeScalars.contains(where: isLetter),
            let last = line.last
        else { return false }
        return !".,;:".contains(last)
    }

    /// A line worth counting: some letters, not too long.
    static func isCandidate(_ line: Substring) -> Bool {
        !line.isEmpty && line.utf8.count <= 300 && line.unicodeScalars.contains(where: isLetter)
    }
}
