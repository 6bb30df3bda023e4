/// What cleaning one document produced: the text, and an account of every change.
///
/// `Codable`: its JSON is what `newsclean --jsonl --report` adds to each record as `"newsclean"` (there without
/// `text`, which the record's own text field holds, and with `removed_bytes`):
///
/// ```json
/// {"publisher_pack": "timeslive.co.za", "removal_count": 1,
///  "removals": [{"rule": "generic.paywall/subscribe", "pack": "generic.paywall", "start": 52, "end": 170,
///                "rule_location": {"file": "Rules/generic/paywall.yaml", "line": 12, "column": 9}}],
///  "warnings": [], "text": "..."}
/// ```
///
/// Fields that may be absent (`replacement`, `rule_location`, `over_deletion`, `publisher_pack`) are left out when
/// they have no value and decode as nil when missing, so fields added later do not break older readers.
public struct CleanResult: Sendable, Hashable, Codable {
    /// The cleaned text: every removal applied, tidied, ending in one newline (empty when nothing is left).
    public var text: String
    /// Every removal and rewrite, ordered by where it starts in the input. Ranges of rules may overlap.
    public var removals: [Removal]
    /// Rules that could not run on this document (a match limit fired), and other notes.
    public var warnings: [CleanWarning]
    /// The publisher pack that applied, if any.
    public var publisherPackID: String?
    /// Set when the over-deletion guard passed the document through unchanged: the rules would have removed too
    /// much of it. ``removals`` is then empty, and this says what the rules would have done.
    public var overDeletion: OverDeletion?

    public init(
        text: String,
        removals: [Removal],
        warnings: [CleanWarning] = [],
        publisherPackID: String? = nil,
        overDeletion: OverDeletion? = nil
    ) {
        self.text = text
        self.removals = removals
        self.warnings = warnings
        self.publisherPackID = publisherPackID
        self.overDeletion = overDeletion
    }

    enum CodingKeys: String, CodingKey {
        case text
        case publisherPackID = "publisher_pack"
        case removalCount = "removal_count"
        case removals, warnings
        case overDeletion = "over_deletion"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decodeIfPresent(String.self, forKey: .text) ?? ""
        publisherPackID = try container.decodeIfPresent(String.self, forKey: .publisherPackID)
        removals = try container.decode([Removal].self, forKey: .removals)
        warnings = try container.decodeIfPresent([CleanWarning].self, forKey: .warnings) ?? []
        overDeletion = try container.decodeIfPresent(OverDeletion.self, forKey: .overDeletion)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(publisherPackID, forKey: .publisherPackID)
        try container.encode(removals.count, forKey: .removalCount)
        try container.encode(removals, forKey: .removals)
        try container.encodeIfPresent(overDeletion, forKey: .overDeletion)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(text, forKey: .text)
    }
}

/// What the over-deletion guard prevented: the share of the document the rules would have removed, and the rules.
///
/// JSON: `{"removed_fraction", "remaining_bytes", "limit", "rules": [{"rule", "bytes"}], "would_remove": [...]}`;
/// `rules` is ``topRules``, written for readers and ignored when decoding.
public struct OverDeletion: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The share of the document's bytes the rules would have removed (0...1).
    public var removedFraction: Double
    /// The bytes that would have been left.
    public var remainingBytes: Int
    /// The limit that was crossed.
    public var limit: Double
    /// The removals the rules would have made.
    public var wouldRemove: [Removal]

    public init(removedFraction: Double, remainingBytes: Int, limit: Double, wouldRemove: [Removal]) {
        self.removedFraction = removedFraction
        self.remainingBytes = remainingBytes
        self.limit = limit
        self.wouldRemove = wouldRemove
    }

    enum CodingKeys: String, CodingKey {
        case removedFraction = "removed_fraction"
        case remainingBytes = "remaining_bytes"
        case limit, rules
        case wouldRemove = "would_remove"
    }

    private struct RuleBytes: Codable {
        var rule: String
        var bytes: Int
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        removedFraction = try container.decode(Double.self, forKey: .removedFraction)
        remainingBytes = try container.decode(Int.self, forKey: .remainingBytes)
        limit = try container.decode(Double.self, forKey: .limit)
        wouldRemove = try container.decodeIfPresent([Removal].self, forKey: .wouldRemove) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(removedFraction, forKey: .removedFraction)
        try container.encode(remainingBytes, forKey: .remainingBytes)
        try container.encode(limit, forKey: .limit)
        try container.encode(topRules.map { RuleBytes(rule: $0.rule, bytes: $0.bytes) }, forKey: .rules)
        try container.encode(wouldRemove, forKey: .wouldRemove)
    }

    /// The rules that would have removed the most, with their byte counts, most first.
    public var topRules: [(rule: String, bytes: Int)] {
        var bytes: [String: Int] = [:]
        for removal in wouldRemove { bytes[removal.ruleID, default: 0] += removal.range.count }
        return bytes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public var description: String {
        let rules = topRules.prefix(5).map { "\($0.rule) (\($0.bytes) bytes)" }.joined(separator: ", ")
        let percent = Int((removedFraction * 100).rounded())
        return "the rules would remove \(percent)% of the document (limit \(Int((limit * 100).rounded()))%, "
            + "\(remainingBytes) bytes left), so it was passed through unchanged; most removed by: \(rules)"
    }
}

/// One change a rule made, in terms of the input text.
///
/// JSON: `{"rule", "pack", "start", "end", "replacement"?, "rule_location"?: {"file", "line", "column"}}`, the
/// entries of `--report`'s `removals`.
public struct Removal: Sendable, Hashable, Codable {
    /// The qualified id of the rule, `pack-id/rule-id`.
    public var ruleID: String
    /// The id of the rule's pack.
    public var packID: String
    /// The changed bytes of the input, as UTF-8 offsets.
    public var range: Range<Int>
    /// For a rewrite, the text that replaced the range; nil for a deletion.
    public var replacement: String?
    /// Where the rule was written (`file:line:col`), when it came from a rule file.
    public var ruleLocation: SourceLocation?
    /// For a context rule (`delete-run`, `delete-list`, `delete-thread`), the lines that made it fire: the lines
    /// of its run that other rules removed, or the heading and signature lines its own patterns matched.
    public var anchors: [Anchor]

    /// A line that made a context rule fire.
    public struct Anchor: Sendable, Hashable, Codable {
        /// The rule that removed the line (another rule's, for a run), or the context rule itself when its own
        /// pattern matched the line (a heading, a signature).
        public var ruleID: String
        /// The line's bytes in the input, as UTF-8 offsets.
        public var range: Range<Int>

        public init(ruleID: String, range: Range<Int>) {
            self.ruleID = ruleID
            self.range = range
        }

        enum CodingKeys: String, CodingKey {
            case ruleID = "rule"
            case start, end
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            ruleID = try container.decode(String.self, forKey: .ruleID)
            range = try container.decodeByteRange(start: .start, end: .end)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(ruleID, forKey: .ruleID)
            try container.encode(range.lowerBound, forKey: .start)
            try container.encode(range.upperBound, forKey: .end)
        }
    }

    public init(
        ruleID: String,
        packID: String,
        range: Range<Int>,
        replacement: String? = nil,
        ruleLocation: SourceLocation? = nil,
        anchors: [Anchor] = []
    ) {
        self.ruleID = ruleID
        self.packID = packID
        self.range = range
        self.replacement = replacement
        self.ruleLocation = ruleLocation
        self.anchors = anchors
    }

    enum CodingKeys: String, CodingKey {
        case ruleID = "rule"
        case packID = "pack"
        case start, end, replacement
        case ruleLocation = "rule_location"
        case anchors
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ruleID = try container.decode(String.self, forKey: .ruleID)
        packID = try container.decode(String.self, forKey: .packID)
        range = try container.decodeByteRange(start: .start, end: .end)
        replacement = try container.decodeIfPresent(String.self, forKey: .replacement)
        ruleLocation = try container.decodeIfPresent(SourceLocation.self, forKey: .ruleLocation)
        anchors = try container.decodeIfPresent([Anchor].self, forKey: .anchors) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ruleID, forKey: .ruleID)
        try container.encode(packID, forKey: .packID)
        try container.encode(range.lowerBound, forKey: .start)
        try container.encode(range.upperBound, forKey: .end)
        try container.encodeIfPresent(replacement, forKey: .replacement)
        try container.encodeIfPresent(ruleLocation, forKey: .ruleLocation)
        if !anchors.isEmpty { try container.encode(anchors, forKey: .anchors) }
    }

    /// The range as indices of `input`, the text that was cleaned.
    ///
    /// Offsets always fall on Unicode scalar boundaries (matches and lines never split a scalar).
    public func range(in input: String) -> Range<String.Index> {
        let utf8 = input.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: min(range.lowerBound, utf8.count))
        let upper = utf8.index(utf8.startIndex, offsetBy: min(range.upperBound, utf8.count))
        return lower..<upper
    }

    /// The removed text of `input`.
    public func removedText(in input: String) -> String {
        String(input.utf8[range(in: input)]) ?? ""
    }
}

/// Something worth knowing about how a document was cleaned, though it was cleaned.
///
/// JSON: `{"rule", "code", "message"}`. Match on ``code``, not on the message, which may be reworded.
public struct CleanWarning: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What kind of warning this is: a stable, kebab-case name (`match-limit`, `time-budget`, `over-deletion`, ...).
    ///
    /// A struct rather than an enum, so that new codes can be added without breaking a `switch`.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A match attempt of the rule took more backtracking steps than the match limit; the rule was skipped.
        public static let matchLimit = Code(rawValue: "match-limit")
        /// A match nested deeper than the depth limit; the rule was skipped.
        public static let depthLimit = Code(rawValue: "depth-limit")
        /// A JIT match ran out of JIT stack; the rule was skipped.
        public static let jitStackLimit = Code(rawValue: "jit-stack-limit")
        /// An interpreted match needed more heap than the heap limit; the rule was skipped.
        public static let heapLimit = Code(rawValue: "heap-limit")
        /// The document's regex time budget ran out; this rule (and the rules after it) were skipped.
        public static let timeBudget = Code(rawValue: "time-budget")
        /// The over-deletion guard passed the document through unchanged (see ``CleanResult/overDeletion``).
        public static let overDeletion = Code(rawValue: "over-deletion")
        /// PCRE2 failed in another way; the rule was skipped.
        public static let matchError = Code(rawValue: "match-error")

        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    /// The qualified id of the rule concerned.
    public var ruleID: String
    /// What kind of warning this is.
    public var code: Code
    /// What happened, e.g. `match limit exceeded; rule skipped for this document`.
    public var message: String

    public init(ruleID: String, code: Code, message: String) {
        self.ruleID = ruleID
        self.code = code
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case ruleID = "rule"
        case code, message
    }

    public var description: String { "\(ruleID): \(message)" }
}

extension KeyedDecodingContainer {
    /// A byte range written as two offsets, `start` and `end`; an error when `end` comes before `start`.
    func decodeByteRange(start: Key, end: Key) throws -> Range<Int> {
        let lower = try decode(Int.self, forKey: start)
        let upper = try decode(Int.self, forKey: end)
        guard lower <= upper else {
            throw DecodingError.dataCorruptedError(forKey: end, in: self, debugDescription: "end before start")
        }
        return lower..<upper
    }
}
