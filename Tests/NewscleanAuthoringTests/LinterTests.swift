import Foundation
import NewscleanAuthoring
import NewscleanRules
import Testing

/// A one-rule pack around `rule` (YAML lines of the rule, indented by four spaces, after `  - id: r`).
private func pack(_ rule: String) -> String {
    "schema: 1\nid: p\ngeneric: true\nrules:\n  - id: r\n" + rule
}

private let documented = """
        description: A rule.
        examples:
          - input: "Subscribe now\\nText.\\n"
            output: "Text.\\n"
        keep: ["Subscribe now and pay later, the ads said."]

    """

private func lint(_ text: String) -> [String] {
    Linter.lint(text, path: "p.yaml").map(\.description)
}

@Suite("lint")
struct LinterTests {
    @Test("a clean rule has no finding")
    func clean() {
        #expect(lint(pack("    action: delete-line\n    pattern: '^Subscribe now$'\n" + documented)) == [])
    }

    @Test("empty-match: a pattern that matches the empty string")
    func emptyMatch() {
        #expect(lint(pack("    action: delete-line\n    pattern: '^(Subscribe now)?$'\n    prefilter: [subscribe]\n" + documented)) == [
            "p.yaml:7:14: error: the pattern matches the empty string, so 'delete-line' would act on nothing (or on every line); make something in it required [empty-match]"
        ])
    }

    @Test("missing-description, missing-example and missing-keep")
    func missingDocumentation() {
        #expect(lint(pack("    action: delete-line\n    text: Subscribe now\n")) == [
            "p.yaml:5:5: warning: rule 'r' has no description [missing-description]",
            "p.yaml:5:5: warning: rule 'r' has no example of what it removes [missing-example]",
            "p.yaml:5:5: warning: rule 'r' has no keep text: show similar article text it must leave alone [missing-keep]",
        ])
    }

    @Test("yaml-escape: escapes in a double-quoted pattern")
    func yamlEscape() {
        #expect(lint(pack("    action: delete-line\n    pattern: \"^Subscribe\\\\s+now$\"\n" + documented)) == [
            "p.yaml:7:14: warning: YAML rewrites backslash escapes in double-quoted strings before PCRE2 sees them ('\\b' becomes a backspace, '\\\\' one backslash); write the pattern in single quotes [yaml-escape]"
        ])
    }

    @Test("backtracking: found by running the pattern on adversarial input")
    func backtracking() {
        #expect(lint(pack("    action: delete-line\n    pattern: '^Subscribe (\\w+\\s?)+$'\n" + documented)) == [
            "p.yaml:7:14: warning: the pattern hits the match limit (1000000 steps) on its example line repeated without line breaks: it is at risk of catastrophic backtracking; avoid nested or adjacent quantifiers over the same characters [backtracking]"
        ])
    }

    @Test("no-prefilter: a rule no literal can skip")
    func noPrefilter() {
        #expect(lint(pack("    action: delete-line\n    pattern: '^\\p{Lu}+$'\n" + documented.replacingOccurrences(of: "Subscribe now\\\\nText", with: "SUBSCRIBE\\\\nText"))) == [
            "p.yaml:7:14: warning: no literal can skip this rule, so it runs over every byte of every document; put a required word in the pattern or declare 'prefilter:' [no-prefilter]"
        ])
    }

    @Test("prefilter: a declared literal missing from an example the rule fires on")
    func prefilterMismatch() {
        #expect(lint(pack("    action: delete-line\n    pattern: '^Subscribe now$'\n    prefilter: [register]\n" + documented)) == [
            "p.yaml:8:16: error: the rule fires on an example that contains none of its prefilter literals [\"register\"]; the prefilter would skip such documents [prefilter]"
        ])
    }

    @Test("prefilter: a prefilter_exact literal whose capitals an example the rule fires on lacks")
    func prefilterExactMismatch() {
        // The pattern ignores case, so "subscribe now" fires; "SUBSCRIBE" with its capitals is not in the example.
        let rule = "    action: delete-line\n    pattern: '(?i)^Subscribe now$'\n    prefilter_exact: [SUBSCRIBE]\n"
        #expect(lint(pack(rule + documented)) == [
            "p.yaml:8:22: error: the rule fires on an example that contains none of its prefilter literals [\"SUBSCRIBE\"]; the prefilter would skip such documents [prefilter]"
        ])
        #expect(lint(pack(rule.replacingOccurrences(of: "[SUBSCRIBE]", with: "[Subscribe]") + documented)) == [])
    }

    @Test("parser checks come through lint: unknown key with a suggestion, invalid regex with its position")
    func parserChecks() {
        #expect(lint(pack("    action: delete-line\n    patern: 'x'\n")) == [
            "p.yaml:5:5: error: action 'delete-line' needs 'pattern' or 'text' [missing-key]",
            "p.yaml:7:5: error: unknown key 'patern' in rule (did you mean 'pattern'?) [unknown-key]",
        ])
        #expect(lint(pack("    action: delete-line\n    pattern: 'Sub(scribe'\n")) == [
            "p.yaml:7:25: error: invalid pattern: missing closing parenthesis (at offset 10 in the pattern) [invalid-regex]"
        ])
    }

    @Test("no-prefilter: a list or thread heading no literal can skip")
    func contextHeadingWithoutLiterals() {
        #expect(lint(pack("    action: delete-list\n    heading: '^\\w+:$'\n" + documented)).contains(
            "p.yaml:7:14: warning: no literal can skip this rule, so it runs over every byte of every document; put a required word in the pattern or declare 'prefilter:' [no-prefilter]"
        ))
        #expect(!lint(pack("    action: delete-list\n    heading: '^Most read$'\n" + documented)).contains { $0.hasSuffix("[no-prefilter]") })
    }
}
