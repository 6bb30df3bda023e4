/// Reads one JSONL record just enough to clean it: validates the line as one JSON object and finds the string
/// values of the text and URL fields, without building a tree. Every other byte of the line is left as it is, so
/// writing the record back keeps every other field, its formatting and key order exactly.
///
/// Measured against Foundation's `JSONSerialization` (decode the whole object, re-encode it), this reader does a
/// fraction of the work and never reorders keys or reformats numbers.
public enum JSONLine {
    /// Why a line cannot be cleaned (it is then passed through unchanged).
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        /// What went wrong, e.g. `not valid JSON: unterminated string at byte 17`.
        public var message: String
        public var description: String { message }
    }

    /// The fields found in one record.
    public struct Fields: Sendable, Hashable {
        /// The text field's string token, quotes included.
        public var text: Range<Int>
        /// The URL field's string token, quotes included, when present and a string.
        public var url: Range<Int>?
        /// The offset of the object's closing brace.
        public var closingBrace: Int
    }

    /// The deepest nesting accepted, so that a hostile line cannot exhaust the stack.
    public static let maximumDepth = 512

    /// Validates `line` as a JSON object and finds the top-level string fields `textField` and `urlField` (the last
    /// occurrence of a repeated key wins, as in most JSON parsers).
    public static func scan(
        _ line: UnsafeBufferPointer<UInt8>,
        textField: [UInt8],
        urlField: [UInt8]
    ) -> Result<Fields, Problem> {
        // JSON text is UTF-8 (RFC 8259): a line with invalid UTF-8 anywhere is not a JSON record.
        guard validateUTF8(line) else {
            return .failure(Problem(message: "not valid JSON: the line is not valid UTF-8"))
        }
        var scanner = Scanner(bytes: line)
        return scanner.scanRecord(textField: textField, urlField: urlField)
    }

    /// Decodes the JSON string token at `token` (quotes included) into UTF-8 bytes appended to `output`.
    ///
    /// - Parameters:
    ///   - line: the JSON line.
    ///   - token: the byte range of the string token in `line`.
    ///   - output: the buffer the decoded bytes are appended to.
    ///   - validate: check the token's raw bytes are valid UTF-8 (``scan(_:textField:urlField:)`` has already
    ///     checked the whole line).
    /// - Returns: false when the string holds an escaped lone surrogate or its raw bytes are not valid UTF-8, which
    ///   no UTF-8 text can represent.
    public static func decodeString(
        _ line: UnsafeBufferPointer<UInt8>,
        token: Range<Int>,
        into output: inout [UInt8],
        validate: Bool = true
    ) -> Bool {
        var index = token.lowerBound + 1
        let end = token.upperBound - 1
        var runStart = index
        while index < end {
            index = line.firstIndex(ofBackslashFrom: index, to: end)
            guard index < end else { break }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: line[runStart..<index]))
            let escape = line[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""): output.append(0x22)
            case UInt8(ascii: "\\"): output.append(0x5C)
            case UInt8(ascii: "/"): output.append(0x2F)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            default:  // u, validated by the scanner
                var scalar = hex4(line, at: index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 6 <= end, line[index] == UInt8(ascii: "\\"), line[index + 1] == UInt8(ascii: "u")
                    else { return false }
                    let low = hex4(line, at: index + 2)
                    guard (0xDC00..<0xE000).contains(low) else { return false }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                } else if (0xDC00..<0xE000).contains(scalar) {
                    return false
                }
                appendUTF8(scalar, to: &output)
            }
            runStart = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: line[runStart..<end]))
        return !validate || validateUTF8(UnsafeBufferPointer(rebasing: line[token]))
    }

    /// Appends `bytes` (UTF-8 text) to `output` as a JSON string token: quotes, `"` and `\` escaped, control
    /// characters as `\n`, `\t`, ... or `\u00XX`; everything else as raw UTF-8.
    public static func encodeString(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.append(0x22)
        var runStart = 0
        var index = 0
        while true {
            index = bytes.firstIndex(ofJSONSpecialFrom: index, to: bytes.count)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            switch byte {
            case 0x22: output.append(contentsOf: [0x5C, 0x22])
            case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            default:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
            index += 1
            runStart = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        output.append(0x22)
    }

    private static func hex4(_ line: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 {
            value = value << 4 | UInt32(hexValue(line[index + offset]) ?? 0)
        }
        return value
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (scalar >> 6)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (scalar >> 12)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (scalar >> 18)))
            output.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Whether `bytes` are valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
    public static func validateUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            index = bytes.firstIndex(ofNonASCIIFrom: index, to: count)
            guard index < count else { break }
            let byte = bytes[index]
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch byte {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(byte & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(byte & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(byte & 0x07)
            default: return false
            }
            guard index + length <= count else { return false }
            for offset in 1..<length {
                let next = bytes[index + offset]
                guard next & 0xC0 == 0x80 else { return false }
                scalar = scalar << 6 | UInt32(next & 0x3F)
            }
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return false }
            index += length
        }
        return true
    }
}

/// A strict JSON (RFC 8259) scanner over bytes that records the spans of two top-level string fields.
private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func fail(_ message: String) -> JSONLine.Problem {
        JSONLine.Problem(message: "not valid JSON: \(message) at byte \(index + 1)")
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func scanRecord(textField: [UInt8], urlField: [UInt8]) -> Result<JSONLine.Fields, JSONLine.Problem> {
        skipWhitespace()
        guard index < bytes.count else { return .failure(fail("empty line")) }
        guard bytes[index] == UInt8(ascii: "{") else {
            do throws(JSONLine.Problem) {
                try value(depth: 0)
                skipWhitespace()
                if index < bytes.count { return .failure(fail("unexpected data after the value")) }
            } catch {
                return .failure(error)
            }
            return .failure(JSONLine.Problem(message: "the record is not a JSON object"))
        }
        var text: Range<Int>?
        var textIsString = false
        var url: Range<Int>?
        let bytes = self.bytes
        do throws(JSONLine.Problem) {
            try object(depth: 0) { key, value, isString in
                if Self.keyEquals(key, textField, in: bytes) {
                    text = value
                    textIsString = isString
                } else if Self.keyEquals(key, urlField, in: bytes) {
                    url = isString ? value : nil
                }
            }
        } catch {
            return .failure(error)
        }
        let closingBrace = index - 1
        skipWhitespace()
        guard index == bytes.count else { return .failure(fail("unexpected data after the object")) }
        guard let text else {
            return .failure(JSONLine.Problem(message: "the record has no '\(String(decoding: textField, as: UTF8.self))' field"))
        }
        guard textIsString else {
            return .failure(
                JSONLine.Problem(message: "the '\(String(decoding: textField, as: UTF8.self))' field is not a string")
            )
        }
        return .success(JSONLine.Fields(text: text, url: url, closingBrace: closingBrace))
    }

    /// Compares a key token (quotes included, escapes possible) with a plain key.
    static func keyEquals(_ token: Range<Int>, _ key: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let inner = (token.lowerBound + 1)..<(token.upperBound - 1)
        if inner.count == key.count, !bytes[inner].contains(UInt8(ascii: "\\")) {
            return bytes[inner].elementsEqual(key)
        }
        guard bytes[inner].contains(UInt8(ascii: "\\")) else { return false }
        var decoded: [UInt8] = []
        _ = JSONLine.decodeString(bytes, token: token, into: &decoded)
        return decoded == key
    }

    /// Scans an object at `index` (its `{`), calling `member` with each key token, value range and whether the value
    /// is a string.
    mutating func object(
        depth: Int,
        _ member: (_ key: Range<Int>, _ value: Range<Int>, _ isString: Bool) -> Void
    ) throws(JSONLine.Problem) {
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            let valueStart = index
            let isString = index < bytes.count && bytes[index] == UInt8(ascii: "\"")
            try value(depth: depth + 1)
            member(key, valueStart..<index, isString)
            guard try separator(closing: UInt8(ascii: "}"), in: "object") else { return }
        }
    }

    /// After a member or an element: skips whitespace and a `,` (true: another follows) or the closing bracket
    /// (false: the container ended).
    private mutating func separator(closing: UInt8, in container: String) throws(JSONLine.Problem) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw fail("unterminated \(container)") }
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            return true
        }
        guard bytes[index] == closing else {
            throw fail("expected ',' or '\(String(decoding: [closing], as: UTF8.self))'")
        }
        index += 1
        return false
    }

    mutating func value(depth: Int) throws(JSONLine.Problem) {
        guard depth < JSONLine.maximumDepth else { throw fail("nesting deeper than \(JSONLine.maximumDepth)") }
        guard index < bytes.count else { throw fail("expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"):
            try object(depth: depth) { _, _, _ in }
        case UInt8(ascii: "["):
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return
            }
            repeat {
                skipWhitespace()
                try value(depth: depth + 1)
            } while try separator(closing: UInt8(ascii: "]"), in: "array")
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw fail("unexpected character")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONLine.Problem) {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count else { throw fail("unexpected end") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: length)
        guard bytes[index..<(index + length)].elementsEqual(expected) else { throw fail("unexpected word") }
        index += length
    }

    mutating func number() throws(JSONLine.Problem) {
        func digits(_ scanner: inout Scanner) -> Int {
            let start = scanner.index
            while scanner.index < scanner.bytes.count,
                scanner.bytes[scanner.index] >= UInt8(ascii: "0"), scanner.bytes[scanner.index] <= UInt8(ascii: "9")
            {
                scanner.index += 1
            }
            return scanner.index - start
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw fail("bad number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits(&self) == 0 {
            throw fail("bad number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw fail("bad number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits(&self) > 0 else { throw fail("bad number") }
        }
    }

    /// Scans a string token; returns its range, quotes included.
    mutating func string() throws(JSONLine.Problem) -> Range<Int> {
        let start = index
        index += 1
        while index < bytes.count {
            index = bytes.firstIndex(ofJSONSpecialFrom: index, to: bytes.count)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<index
            }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { break }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    guard index + 6 <= bytes.count,
                        (2..<6).allSatisfy({ JSONLine.hexValue(bytes[index + $0]) != nil })
                    else { throw fail("bad \\u escape") }
                    index += 6
                default:
                    throw fail("bad escape")
                }
                continue
            }
            throw fail("control character in string")
        }
        throw fail("unterminated string")
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The first index in `start..<end` whose byte a JSON string cannot hold raw (`"`, `\\`, or below 0x20), or `end`.
    /// Sixteen bytes at a time: article text is long runs of ordinary bytes.
    @inline(__always)
    func firstIndex(ofJSONSpecialFrom start: Int, to end: Int) -> Int {
        firstIndex(from: start, to: end) { chunk in
            (chunk .== SIMD16(repeating: 0x22)) .| (chunk .== SIMD16(repeating: 0x5C)) .| (chunk .< SIMD16(repeating: 0x20))
        } matching: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }
    }

    /// The first index in `start..<end` holding a backslash, or `end`.
    @inline(__always)
    func firstIndex(ofBackslashFrom start: Int, to end: Int) -> Int {
        firstIndex(from: start, to: end) { $0 .== SIMD16(repeating: 0x5C) } matching: { $0 == 0x5C }
    }

    /// The first index in `start..<end` holding a byte of 0x80 or more, or `end`.
    @inline(__always)
    func firstIndex(ofNonASCIIFrom start: Int, to end: Int) -> Int {
        firstIndex(from: start, to: end) { $0 .>= SIMD16(repeating: 0x80) } matching: { $0 >= 0x80 }
    }

    /// Skips whole 16-byte chunks in which `chunkTest` finds nothing, then finds the byte with `byteTest`.
    @inline(__always)
    private func firstIndex(
        from start: Int,
        to end: Int,
        chunk chunkTest: (SIMD16<UInt8>) -> SIMDMask<SIMD16<Int8>>,
        matching byteTest: (UInt8) -> Bool
    ) -> Int {
        guard let base = baseAddress else { return end }
        let raw = UnsafeRawPointer(base)
        var index = start
        while index + 16 <= end {
            let chunk = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
            if any(chunkTest(chunk)) { break }
            index += 16
        }
        while index < end, !byteTest(self[index]) { index += 1 }
        return index
    }
}
