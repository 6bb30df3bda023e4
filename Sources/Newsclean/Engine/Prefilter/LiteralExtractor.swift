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
/// Literal form: all literals are ASCII-lowercased, because `LiteralScanner` compares ASCII letters
/// case-insensitively; non-ASCII bytes are exact. With `caseInsensitive` the literals contain only ASCII bytes
/// (a caseless non-ASCII character matches other byte sequences, so it never becomes part of a literal).
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
    /// - Returns: a non-empty set of at most `maximumLiteralCount` literals (UTF-8 bytes, ASCII-lowercased; for
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
        var parser = Parser(pattern: pattern, extended: extended, caseInsensitive: caseInsensitive)
        parser.dotAll = dotAll
        parser.acceptsSubroutines = true
        guard (try? parser.parsePattern()) != nil else { return false }
        if parser.mayConsumeLineFeed { return false }
        return !parser.lookaroundMayConsumeLineFeed || (!parser.hasReferences && !lookaroundsToo)
    }
}

// MARK: - Syntax tree

extension LiteralExtractor {
    /// The part of a pattern's structure the analysis needs.
    fileprivate indirect enum Node {
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

    fileprivate struct Unsupported: Error {}
}

// MARK: - Parser

extension LiteralExtractor {
    /// Recursive-descent parser of the PCRE2 syntax subset that matters for literal extraction. Any construct it does
    /// not understand throws `Unsupported`, which makes the whole pattern unanalysable.
    fileprivate struct Parser {
        private let scalars: [Unicode.Scalar]
        private var index = 0
        private var depth = 0
        private let extended: Bool
        private let globalCaseless: Bool
        /// `.` matches a line feed here (DOTALL, or an inline `s` seen so far: conservative past its group's end).
        var dotAll = false
        /// Accept subroutine calls (`(?&name)`, `(?1)`, `(?R)`, ...) as unknown strings and `(?(DEFINE)...)` groups as
        /// matching nothing where they stand (their bodies are still parsed). Sound for line locality: if nothing
        /// anywhere in the pattern can consume a line feed, no call can. Literal extraction keeps refusing them.
        var acceptsSubroutines = false
        /// Set when the parser meets anything that may consume a line feed (see `isLineLocal`), outside lookarounds.
        private(set) var mayConsumeLineFeed = false
        /// The same, inside lookaround bodies: they consume nothing of the match, unless a back reference or a
        /// subroutine call elsewhere consumes what a group inside them matched.
        private(set) var lookaroundMayConsumeLineFeed = false
        /// Whether the pattern has back references or subroutine calls.
        private(set) var hasReferences = false

        /// Largest repeat count PCRE2 accepts.
        private static let maximumRepeat = 65_535
        /// Deepest group nesting analysed.
        private static let maximumDepth = 200

        init(pattern: String, extended: Bool, caseInsensitive: Bool) {
            scalars = Array(pattern.unicodeScalars)
            self.extended = extended
            globalCaseless = caseInsensitive
        }

        mutating func parsePattern() throws(Unsupported) -> Node {
            let node = try parseAlternation(caseless: globalCaseless)
            guard index == scalars.count else { throw Unsupported() }  // unbalanced ')'
            return node
        }

        // MARK: Structure

        private mutating func parseAlternation(caseless: Bool) throws(Unsupported) -> Node {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { throw Unsupported() }
            // An inline option setting such as (?i) lasts until the end of the group, including later branches.
            var caseless = caseless
            var branches: [Node] = []
            while true {
                branches.append(try parseSequence(caseless: &caseless))
                guard peek() == "|" else { break }
                index += 1
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        private mutating func parseSequence(caseless: inout Bool) throws(Unsupported) -> Node {
            var items: [Node] = []
            var lastIsQuantifiable = false
            while true {
                try skipIgnorable()
                guard let scalar = peek(), scalar != "|", scalar != ")" else { break }
                switch try readQuantifier() {
                case .quantifier(let min, let max):
                    // A second quantifier (a{2}{3}, or "a+ ?" in x mode) is an error or version-dependent.
                    guard lastIsQuantifiable, let last = items.popLast() else { throw Unsupported() }
                    if let modifier = peek(), modifier == "?" || modifier == "+" { index += 1 }
                    items.append(.repetition(last, min: min, max: max))
                    lastIsQuantifiable = false
                    continue
                case .ambiguous:
                    // "{,3}" or "{1, 3}": literal text in PCRE2 10.42, a quantifier in 10.43+. Neither the text nor
                    // the previous item is required under both readings.
                    if lastIsQuantifiable { items.removeLast() }
                    items.append(.opaque)
                    lastIsQuantifiable = false
                    continue
                case .none:
                    break
                }
                if let quantifiable = try parseAtom(into: &items, caseless: &caseless) {
                    lastIsQuantifiable = quantifiable
                }
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        /// Parses one item at `index`, appending zero or more nodes. Returns whether a following quantifier may apply
        /// to the last appended node, or nil when nothing was appended and the previous state still holds.
        private mutating func parseAtom(
            into items: inout [Node],
            caseless: inout Bool
        ) throws(Unsupported) -> Bool? {
            let scalar = scalars[index]
            switch scalar {
            case "(":
                return try parseGroup(into: &items, caseless: &caseless)
            case "[":
                items.append(try parseClass(caseless: caseless))
                return true
            case ".":
                index += 1
                if dotAll { mayConsumeLineFeed = true }
                items.append(.opaque)
                return true
            case "^", "$":
                index += 1
                items.append(.empty)
                return true
            case "\\":
                return try parseEscape(into: &items, caseless: caseless)
            default:
                // Includes "{" that does not start a quantifier, and unmatched "]" and "}".
                index += 1
                items.append(literal(scalar, caseless: caseless))
                return true
            }
        }

        private mutating func parseGroup(into items: inout [Node], caseless: inout Bool) throws(Unsupported) -> Bool {
            index += 1  // "("
            guard let first = peek() else { throw Unsupported() }
            if first == "*" { throw Unsupported() }  // (*VERB), (*UTF), (*pla:...), ...
            guard first == "?" else {
                items.append(try parseGroupBody(caseless: caseless))
                return true
            }
            index += 1
            guard let kind = peek() else { throw Unsupported() }
            if acceptsSubroutines, let (node, quantifiable) = try parseSubroutine(kind) {
                items.append(node)
                return quantifiable
            }
            switch kind {
            case ":", ">":
                index += 1
                items.append(try parseGroupBody(caseless: caseless))
            case "=", "!":
                index += 1
                try parseLookaroundBody(caseless: caseless)
                items.append(.empty)
            case "<":
                index += 1
                if let next = peek(), next == "=" || next == "!" {
                    index += 1
                    try parseLookaroundBody(caseless: caseless)
                    items.append(.empty)
                } else {
                    try skipName(terminator: ">")
                    items.append(try parseGroupBody(caseless: caseless))
                }
            case "'":
                index += 1
                try skipName(terminator: "'")
                items.append(try parseGroupBody(caseless: caseless))
            case "P":
                index += 1
                switch peek() {
                case "<":
                    index += 1
                    try skipName(terminator: ">")
                    items.append(try parseGroupBody(caseless: caseless))
                case "=":
                    index += 1
                    // (?P=name) back reference: it matches what its group matched, which is held to this analysis.
                    try skipName(terminator: ")")
                    hasReferences = true
                    items.append(.opaque)
                default:
                    throw Unsupported()  // (?P>name) subroutine call
                }
            default:
                return try parseOptionSetting(into: &items, caseless: &caseless)
            }
            return true
        }

        /// With `acceptsSubroutines`, after `(?`: a subroutine call (`(?&name)`, `(?P>name)`, `(?R)`, `(?1)`, `(?+1)`,
        /// `(?-1)`) is an unknown string; `(?(DEFINE)...)` matches nothing here, its body parsed like the rest. Returns
        /// nil for anything else, leaving `index` at `kind`.
        private mutating func parseSubroutine(_ kind: Unicode.Scalar) throws(Unsupported) -> (Node, quantifiable: Bool)? {
            let isDigit = { (scalar: Unicode.Scalar?) in scalar.map { ("0"..."9").contains($0) } ?? false }
            if kind == "&" || (kind == "P" && peek(1) == ">") {
                index += kind == "&" ? 1 : 2
                try skipName(terminator: ")")
                hasReferences = true
                return (.opaque, true)
            }
            if kind == "R" || isDigit(kind) || ((kind == "+" || kind == "-") && isDigit(peek(1))) {
                if kind == "+" || kind == "-" { index += 1 }
                if peek() == "R" {
                    index += 1
                } else {
                    while isDigit(peek()) { index += 1 }
                }
                guard peek() == ")" else { throw Unsupported() }
                index += 1
                hasReferences = true
                return (.opaque, true)
            }
            if kind == "(" && matches("(DEFINE)") {
                index += 8
                _ = try parseAlternation(caseless: globalCaseless)
                guard peek() == ")" else { throw Unsupported() }
                index += 1
                return (.empty, false)
            }
            return nil
        }

        /// `(?imnsJU-imnsJU)` or `(?imnsJU-imnsJU:...)`, also with a leading `^`. Only `i` matters for literals;
        /// `x`/`xx` (which change how the rest is parsed) and letters this parser does not know are unsupported.
        private mutating func parseOptionSetting(
            into items: inout [Node],
            caseless: inout Bool
        ) throws(Unsupported) -> Bool {
            var setting = caseless
            var unsetting = false
            if peek() == "^" {
                // Resets imnsx: would switch extended mode off mid-pattern.
                if extended { throw Unsupported() }
                setting = false
                index += 1
            }
            while let letter = peek() {
                index += 1
                switch letter {
                case "i":
                    setting = !unsetting
                case "s":
                    if !unsetting { dotAll = true }
                case "m", "n", "J", "U":
                    break
                case "-":
                    guard !unsetting else { throw Unsupported() }
                    unsetting = true
                case ")":
                    caseless = setting
                    return false  // an option setting cannot be quantified
                case ":":
                    items.append(try parseGroupBody(caseless: setting))
                    return true
                default:
                    throw Unsupported()  // x, a, r, conditionals, recursion, callouts, (?|...), ...
                }
            }
            throw Unsupported()
        }

        /// A lookaround's body: parsed like any group, but what it could consume is recorded apart (see
        /// `lookaroundMayConsumeLineFeed`).
        private mutating func parseLookaroundBody(caseless: Bool) throws(Unsupported) {
            let outside = mayConsumeLineFeed
            mayConsumeLineFeed = false
            _ = try parseGroupBody(caseless: caseless)
            lookaroundMayConsumeLineFeed = lookaroundMayConsumeLineFeed || mayConsumeLineFeed
            mayConsumeLineFeed = outside
        }

        private mutating func parseGroupBody(caseless: Bool) throws(Unsupported) -> Node {
            let body = try parseAlternation(caseless: caseless)
            guard peek() == ")" else { throw Unsupported() }
            index += 1
            return body
        }

        /// Skips a group name and its terminator.
        private mutating func skipName(terminator: Unicode.Scalar) throws(Unsupported) {
            let start = index
            while let scalar = peek(), scalar != terminator {
                guard scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) else {
                    throw Unsupported()
                }
                index += 1
            }
            guard index > start, peek() == terminator else { throw Unsupported() }
            index += 1
        }

        // MARK: Escapes

        private mutating func parseEscape(into items: inout [Node], caseless: Bool) throws(Unsupported) -> Bool? {
            index += 1  // "\"
            guard let escaped = peek() else { throw Unsupported() }
            index += 1
            switch escaped {
            case "Q":
                var appended = false
                while let scalar = peek() {
                    if scalar == "\\", peek(1) == "E" {
                        index += 2
                        break
                    }
                    items.append(literal(scalar, caseless: caseless))
                    index += 1
                    appended = true
                }
                return appended ? true : nil
            case "E":
                return nil
            case "a", "e", "f", "n", "r", "t":
                items.append(literal(Self.controlCharacter(escaped), caseless: caseless))
            case "0":
                items.append(literal(readOctal(initial: 0), caseless: caseless))
            case "1"..."9":
                // Back reference, or octal character: either way consume all digits and treat as unknown. \1 to \9
                // are always back references; longer numbers may be octal (\12 is a line feed).
                let digitsStart = index
                while let digit = peek(), ("0"..."9").contains(digit) { index += 1 }
                if index > digitsStart { mayConsumeLineFeed = true }
                hasReferences = true
                items.append(.opaque)
            case "x":
                items.append(literal(try readHexCharacter(), caseless: caseless))
            case "d", "D", "w", "W", "s", "S", "h", "H", "v", "V", "R", "X", "C":
                if "DWHsvRXC".unicodeScalars.contains(escaped) { mayConsumeLineFeed = true }
                items.append(.opaque)
            case "N":
                if peek() == "{" { throw Unsupported() }  // \N{U+...}
                items.append(.opaque)
            case "b", "B", "A", "z", "Z", "G", "K":
                items.append(.empty)
            case "p", "P":
                let name = try skipPropertyName()
                if escaped == "P" || !Self.propertyExcludesLineFeed(name) { mayConsumeLineFeed = true }
                items.append(.opaque)
            case "g":
                try skipGReference()
                hasReferences = true
                items.append(.opaque)
            case "k":
                try skipBracedName()
                hasReferences = true
                items.append(.opaque)
            default:
                // \c, \o and letters without a meaning (errors in PCRE2) are unsupported; any other escaped
                // character stands for itself.
                if escaped.isASCII && (escaped.properties.isAlphabetic || ("0"..."9").contains(escaped)) {
                    throw Unsupported()
                }
                items.append(literal(escaped, caseless: caseless))
            }
            return true
        }

        private static func controlCharacter(_ letter: Unicode.Scalar) -> Unicode.Scalar {
            switch letter {
            case "a": "\u{07}"
            case "e": "\u{1B}"
            case "f": "\u{0C}"
            case "n": "\n"
            case "r": "\r"
            default: "\t"
            }
        }

        /// Reads up to two more octal digits after `\0`.
        private mutating func readOctal(initial: UInt32) -> Unicode.Scalar {
            var value = initial
            var count = 0
            while count < 2, let digit = peek(), ("0"..."7").contains(digit) {
                value = value * 8 + digit.value - 0x30
                index += 1
                count += 1
            }
            return Unicode.Scalar(UInt8(value))
        }

        /// After `\x`: `{hhh}` or up to two hex digits (none means NUL).
        private mutating func readHexCharacter() throws(Unsupported) -> Unicode.Scalar {
            var value: UInt32 = 0
            if peek() == "{" {
                index += 1
                var count = 0
                while let digit = peek(), let digitValue = Self.hexValue(digit) {
                    value = value * 16 + digitValue
                    index += 1
                    count += 1
                    guard count <= 8 else { throw Unsupported() }
                }
                guard count > 0, peek() == "}" else { throw Unsupported() }
                index += 1
            } else {
                var count = 0
                while count < 2, let digit = peek(), let digitValue = Self.hexValue(digit) {
                    value = value * 16 + digitValue
                    index += 1
                    count += 1
                }
            }
            guard let scalar = Unicode.Scalar(value) else { throw Unsupported() }
            return scalar
        }

        private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
            switch scalar {
            case "0"..."9": scalar.value - 0x30
            case "a"..."f": scalar.value - 0x61 + 10
            case "A"..."F": scalar.value - 0x41 + 10
            default: nil
            }
        }

        /// After `\p` or `\P`: `{name}` or a single letter. Returns the name as written.
        @discardableResult
        private mutating func skipPropertyName() throws(Unsupported) -> String {
            guard let first = peek() else { throw Unsupported() }
            if first == "{" {
                let start = index + 1
                try skipBraced(terminator: "}")
                var name = ""
                name.unicodeScalars.append(contentsOf: scalars[start..<(index - 1)])
                return name
            } else {
                guard first.isASCII, first.properties.isAlphabetic else { throw Unsupported() }
                index += 1
                return String(first)
            }
        }

        /// Properties that `\p{...}` may name and that never match a line feed (a control character of the Common
        /// script): the letter, mark, number, punctuation, symbol and separator categories, and scripts that do not
        /// include controls. A leading `^` (negation) or any other name answers false.
        private static func propertyExcludesLineFeed(_ name: String) -> Bool {
            let key = String(name.unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" }).lowercased()
            let categories: Set<String> = [
                "l", "lu", "ll", "lt", "lm", "lo", "l&", "lc", "m", "mn", "mc", "me", "n", "nd", "nl", "no",
                "p", "pc", "pd", "ps", "pe", "pi", "pf", "po", "s", "sm", "sc", "sk", "so", "z", "zs", "zl", "zp",
                "xan", "xwd",
            ]
            let scripts: Set<String> = [
                "latin", "latn", "greek", "grek", "cyrillic", "cyrl", "arabic", "arab", "hebrew", "hebr", "han",
                "hani", "hiragana", "hira", "katakana", "kana", "hangul", "hang", "devanagari", "deva", "thai",
                "armenian", "armn", "georgian", "geor",
            ]
            return categories.contains(key) || scripts.contains(key)
        }

        /// After `\g`: `{n}`, `{-n}`, `{name}` or `[+-]n` are back references; `<...>` and `'...'` are subroutine
        /// calls (unsupported).
        private mutating func skipGReference() throws(Unsupported) {
            if peek() == "{" {
                try skipBraced(terminator: "}")
                return
            }
            if let sign = peek(), sign == "+" || sign == "-" { index += 1 }
            let start = index
            while let digit = peek(), ("0"..."9").contains(digit) { index += 1 }
            guard index > start else { throw Unsupported() }
        }

        /// After `\k`: `<name>`, `'name'` or `{name}`.
        private mutating func skipBracedName() throws(Unsupported) {
            switch peek() {
            case "<": try skipBraced(terminator: ">")
            case "'": try skipBraced(terminator: "'")
            case "{": try skipBraced(terminator: "}")
            default: throw Unsupported()
            }
        }

        /// Skips an opening delimiter, a short run of name-like characters and the terminator.
        private mutating func skipBraced(terminator: Unicode.Scalar) throws(Unsupported) {
            index += 1
            let start = index
            while let scalar = peek(), scalar != terminator {
                guard index - start < 64, scalar != ")", scalar != "(", scalar != "]", scalar != "\\" else {
                    throw Unsupported()
                }
                index += 1
            }
            guard index > start, peek() == terminator else { throw Unsupported() }
            index += 1
        }

        // MARK: Character classes

        private mutating func parseClass(caseless: Bool) throws(Unsupported) -> Node {
            // [[:<:]] and [[:>:]] are word boundaries.
            if matches("[[:<:]]") || matches("[[:>:]]") {
                index += 7
                return .empty
            }
            index += 1  // "["
            // "[:alpha:]" outside a class is an error in PCRE2.
            if let first = peek(), first == ":" || first == "." || first == "=", posixEnd(terminatorAt: index) != nil {
                throw Unsupported()
            }
            var isLiteralList = true
            if peek() == "^" {
                isLiteralList = false
                index += 1
            }
            var characters: [Unicode.Scalar] = []
            let negated = !isLiteralList
            // Line feeds: whether some member may match one, and whether some member certainly does.
            var memberMayMatchLineFeed = false
            var memberMatchesLineFeed = false
            var isFirst = true
            while true {
                guard let scalar = peek() else { throw Unsupported() }
                if scalar == "]" && !isFirst {
                    index += 1
                    break
                }
                isFirst = false
                if scalar == "[", scalars.count - (index + 1) >= 3, let kind = peek(1),
                    kind == ":" || kind == "." || kind == "=", let end = posixEnd(terminatorAt: index + 1)
                {
                    guard kind == ":" else { throw Unsupported() }  // [.ch.] and [=ch=] are errors
                    var name = ""
                    name.unicodeScalars.append(contentsOf: scalars[(index + 2)..<end])
                    let safe: Set<String> = [
                        "alpha", "digit", "alnum", "upper", "lower", "punct", "graph", "print", "word", "xdigit",
                        "blank",
                    ]
                    if !safe.contains(name) { memberMayMatchLineFeed = true }
                    if name == "space" || name == "cntrl" { memberMatchesLineFeed = true }
                    isLiteralList = false
                    index = end + 2
                    continue
                }
                let memberStart = index
                let character = try parseClassCharacter()
                if let character {
                    characters.append(character)
                    if character == "\n" {
                        memberMayMatchLineFeed = true
                        memberMatchesLineFeed = true
                    }
                } else {
                    isLiteralList = false
                    switch Self.classEscapeAndLineFeed(scalars, at: memberStart) {
                    case .never: break
                    case .always:
                        memberMayMatchLineFeed = true
                        memberMatchesLineFeed = true
                    case .maybe: memberMayMatchLineFeed = true
                    }
                }
                // "-" is a range unless it is the last character of the class.
                if peek() == "-", let next = peek(1), next != "]" {
                    index += 1
                    guard let end = peek(), end != "[" else { throw Unsupported() }
                    let last = try parseClassCharacter()
                    if let character, let last {
                        if character.value <= 0x0A && last.value >= 0x0A {
                            memberMayMatchLineFeed = true
                            memberMatchesLineFeed = true
                        }
                    } else {
                        memberMayMatchLineFeed = true
                    }
                    isLiteralList = false
                }
            }
            if negated ? !memberMatchesLineFeed : memberMayMatchLineFeed { mayConsumeLineFeed = true }
            guard isLiteralList else { return .opaque }
            var alternatives: [[UInt8]] = []
            for character in characters {
                guard let bytes = literalBytes(character, caseless: caseless) else { return .opaque }
                if !alternatives.contains(bytes) { alternatives.append(bytes) }
            }
            guard !alternatives.isEmpty, alternatives.count <= LiteralExtractor.maximumLiteralCount else {
                return .opaque
            }
            return .oneOf(alternatives)
        }

        private enum LineFeedAnswer {
            case never
            case maybe
            case always
        }

        /// For a class member at `start` that is not a single character (an escape such as `\d`, `\p{L}`, `\12`):
        /// whether it matches a line feed.
        private static func classEscapeAndLineFeed(_ scalars: [Unicode.Scalar], at start: Int) -> LineFeedAnswer {
            guard start + 1 < scalars.count, scalars[start] == "\\" else { return .maybe }
            switch scalars[start + 1] {
            case "d", "w", "h", "S", "V", "b": return .never  // \b in a class is backspace
            case "s", "v": return .always
            case "p":
                var name = ""
                if start + 2 < scalars.count, scalars[start + 2] == "{" {
                    var position = start + 3
                    while position < scalars.count, scalars[position] != "}" {
                        name.unicodeScalars.append(scalars[position])
                        position += 1
                    }
                } else if start + 2 < scalars.count {
                    name = String(scalars[start + 2])
                }
                return propertyExcludesLineFeed(name) ? .never : .maybe
            default: return .maybe
            }
        }

        /// One class member at `index`: the character it stands for, or nil for anything else (`\d`, `\p{L}`,
        /// `\b` = backspace, octal escapes, ...).
        private mutating func parseClassCharacter() throws(Unsupported) -> Unicode.Scalar? {
            let scalar = scalars[index]
            index += 1
            guard scalar == "\\" else { return scalar }
            guard let escaped = peek() else { throw Unsupported() }
            index += 1
            switch escaped {
            case "Q", "E", "c", "o", "N":
                throw Unsupported()
            case "x":
                return try readHexCharacter()
            case "a", "e", "f", "n", "r", "t":
                return Self.controlCharacter(escaped)
            case "p", "P":
                try skipPropertyName()
                return nil
            default:
                if escaped.isASCII && (escaped.properties.isAlphabetic || ("0"..."9").contains(escaped)) {
                    return nil
                }
                return escaped
            }
        }

        /// PCRE2's `check_posix_syntax`: with the terminator (`:`, `.`, `=`) at `start`, returns the index of the
        /// closing terminator (followed by `]`), or nil when this is not a POSIX class item.
        private func posixEnd(terminatorAt start: Int) -> Int? {
            let terminator = scalars[start]
            var position = start + 1
            while scalars.count - position >= 2 {
                let scalar = scalars[position]
                let next = scalars[position + 1]
                if scalar == "\\" && (next == "]" || next == "\\") {
                    position += 1
                } else if (scalar == "[" && next == terminator) || scalar == "]" {
                    return nil
                } else if scalar == terminator && next == "]" {
                    return position
                }
                position += 1
            }
            return nil
        }

        // MARK: Quantifiers and ignorable text

        private enum QuantifierToken {
            case quantifier(min: Int, max: Int?)
            case ambiguous
        }

        private mutating func readQuantifier() throws(Unsupported) -> QuantifierToken? {
            switch peek() {
            case "*":
                index += 1
                return .quantifier(min: 0, max: nil)
            case "+":
                index += 1
                return .quantifier(min: 1, max: nil)
            case "?":
                index += 1
                return .quantifier(min: 0, max: 1)
            case "{":
                return try readBraceQuantifier()
            default:
                return nil
            }
        }

        /// `{n}`, `{n,}`, `{n,m}` are quantifiers. Other brace texts made of digits, one comma, spaces and tabs
        /// (`{,3}`, `{1, 3}`) are literal in PCRE2 10.42 but quantifiers in 10.43+: reported as ambiguous. Anything
        /// else leaves `{` to be read as a literal.
        private mutating func readBraceQuantifier() throws(Unsupported) -> QuantifierToken? {
            var position = index + 1
            func number() throws(Unsupported) -> Int? {
                let start = position
                var value = 0
                while position < scalars.count, ("0"..."9").contains(scalars[position]) {
                    value = value * 10 + Int(scalars[position].value - 0x30)
                    position += 1
                    guard position - start <= 6 else { throw Unsupported() }
                }
                return position > start ? value : nil
            }
            if let min = try number(), position < scalars.count {
                var max: Int? = min
                var valid = scalars[position] == "}"
                if scalars[position] == "," {
                    position += 1
                    max = try number()
                    valid = position < scalars.count && scalars[position] == "}"
                }
                if valid {
                    guard min <= Self.maximumRepeat, (max ?? min) <= Self.maximumRepeat, min <= (max ?? min) else {
                        throw Unsupported()
                    }
                    index = position + 1
                    return .quantifier(min: min, max: max)
                }
            }
            // Version-dependent forms.
            position = index + 1
            var digits = 0
            var commas = 0
            while position < scalars.count {
                switch scalars[position] {
                case "0"..."9": digits += 1
                case ",": commas += 1
                case " ", "\t": break
                case "}":
                    guard digits > 0, commas <= 1 else { return nil }
                    index = position + 1
                    return .ambiguous
                default:
                    return nil
                }
                position += 1
            }
            return nil
        }

        /// Skips what PCRE2 removes before parsing items: `(?#...)` comments, `\E`, empty `\Q\E`, and in extended
        /// mode Pattern_White_Space and `#` comments up to the next newline (CR or LF, convention ANYCRLF).
        private mutating func skipIgnorable() throws(Unsupported) {
            while let scalar = peek() {
                if extended {
                    if Self.isPatternWhiteSpace(scalar) {
                        index += 1
                        continue
                    }
                    if scalar == "#" {
                        while let commented = peek(), commented != "\n", commented != "\r" { index += 1 }
                        continue
                    }
                }
                if scalar == "(", peek(1) == "?", peek(2) == "#" {
                    while let commented = peek(), commented != ")" { index += 1 }
                    guard peek() == ")" else { throw Unsupported() }
                    index += 1
                    continue
                }
                if scalar == "\\", peek(1) == "E" {
                    index += 2
                    continue
                }
                if matches("\\Q\\E") {
                    index += 4
                    continue
                }
                break
            }
        }

        private static func isPatternWhiteSpace(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09...0x0D, 0x20, 0x85, 0x200E, 0x200F, 0x2028, 0x2029: true
            default: false
            }
        }

        // MARK: Characters

        private mutating func literal(_ scalar: Unicode.Scalar, caseless: Bool) -> Node {
            if scalar == "\n" { mayConsumeLineFeed = true }
            guard let bytes = literalBytes(scalar, caseless: caseless) else { return .opaque }
            return .oneOf([bytes])
        }

        /// The scanner form of a pattern character, or nil when the character's matches are not one byte string.
        private func literalBytes(_ scalar: Unicode.Scalar, caseless: Bool) -> [UInt8]? {
            if scalar.isASCII {
                let byte = LiteralExtractor.asciiLowercased(UInt8(scalar.value))
                // k and s also match U+212A and U+017F caselessly; only rules flagged caseInsensitive get the
                // caselessHazards treatment, so inside an inline (?i) they cannot be part of a literal.
                if caseless && !globalCaseless && (byte == UInt8(ascii: "k") || byte == UInt8(ascii: "s")) {
                    return nil
                }
                return [byte]
            }
            // Caseless non-ASCII characters have case variants with other bytes. Rules flagged caseInsensitive get
            // ASCII-only literals even inside (?-i).
            if caseless || globalCaseless { return nil }
            return Array(String(Character(scalar)).utf8)
        }

        // MARK: Cursor

        private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            let position = index + offset
            return position < scalars.count ? scalars[position] : nil
        }

        private func matches(_ text: String) -> Bool {
            var position = index
            for scalar in text.unicodeScalars {
                guard position < scalars.count, scalars[position] == scalar else { return false }
                position += 1
            }
            return true
        }
    }

    fileprivate static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

// MARK: - Analysis

extension LiteralExtractor {
    /// What is known about the strings a node matches.
    ///
    /// `exact`: the complete set of strings it matches, when small and known. `prefixes` / `suffixes`: every match
    /// starts / ends with one of these (a set containing "" carries no information). `required`: the best known set
    /// such that every match contains one of them (nil: none known).
    fileprivate struct Info {
        var exact: [[UInt8]]?
        var prefixes: [[UInt8]]
        var suffixes: [[UInt8]]
        var required: [[UInt8]]?

        static let empty = Info(exact: [[]], prefixes: [[]], suffixes: [[]], required: nil)
        static let opaque = Info(exact: nil, prefixes: [[]], suffixes: [[]], required: nil)

        init(exact: [[UInt8]]?, prefixes: [[UInt8]], suffixes: [[UInt8]], required: [[UInt8]]?) {
            self.exact = exact
            self.prefixes = prefixes
            self.suffixes = suffixes
            self.required = required
        }

        init(exact: [[UInt8]]) {
            self.init(exact: exact, prefixes: exact, suffixes: exact, required: Analysis.best(exact))
        }
    }

    fileprivate enum Analysis {
        /// Largest exact / prefix / suffix set tracked.
        static let setLimit = 64
        /// Copies of a repeated node analysed (x{5,} is analysed as xxx followed by unknown text).
        static let repeatCopies = 3
        /// Largest upper bound of a repetition whose exact set is enumerated.
        static let enumeratedRepeat = 4

        static func info(of node: Node) -> Info {
            switch node {
            case .empty:
                return .empty
            case .opaque:
                return .opaque
            case .oneOf(let strings):
                return Info(exact: strings)
            case .sequence(let nodes):
                return nodes.reduce(Info.empty) { concatenate($0, info(of: $1)) }
            case .alternation(let nodes):
                return alternate(nodes.map(info(of:)))
            case .repetition(let node, let min, let max):
                return repeatInfo(info(of: node), min: min, max: max)
            }
        }

        static func concatenate(_ left: Info, _ right: Info) -> Info {
            var exact: [[UInt8]]?
            if let leftExact = left.exact, let rightExact = right.exact {
                exact = product(leftExact, rightExact, limit: setLimit)
            }
            let prefixes =
                exact ?? left.exact.flatMap { product($0, right.prefixes, limit: setLimit) } ?? left.prefixes
            let suffixes =
                exact ?? right.exact.flatMap { product(left.suffixes, $0, limit: setLimit) } ?? right.suffixes
            let junction = product(left.suffixes, right.prefixes, limit: maximumLiteralCount)
            let required = best(left.required, right.required, junction, exact, prefixes, suffixes)
            return Info(exact: exact, prefixes: prefixes, suffixes: suffixes, required: required)
        }

        static func alternate(_ branches: [Info]) -> Info {
            var exact: [[UInt8]]? = []
            var prefixes: [[UInt8]]? = []
            var suffixes: [[UInt8]]? = []
            var required: [[UInt8]]? = []
            for branch in branches {
                exact = exact.flatMap { accumulated in branch.exact.flatMap { union(accumulated, $0, setLimit) } }
                prefixes = prefixes.flatMap { union($0, branch.prefixes, setLimit) }
                suffixes = suffixes.flatMap { union($0, branch.suffixes, setLimit) }
                required = required.flatMap { accumulated in
                    branch.required.flatMap { union(accumulated, $0, maximumLiteralCount) }
                }
            }
            let knownPrefixes = prefixes ?? [[]]
            let knownSuffixes = suffixes ?? [[]]
            return Info(
                exact: exact,
                prefixes: knownPrefixes,
                suffixes: knownSuffixes,
                required: best(required, exact, knownPrefixes, knownSuffixes)
            )
        }

        static func repeatInfo(_ item: Info, min: Int, max: Int?) -> Info {
            if max == 0 { return .empty }
            if min == 0 {
                if let exact = item.exact, let max, let powers = powers(of: exact, from: 0, through: max) {
                    return Info(exact: powers)
                }
                return .opaque
            }
            // Every match is x^k with k >= min: it starts and ends with (and contains) x^copies.
            let copies = Swift.min(min, repeatCopies)
            var base = item
            for _ in 1..<copies { base = concatenate(base, item) }
            if max == min && min <= repeatCopies { return base }
            if let exact = item.exact, let max, let powers = powers(of: exact, from: min, through: max) {
                return Info(exact: powers)
            }
            return Info(exact: nil, prefixes: base.prefixes, suffixes: base.suffixes, required: base.required)
        }

        /// The union of exact^k for k in lower...upper, if small.
        private static func powers(of exact: [[UInt8]], from lower: Int, through upper: Int) -> [[UInt8]]? {
            guard upper <= enumeratedRepeat else { return nil }
            var power: [[UInt8]] = [[]]
            var result: [[UInt8]] = lower == 0 ? [[]] : []
            for count in 1...upper {
                guard let next = product(power, exact, limit: setLimit) else { return nil }
                power = next
                if count >= lower {
                    guard let combined = union(result, power, setLimit) else { return nil }
                    result = combined
                }
            }
            return result
        }

        /// All concatenations a + b, or nil when there would be more than `limit`.
        static func product(_ left: [[UInt8]], _ right: [[UInt8]], limit: Int) -> [[UInt8]]? {
            guard left.count * right.count <= limit else { return nil }
            var result: [[UInt8]] = []
            result.reserveCapacity(left.count * right.count)
            for head in left {
                for tail in right {
                    let combined = head + tail
                    if !result.contains(combined) { result.append(combined) }
                }
            }
            return result
        }

        static func union(_ left: [[UInt8]], _ right: [[UInt8]], _ limit: Int) -> [[UInt8]]? {
            var result = left
            for string in right where !result.contains(string) {
                result.append(string)
                if result.count > limit { return nil }
            }
            return result
        }

        static func shortestLength(of set: [[UInt8]]) -> Int {
            set.lazy.map(\.count).min() ?? 0
        }

        /// The best usable required set: longest shortest literal, then fewest literals, then the earliest.
        static func best(_ candidates: [[UInt8]]?...) -> [[UInt8]]? {
            var chosen: [[UInt8]]?
            var chosenLength = 0
            for case let candidate? in candidates where !candidate.isEmpty && candidate.count <= maximumLiteralCount {
                let length = shortestLength(of: candidate)
                guard length > 0 else { continue }
                if let current = chosen,
                    length < chosenLength || (length == chosenLength && candidate.count >= current.count)
                {
                    continue
                }
                chosen = candidate
                chosenLength = length
            }
            return chosen
        }

        /// Drops literals that contain another literal of the set: a document containing them contains that one too.
        static func withoutRedundantLiterals(_ set: [[UInt8]]) -> [[UInt8]] {
            set.enumerated().filter { index, literal in
                !set.enumerated().contains { otherIndex, other in
                    otherIndex != index && (other == literal ? otherIndex < index : contains(literal, other))
                }
            }.map(\.element)
        }

        private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
            guard needle.count <= haystack.count else { return false }
            if needle.isEmpty { return true }
            for start in 0...(haystack.count - needle.count)
            where haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return true
            }
            return false
        }
    }
}
