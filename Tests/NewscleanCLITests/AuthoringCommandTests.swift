import Foundation
import Testing
import _NewscleanTestSupport

private let seedInput = "Rules/publishers/fixtures/timeslive.co.za/us-russia-syria-pact.input.txt"

/// A folder with one pack whose example fails and one fixture that does not match.
private func brokenPackFolder() throws -> URL {
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
                output: "Text.\\nPROMO here\\n"
            keep: ["A PROMO inside a sentence."]
        fixtures:
          - input: article.input.txt
            expected: article.expected.txt
            not_contains: ["PROMO"]

        """
    )
    let folder = pack.deletingLastPathComponent()
    try "Text.\nPROMO here\nMore.\n".write(to: folder.appendingPathComponent("article.input.txt"), atomically: true, encoding: .utf8)
    try "Text.\nMore text.\n".write(to: folder.appendingPathComponent("article.expected.txt"), atomically: true, encoding: .utf8)
    return folder
}

@Suite("newsclean test, lint, explain, eval, new")
struct AuthoringCommandTests {
    @Test("test passes on the bundled rules, one line per pack")
    func testBundled() throws {
        let result = try runNewsclean(["test"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("PASS timeslive.co.za (Rules/publishers/timeslive.co.za.yaml): 1 rules, 1 examples, 1 keep texts, 1 fixtures\n"))
        #expect(!result.stdout.contains("FAIL"))
    }

    @Test("test fails with a diff for a broken example and a broken fixture; --update rewrites the expected file")
    func testBroken() throws {
        let folder = try brokenPackFolder()
        let result = try runNewsclean(["test", folder.path])
        #expect(result.status == 1)
        let pack = folder.appendingPathComponent("acme.com.yaml").path
        let expected = [
            "FAIL acme.com (\(pack)): 1 rules, 1 examples, 1 keep texts, 1 fixtures, 2 failed",
            "\(pack):10:9: error: acme.com/promo: example output differs",
            "--- expected",
            "+++ actual",
            "@@ -1,2 +1,1 @@",
            " Text.",
            "-PROMO here",
            "",
            "\(pack):14:5: error: fixture 'article.input.txt' does not clean to 'article.expected.txt'",
            "--- \(folder.path)/article.expected.txt",
            "+++ newsclean output",
            "@@ -1,2 +1,2 @@",
            " Text.",
            "-More text.",
            "+More.",
            "",
            "",
        ]
        #expect(result.stdout == expected.joined(separator: "\n"))
        let updated = try runNewsclean(["test", folder.path, "--update"])
        #expect(updated.stdout.contains("updated \(folder.path)/article.expected.txt"))
        #expect(try String(contentsOf: folder.appendingPathComponent("article.expected.txt"), encoding: .utf8) == "Text.\nMore.\n")
    }

    @Test("lint is clean on the bundled rules and reports a broken file in compiler format, or as JSON")
    func lint() throws {
        let bundled = try runNewsclean(["lint"])
        #expect(bundled.status == 0)
        #expect(bundled.stdout.contains(" files: 0 errors, "))
        let broken = try temporaryFile("b.yaml", "schema: 1\nid: b\ngeneric: true\nrules:\n  - id: r\n    action: delete-line\n    patern: x\n")
        let text = try runNewsclean(["lint", broken.path])
        #expect(text.status == 1)
        #expect(text.stdout == """
            \(broken.path):5:5: error: action 'delete-line' needs 'pattern' or 'text' [missing-key]
              - id: r
                ^
            \(broken.path):7:5: error: unknown key 'patern' in rule (did you mean 'pattern'?) [unknown-key]
                patern: x
                ^
            1 files: 2 errors, 0 warnings

            """)
        let json = try runNewsclean(["lint", "--format", "json", broken.path])
        let objects = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(objects?.count == 2)
        #expect(objects?.first?["check"] as? String == "missing-key")
        #expect(objects?.last?["line"] as? Int == 7)
        #expect(objects?.last?["column"] as? Int == 5)
    }

    @Test("explain names the rule, pack and rule location beside each change; plain when piped; JSON on request")
    func explain() throws {
        let text = try runNewsclean(["explain", "--publisher", "timeslive.co.za", repositoryFile(seedInput).path])
        #expect(text.status == 0)
        #expect(!text.stdout.contains("\u{1B}["))
        // The line of the rule in its file, found rather than hard-coded, so that editing the pack does not break this.
        let ruleLine = try String(contentsOf: repositoryFile("Rules/generic/image-credits.yaml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasSuffix("- id: labelled-credit") }.map { $0 + 1 } ?? 0
        #expect(text.stdout.contains("""
            @@ line 11 @@ generic.image-credits/labelled-credit (Rules/generic/image-credits.yaml:\(ruleLine))
            -Image: ALEXEI DRUZHININ/REUTERS

            """))
        let colored = try runNewsclean(["explain", "--color", "always", repositoryFile(seedInput).path])
        #expect(colored.stdout.contains("\u{1B}[31m-Image: ALEXEI DRUZHININ/REUTERS\u{1B}[0m"))
        let json = try runNewsclean(["explain", "--format", "json", "--publisher", "timeslive.co.za", repositoryFile(seedInput).path])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let removals = object?["removals"] as? [[String: Any]] ?? []
        #expect(removals.count == 10)
        let credit = removals.first { $0["rule"] as? String == "generic.image-credits/labelled-credit" }
        #expect(credit?["start"] as? Int == 754)
        #expect(credit?["end"] as? Int == 786)
        #expect(credit?["start_line"] as? Int == 11)
        #expect(credit?["text"] as? String == "Image: ALEXEI DRUZHININ/REUTERS\n")
        let location = credit?["rule_location"] as? [String: Any]
        #expect(location?["file"] as? String == "Rules/generic/image-credits.yaml")
        #expect(location?["line"] as? Int == ruleLine)
        #expect(location?["column"] as? Int == 5)
        // A partial-line change shows the line before and after.
        let inline = try temporaryFile("i.yaml", "schema: 1\nid: i\ngeneric: true\nrules:\n  - id: ad\n    action: delete-match\n    text: '[ad]'\n")
        let partial = try runNewsclean(["clean", "--explain", "--no-bundled", "--rules", inline.path], stdin: Data("Story [ad] goes on.\n".utf8))
        #expect(partial.stdout == "publisher pack: none; 1 changes\n@@ line 1 @@ i/ad (\(inline.path):5)\n-Story [ad] goes on.\n+Story  goes on.\n")
    }

    @Test("eval prints the figures overall, per publisher and per rule; --format json; thresholds fail the run")
    func eval() throws {
        let corpus = try temporaryFile(
            "c.jsonl",
            """
            {"id": "a", "url": "https://x.com/1", "publisher_domain": "x.com", "text": "Real article text here.\\nSubscribe now\\nMore real text.", "labels": ["content", "junk", "content"]}
            {"id": "b", "url": "https://y.com/1", "publisher_domain": "y.com", "text": "Image: JANE DOE/AFP\\nStory.\\nZzz widget 42", "labels": ["junk", "content", "junk"]}

            """
        )
        let result = try runNewsclean(["eval", "--corpus", corpus.path])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("records 2  junk lines 3  content lines 3\njunk recall 0.6667  content kept 1.0000\n"))
        #expect(result.stdout.contains("x.com                            1  1.0000        2  1.0000\n"))
        #expect(result.stdout.contains("generic.paywall/subscribe-cta                            1        0        0      1     1\n"))
        // One side of a publisher split, from a file; and the generic rules that fired on too few pages.
        let split = try temporaryFile("split.txt", "# held out\ny.com\n")
        let trained = try runNewsclean(["eval", "--corpus", corpus.path, "--skip-publishers-in", split.path, "--narrow-rules"])
        #expect(trained.stdout.hasPrefix("records 1  junk lines 1  content lines 2\n"))
        #expect(trained.stdout.contains("\n  generic.paywall/subscribe-cta" + String(repeating: " ", count: 31) + "1 records, 1 publishers\n"))
        let heldOut = try runNewsclean(["eval", "--corpus", corpus.path, "--only-publishers-in", split.path])
        #expect(heldOut.stdout.hasPrefix("records 1  junk lines 2  content lines 1\n"))
        // Label corrections relabel a line, named by record, number and the start of its text, before scoring.
        let fixes = try temporaryFile("fixes.tsv", "# a comment\na\t2\tcontent\tnot junk after all\tSubscribe\n")
        let corrected = try runNewsclean(["eval", "--corpus", corpus.path, "--label-corrections", fixes.path])
        #expect(corrected.stdout.hasPrefix(
            "label corrections: 1 lines of the corpus relabelled before scoring\nrecords 2  junk lines 2  content lines 4\n"))
        let wrong = try temporaryFile("wrong.tsv", "a\t2\tcontent\tnot junk\tSomething else\n")
        let refused = try runNewsclean(["eval", "--corpus", corpus.path, "--label-corrections", wrong.path])
        #expect(refused.status == 65)
        #expect(refused.stderr == "\(wrong.path):1: error: line 2 of 'a' does not start with \"Something else\"\n")
        let json = try runNewsclean(["eval", "--corpus", corpus.path, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let overall = object?["overall"] as? [String: Any]
        #expect(overall?["junk_removed"] as? Int == 2)
        #expect(overall?["content_kept_lines"] as? Int == 3)
        let failing = try runNewsclean(["eval", "--corpus", corpus.path, "--min-junk-recall", "0.9"])
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("junk recall 0.6666666666666666 is below 0.9"))
        let bad = try temporaryFile("bad.jsonl", "{\"text\": \"a\\nb\", \"labels\": [\"content\"]}\n")
        let badResult = try runNewsclean(["eval", "--corpus", bad.path])
        #expect(badResult.status == 65)
        #expect(badResult.stderr == "\(bad.path):1: error: 1 labels for 2 lines of text\n")
    }

    @Test("new drafts a pack from samples that test and lint accept, and will not overwrite it")
    func new() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("newsclean-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let one = folder.appendingPathComponent("one.txt")
        let two = folder.appendingPathComponent("two.txt")
        try "Headline one\nStory one is about rain.\nACME WEATHER DESK (NORTH) 7\nThe end of one.\n".write(to: one, atomically: true, encoding: .utf8)
        try "Headline two\nStory two is about sun.\nACME WEATHER DESK (NORTH) 7\nThe end of two.\n".write(to: two, atomically: true, encoding: .utf8)
        let rulesDir = folder.appendingPathComponent("rules").path
        let result = try runNewsclean(["new", "acme.example", one.path, two.path, "--rules-dir", rulesDir])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("wrote \(rulesDir)/acme.example.yaml: 1 draft rules from 2 samples\n"))
        let pack = try String(contentsOfFile: rulesDir + "/acme.example.yaml", encoding: .utf8)
        #expect(pack.contains("    pattern: '^[ \\t]*ACME WEATHER DESK \\(NORTH\\) \\d+[ \\t]*\\r?$'\n"))
        // The fixture is the sample with the most furniture (the second: its weather-desk line recurs).
        let expected = try String(contentsOfFile: rulesDir + "/fixtures/acme.example/two.expected.txt", encoding: .utf8)
        #expect(expected == "Headline two\nStory two is about sun.\nThe end of two.\n")
        #expect(try runNewsclean(["test", rulesDir]).status == 0)
        #expect(try runNewsclean(["lint", rulesDir]).stdout.hasSuffix("1 files: 0 errors, 0 warnings\n"))
        let again = try runNewsclean(["new", "acme.example", one.path, "--rules-dir", rulesDir])
        #expect(again.status == 1)
        #expect(again.stderr.contains("exists; use --force to overwrite it"))
        #expect(try runNewsclean(["new", "not a domain"]).status == 64)
    }

    @Test("new drafts the same rules from CRLF samples, checks the domain first, and warns of a bundled pack")
    func newFixes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("newsclean-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var samples: [String] = []
        for name in ["one", "two"] {
            let url = folder.appendingPathComponent("\(name).txt")
            try "Story \(name) is here, told at length.\r\nSign up for the Acme briefing\r\nThe end of \(name).\r\n"
                .write(to: url, atomically: true, encoding: .utf8)
            samples.append(url.path)
        }
        let rulesDir = folder.appendingPathComponent("rules").path
        let crlf = try runNewsclean(["new", "123.com"] + samples + ["--rules-dir", rulesDir])
        #expect(crlf.status == 0)
        #expect(crlf.stdout.hasPrefix("wrote \(rulesDir)/123.com.yaml: 1 draft rules from 2 samples\n"))
        let pack = try String(contentsOfFile: rulesDir + "/123.com.yaml", encoding: .utf8)
        #expect(pack.contains("\nid: site-123.com\n"))
        #expect(pack.contains("    pattern: '^[ \\t]*Sign up for the Acme briefing[ \\t]*\\r?$'\n"))
        #expect(try runNewsclean(["test", rulesDir]).status == 0)
        let unicode = try runNewsclean(["new", "münchen.de"] + samples + ["--rules-dir", rulesDir])
        #expect(unicode.status == 64)
        #expect(unicode.stderr.contains("'xn--mnchen-3ya.de'"))
        #expect(!FileManager.default.fileExists(atPath: rulesDir + "/münchen.de.yaml"))
        let bundled = try runNewsclean(["new", "theverge.com"] + samples + ["--rules-dir", rulesDir])
        #expect(bundled.status == 0)
        #expect(bundled.stderr.contains("warning: the bundled pack 'theverge.com' already covers theverge.com"))
    }

    @Test("learn writes a pack per host with enough pages, and --apply cleans the crawl, but not from stdin")
    func learn() throws {
        var crawl = ""
        for index in 0..<3 {
            let text = "Story number \(index) is about the harbour, and it runs for a while.\nSign up for the Acme "
                + "briefing\nIt ended well for everyone who was there, said page \(index).\n"
            let record = try JSONSerialization.data(withJSONObject: ["url": "https://acme.com/\(index)", "text": text])
            crawl += String(decoding: record, as: UTF8.self) + "\n"
        }
        crawl += "{\"url\": \"https://other.org/1\", \"text\": \"One page only\"}\nnot json\n"
        let file = try temporaryFile("crawl.jsonl", crawl)
        let rulesDir = file.deletingLastPathComponent().appendingPathComponent("packs").path
        let result = try runNewsclean(["learn", file.path, "--rules-dir", rulesDir, "--min-pages", "3"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            host        pages  distinct  rules  est. bytes removed
            acme.com        3         3      1                  90
            1 packs written; 1 hosts with fewer than 3 distinct pages skipped; 1 records without text or URL host skipped

            """)
        #expect(try runNewsclean(["test", rulesDir]).status == 0)
        #expect(try runNewsclean(["lint", rulesDir]).stdout.hasSuffix("1 files: 0 errors, 0 warnings\n"))
        let applied = try runNewsclean(["learn", file.path, "--rules-dir", rulesDir, "--min-pages", "3", "--force",
                                        "--apply"])
        #expect(applied.status == 0)
        #expect(!applied.stdout.contains("Sign up"))
        // Prose of one shape on every page ("Story number 2 is ...") is article text: it stays.
        #expect(applied.stdout.contains("Story number 2 is about the harbour"))
        #expect(applied.stdout.split(separator: "\n").count == 5)
        let verge = try temporaryFile(
            "verge.jsonl", crawl.replacingOccurrences(of: "acme.com", with: "www.theverge.com"))
        let covered = try runNewsclean(["learn", verge.path, "--rules-dir", rulesDir, "--min-pages", "3"])
        #expect(covered.stdout.hasSuffix(
            "note: bundled packs cover theverge.com too; --apply uses the learned pack there\n"))
        let stdin = try runNewsclean(["learn", "--rules-dir", rulesDir, "--apply"], stdin: Data(crawl.utf8))
        #expect(stdin.status == 64)
        #expect(stdin.stderr.contains("--apply reads the crawl twice (learn, then clean), so it needs files"))
    }

    @Test("learn shows its progress on standard error with --progress (drafting included) and nothing with --no-progress")
    func learnProgress() throws {
        var crawl = ""
        for index in 0..<3 {
            let text = "Story \(index) is about the harbour.\nSign up for the Acme briefing\n"
            let record = try JSONSerialization.data(withJSONObject: ["url": "https://acme.com/\(index)", "text": text])
            crawl += String(decoding: record, as: UTF8.self) + "\n"
        }
        let file = try temporaryFile("crawl.jsonl", crawl)
        let rulesDir = file.deletingLastPathComponent().appendingPathComponent("packs").path
        let shown = try runNewsclean(["learn", file.path, "--rules-dir", rulesDir, "--min-pages", "3", "--progress"])
        #expect(shown.status == 0)
        #expect(shown.stderr.contains("\r\u{1B}[Kdrafting packs: 1 of 1 hosts"))
        #expect(shown.stderr.hasSuffix("\r\u{1B}[K"))
        let quiet = try runNewsclean(["learn", file.path, "--rules-dir", rulesDir, "--min-pages", "3", "--force",
                                      "--no-progress", "--jobs", "1"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
        #expect(quiet.stdout == shown.stdout)
        // The same records split over two files, with a blank line, a record without a URL and no final line
        // break, learn the same pack; the record without a URL is counted as skipped.
        let lines = crawl.split(separator: "\n")
        let first = try temporaryFile("first.jsonl", lines[0] + "\n\n" + #"{"text": "No URL"}"# + "\n")
        let second = try temporaryFile("second.jsonl", lines[1] + "\n" + lines[2])
        let split = try runNewsclean(["learn", first.path, second.path, "--rules-dir", rulesDir, "--min-pages", "3",
                                      "--force"])
        #expect(split.status == 0)
        #expect(split.stdout == shown.stdout.replacingOccurrences(
            of: "skipped\n", with: "skipped; 1 records without text or URL host skipped\n"))
        #expect(try String(contentsOfFile: rulesDir + "/acme.com.yaml", encoding: .utf8).contains("Sign up for"))
        let badJobs = try runNewsclean(["learn", file.path, "--rules-dir", rulesDir, "--jobs", "0"])
        #expect(badJobs.status == 64)
        #expect(badJobs.stderr.contains("--jobs must be from 1 to 1024"))
    }

    @Test("eval --learned-packs scores each page with a pack learned from the publisher's other pages, or from all")
    func evalLearnedPacks() throws {
        let openings = ["The council met on Tuesday and agreed the budget after a long debate over the bridge.",
                        "Flooding closed three schools in the valley, and parents were told to keep children home.",
                        "A local baker won the regional prize for her sourdough, beating forty other entrants."]
        var corpus = ""
        for (index, opening) in openings.enumerated() {
            let letter = ["A", "B", "C"][index]
            let lines = [opening, "More from Acme", "Storm story \(letter) hits coast", "Vote story \(letter) counted",
                         "Residents of street \(letter) said they would appeal, and the mayor promised a hearing.",
                         "Printed edition of \(index + 1) March 2024"]
            let record: [String: Any] = [
                "id": "acme-\(index)", "url": "https://www.acme.com/news/\(index)", "publisher_domain": "acme.com",
                "text": lines.joined(separator: "\n"), "labels": ["content", "junk", "junk", "junk", "content", "junk"],
            ]
            corpus += String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self) + "\n"
        }
        // A publisher with one page is left out: nothing recurs on one page.
        corpus += #"{"id": "solo", "publisher_domain": "solo.org", "text": "Only page.", "labels": ["content"]}"# + "\n"
        let file = try temporaryFile("labelled.jsonl", corpus)
        let generic = ["eval", "--corpus", file.path, "--no-bundled", "--rules", repositoryFile("Rules/generic").path]
        let alone = try runNewsclean(generic + ["--only-publisher", "acme.com"])
        #expect(alone.stdout.hasPrefix("records 3  junk lines 12  content lines 6\njunk recall 0.7500  content kept 1.0000\n"))
        let heldOut = try runNewsclean(generic + ["--learned-packs", "other-pages"])
        #expect(heldOut.status == 0)
        #expect(heldOut.stdout.hasPrefix("""
            learned packs: 3, 3 with rules; 6 rules, 0 dropped (their own examples failed)
            records 3  junk lines 12  content lines 6
            junk recall 1.0000  content kept 1.0000

            """))
        #expect(heldOut.stdout.contains("acme.com/printed-edition-of-month                        3        0"))
        let inSample = try runNewsclean(generic + ["--learned-packs", "all-pages"])
        #expect(inSample.stdout.hasPrefix("learned packs: 1, 1 with rules; 2 rules, 0 dropped"))
        let wrong = try runNewsclean(generic + ["--learned-packs", "some-pages"])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("--learned-packs takes other-pages or all-pages"))
    }
}
