public import Newsclean

/// One generated rule, with what is needed to write it for newsclean and for the peers of `compare.sh`, and a
/// sampler of the furniture it removes (used by the document generator).
public struct RuleSpec: Sendable {
    public enum Action: Sendable, Equatable {
        /// Deletes the lines a match touches. Every generated line pattern is anchored `^...$` on the whole line.
        case deleteLine
        /// Deletes each match.
        case deleteMatch
        /// Rewrites each match; the template is in newsclean's syntax (`$1`).
        case replace(String)
    }

    /// Where the furniture a rule removes stands in a document.
    public enum Placement: Sendable, Equatable {
        /// A line of its own between paragraphs.
        case line
        /// A run of such lines (a toolbar).
        case toolbar
        /// Glued into a paragraph.
        case inline
        /// At the start of a paragraph (datelines).
        case paragraphPrefix
    }

    public var id: String
    public var action: Action
    /// The PCRE2 pattern, or the literal text when `isLiteral`.
    public var source: String
    public var isLiteral: Bool
    public var caseless: Bool
    public var placement: Placement
    /// Expected number of occurrences in a document that can carry this furniture.
    public var frequency: Double
    /// Makes one piece of furniture this rule removes.
    let sampler: @Sendable (inout SeededRandom) -> String

    /// One piece of furniture this rule removes.
    public func sample(_ rng: inout SeededRandom) -> String { sampler(&rng) }

    init(
        _ id: String,
        _ action: Action,
        pattern: String? = nil,
        text: String? = nil,
        caseless: Bool = false,
        placement: Placement = .line,
        frequency: Double,
        sample: @escaping @Sendable (inout SeededRandom) -> String
    ) {
        precondition((pattern == nil) != (text == nil))
        self.id = id
        self.action = action
        self.source = pattern ?? text!
        self.isLiteral = text != nil
        self.caseless = caseless
        self.placement = placement
        self.frequency = frequency
        self.sampler = sample
    }

    /// Whether the pattern needs Unicode properties (`\p{..}`), which Python's `re` and POSIX EREs lack.
    public var usesUnicodeProperties: Bool { !isLiteral && source.contains("\\p{") }

    /// The newsclean rule.
    public var rule: Rule {
        let options: Rule.Matcher.Options = caseless ? [.ignoreCase] : []
        let matcher: Rule.Matcher = isLiteral ? .text(source, options: options) : .pattern(source, options: options)
        let action: Rule.Action =
            switch self.action {
            case .deleteLine: .deleteLine(matcher)
            case .deleteMatch: .deleteMatch(matcher)
            case .replace(let template): .replace(matcher, with: template)
            }
        return Rule(id: id, description: "Generated benchmark rule \(id).", action: action)
    }

    /// The rule as a PCRE-style regex (Perl, Python): a literal is escaped; a line rule's literal becomes a
    /// whole-line pattern `^.*LITERAL.*$`, so that every line rule is one anchored line regex.
    public var pcreRegex: String {
        guard isLiteral else { return source }
        let escaped = Dialects.escapePCRE(source)
        return action == .deleteLine ? "^.*" + escaped + ".*$" : escaped
    }
}

/// A document: what a scraper hands over.
public struct Document: Sendable {
    public var id: String
    public var url: String
    public var text: String
}
