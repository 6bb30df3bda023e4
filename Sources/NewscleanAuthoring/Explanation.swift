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

    public var input: String
    public var output: String
    public var publisherPackID: String?
    public var entries: [Entry]
    public var warnings: [CleanWarning]

    /// Cleans `input` with `cleaner` and explains every change.
    public init(input: String, url: String?, publisher: String?, cleaner: Cleaner) {
        let result = cleaner.clean(input, url: url, publisher: publisher)
        var locations: [String: SourceLocation] = [:]
        for pack in cleaner.packs {
            for rule in pack.rules { locations[pack.qualifiedID(of: rule)] = rule.location }
        }
        let lineStarts = Self.lineStarts(of: input)
        self.input = input
        self.output = result.text
        self.publisherPackID = result.publisherPackID
        self.warnings = result.warnings
        self.entries = result.removals.map { removal in
            let first = Self.line(of: removal.range.lowerBound, in: lineStarts)
            let last = Self.line(of: max(removal.range.lowerBound, removal.range.upperBound - 1), in: lineStarts)
            return Entry(
                removal: removal,
                ruleLocation: locations[removal.ruleID],
                lines: first...max(first, last),
                text: removal.removedText(in: input)
            )
        }
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
            for entry in group.entries where !entry.removal.anchors.isEmpty {
                out += paint("   \(entry.removal.ruleID) anchored by ", "36")
                    + Self.describeAnchors(entry.removal.anchors, lineStarts: lineStarts) + "\n"
            }
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

    /// `rule (lines 3, 4)` for each rule among `anchors`, in order of first appearance.
    static func describeAnchors(_ anchors: [Removal.Anchor], lineStarts: [Int]) -> String {
        var order: [String] = []
        var lines: [String: [Int]] = [:]
        for anchor in anchors {
            let line = Self.line(of: anchor.range.lowerBound, in: lineStarts)
            if lines[anchor.ruleID] == nil { order.append(anchor.ruleID) }
            if lines[anchor.ruleID, default: []].last != line { lines[anchor.ruleID, default: []].append(line) }
        }
        return order.map { rule in
            let numbers = lines[rule, default: []]
            return "\(rule) (line\(numbers.count == 1 ? "" : "s") \(numbers.map(String.init).joined(separator: ", ")))"
        }.joined(separator: ", ")
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

    /// Every change as JSON: rule, pack, rule location, byte and line range, the text, and any replacement.
    public func jsonReport() -> String {
        let lineStarts = Self.lineStarts(of: input)
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
                            "line": Self.line(of: anchor.range.lowerBound, in: lineStarts),
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
