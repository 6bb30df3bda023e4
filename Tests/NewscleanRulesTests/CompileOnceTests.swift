import Newsclean
import NewscleanRegex
import NewscleanRules
import Testing

@Suite("Each pattern compiled once")
struct CompileOnceTests {
    @Test("parsing the bundled packs compiles each pattern once, without JIT; the cleaner compiles none again, and JIT-compiles a pattern at its first match only")
    func bundledPacks() throws {
        let counter = CompiledPattern.CompileCounter()
        let packs = try CompiledPattern.$compileCounter.withValue(counter) {
            try RuleLoader.parse(RuleLoader.bundledRuleFiles)
        }
        let matchers = packs.flatMap { $0.rules.flatMap { $0.matchers.map(\.matcher) } }
        let patterns = matchers.filter { !$0.isLiteral }.count
        let texts = matchers.count - patterns
        #expect(patterns > 100)
        // The parser compiles each `pattern`, `start` and `end` once (its replacement template and lint reuse it).
        #expect(counter.compiles == patterns)
        #expect(counter.jitCompiles == 0)

        let cleaner = try CompiledPattern.$compileCounter.withValue(counter) { try Cleaner(packs: packs) }
        // The cleaner copies the parser's code; it compiles only the `text:` matchers, which were never validated.
        // JIT compilation waits for a pattern's first match.
        #expect(counter.compiles == patterns + texts)
        #expect(counter.jitCompiles == 0)

        let page = "Share this article\nThe minister resigned on Friday.\nImage: ALEXEI DRUZHININ/REUTERS\nThe vote is on Tuesday.\n"
        let cleaned = CompiledPattern.$compileCounter.withValue(counter) { cleaner.clean(page).text }
        #expect(cleaned == "The minister resigned on Friday.\nThe vote is on Tuesday.\n")
        let used = counter.jitCompiles
        #expect(used > 0 || !CompiledPattern.isJITAvailable)
        #expect(used < matchers.count / 2)
        // Once per pattern.
        _ = CompiledPattern.$compileCounter.withValue(counter) { cleaner.clean(page) }
        #expect(counter.jitCompiles == used)
        #expect(counter.compiles == patterns + texts)
    }

    @Test("a matcher whose source changed after validation is compiled from its new source")
    func staleValidation() throws {
        var matcher = Rule.Matcher.pattern("^Advertisement$").validated().matcher
        matcher.source = "^Anzeige$"
        let cleaner = try Cleaner(packs: [
            RulePack(id: "test.stale", name: "", version: "1", description: "", scope: .generic,
                rules: [Rule(id: "ad", description: "", action: .deleteLine(matcher))])
        ])
        #expect(cleaner.clean("Text.\nAnzeige\nAdvertisement\n").text == "Text.\nAdvertisement\n")
    }
}
