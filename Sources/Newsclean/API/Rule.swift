internal import NewscleanRegex

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
    /// Literals of which every match contains at least one (with `prefilterExact`), so that the rule runs only on
    /// documents containing one of them; ASCII letters compared without case. Nil and `prefilterExact` empty: derived
    /// from the pattern when possible.
    public var prefilter: [String]?
    /// More declared literals, whose capital ASCII letters must occur as capitals (their lowercase letters match
    /// either case, as in `prefilter`): "AP" for a pattern that matches the agency's name only in capitals, where
    /// "ap" would let the rule run on every line holding "happen" or "map".
    public var prefilterExact: [String]
    /// Conditions on the line a match is in, for what a regex alone can't say safely.
    public var conditions: Conditions
    /// Where a match can start, as a fact of the pattern that lets the engine skip the other lines, like `prefilter`.
    public var search: Search
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
        prefilterExact: [String] = [],
        search: Search = Search(),
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.description = description
        self.action = action
        self.conditions = conditions
        self.examples = examples
        self.keep = keep
        self.prefilter = prefilter
        self.prefilterExact = prefilterExact
        self.search = search
        self.location = location
    }
}

extension Rule {
    /// Facts about where a rule's pattern can start a match, which the engine uses to search fewer lines. Like
    /// `prefilter`, they are claims about the pattern: a wrong one loses matches (never text), and the test that
    /// compares the engine with its naive form (which ignores them) on the copied corpus catches it there.
    public struct Search: Sendable, Hashable {
        /// A match can start only at a line whose first N characters also begin the next line that is not blank
        /// (blank: spaces and tabs only), as in a caption printed twice: the pattern opens with
        /// `^(?=([^\n]{N})[^\n]*+\n(?:[ \t]*+\n)*+\g{-1})`. Only lines of at least N bytes whose first N bytes
        /// start that next line are searched.
        public var repeatedStart: Int?

        public init(repeatedStart: Int? = nil) {
            self.repeatedStart = repeatedStart
        }

        /// Whether no fact is stated.
        public var isEmpty: Bool { self == Search() }
    }
}

extension Rule {
    /// Conditions on the line where a match starts; a match counts only when all of them hold.
    ///
    /// They let a rule say what a regex can't: "Print" or "Advertisement" standing alone among other short lines is
    /// page chrome, the same word in a sentence or a short subheading between two paragraphs is article text.
    ///
    /// For delete-match and delete-line they also decide where the rule searches: a line that fails them is not
    /// searched, so a match found on a line that passes may run on into the lines after it, and a failing line's
    /// match hides nothing. A pattern with `\K` is searched everywhere and each match checked instead.
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
        /// The pattern as a rule file's parser compiled it to validate it (no JIT), so that a cleaner copies its
        /// code instead of compiling the source again; used only while it still belongs to `source` and `options`.
        /// Not part of the matcher's value (equality, hashing).
        var validatedCode: CompiledPattern?

        /// A PCRE2 pattern. `^` and `$` always match at line boundaries; use `\A` and `\z` for the document's.
        public static func pattern(_ pattern: String, options: Options = []) -> Matcher {
            Matcher(source: pattern, isLiteral: false, options: options)
        }

        /// A literal text: no character in it is special.
        public static func text(_ text: String, options: Options = []) -> Matcher {
            Matcher(source: text, isLiteral: true, options: options)
        }

        public static func == (lhs: Matcher, rhs: Matcher) -> Bool {
            lhs.source == rhs.source && lhs.isLiteral == rhs.isLiteral && lhs.options == rhs.options
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(source)
            hasher.combine(isLiteral)
            hasher.combine(options)
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
            case deleteRun(RunShape)
            case deleteList(heading: Matcher, ListShape)
            case deleteThread(heading: Matcher, signature: Matcher, ThreadShape)
            case custom(any CustomRule)
        }

        let kind: Kind

        /// Deletes each match: a span anywhere, also inside a line or glued to the text around it.
        public static func deleteMatch(_ matcher: Matcher) -> Action { Action(kind: .deleteMatch(matcher)) }

        /// Deletes every line that a match touches, line break included.
        public static func deleteLine(_ matcher: Matcher) -> Action { Action(kind: .deleteLine(matcher)) }

        /// Deletes from a line where `start` matches through the first later line where `end` matches, when that
        /// line is at most `maxLines` lines from the start line (both counted; at least 2, or ``Cleaner`` refuses
        /// the rule). Without such an end nothing is deleted. With `includeEnd: false` the end line stays: the block
        /// stops right before it (useful when the block is ended by the article text that follows it).
        public static func deleteBlock(start: Matcher, end: Matcher, maxLines: Int = 10, includeEnd: Bool = true)
            -> Action
        {
            Action(kind: .deleteBlock(start: start, end: end, maxLines: maxLines, includeEnd: includeEnd))
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

        /// A context rule: deletes a run of short lines of which enough were already removed by other rules (the
        /// leftovers of a share bar, a menu or a tag list). See ``RunShape``.
        public static func deleteRun(_ shape: RunShape = RunShape()) -> Action { Action(kind: .deleteRun(shape)) }

        /// A context rule: deletes a list heading ("More from ...", "Most read") that `heading` matches, with the
        /// headline-shaped lines under it, up to the next line of article prose. See ``ListShape``.
        public static func deleteList(heading: Matcher, _ shape: ListShape = ListShape()) -> Action {
            Action(kind: .deleteList(heading: heading, shape))
        }

        /// A context rule: deletes a comment thread: from a comments heading that `heading` matches, through the
        /// comments, each delimited by a signature line that `signature` matches (a commenter's name with a time,
        /// "Reply", "Report", a vote counter). See ``ThreadShape``.
        public static func deleteThread(heading: Matcher, signature: Matcher, _ shape: ThreadShape = ThreadShape())
            -> Action
        {
            Action(kind: .deleteThread(heading: heading, signature: signature, shape))
        }

        /// The action's name as written in rule files, e.g. `delete-line`.
        public var name: String {
            switch kind {
            case .deleteMatch: "delete-match"
            case .deleteLine: "delete-line"
            case .deleteBlock: "delete-block"
            case .replace: "replace"
            case .dedupeAdjacent: "dedupe-adjacent"
            case .deleteRun: "delete-run"
            case .deleteList: "delete-list"
            case .deleteThread: "delete-thread"
            case .custom: "custom"
            }
        }

        /// Whether the action is a context rule: it runs after the removal and de-duplication rules, and reads what
        /// they removed.
        public var isContext: Bool {
            switch kind {
            case .deleteRun, .deleteList, .deleteThread: true
            case .deleteMatch, .deleteLine, .deleteBlock, .replace, .dedupeAdjacent, .custom: false
            }
        }

        /// Why the action's numbers make no sense (a block of fewer than 2 lines, a run whose maximum is below its
        /// minimum, a share outside 0...1), or nil. ``Cleaner`` refuses such a rule rather than adjust it silently.
        public var shapeProblem: String? {
            switch kind {
            case .deleteBlock(_, _, let maxLines, _):
                return maxLines < 2 ? "max_lines must be at least 2 (the start and end lines), not \(maxLines)" : nil
            case .deleteRun(let run):
                if run.maxWords < 1 || run.minLines < 2 || run.minAnchors < 1 {
                    return "a run needs max_words >= 1, min_lines >= 2 and min_anchors >= 1"
                }
                if run.maxLines < run.minLines { return "max_lines (\(run.maxLines)) is below min_lines (\(run.minLines))" }
                return (0...1).contains(run.minAnchorShare) ? nil : "min_anchor_share must be from 0 to 1"
            case .deleteList(_, let list):
                if list.maxHeadingWords < 1 || list.maxItemWords < 1 || list.minItems < 1 {
                    return "a list needs max_heading_words, max_item_words and min_items of at least 1"
                }
                return list.maxItems < list.minItems ? "max_items (\(list.maxItems)) is below min_items (\(list.minItems))" : nil
            case .deleteThread(_, _, let thread):
                if thread.maxHeadingWords < 1 || thread.maxGap < 0 || thread.minSignatures < 1 || thread.maxLines < 2 {
                    return "a thread needs max_heading_words >= 1, max_gap >= 0, min_signatures >= 1 and max_lines >= 2"
                }
                return nil
            case .deleteMatch, .deleteLine, .replace, .dedupeAdjacent, .custom:
                return nil
            }
        }

        /// Whether the action needs other rules' removals to do anything (its examples run with companion rules).
        public var readsOtherRemovals: Bool {
            if case .deleteRun = kind { return true }
            return false
        }
    }
}

// MARK: - Context rules

extension Rule {
    /// The shape of a run for ``Action/deleteRun(_:)``.
    ///
    /// Context rules never cross article prose: a run or a list ends at the first line that is neither short nor
    /// removed by another rule (a paragraph, a long sentence ending in a full stop), and each has a maximum length.
    ///
    /// A run is a stretch of consecutive non-blank lines (blank lines between them do not break it) each of which is
    /// either *short* (at most `maxWords` words and 8 bytes a word, so that a sentence in a script without spaces is
    /// not short; not ending in `.`, `,`, `;`, `:`, `!` or `?`, though it may end in an ellipsis) or already
    /// removed by another rule. When the run has at least `minLines` lines and at most `maxLines`, of which
    /// at least `minAnchors`, and at least the share `minAnchorShare`, were removed by other rules (the *anchors*),
    /// the lines between its first and its last anchor are deleted. The lines before the first anchor and after the
    /// last stay: at a run's edges a short line may as well be the article's (a headline above a share bar, a
    /// citation at the end of the text). With `throughEnd`, a run that goes on to the end of the document loses its
    /// lines after the last anchor too (what follows the article's last paragraph and a removed line is a footer).
    public struct RunShape: Sendable, Hashable {
        public var maxWords: Int
        public var minLines: Int
        public var maxLines: Int
        public var minAnchors: Int
        public var minAnchorShare: Double
        /// When the run goes on to the end of the document, its lines after the last anchor go too: a page footer.
        public var throughEnd: Bool

        public init(maxWords: Int = 8, minLines: Int = 3, maxLines: Int = 60, minAnchors: Int = 2,
                    minAnchorShare: Double = 0.4, throughEnd: Bool = false)
        {
            self.maxWords = maxWords
            self.minLines = minLines
            self.maxLines = maxLines
            self.minAnchors = minAnchors
            self.minAnchorShare = minAnchorShare
            self.throughEnd = throughEnd
        }
    }

    /// The shape of a list for ``Action/deleteList(heading:_:)``.
    ///
    /// The list is the heading line (at most `maxHeadingWords` words) and the non-blank lines after it that are
    /// *headline-shaped* (at most `maxItemWords` words and 8 bytes a word, at least one letter, not ending in a full
    /// stop, comma, colon or semicolon, though it may end in `?`, `!` or an ellipsis) or already removed by another
    /// rule, up to `maxItems` of them. It ends at the first other line: article prose, a paragraph, the end of the
    /// document; and at a blank line, unless the list is spaced out (a blank line before its first or second item).
    /// With fewer than `minItems` items the heading is taken for a subheading of the article, and nothing is deleted.
    public struct ListShape: Sendable, Hashable {
        public var maxHeadingWords: Int
        public var maxItemWords: Int
        public var minItems: Int
        public var maxItems: Int

        public init(maxHeadingWords: Int = 8, maxItemWords: Int = 16, minItems: Int = 2, maxItems: Int = 20) {
            self.maxHeadingWords = maxHeadingWords
            self.maxItemWords = maxItemWords
            self.minItems = minItems
            self.maxItems = maxItems
        }
    }

    /// The shape of a thread for ``Action/deleteThread(heading:signature:_:)``.
    ///
    /// From the heading line (at most `maxHeadingWords` words), the thread goes on while signature lines keep coming:
    /// at most `maxGap` non-blank lines after the heading or the previous signature. It ends at its last signature
    /// line, or at the end of the document when that comes within `maxGap` lines of the last signature (the last
    /// comment's text). It needs at least `minSignatures` signatures and at most `maxLines` lines.
    public struct ThreadShape: Sendable, Hashable {
        public var maxHeadingWords: Int
        public var maxGap: Int
        public var minSignatures: Int
        public var maxLines: Int

        public init(maxHeadingWords: Int = 8, maxGap: Int = 8, minSignatures: Int = 2, maxLines: Int = 500) {
            self.maxHeadingWords = maxHeadingWords
            self.maxGap = maxGap
            self.minSignatures = minSignatures
            self.maxLines = maxLines
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
