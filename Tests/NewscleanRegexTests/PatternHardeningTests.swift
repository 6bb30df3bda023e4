import NewscleanRegex
import Testing

@Suite("CompiledPattern: options a pattern may not change")
struct PatternHardeningTests {
    @Test("\\C (one code unit, which splits UTF-8 characters) is refused at compile time")
    func backslashC() throws {
        #expect {
            _ = try CompiledPattern(#"b\C"#)
        } throws: { error in
            let regexError = error as! RegexError
            return regexError.code == .syntax && regexError.patternOffset == 3
                && regexError.message == #"using \C is disabled by the application"#
        }
    }

    @Test("a (*NO_JIT) pattern matches, interpreted")
    func noJIT() throws {
        let compiled = try CompiledPattern("(*NO_JIT)Subscribe")
        var scratch = MatchScratch()
        var text = "Please Subscribe"
        let found = try text.withUTF8 { try compiled.firstMatch(in: $0, scratch: &scratch) }
        #expect(found == 7..<16)
        #expect(!compiled.usesJIT)
    }

    @Test(
        "a pattern may not change what ends a line ((*LF), (*CR), (*CRLF), (*ANY), (*NUL)): one line model for all",
        arguments: ["(*LF)a$", "(*CR)a$", "(*CRLF)a$", "(*ANY)a$", "(*NUL)a$"]
    )
    func newlineConvention(pattern: String) throws {
        #expect {
            _ = try CompiledPattern(pattern)
        } throws: { error in
            let regexError = error as! RegexError
            return regexError.code == .syntax && regexError.patternOffset == 0
                && regexError.message == "a pattern may not set the newline convention: "
                    + #"lines end at \n, \r\n and \r for every rule"#
        }
        // (*ANYCRLF) is the convention already in force: harmless.
        _ = try CompiledPattern("(*ANYCRLF)a$")
    }
}
