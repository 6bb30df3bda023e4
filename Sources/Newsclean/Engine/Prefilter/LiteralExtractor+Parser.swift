// The pattern parser of `LiteralExtractor`: PCRE2 syntax to the syntax tree the literal analysis reads, and, while
// it parses, the line-locality facts (`mayConsumeLineFeed`, ...) that `isLineLocal` reads.
extension LiteralExtractor {
    /// Recursive-descent parser of the PCRE2 syntax subset that matters for literal extraction. Any construct it does
    /// not understand throws `Unsupported`, which makes the whole pattern unanalysable.
    struct Parser {
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
        /// Whether the pattern asserts the end of the subject (`\z`, `\Z`), which a search of a text cut short
        /// would see somewhere else.
        private(set) var assertsSubjectEnd = false

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
                if escaped == "z" || escaped == "Z" { assertsSubjectEnd = true }
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
                // A letter matched with its case keeps it: the scanner requires a capital to be a capital.
                return caseless || globalCaseless ? [byte] : [UInt8(scalar.value)]
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

    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
