import Foundation
import Newsclean
import NewscleanRules
import Testing
import _NewscleanTestSupport

private func diagnostics(_ text: String, path: String = "pack.yaml") -> [String] {
    RuleFileParser.parse(text, path: path).diagnostics.map(\.description)
}

@Suite("Rule file parser")
struct RuleFileParserTests {
    @Test("a valid file becomes a pack with every field")
    func valid() throws {
        let text = """
            schema: 1
            id: acme.com
            name: Acme News
            version: 2.1.0
            description: Acme's furniture.
            hosts: [acme.com, acme.co.uk]
            rules:
              - id: photo-credit
                description: Credits.
                action: delete-line
                flags: [ignore-case]
                pattern: '^photo: [A-Z]+$'
                prefilter: [photo]
                examples:
                  - input: "a\\nPhoto: AP\\n"
                    output: "a\\n"
                keep: ["Photo: the bridge fell."]
              - id: dateline
                action: replace
                pattern: '^(\\w+) \\(AP\\) -'
                replacement: '$1 -'
              - id: related
                action: delete-block
                start: '^Related$'
                end: '^$'
                max_lines: 5
              - id: twice
                action: dedupe-adjacent
            """
        let (pack, diagnostics) = RuleFileParser.parse(text, path: "Rules/publishers/acme.com.yaml")
        #expect(diagnostics.isEmpty)
        let parsed = try #require(pack)
        #expect(parsed.id == "acme.com")
        #expect(parsed.name == "Acme News")
        #expect(parsed.version == "2.1.0")
        #expect(parsed.scope.hosts == ["acme.com", "acme.co.uk"])
        #expect(parsed.rules.map(\.id) == ["photo-credit", "dateline", "related", "twice"])
        #expect(parsed.rules.map(\.action.name) == ["delete-line", "replace", "delete-block", "dedupe-adjacent"])
        #expect(parsed.rules[0].examples == [Rule.Example(input: "a\nPhoto: AP\n", output: "a\n", location: parsed.rules[0].examples[0].location)])
        #expect(parsed.rules[0].keep.map(\.text) == ["Photo: the bridge fell."])
        #expect(parsed.rules[0].prefilter == ["photo"])
        #expect(parsed.rules[0].location == SourceLocation(file: "Rules/publishers/acme.com.yaml", line: 8, column: 5))
        let cleaner = try Cleaner(packs: [parsed])
        #expect(cleaner.clean("Keep\nPHOTO: AP\nMore\n", url: "https://acme.co.uk/x").text == "Keep\nMore\n")
    }

    @Test("every error of a file is reported at its line and column")
    func everyError() throws {
        let text = try String(
            contentsOf: repositoryFile("Tests/NewscleanRulesTests/Fixtures/broken.yaml"),
            encoding: .utf8
        )
        #expect(diagnostics(text, path: "broken.yaml") == [
            "broken.yaml:2:5: error: pack id 'Broken Pack' must be lowercase letters, digits, '.', '-' and '_' [invalid-id]",
            "broken.yaml:4:8: error: a pack is either 'generic: true' or has 'hosts', not both [scope]",
            "broken.yaml:9:9: error: duplicate rule id 'ok-rule' (first defined at broken.yaml:6:9) [duplicate-id]",
            "broken.yaml:13:13: error: unknown action 'delete-lines' (did you mean 'delete-line'?); actions are 'delete-match', 'delete-line', 'delete-block', 'replace', 'dedupe-adjacent', 'delete-run', 'delete-list', 'delete-thread' [unknown-action]",
            "broken.yaml:14:5: error: unknown key 'patern' in rule (did you mean 'pattern'?) [unknown-key]",
            "broken.yaml:17:29: error: invalid pattern: missing closing parenthesis (at offset 14 in the pattern) [invalid-regex]",
            "broken.yaml:20:13: error: unknown flag 'ignorecase' (did you mean 'ignore-case'?) [unknown-flag]",
            "broken.yaml:22:5: error: action 'delete-block' needs 'end' (a pattern) [missing-key]",
            "broken.yaml:25:16: error: 'max_lines' must be between 2 and 1000 [range]",
            "broken.yaml:29:18: error: replacement: group $2 does not exist (the pattern has 1) [replacement]",
            "broken.yaml:34:16: error: invalid pattern: missing closing parenthesis (at offset 17 in the pattern) [invalid-regex]",
            "broken.yaml:38:11: error: a rule has 'pattern' or 'text', not both [schema]",
            "broken.yaml:39:15: error: 'examples' must be a list of {input, output} mappings [type]",
        ])
    }

    @Test("a regex error points inside the pattern, through YAML quoting", arguments: [
        // (value as written after 'pattern: ', expected column of the caret)
        // PCRE2 reports a missing ')' at the end of the pattern: the caret lands after its last character.
        (#"'it''s (bad'"#, 25),
        (#""a\tb (bad""#, 24),
        (#"plain (bad"#, 24),
        (#"'é€ [z-a]'"#, 21),
    ])
    func regexColumn(value: String, column: Int) {
        let text = "schema: 1\nid: p\ngeneric: true\nrules:\n  - id: r\n    action: delete-line\n    pattern: \(value)\n"
        let found = RuleFileParser.parse(text, path: "p.yaml").diagnostics.filter { $0.severity == .error }
        #expect(found.count == 1)
        #expect(found.first?.location == SourceLocation(file: "p.yaml", line: 7, column: column))
        #expect(found.first?.checkID == "invalid-regex")
    }

    @Test("YAML syntax errors, wrong types, missing keys, nulls and schema versions")
    func structural() {
        #expect(diagnostics("schema: 1\nid: [unclosed\n") == [
            "pack.yaml:3:1: error: invalid YAML: while parsing a flow sequence: did not find expected ',' or ']' [yaml-syntax]"
        ])
        #expect(diagnostics("- a\n- b\n") == [
            "pack.yaml:1:1: error: a rule file must be a mapping with keys 'schema', 'id', 'name', 'version', 'description', 'generic', 'hosts', 'max_removed_fraction', 'rules', 'fixtures' [schema]"
        ])
        #expect(diagnostics("schema: 2\nid: p\ngeneric: true\nrules: []\n") == [
            "pack.yaml:1:9: error: unsupported schema 2; this newsclean reads schema 1 [schema]"
        ])
        #expect(diagnostics("id: p\nrules: {}\n") == [
            "pack.yaml:1:1: error: missing key 'schema' (write 'schema: 1') [missing-key]",
            "pack.yaml:1:1: error: say which articles the pack applies to: 'generic: true' or 'hosts: [example.com]' [scope]",
            "pack.yaml:2:8: error: 'rules' must be a list of rules [type]",
        ])
        #expect(diagnostics("schema: 1\nid: p\ngeneric: yes\nrules:\n  - id: r\n    action:\n    text: x\n") == [
            "pack.yaml:1:1: error: say which articles the pack applies to: 'generic: true' or 'hosts: [example.com]' [scope]",
            "pack.yaml:3:10: error: 'generic' must be true or false [type]",
            "pack.yaml:6:12: error: 'action' must be a string, not null [type]",
        ])
        #expect(diagnostics("schema: 1\nid: p\nhosts: [https://x.com/]\nrules: []\n") == [
            "pack.yaml:3:9: error: 'https://x.com/' is not a host name (write 'example.com', without scheme or path) [scope]"
        ])
    }

    @Test("duplicate keys are errors")
    func duplicateKeys() {
        let found = diagnostics("schema: 1\nid: p\nid: q\ngeneric: true\nrules: []\n")
        #expect(found.count == 1)
        #expect(found.first?.hasSuffix("[duplicate-key]") == true)
    }

    @Test("anchors and aliases are refused, so an alias bomb is never expanded")
    func aliases() {
        var bomb = "schema: 1\nid: p\ngeneric: true\na0: &a0 [x, x]\n"
        for level in 1..<30 {
            bomb += "a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]\n"
        }
        bomb += "rules: []\n"
        #expect(diagnostics(bomb) == ["pack.yaml:4:5: error: anchors and aliases are not allowed in rule files [yaml-alias]"])
    }

    @Test("a rule file over the size limit is refused before it is parsed")
    func tooLarge() {
        let huge = "schema: 1\nid: p\ngeneric: true\nrules: []\n# " + String(repeating: "x", count: 4 << 20) + "\n"
        #expect(
            diagnostics(huge) == [
                "pack.yaml:1:1: error: rule file is \(huge.utf8.count) bytes; the limit is 4194304 [file-too-large]"
            ])
    }

    @Test("a diagnostic renders with its source line and a caret")
    func rendering() {
        let text = "schema: 1\nid: p\ngeneric: true\nrules:\n  - id: r\n    action: delete-line\n    pattern: 'a(b'\n"
        let diagnostic = RuleFileParser.parse(text, path: "p.yaml").diagnostics[0]
        #expect(diagnostic.rendered(source: text) == """
            p.yaml:7:18: error: invalid pattern: missing closing parenthesis (at offset 3 in the pattern) [invalid-regex]
                pattern: 'a(b'
                             ^
            """)
    }

    @Test("context actions: shapes are parsed, checked and reported at file:line:col")
    func contextActions() throws {
        let text = """
            schema: 1
            id: ctx
            generic: true
            rules:
              - id: run
                action: delete-run
                run: {max_words: 10, min_lines: 4, max_lines: 30, min_anchors: 3, min_anchor_share: 0.5}
              - id: list
                action: delete-list
                flags: [ignore-case]
                heading: '^most read$'
                list: {max_heading_words: 4, max_item_words: 12, min_items: 3, max_items: 9}
              - id: thread
                action: delete-thread
                heading: '^Comments$'
                signature: '^Reply$'
                thread: {max_heading_words: 3, max_gap: 5, min_signatures: 4, max_lines: 100}
            """
        let (pack, problems) = RuleFileParser.parse(text, path: "ctx.yaml")
        #expect(problems.isEmpty)
        let rules = try #require(pack).rules
        #expect(rules.map(\.action.name) == ["delete-run", "delete-list", "delete-thread"])
        #expect(rules.allSatisfy { $0.action.isContext })
        let cleaner = try Cleaner(packs: [try #require(pack)])
        #expect(cleaner.clean("Most read\nOne\nTwo\nThree\nProse goes on here.\n").text == "Prose goes on here.\n")

        let broken = """
            schema: 1
            id: ctx
            generic: true
            rules:
              - id: run
                action: delete-run
                run: {max_words: 0, min_anchor_share: 2, min_lines: 5, max_lines: 3, colour: red}
                pattern: 'x'
              - id: list
                action: delete-list
                list: [3]
              - id: thread
                action: delete-thread
                heading: '^Comments$'
                signature: '(unclosed'
            """
        #expect(diagnostics(broken, path: "ctx.yaml") == [
            "ctx.yaml:7:22: error: 'max_words' must be between 1 and 200 [range]",
            "ctx.yaml:7:43: error: 'min_anchor_share' must be a number from 0 to 1 [range]",
            "ctx.yaml:7:71: error: 'max_lines' must be at least 'min_lines' (5) [range]",
            "ctx.yaml:7:74: error: unknown key 'colour' in 'run' [unknown-key]",
            "ctx.yaml:8:14: error: 'pattern' has no meaning for action 'delete-run' [unused-key]",
            "ctx.yaml:9:5: error: action 'delete-list' needs 'heading' (a pattern) [missing-key]",
            "ctx.yaml:11:11: error: 'list' must be a mapping such as 'max_heading_words: 3' [type]",
            "ctx.yaml:15:26: error: invalid pattern: missing closing parenthesis (at offset 9 in the pattern) [invalid-regex]",
        ])
    }
}

@Suite("Rule file parser: search")
struct SearchKeyTests {
    static func pack(_ rule: String) -> String {
        "schema: 1\nid: p\ngeneric: true\nrules:\n  - id: r\n" + rule
    }

    @Test("'search: {repeated_start: N}' becomes Rule.Search")
    func parsed() throws {
        let text = Self.pack("    action: delete-match\n    pattern: '^(?=([^\\n]{12})[^\\n]*+\\n\\g{-1})x'\n    search: {repeated_start: 12}\n")
        let (pack, found) = RuleFileParser.parse(text, path: "pack.yaml")
        #expect(found.isEmpty)
        #expect(pack?.rules.first?.search == Rule.Search(repeatedStart: 12))
    }

    @Test("'prefilter_exact' becomes Rule.prefilterExact, and declares the literals with 'prefilter' or alone")
    func prefilterExact() throws {
        let text = Self.pack("    action: delete-line\n    pattern: '^(?:AP|Reuters)$'\n    prefilter: [reuters]\n    prefilter_exact: [AP]\n")
        let (pack, found) = RuleFileParser.parse(text, path: "pack.yaml")
        #expect(found.isEmpty)
        #expect(pack?.rules.first?.prefilter == ["reuters"])
        #expect(pack?.rules.first?.prefilterExact == ["AP"])
        #expect(pack?.rules.first?.prefilterLiterals == [Array("reuters".utf8), Array("AP".utf8)])
        // Declared literals gate an action with no pattern too, as the engine applies them.
        let run = Rule(id: "r", action: .deleteRun(), prefilter: ["Share"], prefilterExact: ["PDF"])
        #expect(run.prefilterLiterals == [Array("share".utf8), Array("PDF".utf8)])
        let alone = Self.pack("    action: delete-line\n    pattern: '^AP$'\n    prefilter_exact: [AP]\n")
        #expect(RuleFileParser.parse(alone, path: "pack.yaml").pack?.rules.first?.prefilterLiterals == [Array("AP".utf8)])
    }

    @Test("a prefilter_exact literal needs a capital letter and two bytes")
    func prefilterExactErrors() {
        #expect(diagnostics(Self.pack("    action: delete-line\n    text: x\n    prefilter_exact: [AP, ap]\n")) == [
            "pack.yaml:8:22: error: prefilter_exact literal 'ap' has no capital letter, the only letters it compares with their case; list it under 'prefilter' [prefilter]"
        ])
        #expect(diagnostics(Self.pack("    action: delete-line\n    text: x\n    prefilter_exact: [A]\n")) == [
            "pack.yaml:8:22: error: every prefilter_exact literal must be at least 2 bytes [prefilter]"
        ])
        #expect(diagnostics(Self.pack("    action: delete-line\n    text: x\n    prefilter_exact: AP\n")) == [
            "pack.yaml:8:22: error: 'prefilter_exact' must be a list [type]"
        ])
    }

    @Test("wrong values, unknown keys and actions that do not search are errors")
    func errors() {
        #expect(diagnostics(Self.pack("    action: delete-line\n    text: x\n    search: {repeated_start: 0}\n")) == [
            "pack.yaml:8:30: error: 'repeated_start' must be from 1 to 1000 [range]"
        ])
        #expect(diagnostics(Self.pack("    action: delete-line\n    text: x\n    search: {starts: 3}\n")).count == 2)
        #expect(diagnostics(Self.pack("    action: delete-block\n    start: a\n    end: b\n    search: {repeated_start: 3}\n")) == [
            "pack.yaml:9:13: error: 'search' applies to delete-line, delete-match and replace only [unused-key]"
        ])
    }
}
