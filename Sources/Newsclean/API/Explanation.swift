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

        /// Where the rule was written (`file:line:col`), when it came from a file.
        public var ruleLocation: SourceLocation? { removal.ruleLocation }

        enum CodingKeys: String, CodingKey {
            case startLine = "start_line"
            case endLine = "end_line"
            case text
        }

        public func encode(to encoder: any Encoder) throws {
            try removal.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(lines.lowerBound, forKey: .startLine)
            try container.encode(lines.upperBound, forKey: .endLine)
            try container.encode(text, forKey: .text)
        }
    }

    /// The document.
    public var input: String
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
        let lineStarts = Self.lineStarts(of: input)
        self.input = input
        self.output = result.text
        self.publisherPackID = result.publisherPackID
        self.warnings = result.warnings
        self.overDeletion = result.overDeletion
        self.entries = result.removals.map { removal in
            let first = Self.line(of: removal.range.lowerBound, in: lineStarts)
            let last = Self.line(of: max(removal.range.lowerBound, removal.range.upperBound - 1), in: lineStarts)
            return Entry(removal: removal, lines: first...max(first, last), text: removal.removedText(in: input))
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

    static func lineStarts(of text: String) -> [Int] {
        var starts = [0]
        for (offset, byte) in text.utf8.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        return starts
    }

    static func line(of offset: Int, in starts: [Int]) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// A diff of the input against what the rules did to it, one hunk per group of touched lines, each headed by the
    /// rules (with their file and line) that changed it. Colored with ANSI escapes when `color` is true.
    public func textReport(color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        let lines = input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let lineStarts = Self.lineStarts(of: input)
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
            for number in group.lines where number - 1 < lines.count {
                let lineRange = lineStarts[number - 1]..<(lineStarts[number - 1] + lines[number - 1].utf8.count)
                let touching = group.entries.filter {
                    $0.removal.range.overlaps(lineRange) || ($0.removal.range.lowerBound == lineRange.lowerBound)
                }
                let kept = Self.apply(touching.map(\.removal), to: lines[number - 1], lineStart: lineRange.lowerBound)
                out += paint("-\(lines[number - 1])", "31") + "\n"
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

    /// The line with the removals applied (rewrites replaced), or nil when a removal takes the whole line.
    static func apply(_ removals: [Removal], to line: String, lineStart: Int) -> String? {
        let bytes = Array(line.utf8)
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
}
