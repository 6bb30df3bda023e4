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

    public init(ruleID: String, packID: String, range: Range<Int>, replacement: String? = nil) {
        self.ruleID = ruleID
        self.packID = packID
        self.range = range
        self.replacement = replacement
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
