import NewscleanBatch
import Testing

private func scan(_ line: String, field: String = "text") -> Result<JSONLine.Fields, JSONLine.Problem> {
    var line = line
    return line.withUTF8 { JSONLine.scan($0, textField: Array(field.utf8), urlField: Array("url".utf8)) }
}

private func decoded(_ line: String) -> String? {
    var line = line
    return line.withUTF8 { bytes -> String? in
        guard case .success(let fields) = JSONLine.scan(bytes, textField: Array("text".utf8), urlField: []) else {
            return nil
        }
        var out: [UInt8] = []
        return JSONLine.decodeString(bytes, token: fields.text, into: &out) ? String(decoding: out, as: UTF8.self) : nil
    }
}

@Suite("JSON line reader")
struct JSONLineTests {
    @Test("finds the text and URL tokens; the last of a repeated key wins")
    func fields() throws {
        let line = #"{"url": "https://a.b/c", "n": [1, {"text": "inner"}], "text": "x", "text": "y\n"}"#
        guard case .success(let fields) = scan(line) else {
            Issue.record("expected success")
            return
        }
        let bytes = Array(line.utf8)
        #expect(String(decoding: bytes[fields.text], as: UTF8.self) == #""y\n""#)
        #expect(String(decoding: bytes[fields.url!], as: UTF8.self) == #""https://a.b/c""#)
        #expect(bytes[fields.closingBrace] == UInt8(ascii: "}"))
    }

    @Test("decodes every escape, surrogate pairs included")
    func escapes() {
        #expect(decoded(#"{"text": "a\"b\\c\/d\b\f\n\r\t\u00e9\u20ac\ud83d\ude00"}"#) == "a\"b\\c/d\u{8}\u{c}\n\r\té€😀")
        #expect(decoded(#"{"text": "lone \ud800 surrogate"}"#) == nil)
        #expect(decoded(#"{"text": "lone \udc00 low"}"#) == nil)
    }

    @Test(
        "rejects what is not one JSON object, with the reason",
        arguments: [
            ("not json", "not valid JSON: unexpected word at byte 1"),
            ("[1, 2]", "the record is not a JSON object"),
            (#"{"text": "a"} x"#, "not valid JSON: unexpected data after the object at byte 15"),
            (#"{"text": "a""#, "not valid JSON: unterminated object at byte 13"),
            (#"{"text": "a}"#, "not valid JSON: unterminated string at byte 13"),
            (#"{"text": 01}"#, "not valid JSON: expected ',' or '}' at byte 11"),
            (#"{"text": "\x"}"#, "not valid JSON: bad escape at byte 11"),
            ("{\"text\": \"a\tb\"}", "not valid JSON: control character in string at byte 12"),
            (#"{"body": "a"}"#, "the record has no 'text' field"),
            (#"{"text": null}"#, "the 'text' field is not a string"),
            (#"{text: "a"}"#, "not valid JSON: expected a key at byte 2"),
            ("", "not valid JSON: empty line at byte 1"),
        ]
    )
    func problems(line: String, message: String) {
        guard case .failure(let problem) = scan(line) else {
            Issue.record("expected a problem for \(line)")
            return
        }
        #expect(problem.message == message)
    }

    @Test("fuzz: invalid UTF-8 in a field other than the text makes the line invalid JSON, as Foundation finds")
    func invalidUTF8ElsewhereFromFuzzing() {
        // Found by Scripts/fuzz.sh FuzzJSONL (Fuzz/Crashes/FuzzJSONL/crash-1d5a246d...): the reader accepted a record
        // whose "source" field held the byte 0x91, which JSONSerialization rejects.
        var line = Array(#"{"source": "x"#.utf8) + [0x91] + Array(#"", "text": "fine"}"#.utf8)
        let result = line.withUnsafeMutableBufferPointer { bytes in
            JSONLine.scan(UnsafeBufferPointer(bytes), textField: Array("text".utf8), urlField: [])
        }
        guard case .failure(let problem) = result else {
            Issue.record("expected a problem")
            return
        }
        #expect(problem.message == "not valid JSON: the line is not valid UTF-8")
    }

    @Test("fuzz: an escaped lone surrogate outside the text field is valid JSON grammar and is kept as written")
    func loneSurrogateElsewhereFromFuzzing() throws {
        // Found by Scripts/fuzz.sh FuzzJSONL (seed Fuzz/Seeds/FuzzJSONL/lone-surrogate-outside-text.jsonl): Foundation
        // rejects such a line, RFC 8259's grammar does not. The record is cleaned; the other field's bytes stay.
        #expect(decoded(#"{"note": "\ud800 here", "text": "fine"}"#) == "fine")
        #expect(decoded(#"{"text": "\ud800 here"}"#) == nil)
    }

    @Test("nesting is bounded, so a hostile line cannot exhaust the stack")
    func depth() {
        let deep = "{\"a\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + ", \"text\": \"x\"}"
        guard case .failure(let problem) = scan(deep) else {
            Issue.record("expected a problem")
            return
        }
        #expect(problem.message.hasPrefix("not valid JSON: nesting deeper than 512"))
    }

    @Test("encodes quotes, backslashes and control characters, and nothing else")
    func encode() {
        var out: [UInt8] = []
        let text = Array("a\"b\\c\n\t\u{1}é/".utf8)
        text.withUnsafeBufferPointer { JSONLine.encodeString($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == #""a\"b\\c\n\t\u0001é/""#)
    }

    @Test("UTF-8 validation rejects overlongs, surrogates, truncations and bytes above U+10FFFF")
    func utf8() {
        func valid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { JSONLine.validateUTF8($0) } }
        #expect(valid(Array("héllo €😀".utf8)))
        #expect(!valid([0xC0, 0xAF]))
        #expect(!valid([0xED, 0xA0, 0x80]))
        #expect(!valid([0xE2, 0x82]))
        #expect(!valid([0xF4, 0x90, 0x80, 0x80]))
        #expect(!valid([0xFF]))
    }
}
