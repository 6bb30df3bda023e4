import Foundation
import Testing
import _NewscleanTestSupport

private let seedFolder = "Rules/publishers/fixtures/timeslive.co.za/"
private let seedURL = "https://www.timeslive.co.za/news/world/2016-09-06-us-russia-syria-pact/"

private func seed(_ name: String) throws -> Data {
    try Data(contentsOf: repositoryFile(seedFolder + "us-russia-syria-pact.\(name).txt"))
}

@Suite("newsclean command line")
struct CLITests {
    @Test("the seed from stdin comes out byte for byte as expected")
    func seedFromStdin() throws {
        let result = try runNewsclean(["--url", seedURL], stdin: try seed("input"))
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(Data(result.stdout.utf8) == (try seed("expected")))
    }

    @Test("the seed from a file argument, run from another folder, picked by --publisher")
    func seedFromFile() throws {
        let input = repositoryFile(seedFolder + "us-russia-syria-pact.input.txt").path
        let result = try runNewsclean(
            ["clean", input, "--publisher", "timeslive.co.za"],
            currentDirectory: FileManager.default.temporaryDirectory
        )
        #expect(result.status == 0)
        #expect(Data(result.stdout.utf8) == (try seed("expected")))
    }

    @Test("a copy of the binary elsewhere still finds the bundled rules")
    func copiedBinary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("newsclean-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("newsclean")
        try FileManager.default.copyItem(at: newscleanBinary, to: copy)
        let process = Process()
        process.executableURL = copy
        process.arguments = ["--url", seedURL, repositoryFile(seedFolder + "us-russia-syria-pact.input.txt").path]
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(data == (try seed("expected")))
    }

    @Test("--no-bundled with --rules uses only the given packs; NEWSCLEAN_RULES_PATH adds folders")
    func ruleSelection() throws {
        let file = try temporaryFile(
            "mine.yaml",
            "schema: 1\nid: mine\ngeneric: true\nrules:\n  - id: x\n    action: delete-line\n    text: DROP\n"
        )
        let input = Data("keep\nDROP me\nSubscribe now\n".utf8)
        let only = try runNewsclean(["--no-bundled", "--rules", file.path], stdin: input)
        #expect(only.status == 0)
        #expect(only.stdout == "keep\nSubscribe now\n")
        let both = try runNewsclean(
            [],
            stdin: input,
            environment: ["NEWSCLEAN_RULES_PATH": file.deletingLastPathComponent().path]
        )
        #expect(both.stdout == "keep\n")
    }

    @Test("a broken rule file exits 65 with file:line:col diagnostics, the source line and a caret")
    func brokenRules() throws {
        let file = try temporaryFile(
            "broken.yaml",
            "schema: 1\nid: broken\ngeneric: true\nrules:\n  - id: x\n    action: delete-line\n    pattern: 'a(b'\n"
        )
        let result = try runNewsclean(["--rules", file.path], stdin: Data("text\n".utf8))
        #expect(result.status == 65)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            \(file.path):7:18: error: invalid pattern: missing closing parenthesis (at offset 3 in the pattern) [invalid-regex]
                pattern: 'a(b'
                             ^

            """)
    }

    @Test("usage errors exit 64")
    func usage() throws {
        let unknownOption = try runNewsclean(["--no-such-option"])
        #expect(unknownOption.status == 64)
        #expect(unknownOption.stderr.contains("Unknown option '--no-such-option'"))
        let unknownPublisher = try runNewsclean(["--publisher", "nope.example"], stdin: Data("x".utf8))
        #expect(unknownPublisher.status == 64)
        #expect(unknownPublisher.stderr.contains("no rule pack is named 'nope.example'"))
    }

    @Test("an unreadable input exits 66")
    func unreadable() throws {
        let result = try runNewsclean(["/nonexistent/article.txt"])
        #expect(result.status == 66)
        #expect(result.stderr == "newsclean: error: cannot read '/nonexistent/article.txt'\n")
    }

    @Test("invalid UTF-8 outside removed lines passes through byte for byte")
    func invalidUTF8() throws {
        var input = Data("Subscribe now\n".utf8)
        input.append(contentsOf: [0x41, 0xFF, 0xFE, 0x42, 0x0A])
        let process = Process()
        process.executableURL = newscleanBinary
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(data == Data([0x41, 0xFF, 0xFE, 0x42, 0x0A]))
    }

    @Test("--profile-rules prints each rule's matching time and runs, also into --stats; the time budget options work")
    func profileAndBudget() throws {
        let pack = """
            schema: 1
            id: local
            generic: true
            rules:
              - id: promo
                action: delete-line
                text: PROMO
              - id: slow
                action: delete-match
                pattern: '(a*)\\1*a*c'

            """
        let file = try temporaryFile("local.yaml", pack)
        let stats = file.deletingLastPathComponent().appendingPathComponent("stats.json")
        let records = (0..<3).map { _ in #"{"text": "PROMO\nkeep this\n"}"# }.joined(separator: "\n") + "\n"
        let result = try runNewsclean(
            ["--jsonl", "--no-bundled", "--rules", file.path, "--quiet", "--profile-rules", "--stats", stats.path],
            stdin: Data(records.utf8)
        )
        #expect(result.status == 0)
        #expect(result.stdout == String(repeating: #"{"text": "keep this\n"}"# + "\n", count: 3))
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.first?.hasPrefix("time per rule (2 rules ran, ") == true)
        #expect(lines.dropFirst().first == "   seconds      runs  rule")
        #expect(lines.contains { $0.hasSuffix("         3  local/promo") })
        #expect(lines.contains { $0.hasSuffix("         3  local/slow") })
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: stats)) as? [String: Any]
        let profile = summary?["rule_profile"] as? [[String: Any]]
        #expect(Set(profile?.compactMap { $0["rule"] as? String } ?? []) == ["local/promo", "local/slow"])
        #expect(profile?.allSatisfy { $0["runs"] as? Int == 3 } == true)

        // The slow rule on 60 lines of 1,000 a's runs under the match limit at every position; the budget stops it.
        let slow = "PROMO\n" + String(repeating: String(repeating: "a", count: 1_000) + "\n", count: 60) + "c\n"
        let budgeted = try runNewsclean(
            ["--no-bundled", "--rules", file.path, "--regex-budget", "0.05", "--regex-budget-per-mib", "0"],
            stdin: Data(slow.utf8)
        )
        #expect(budgeted.status == 0)
        #expect(budgeted.stdout == String(slow.dropFirst("PROMO\n".count)))
        #expect(
            budgeted.stderr
                == "newsclean: warning: local/slow: time budget for the document exhausted (time-budget); rule skipped for this document\n"
        )
        let invalid = try runNewsclean(["--regex-budget", "-1"], stdin: Data("x".utf8))
        #expect(invalid.status == 64)
    }

    @Test("packs lists the packs in use")
    func packs() throws {
        let result = try runNewsclean(["packs"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("timeslive.co.za\t1.0.0\ttimeslive.co.za\t1 rules\tRules/publishers/timeslive.co.za.yaml\n"))
    }
}
