import Foundation
import Testing
import _NewscleanTestSupport

/// A folder holding `pack.yaml` with one passing rule and the fixture paths given.
private func packFolder(input: String, expected: String) throws -> URL {
    let pack = try temporaryFile(
        "acme.com.yaml",
        """
        schema: 1
        id: acme.com
        hosts: [acme.com]
        rules:
          - id: promo
            description: Promo lines.
            action: delete-line
            pattern: '^PROMO'
            examples:
              - input: "Text.\\nPROMO here\\n"
                output: "Text.\\n"
            keep: ["A PROMO inside a sentence."]
        fixtures:
          - input: \(input)
            expected: \(expected)

        """
    )
    return pack.deletingLastPathComponent()
}

@Suite("Hardening: hostile files, flags and streams through the binary")
struct HardeningTests {
    @Test("a fixture path that leaves the pack's folder is a load error at its line and column")
    func fixturePathEscapesLexically() throws {
        let folder = try packFolder(input: "../../../../../../etc/passwd", expected: "/tmp/victim.txt")
        let result = try runNewsclean(["test", folder.path, "--update"])
        let pack = folder.appendingPathComponent("acme.com.yaml").path
        #expect(result.status == 65)
        #expect(result.stdout == "")
        #expect(result.stderr.contains(
            "\(pack):14:12: error: fixture path '../../../../../../etc/passwd' leaves the pack's folder; "
                + "write a path relative to it, without '..' above it [fixture-path]"))
        #expect(result.stderr.contains(
            "\(pack):15:15: error: fixture path '/tmp/victim.txt' is absolute; "
                + "write a path relative to the pack's folder [fixture-path]"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/victim.txt"))
    }

    @Test("a fixture path through a symlink that leaves the pack's folder is neither read nor written")
    func fixturePathEscapesThroughSymlink() throws {
        let outside = try temporaryFile("secret.txt", "SECRET CONTENT\n")
        let victim = try temporaryFile("victim.txt", "untouched\n")
        let folder = try packFolder(input: "in.txt", expected: "out.txt")
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("in.txt").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("out.txt").path, withDestinationPath: victim.path)
        let result = try runNewsclean(["test", folder.path, "--update"])
        let pack = folder.appendingPathComponent("acme.com.yaml").path
        #expect(result.status == 1)
        #expect(!result.stdout.contains("SECRET"))
        #expect(result.stdout.contains(
            "\(pack):14:5: error: fixture path 'in.txt' resolves to '\(outside.resolvingSymlinksInPath().path)', "
                + "outside the pack's folder"))
        #expect(try String(contentsOf: victim, encoding: .utf8) == "untouched\n")

        // A symlinked expected file alone: not written through, not replaced.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("in.txt"))
        try "Text.\nPROMO\n".write(to: folder.appendingPathComponent("in.txt"), atomically: true, encoding: .utf8)
        let update = try runNewsclean(["test", folder.path, "--update"])
        #expect(update.status == 1)
        #expect(update.stdout.contains(
            "\(pack):14:5: error: fixture path 'out.txt' resolves to '\(victim.resolvingSymlinksInPath().path)', "
                + "outside the pack's folder"))
        #expect(try String(contentsOf: victim, encoding: .utf8) == "untouched\n")
    }
}

@Suite("Hardening: --stats writes through to what is there")
struct StatsFileTests {
    let record = Data("{\"text\":\"A.\\n\"}\n".utf8)

    @Test("--stats through a symlink writes its target and leaves the symlink a symlink")
    func statsThroughSymlink() throws {
        let target = try temporaryFile("target.json", "old\n")
        let link = target.deletingLastPathComponent().appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target.path)
        let result = try runNewsclean(["--jsonl", "--quiet", "--stats", link.path], stdin: record)
        #expect(result.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("{"))
    }

    @Test("--stats on a full device or a FIFO without a reader exits 74 and leaves the file what it was")
    func statsOnDevices() throws {
        let folder = try temporaryFile("unused", "").deletingLastPathComponent()
        let full = folder.appendingPathComponent("full")
        try FileManager.default.createSymbolicLink(atPath: full.path, withDestinationPath: "/dev/full")
        let onFull = try runNewsclean(["--jsonl", "--quiet", "--stats", full.path], stdin: record)
        #expect(onFull.status == 74)
        #expect(onFull.stderr.contains("newsclean: error: cannot write '\(full.path)': No space left on device"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: full.path) == "/dev/full")

        let fifo = folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let onFIFO = try runNewsclean(["--jsonl", "--quiet", "--stats", fifo.path], stdin: record)
        #expect(onFIFO.status == 74)
        #expect(onFIFO.stderr.contains("newsclean: error: cannot write '\(fifo.path)': No such device or address"))
        var status = stat()
        #expect(lstat(fifo.path, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }
}

@Suite("Hardening: line endings through the binary")
struct LineEndingCLITests {
    @Test("a lone CR ends a line: the bundled packs remove 'Subscribe now' and keep the paragraphs around it")
    func loneCarriageReturn() throws {
        let input = "First.\nA real paragraph.\rSubscribe now\rAnother real paragraph.\nLast.\n"
        let result = try runNewsclean([], stdin: Data(input.utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "First.\nA real paragraph.\rAnother real paragraph.\nLast.\n")
    }
}

/// `data` compressed by the gzip tool.
private func gzipped(_ data: Data) throws -> Data {
    let input = try temporaryFile("plain", "")
    try data.write(to: input)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-n", "-k", input.path]
    try process.run()
    process.waitUntilExit()
    return try Data(contentsOf: URL(fileURLWithPath: input.path + ".gz"))
}

@Suite("Hardening: truncated and corrupt gzip")
struct GzipTests {
    /// 2,000 records, so that a cut stream still holds whole records before the cut.
    let records = (0..<2000).map { #"{"id":\#($0),"text":"Paragraph number \#($0) of a story.\n"}"# + "\n" }.joined()

    func run(_ data: Data) throws -> ProcessResult {
        let file = try temporaryFile("in.jsonl.gz", "")
        try data.write(to: file)
        return try runNewsclean(["--jsonl", "--quiet", file.path])
    }

    @Test("a whole stream is read; a truncated one, a header alone or a missing trailer is an error (66) after the records read")
    func truncated() throws {
        let whole = try gzipped(Data(records.utf8))
        let complete = try run(whole)
        #expect(complete.status == 0)
        #expect(complete.stdout == records)

        let half = try run(whole.prefix(whole.count / 2))
        #expect(half.status == 66)
        #expect(half.stderr.contains("truncated gzip data"))
        #expect(records.hasPrefix(half.stdout))
        #expect(half.stdout.hasSuffix("\n"))
        #expect(half.stdout.count < records.count)

        let header = try run(whole.prefix(10))
        #expect(header.status == 66)
        #expect(header.stdout == "")
        #expect(header.stderr.contains("truncated gzip data"))

        let noTrailer = try run(whole.prefix(whole.count - 8))
        #expect(noTrailer.status == 66)
        #expect(noTrailer.stderr.contains("truncated gzip data"))
        #expect(records.hasPrefix(noTrailer.stdout))
    }

    @Test("a corrupt stream (a flipped CRC) is an error (66)")
    func corrupt() throws {
        var whole = try gzipped(Data(records.utf8))
        whole[whole.count - 6] ^= 0xFF
        let result = try run(whole)
        #expect(result.status == 66)
        #expect(result.stderr.contains("corrupt gzip data (incorrect data check)"))
    }
}

@Suite("Hardening: explain reports what clean does")
struct ExplainInvalidUTF8Tests {
    func pack() throws -> URL {
        try temporaryFile(
            "t.yaml",
            """
            schema: 1
            id: t
            generic: true
            rules:
              - id: promo
                description: Promo lines.
                action: delete-line
                pattern: '^Subscribe\\W+now$'

            """
        )
    }

    @Test("on invalid UTF-8, explain shows only the removals clean makes, at the input's byte offsets")
    func invalidUTF8() throws {
        let rules = try pack().path
        // \xff is never matched (a pattern does not match across invalid UTF-8), so clean keeps this line.
        let kept = Data("Intro.\nSubscribe".utf8) + Data([0xFF]) + Data(" now\nEnd.\n".utf8)
        let clean = try runNewsclean(["--no-bundled", "--rules", rules], stdin: kept)
        #expect(clean.stdout == String(decoding: kept, as: UTF8.self))
        let explainKept = try runNewsclean(["explain", "--format", "json", "--no-bundled", "--rules", rules], stdin: kept)
        #expect(explainKept.stdout.contains("\"removals\" : [\n\n  ]"))

        // Two invalid bytes before a removal: byte offset 3, not the 7 of a U+FFFD-decoded copy.
        let shifted = Data([0xFF, 0xFF, 0x0A]) + Data("Subscribe now\nEnd.\n".utf8)
        let explained = try runNewsclean(["explain", "--format", "json", "--no-bundled", "--rules", rules], stdin: shifted)
        #expect(explained.stdout.contains("\"start\" : 3,"))
        #expect(explained.stdout.contains("\"end\" : 17,"))
        #expect(explained.stdout.contains("\"start_line\" : 2,"))
        let text = try runNewsclean(["explain", "--color", "never", "--no-bundled", "--rules", rules], stdin: shifted)
        #expect(text.stdout == "publisher pack: none; 1 changes\n@@ line 2 @@ t/promo (\(rules):5)\n-Subscribe now\n")
    }
}

@Suite("Hardening: --jsonl --publisher keeps every cleaning option")
struct JSONLPublisherTests {
    @Test("--publisher in JSONL applies the pack with the run's options, and the report names the pack")
    func publisherWithOptions() throws {
        let folder = try packFolder(input: "in.txt", expected: "out.txt")
        let rules = folder.appendingPathComponent("acme.com.yaml").path
        let body = String(repeating: "Article text. ", count: 30)
        let record = Data(#"{"text":"\#(body)\nPROMO\n"}"#.utf8 + [0x0A])
        let reported = try runNewsclean(
            ["--jsonl", "--quiet", "--report", "--no-bundled", "--rules", rules, "--publisher", "acme.com"], stdin: record)
        #expect(reported.stdout.contains(#""publisher_pack":"acme.com","removed_bytes":7,"removal_count":1,"#))
        // With a guard that trips on any removal, the record goes through unchanged.
        let guarded = try runNewsclean(
            ["--jsonl", "--quiet", "--no-bundled", "--rules", rules, "--publisher", "acme.com", "--max-removed-fraction", "0"],
            stdin: record)
        #expect(guarded.stdout == String(decoding: record, as: UTF8.self))
        #expect(guarded.stderr.contains("newsclean/over-deletion-guard"))
    }
}

@Suite("Hardening: numeric options are checked")
struct NumericOptionTests {
    @Test(
        "an out-of-range number is a usage error (64) naming the allowed range, never a crash",
        arguments: [
            (["--jsonl", "--jobs", "2305843009213693952"], "--jobs must be from 1 to 1024"),
            (["--jsonl", "--jobs", "0"], "--jobs must be from 1 to 1024"),
            (["--regex-budget", "1e16"], "--regex-budget must be from 0 to 86400 seconds"),
            (["--regex-budget", "nan"], "--regex-budget must be from 0 to 86400 seconds"),
            (["--regex-budget-per-mib=-1"], "--regex-budget-per-mib must be from 0 to 86400 seconds"),
            (["--max-removed-fraction", "nan"], "--max-removed-fraction must be from 0 to 1"),
            (["--min-remaining-bytes=-1"], "--min-remaining-bytes must not be negative"),
            (["eval", "--corpus", "corpus/dev.jsonl", "--show-lost=-1"], "--show-lost must not be negative"),
            (["eval", "--corpus", "corpus/dev.jsonl", "--min-content-kept", "2"], "--min-content-kept must be from 0 to 1"),
            (["eval", "--corpus", "corpus/dev.jsonl", "--min-junk-recall=-0.5"], "--min-junk-recall must be from 0 to 1"),
        ] as [([String], String)]
    )
    func outOfRange(arguments: [String], message: String) throws {
        let result = try runNewsclean(arguments, stdin: Data("{\"text\":\"A.\"}\n".utf8), currentDirectory: repositoryRoot)
        #expect(result.status == 64)
        #expect(result.stderr.contains("Error: \(message)"))
    }
}

@Suite("Hardening: every command checks its output")
struct OutputFailureTests {
    @Test(
        "a command whose standard output cannot be written exits 74 and says so",
        arguments: [
            ["packs"], ["lint", "Rules/generic/ads.yaml"], ["test", "Rules/generic/ads.yaml"], ["explain"],
            ["eval", "--corpus", "corpus/dev.jsonl"], [],
        ]
    )
    func fullDevice(arguments: [String]) throws {
        let process = Process()
        process.executableURL = newscleanBinary
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        let input = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data("Text.\nSubscribe now\n".utf8))
        try input.fileHandleForWriting.close()
        let stderr = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 74)
        #expect(stderr.contains("newsclean: error: cannot write the output: No space left on device"))
    }
}

@Suite("Hardening: --max-line-bytes")
struct MaxLineBytesTests {
    @Test("a line longer than --max-line-bytes is passed through and reported; exit 0")
    func longLine() throws {
        let long = #"{"text":"Subscribe now\n\#(String(repeating: "x", count: 200))"}"#
        let input = "{\"text\":\"A.\\nSubscribe now\\n\"}\n\(long)\n"
        let result = try runNewsclean(["--jsonl", "--quiet", "--max-line-bytes", "100"], stdin: Data(input.utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "{\"text\":\"A.\\n\"}\n\(long)\n")
        #expect(result.stderr == "newsclean: <stdin>:2: passed through unchanged: the line is \(long.utf8.count) bytes, "
            + "longer than the limit of 100 (--max-line-bytes)\n")
        let zero = try runNewsclean(["--jsonl", "--max-line-bytes", "0"], stdin: Data(input.utf8))
        #expect(zero.status == 64)
    }
}

@Suite("Hardening: diagnostics in linear time")
struct ManyDiagnosticsTests {
    /// A rule file of 6,000 rules, each with an invalid pattern and an unknown key: 12,000 errors.
    static let broken = (0..<6000).map { "  - id: r\($0)\n    action: delete-line\n    pattern: '^Promo\($0) (here$'\n    bogus: 1\n" }
        .joined()

    // A time limit, not a timing: each diagnostic once split the whole file (and re-read it), which took over
    // 400 s here for this file; indexed once, it takes about 2 s.
    @Test("12,000 errors in one rule file are printed, each with its line and caret", .timeLimit(.minutes(1)))
    func manyErrors() throws {
        let file = try temporaryFile("bad.yaml", "schema: 1\nid: bad\ngeneric: true\nrules:\n" + Self.broken)
        let loaded = try runNewsclean(["--no-bundled", "--rules", file.path])
        #expect(loaded.status == 65)
        #expect(loaded.stderr.components(separatedBy: ": error: ").count - 1 == 12_000)
        #expect(loaded.stderr.contains("\(file.path):23999:32: error: invalid pattern: missing closing parenthesis "
            + "(at offset 17 in the pattern) [invalid-regex]\n    pattern: '^Promo5998 (here$'\n"
            + String(repeating: " ", count: 31) + "^\n"))
        let linted = try runNewsclean(["lint", file.path])
        #expect(linted.status == 1)
        #expect(linted.stdout.hasSuffix("1 files: 12000 errors, 0 warnings\n"))
    }
}
