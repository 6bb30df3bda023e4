/// Literals every match of a PCRE2 pattern contains at least one of, or nil when none can be proven.
///
/// The result feeds a literal prefilter: a document is scanned once (see `LiteralScanner`) for the literals of all
/// rules, and a rule whose literals do not occur is skipped. The analysis is therefore built to be *sound*: whatever
/// it cannot model exactly is either treated as "matches some unknown string" (which can only drop literals) or makes
/// the whole pattern unanalysable (nil, i.e. the rule always runs).
///
/// Assumptions about how patterns are compiled: PCRE2 10.42+ with `PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF |
/// PCRE2_MULTILINE`, newline convention ANYCRLF (this decides where an extended-mode `#` comment ends), optionally
/// `PCRE2_CASELESS`, `PCRE2_DOTALL`, `PCRE2_EXTENDED`, and no other options. Syntax whose meaning changed in 10.43
/// (`x{,3}`, `x{1, 3}`) is analysed so that the result holds under both readings.
///
/// Method: a small recursive-descent parser builds a syntax tree of the supported subset; each node is summarised by
/// its exact match set (when small), prefix and suffix sets, and the best known "required" set (every match contains
/// one of its literals). Concatenation combines these (including suffix x prefix across item boundaries), alternation
/// unions them, repetition with minimum 0 drops them. Among the provable sets, the one whose shortest literal is
/// longest wins (ties: fewer literals); sets of more than 16 literals are not used.
///
/// Literal form, `LiteralScanner`'s: a letter the pattern matches without case is lowercased (the scanner compares
/// lowercase letters in either case), a capital the pattern matches with its case stays a capital (which the scanner
/// requires to be a capital: "AP" from a case-sensitive pattern does not occur in "happen"), and a lowercase letter
/// matched with its case stays lowercase (compared in either case: a wider prefilter, never a wrong one). Non-ASCII
/// bytes are exact. With `caseInsensitive` the literals contain only ASCII bytes (a caseless non-ASCII character
/// matches other byte sequences, so it never becomes part of a literal).
///
/// Caseless hazard: in UTF mode PCRE2 lets ASCII `k`/`K` match U+212A KELVIN SIGN and `s`/`S` match U+017F LATIN
/// SMALL LETTER LONG S, so a caseless literal such as `"kelvin"` can match a document that does not contain those
/// ASCII bytes. For rules compiled with `PCRE2_CASELESS` (`caseInsensitive: true`) the caller must therefore also scan
/// for `caselessHazards` and run every caseless rule when one of them occurs. Inline `(?i)` regions in rules
/// compiled *without* `caseInsensitive` are handled here instead: `k`, `s` (and non-ASCII characters) in such a region
/// never become part of a literal, so those rules need no hazard handling.
package enum LiteralExtractor {
    /// UTF-8 byte sequences that an ASCII letter of a caseless literal can match without the ASCII byte occurring:
    /// U+212A KELVIN SIGN (matches `k`) and U+017F LATIN SMALL LETTER LONG S (matches `s`).
    ///
    /// Add these to the scanner; if any of them occurs in a document, run every rule that was analysed with
    /// `caseInsensitive: true`, regardless of its literals. The list is complete for PCRE2's Unicode tables: no
    /// other character is caselessly equal to an ASCII character (verified against PCRE2 10.42 in the tests).
    package static let caselessHazards: [[UInt8]] = [[0xE2, 0x84, 0xAA], [0xC5, 0xBF]]

    /// Maximum number of literals in a returned set.
    static let maximumLiteralCount = 16

    /// Literals such that every possible match of the pattern contains at least one of them.
    ///
    /// - Parameters:
    ///   - pattern: PCRE2 source.
    ///   - caseInsensitive: the rule is compiled with `PCRE2_CASELESS`.
    ///   - extended: the rule is compiled with `PCRE2_EXTENDED` (x mode: whitespace and `#`-comments ignored).
    ///   - minimumLength: shortest usable literal in bytes; a set with a shorter literal is not returned.
    /// - Returns: a non-empty set of at most `maximumLiteralCount` literals (UTF-8 bytes in the scanner's form; for
    ///   `caseInsensitive` only ASCII bytes), each at least `minimumLength` bytes long, or nil when no such set can be
    ///   proven (unsupported syntax, an empty-matching branch, only short literals, ...). Literals that contain
    ///   another literal of the set are dropped.
    package static func requiredLiterals(
        pattern: String,
        caseInsensitive: Bool,
        extended: Bool,
        minimumLength: Int = 2
    ) -> [[UInt8]]? {
        var parser = Parser(pattern: pattern, extended: extended, caseInsensitive: caseInsensitive)
        guard let node = try? parser.parsePattern() else { return nil }
        guard let required = Analysis.info(of: node).required,
            Analysis.shortestLength(of: required) >= max(minimumLength, 1)
        else { return nil }
        return Analysis.withoutRedundantLiterals(required)
    }

    /// Whether no match of the pattern can contain a line feed (U+000A), so that every match lies within one line.
    ///
    /// Sound in the same way as `requiredLiterals`: true only when proven. Constructs that can consume a line feed:
    /// the character itself (however written, `\n`, `\x0a`, `\012`, inside `\Q...\E`), `.` under DOTALL or an
    /// inline `s`, `\s \v \R \D \W \H \X \C`, `\P{...}` and `\p{...}` other than letter, mark, number,
    /// punctuation, symbol and separator categories and common scripts, negated classes that do not list a line
    /// feed (or `\s`, `\v`), classes with a range over 0x0A or with POSIX names other than those that exclude
    /// controls, and octal-looking escapes (`\12` may be an octal line feed). Anything the parser does not support
    /// makes the answer false. Lookaround bodies are held to the same standard (conservative).
    ///
    /// With `lookaroundsToo`, lookaround bodies must not reach past a line feed either: then anything the pattern
    /// looks at, not only what it matches, lies on the match's line. Literals declared by a rule's author may sit in
    /// a lookaround, so such rules need this stricter form before they are searched line by line.
    package static func isLineLocal(
        pattern: String,
        caseInsensitive: Bool,
        extended: Bool,
        dotAll: Bool,
        lookaroundsToo: Bool = false
    ) -> Bool {
        let locality = lineLocality(pattern: pattern, caseInsensitive: caseInsensitive, extended: extended, dotAll: dotAll)
        return lookaroundsToo ? locality.lookaroundsToo : locality.matches
    }

    /// How much of the text around a match a pattern can see, from one parse (see `isLineLocal`).
    package struct LineLocality: Sendable, Equatable {
        /// Every match lies within one line (`isLineLocal` without `lookaroundsToo`).
        package var matches: Bool
        /// Everything the pattern looks at, lookarounds included, lies on the line of the match.
        package var lookaroundsToo: Bool
        /// `lookaroundsToo`, and the pattern does not assert the end of the subject (`\z`, `\Z`): a search for
        /// a match starting on some lines gives the same result in the text cut after the last of those lines.
        package var linesAlone: Bool
    }

    /// `isLineLocal` both ways, and whether the pattern can be searched in a text cut after the searched lines.
    package static func lineLocality(pattern: String, caseInsensitive: Bool, extended: Bool, dotAll: Bool) -> LineLocality {
        var parser = Parser(pattern: pattern, extended: extended, caseInsensitive: caseInsensitive)
        parser.dotAll = dotAll
        parser.acceptsSubroutines = true
        guard (try? parser.parsePattern()) != nil, !parser.mayConsumeLineFeed else {
            return LineLocality(matches: false, lookaroundsToo: false, linesAlone: false)
        }
        let strict = !parser.lookaroundMayConsumeLineFeed
        return LineLocality(
            matches: strict || !parser.hasReferences,
            lookaroundsToo: strict,
            linesAlone: strict && !parser.assertsSubjectEnd
        )
    }
}

// MARK: - Syntax tree

extension LiteralExtractor {
    /// The part of a pattern's structure the analysis needs.
    indirect enum Node {
        /// Matches only the empty string (anchors, `\b`, lookarounds, ...).
        case empty
        /// Matches some unknown string, possibly empty (`.`, `\d`, classes, backreferences, ...).
        case opaque
        /// Matches exactly one of these byte strings (a character, or one of the characters of a small class).
        case oneOf([[UInt8]])
        case sequence([Node])
        case alternation([Node])
        case repetition(Node, min: Int, max: Int?)
    }

    struct Unsupported: Error {}
}
