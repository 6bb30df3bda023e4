import Foundation
import Testing
import _NewscleanTestSupport

@Suite("newsclean --version")
struct VersionTests {
    /// The newest version in CHANGELOG.md (`## X.Y.Z ...`).
    func changelogVersion() throws -> String {
        let changelog = try String(contentsOf: repositoryFile("CHANGELOG.md"), encoding: .utf8)
        let heading = changelog.split(separator: "\n").first { $0.hasPrefix("## ") }
        return String(heading?.dropFirst(3).split(separator: " ").first ?? "")
    }

    @Test("--version and -V print the newest version of CHANGELOG.md")
    func version() throws {
        let expected = try changelogVersion()
        #expect(expected == "0.4.0")
        for flag in ["--version", "-V"] {
            let result = try runNewsclean([flag])
            #expect(result.status == 0)
            #expect(result.stdout == expected + "\n")
        }
    }
}
