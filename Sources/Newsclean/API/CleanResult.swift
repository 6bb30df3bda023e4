/// What cleaning one document produced: the text, and an account of every change.
public struct CleanResult: Sendable {
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
}

/// What the over-deletion guard prevented: the share of the document the rules would have removed, and the rules.
public struct OverDeletion: Sendable, Hashable, CustomStringConvertible {
    /// The share of the document's bytes the rules would have removed (0...1).
    public var removedFraction: Double
    /// The bytes that would have been left.
    public var remainingBytes: Int
    /// The limit that was crossed.
    public var limit: Double
    /// The removals the rules would have made.
    public var wouldRemove: [Removal]

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
public struct Removal: Sendable, Hashable {
    /// The qualified id of the rule, `pack-id/rule-id`.
    public var ruleID: String
    /// The id of the rule's pack.
    public var packID: String
    /// The changed bytes of the input, as UTF-8 offsets.
    public var range: Range<Int>
    /// For a rewrite, the text that replaced the range; nil for a deletion.
    public var replacement: String?
    /// For a context rule (`delete-run`, `delete-list`, `delete-thread`), the lines that made it fire: the lines
    /// of its run that other rules removed, or the heading and signature lines its own patterns matched.
    public var anchors: [Anchor]

    /// A line that made a context rule fire.
    public struct Anchor: Sendable, Hashable {
        /// The rule that removed the line (another rule's, for a run), or the context rule itself when its own
        /// pattern matched the line (a heading, a signature).
        public var ruleID: String
        /// The line's bytes in the input, as UTF-8 offsets.
        public var range: Range<Int>

        public init(ruleID: String, range: Range<Int>) {
            self.ruleID = ruleID
            self.range = range
        }
    }

    public init(ruleID: String, packID: String, range: Range<Int>, replacement: String? = nil, anchors: [Anchor] = []) {
        self.ruleID = ruleID
        self.packID = packID
        self.range = range
        self.replacement = replacement
        self.anchors = anchors
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
public struct CleanWarning: Sendable, Hashable, CustomStringConvertible {
    /// The qualified id of the rule concerned.
    public var ruleID: String
    /// What happened, e.g. `match limit exceeded; rule skipped for this document`.
    public var message: String

    public init(ruleID: String, message: String) {
        self.ruleID = ruleID
        self.message = message
    }

    public var description: String { "\(ruleID): \(message)" }
}
