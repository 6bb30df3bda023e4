/// One cleaning rule: what it matches, what it does with a match, and the examples that prove it.
///
/// Rules are plain values. Build them in code or load them from rule files with `NewscleanRules`:
///
/// ```swift
/// let credit = Rule(
///     id: "image-credit",
///     description: "Photo credit lines such as 'Image: JANE DOE/REUTERS'",
///     action: .deleteLine(.pattern(#"^(?:Image|Photo): [\p{Lu} .'/-]+$"#)),
///     examples: [.init(input: "Text.\nImage: JANE DOE/REUTERS\n", output: "Text.\n")],
///     keep: ["Image: a new way of seeing"]
/// )
/// ```
public struct Rule: Sendable {
    /// Unique within its pack; kebab-case. The qualified id `pack-id/rule-id` names it everywhere else.
    public var id: String
    /// One sentence on what the rule removes.
    public var description: String
    /// What the rule matches and what it does with a match.
    public var action: Action
    /// Inputs with the output the rule alone must turn them into.
    public var examples: [Example]
    /// Texts similar to what the rule removes, which it must leave unchanged.
    public var keep: [Keep]
    /// Literals of which every match contains at least one (ASCII case folded when the matcher ignores case), so
    /// that the rule runs only on documents containing one of them. Nil: derived from the pattern when possible.
    public var prefilter: [String]?
    /// Conditions on the line a match is in, for what a regex alone can't say safely.
    public var conditions: Conditions
    /// Where the rule was written, when it came from a file.
    public var location: SourceLocation?

    public init(
        id: String,
        description: String = "",
        action: Action,
        conditions: Conditions = Conditions(),
        examples: [Example] = [],
        keep: [Keep] = [],
        prefilter: [String]? = nil,
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.description = description
        self.action = action
        self.conditions = conditions
        self.examples = examples
        self.keep = keep
        self.prefilter = prefilter
        self.location = location
    }
}

extension Rule {
    /// Conditions on the line where a match starts; a match counts only when all of them hold.
    ///
    /// They let a rule say what a regex can't: "Print" or "Advertisement" standing alone among other short lines is
    /// page chrome, the same word in a sentence or a short subheading between two paragraphs is article text.
    /// Conditions look at the text the removal rules see (after rewrites, before any removal). Words are runs of
    /// non-whitespace; a blank line has none.
    public struct Conditions: Sendable, Hashable {
        /// The line has at most this many words.
        public var maxWords: Int?
        /// The line has at least this many words.
        public var minWords: Int?
        /// The line is among the first this many non-blank lines of the document (with ``lastLines``: either end).
        public var firstLines: Int?
        /// The line is among the last this many non-blank lines of the document (with ``firstLines``: either end).
        public var lastLines: Int?
        /// true: a blank line or the document's edge comes right before and right after the line; false: not so.
        public var standalone: Bool?
        /// The line belongs to a run of two or more consecutive lines of at most this many words each (a toolbar, a
        /// list of share buttons), rather than standing between paragraphs.
        public var inShortRun: Int?
        /// The line's text (trimmed) occurs at least this many times in the document.
        public var minRepeats: Int?

        public init(
            maxWords: Int? = nil,
            minWords: Int? = nil,
            firstLines: Int? = nil,
            lastLines: Int? = nil,
            standalone: Bool? = nil,
            inShortRun: Int? = nil,
            minRepeats: Int? = nil
        ) {
            self.maxWords = maxWords
            self.minWords = minWords
            self.firstLines = firstLines
            self.lastLines = lastLines
            self.standalone = standalone
            self.inShortRun = inShortRun
            self.minRepeats = minRepeats
        }

        /// Whether no condition is set.
        public var isEmpty: Bool { self == Conditions() }
    }
}

extension Rule {
    /// An input and the exact output the rule alone must produce from it (after tidying).
    public struct Example: Sendable, Hashable {
        public var input: String
        public var output: String
        public var location: SourceLocation?

        public init(input: String, output: String, location: SourceLocation? = nil) {
            self.input = input
            self.output = output
            self.location = location
        }
    }

    /// A text the rule must leave alone: applying the rule alone changes nothing but tidying.
    public struct Keep: Sendable, Hashable, ExpressibleByStringLiteral {
        public var text: String
        public var location: SourceLocation?

        public init(_ text: String, location: SourceLocation? = nil) {
            self.text = text
            self.location = location
        }

        public init(stringLiteral value: String) {
            self.init(value)
        }
    }

    /// What a rule matches: a PCRE2 pattern or a literal text, with options.
    public struct Matcher: Sendable, Hashable {
        /// Options that change how a matcher matches.
        public struct Options: OptionSet, Sendable, Hashable {
            public let rawValue: UInt8
            public init(rawValue: UInt8) { self.rawValue = rawValue }

            /// Letters match either case (PCRE2 caseless, Unicode-aware).
            public static let ignoreCase = Options(rawValue: 1 << 0)
            /// `.` matches line breaks too.
            public static let dotAll = Options(rawValue: 1 << 1)
            /// Whitespace and `#` comments in the pattern are ignored.
            public static let extended = Options(rawValue: 1 << 2)
            /// Quantifiers are lazy unless followed by `?`.
            public static let ungreedy = Options(rawValue: 1 << 3)
        }

        /// The PCRE2 pattern, or the literal text when ``isLiteral``.
        public var source: String
        /// Whether ``source`` is a literal text rather than a pattern.
        public var isLiteral: Bool
        public var options: Options

        /// A PCRE2 pattern. `^` and `$` always match at line boundaries; use `\A` and `\z` for the document's.
        public static func pattern(_ pattern: String, options: Options = []) -> Matcher {
            Matcher(source: pattern, isLiteral: false, options: options)
        }

        /// A literal text: no character in it is special.
        public static func text(_ text: String, options: Options = []) -> Matcher {
            Matcher(source: text, isLiteral: true, options: options)
        }
    }

    /// What a rule does with what it matches.
    ///
    /// A struct rather than an enum, so that new actions can be added without breaking code that uses this one.
    public struct Action: Sendable {
        enum Kind: Sendable {
            case deleteMatch(Matcher)
            case deleteLine(Matcher)
            case deleteBlock(start: Matcher, end: Matcher, maxLines: Int, includeEnd: Bool)
            case replace(Matcher, template: String)
            case dedupeAdjacent(Matcher?)
            case custom(any CustomRule)
        }

        let kind: Kind

        /// Deletes each match: a span anywhere, also inside a line or glued to the text around it.
        public static func deleteMatch(_ matcher: Matcher) -> Action { Action(kind: .deleteMatch(matcher)) }

        /// Deletes every line that a match touches, line break included.
        public static func deleteLine(_ matcher: Matcher) -> Action { Action(kind: .deleteLine(matcher)) }

        /// Deletes from a line where `start` matches through the first later line where `end` matches, when that
        /// line is at most `maxLines` lines from the start line (both counted). Without such an end nothing is
        /// deleted. With `includeEnd: false` the end line stays: the block stops right before it (useful when the
        /// block is ended by the article text that follows it).
        public static func deleteBlock(start: Matcher, end: Matcher, maxLines: Int = 10, includeEnd: Bool = true)
            -> Action
        {
            Action(kind: .deleteBlock(start: start, end: end, maxLines: max(2, maxLines), includeEnd: includeEnd))
        }

        /// Replaces each match with `template`, in which `$1`, `${1}` and `${name}` stand for capture groups, `$0`
        /// for the whole match and `$$` for a dollar sign.
        public static func replace(_ matcher: Matcher, with template: String) -> Action {
            Action(kind: .replace(matcher, template: template))
        }

        /// Keeps only the first copy of a line, or paragraph, repeated right after itself (blank lines between the
        /// copies allowed), such as a caption printed twice. With a matcher, only copies it matches are removed.
        public static func dedupeAdjacent(_ matcher: Matcher? = nil) -> Action {
            Action(kind: .dedupeAdjacent(matcher))
        }

        /// A rule written in Swift, for what a regex can't say. It runs with the removal rules.
        public static func custom(_ rule: any CustomRule) -> Action { Action(kind: .custom(rule)) }

        /// The action's name as written in rule files, e.g. `delete-line`.
        public var name: String {
            switch kind {
            case .deleteMatch: "delete-match"
            case .deleteLine: "delete-line"
            case .deleteBlock: "delete-block"
            case .replace: "replace"
            case .dedupeAdjacent: "dedupe-adjacent"
            case .custom: "custom"
            }
        }
    }
}

/// A position in a rule file: 1-based line and column (columns count Unicode scalars).
///
/// JSON: `{"file", "line", "column"}`.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, the compiler format editors jump to.
    public var description: String { "\(file):\(line):\(column)" }
}
