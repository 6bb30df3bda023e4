/// Why a ``Cleaner`` could not be built from the packs it was given. Lists every problem, not just the first.
public struct CleanerError: Error, Sendable, CustomStringConvertible {
    /// One problem with one rule or pack.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// What kind of problem this is: a stable, kebab-case name. Match on it, not on the message.
        public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
            public var rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }

            /// A pattern PCRE2 does not compile (or a replacement template that refers to a missing group);
            /// ``Problem/patternOffset`` says where.
            public static let invalidPattern = Code(rawValue: "invalid-pattern")
            /// Two rules of one pack have the same id.
            public static let duplicateRuleID = Code(rawValue: "duplicate-rule-id")
            /// Two packs have the same id.
            public static let duplicatePackID = Code(rawValue: "duplicate-pack-id")
            /// Two packs claim the same host, so which one applies would depend on their order.
            public static let duplicateHost = Code(rawValue: "duplicate-host")
            /// An action's numbers make no sense (`Rule.Action.shapeProblem`), e.g. a block of fewer than 2 lines.
            public static let invalidShape = Code(rawValue: "invalid-shape")

            public var description: String { rawValue }
        }

        /// The pack concerned.
        public var packID: String
        /// The rule concerned (unqualified), when the problem is a rule's.
        public var ruleID: String?
        /// What kind of problem this is.
        public var code: Code
        /// What is wrong, e.g. `invalid pattern: missing closing parenthesis at offset 7`.
        public var message: String
        /// Where the rule was written, when it came from a file.
        public var location: SourceLocation?
        /// For an invalid pattern: the UTF-8 offset inside the pattern where PCRE2 stopped.
        public var patternOffset: Int?

        public var description: String {
            let place = location.map { "\($0): " } ?? ""
            let rule = ruleID.map { "\(packID)/\($0)" } ?? packID
            return "\(place)error: \(rule): \(message)"
        }
    }

    public var problems: [Problem]

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
