/// Compile options for a ``CompiledPattern``.
///
/// Every pattern is always compiled in UTF mode with Unicode properties (`\w`, `\b`, `\d` and caseless matching
/// follow Unicode), tolerates invalid UTF-8 in the subject, treats `^` and `$` as line anchors, and recognises
/// `\n`, `\r` and `\r\n` as line breaks. These options add to that.
public struct PatternOptions: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Letters match their upper and lower case forms (PCRE2 `CASELESS`, `(?i)`).
    public static let caseInsensitive = PatternOptions(rawValue: 1 << 0)
    /// `.` also matches line breaks (PCRE2 `DOTALL`, `(?s)`).
    public static let dotMatchesLineBreaks = PatternOptions(rawValue: 1 << 1)
    /// Whitespace and `#` comments in the pattern are ignored (PCRE2 `EXTENDED`, `(?x)`).
    public static let extended = PatternOptions(rawValue: 1 << 2)
    /// Quantifiers are lazy by default and `?` makes them greedy (PCRE2 `UNGREEDY`, `(?U)`).
    public static let ungreedy = PatternOptions(rawValue: 1 << 3)
    /// The pattern is a literal string: no character in it is special (PCRE2 `LITERAL`).
    public static let literal = PatternOptions(rawValue: 1 << 4)
}
