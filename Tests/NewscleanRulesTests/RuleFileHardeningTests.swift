import Foundation
import Newsclean
import NewscleanRules
import Testing
import _NewscleanTestSupport

/// A generic pack with one delete-match rule on `pattern`.
private func pack(pattern: String) -> String {
    """
    schema: 1
    id: t
    generic: true
    rules:
      - id: c
        description: x
        action: delete-match
        pattern: '\(pattern)'

    """
}

@Suite("Rule files: hostile content")
struct RuleFileHardeningTests {
    @Test("\\C in a pattern is a load error at its place in the file")
    func backslashC() {
        let diagnostics = RuleFileParser.parse(pack(pattern: #"b\C"#), path: "p.yaml").diagnostics.map(\.description)
        #expect(diagnostics == [
            #"p.yaml:8:18: error: invalid pattern: using \C is disabled by the application (at offset 3 in the pattern) [invalid-regex]"#
        ])
    }
}
