/// Which rule of which pack removed or rewrote which text of one document: what `newsclean explain` prints.
///
/// ```swift
/// let explanation = cleaner.explain(text, url: articleURL)
/// for entry in explanation.entries {
///     print(entry.removal.ruleID, entry.removal.ruleLocation?.description ?? "-", entry.lines, entry.text)
/// }
/// print(explanation.textReport(color: false))    // a diff with the rule beside each hunk
/// ```
///
/// `Encodable`: `newsclean explain --format json` writes it with `JSONEncoder` (sorted keys): `publisher_pack`,
/// `removals` (each a ``Removal``'s fields plus `start_line`, `end_line` and `text`), `over_deletion`, `warnings`.
public struct Explanation: Sendable, Encodable {
    /// One removal or rewrite, located in the input and in the rule files.
    public struct Entry: Sendable, Hashable, Encodable {
        /// The removal; its ``Removal/ruleLocation`` says where the rule was written, when it came from a file.
        public var removal: Removal
        /// 1-based first and last line of the input the range touches.
        public var lines: ClosedRange<Int>
        /// The removed (or rewritten) input text.
        public var text: String
        /// For a context rule, the 1-based line of each of its ``Removal/anchors``.
        public var anchorLines: [Int] = []

        /// Where the rule was written (`file:line:col`), when it came from a file.
        public var ruleLocation: SourceLocation? { removal.ruleLocation }

        enum CodingKeys: String, CodingKey {
            case startLine = "start_line"
            case endLine = "end_line"
            case text
            case anchorLines = "anchor_lines"
        }

        public func encode(to encoder: any Encoder) throws {
            try removal.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(lines.lowerBound, forKey: .startLine)
            try container.encode(lines.upperBound, forKey: .endLine)
            try container.encode(text, forKey: .text)
            if !anchorLines.isEmpty { try container.encode(anchorLines, forKey: .anchorLines) }
        }
    }

    /// The document, decoded for display (invalid UTF-8 shown as U+FFFD); offsets are into ``inputBytes``.
    public var input: String
    /// The document as it was given: what was cleaned, and what every offset counts.
    public var inputBytes: [UInt8]
    /// The cleaned document.
    public var output: String
    /// The publisher pack that applied, if any.
    public var publisherPackID: String?
    /// Every removal and rewrite, ordered by where it starts in the input.
    public var entries: [Entry]
    /// Rules that could not run on this document, and the over-deletion guard's note.
    public var warnings: [CleanWarning]
    /// Set when the over-deletion guard passed the document through unchanged (``entries`` is then empty).
    public var overDeletion: OverDeletion?

    /// Explains `result`, the result of cleaning `input`.
    public init(input: String, result: CleanResult) {
        self.init(utf8: Array(input.utf8), result: result, output: result.text)
    }

    /// Explains `result`, the result of cleaning the bytes `input` (invalid UTF-8 allowed) into `output`; every
    /// offset and line number is of those bytes, as `clean` saw them.
    public init(utf8 input: [UInt8], result: CleanResult, output: String) {
        let lines = Self.lines(of: input)
        self.input = String(decoding: input, as: UTF8.self)
        self.inputBytes = input
        self.output = output
        self.publisherPackID = result.publisherPackID
        self.warnings = result.warnings
        self.overDeletion = result.overDeletion
        self.entries = result.removals.map { removal in
            let first = Self.line(of: removal.range.lowerBound, in: lines)
            let last = Self.line(of: max(removal.range.lowerBound, removal.range.upperBound - 1), in: lines)
            return Entry(
                removal: removal,
                lines: first...max(first, last),
                text: String(decoding: input[removal.range.clamped(to: 0..<input.count)], as: UTF8.self),
                anchorLines: removal.anchors.map { Self.line(of: $0.range.lowerBound, in: lines) }
            )
        }
    }

    enum CodingKeys: String, CodingKey {
        case publisherPackID = "publisher_pack"
        case removals = "removals"
        case warnings
        case overDeletion = "over_deletion"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(publisherPackID, forKey: .publisherPackID)
        try container.encode(entries, forKey: .removals)
        try container.encodeIfPresent(overDeletion, forKey: .overDeletion)
        try container.encode(warnings, forKey: .warnings)
    }

    /// Each line's byte range without its line break; a line ends at LF, CRLF or a lone CR, as for the rules.
    static func lines(of bytes: [UInt8]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x0A || byte == 0x0D else {
                index += 1
                continue
            }
            lines.append(start..<index)
            index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
            start = index
        }
        lines.append(start..<bytes.count)
        return lines
    }

    /// The 1-based number of the line holding `offset`.
    static func line(of offset: Int, in lines: [Range<Int>]) -> Int {
        var low = 0
        var high = lines.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lines[mid].lowerBound <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// A diff of the input against what the rules did to it, one hunk per group of touched lines, each headed by the
    /// rules (with their file and line) that changed it. Colored with ANSI escapes when `color` is true.
    public func textReport(color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        let lines = Self.lines(of: inputBytes)
        var out = ""
        let header = publisherPackID.map { "publisher pack: \($0)" } ?? "publisher pack: none"
        out += paint("\(header); \(entries.count) changes", "1") + "\n"
        // Group entries whose line ranges overlap or touch.
        var groups: [(lines: ClosedRange<Int>, entries: [Entry])] = []
        for entry in entries.sorted(by: { $0.lines.lowerBound < $1.lines.lowerBound }) {
            if let last = groups.last, entry.lines.lowerBound <= last.lines.upperBound {
                groups[groups.count - 1].lines = last.lines.lowerBound...max(last.lines.upperBound, entry.lines.upperBound)
                groups[groups.count - 1].entries.append(entry)
            } else {
                groups.append((entry.lines, [entry]))
            }
        }
        for group in groups {
            var rules: [String] = []
            for entry in group.entries {
                let place = entry.ruleLocation.map { " (\($0.file):\($0.line))" } ?? ""
                let name = entry.removal.ruleID + place
                if !rules.contains(name) { rules.append(name) }
            }
            let span = group.lines.count == 1 ? "line \(group.lines.lowerBound)"
                : "lines \(group.lines.lowerBound)-\(group.lines.upperBound)"
            out += paint("@@ \(span) @@ ", "36") + rules.joined(separator: ", ") + "\n"
            for entry in group.entries where !entry.removal.anchors.isEmpty {
                out += paint("   \(entry.removal.ruleID) anchored by ", "36")
                    + Self.describeAnchors(entry.removal.anchors, lines: lines) + "\n"
            }
            for number in group.lines where number - 1 < lines.count {
                let lineRange = lines[number - 1]
                let touching = group.entries.filter {
                    $0.removal.range.overlaps(lineRange) || ($0.removal.range.lowerBound == lineRange.lowerBound)
                }
                let line = inputBytes[lineRange]
                let kept = Self.apply(touching.map(\.removal), to: line, lineStart: lineRange.lowerBound)
                out += paint("-\(String(decoding: line, as: UTF8.self))", "31") + "\n"
                if let kept, !kept.allSatisfy(\.isWhitespace) {
                    out += paint("+\(kept)", "32") + "\n"
                }
            }
        }
        for warning in warnings {
            out += paint("warning: \(warning)", "33") + "\n"
        }
        return out
    }

    /// `rule (lines 3, 4)` for each rule among `anchors`, in order of first appearance.
    static func describeAnchors(_ anchors: [Removal.Anchor], lines lineRanges: [Range<Int>]) -> String {
        var order: [String] = []
        var lines: [String: [Int]] = [:]
        for anchor in anchors {
            let line = Self.line(of: anchor.range.lowerBound, in: lineRanges)
            if lines[anchor.ruleID] == nil { order.append(anchor.ruleID) }
            if lines[anchor.ruleID, default: []].last != line { lines[anchor.ruleID, default: []].append(line) }
        }
        return order.map { rule in
            let numbers = lines[rule, default: []]
            return "\(rule) (line\(numbers.count == 1 ? "" : "s") \(numbers.map(String.init).joined(separator: ", ")))"
        }.joined(separator: ", ")
    }

    /// The line with the removals applied (rewrites replaced), or nil when a removal takes the whole line.
    static func apply(_ removals: [Removal], to line: ArraySlice<UInt8>, lineStart: Int) -> String? {
        let bytes = Array(line)
        var result: [UInt8] = []
        var position = 0
        var deletedAll = true
        for removal in removals.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            let start = max(0, removal.range.lowerBound - lineStart)
            let end = min(bytes.count, removal.range.upperBound - lineStart)
            guard end >= position else { continue }
            if start > position {
                result += bytes[position..<start]
            }
            if let replacement = removal.replacement {
                result += Array(replacement.utf8)
                deletedAll = false
            }
            position = max(position, end)
        }
        if position < bytes.count { result += bytes[position...] }
        if deletedAll && result.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        return String(decoding: result, as: UTF8.self)
    }

}

extension Cleaner {
    /// Cleans `text` and explains every change: which rule of which pack (and which file and line) removed or
    /// rewrote which text, with the lines it touched.
    ///
    /// - Parameters:
    ///   - text: The document.
    ///   - url: The article's URL (or bare host); it picks the publisher pack.
    ///   - publisher: A publisher pack id or host; overrides `url`.
    public func explain(_ text: String, url: String? = nil, publisher: String? = nil) -> Explanation {
        Explanation(input: text, result: clean(text, url: url, publisher: publisher))
    }

    /// Cleans the bytes `input` (invalid UTF-8 allowed) exactly as `clean(utf8:url:publisher:appendingTo:)` does,
    /// and explains every change in offsets and lines of those bytes.
    public func explain(utf8 input: [UInt8], url: String? = nil, publisher: String? = nil) -> Explanation {
        var output: [UInt8] = []
        let result = input.withUnsafeBufferPointer { bytes in
            clean(utf8: bytes, url: url, publisher: publisher, appendingTo: &output)
        }
        return Explanation(utf8: input, result: result, output: String(decoding: output, as: UTF8.self))
    }
}
