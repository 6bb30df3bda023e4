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
    private static let monthWords = Set(months + monthAbbreviations)
    private static let weekdayWords = Set(weekdays + weekdayAbbreviations)

    /// The shape of `line` (already trimmed).
    init(_ line: Substring) {
        var key = ""
        var word = ""
        var inDigits = false
        func flushWord() {
            guard !word.isEmpty else { return }
            let lower = word.lowercased()
            if Self.monthWords.contains(lower) {
                key.append(Self.month)
            } else if Self.weekdayWords.contains(lower) {
                key.append(Self.weekday)
            } else {
                key += word
            }
            word = ""
        }
        for character in line {
            if character.isASCII, character.isNumber {
                flushWord()
                if !inDigits { key.append(Self.digits) }
                inDigits = true
                continue
            }
            inDigits = false
            if character.isLetter {
                word.append(character)
            } else {
                flushWord()
                key.append(character)
            }
        }
        flushWord()
        self.key = key
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
    /// Words of a line: runs of letters and digits.
    static func words(_ line: Substring) -> Int {
        var count = 0
        var inWord = false
        for character in line {
            let isWordCharacter = character.isLetter || character.isNumber
            if isWordCharacter && !inWord { count += 1 }
            inWord = isWordCharacter
        }
        return count
    }

    /// Article prose: a long line, or one of ten words or more that ends like a sentence.
    static func isProse(_ line: Substring) -> Bool {
        let count = words(line)
        if line.utf8.count > 160 || count >= 25 { return true }
        guard count >= 10, let last = line.last else { return false }
        return ".!?:;\"”’)".contains(last)
    }

    /// A headline-shaped line, as `delete-list` reads its items: at most 16 words of at most 8 bytes each on
    /// average, with a letter, not ending in `.`, `,`, `;` or `:`.
    static func isHeadline(_ line: Substring) -> Bool {
        let count = words(line)
        guard count >= 1, count <= 16, line.utf8.count <= count * 8 + 16, line.contains(where: \.isLetter),
            let last = line.last
        else { return false }
        return !".,;:".contains(last)
    }

    /// A line worth counting: some letters, not too long.
    static func isCandidate(_ line: Substring) -> Bool {
        !line.isEmpty && line.utf8.count <= 300 && line.contains(where: \.isLetter)
    }
}
