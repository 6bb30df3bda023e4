public import Newsclean
internal import Foundation

/// Which rule of which pack removed or rewrote which text of one document.
public struct Explanation: Sendable {
    /// One removal or rewrite, located in the input and in the rule files.
    public struct Entry: Sendable, Hashable {
        public var removal: Removal
        /// Where the rule was written (`file:line:col`), when it came from a file.
        public var ruleLocation: SourceLocation?
        /// 1-based first and last line of the input the range touches.
        public var lines: ClosedRange<Int>
        /// The removed (or rewritten) input text.
        public var text: String
    }

    /// The input, decoded for display (invalid UTF-8 shown as U+FFFD); offsets are into ``inputBytes``.
    public var input: String
    /// The input as it was given: what was cleaned, and what every offset counts.
    public var inputBytes: [UInt8]
    public var output: String
    public var publisherPackID: String?
    public var entries: [Entry]
    public var warnings: [CleanWarning]

    /// Cleans `input` with `cleaner` and explains every change.
    public init(input: String, url: String?, publisher: String?, cleaner: Cleaner) {
        self.init(utf8: Array(input.utf8), url: url, publisher: publisher, cleaner: cleaner)
    }

    /// Cleans the bytes `input` (invalid UTF-8 allowed) exactly as `clean` does, and explains every change in
    /// offsets of those bytes.
    public init(utf8 input: [UInt8], url: String?, publisher: String?, cleaner: Cleaner) {
        var output: [UInt8] = []
        let result = input.withUnsafeBufferPointer { bytes in
            cleaner.clean(utf8: bytes, url: url, publisher: publisher, appendingTo: &output)
        }
        var locations: [String: SourceLocation] = [:]
        for pack in cleaner.packs {
            for rule in pack.rules { locations[pack.qualifiedID(of: rule)] = rule.location }
        }
        let lines = Self.lines(of: input)
        self.input = String(decoding: input, as: UTF8.self)
        self.inputBytes = input
        self.output = String(decoding: output, as: UTF8.self)
        self.publisherPackID = result.publisherPackID
        self.warnings = result.warnings
        self.entries = result.removals.map { removal in
            let first = Self.line(of: removal.range.lowerBound, in: lines)
            let last = Self.line(of: max(removal.range.lowerBound, removal.range.upperBound - 1), in: lines)
            return Entry(
                removal: removal,
                ruleLocation: locations[removal.ruleID],
                lines: first...max(first, last),
                text: String(decoding: input[removal.range.clamped(to: 0..<input.count)], as: UTF8.self)
            )
        }
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

    /// Every change as JSON: rule, pack, rule location, byte and line range, the text, and any replacement.
    public func jsonReport() -> String {
        let lines = Self.lines(of: inputBytes)
        let object: [String: Any] = [
            "publisher_pack": publisherPackID as Any,
            "removals": entries.map { entry -> [String: Any] in
                var item: [String: Any] = [
                    "rule": entry.removal.ruleID,
                    "pack": entry.removal.packID,
                    "start": entry.removal.range.lowerBound,
                    "end": entry.removal.range.upperBound,
                    "start_line": entry.lines.lowerBound,
                    "end_line": entry.lines.upperBound,
                    "text": entry.text,
                ]
                if let location = entry.ruleLocation { item["rule_location"] = location.description }
                if let replacement = entry.removal.replacement { item["replacement"] = replacement }
                if !entry.removal.anchors.isEmpty {
                    item["anchors"] = entry.removal.anchors.map { anchor -> [String: Any] in
                        [
                            "rule": anchor.ruleID,
                            "start": anchor.range.lowerBound,
                            "end": anchor.range.upperBound,
                            "line": Self.line(of: anchor.range.lowerBound, in: lines),
                        ]
                    }
                }
                return item
            },
            "warnings": warnings.map { ["rule": $0.ruleID, "message": $0.message] },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
