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

/// A new empty folder.
private func folder() throws -> URL {
    try temporaryFile("unused", "").deletingLastPathComponent()
}

/// A valid publisher pack for `host`.
private func publisherPack(_ host: String, id: String? = nil) -> String {
    """
    schema: 1
    id: \(id ?? host)
    hosts: [\(host)]
    rules:
      - id: promo
        description: Promo lines.
        action: delete-line
        pattern: '^PROMO$'

    """
}

@Suite("Rule loading: nothing silently left out")
struct RuleLoadingTests {
    @Test("a symlink to a folder, and symlinked folders inside one, are followed; a symlink loop is loaded once")
    func symlinkedFolders() throws {
        let real = try folder()
        try publisherPack("acme.com").write(to: real.appendingPathComponent("acme.com.yaml"), atomically: true, encoding: .utf8)
        let inner = real.appendingPathComponent("inner-real")
        let other = try folder()
        try publisherPack("other.org").write(to: other.appendingPathComponent("other.org.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: inner.path, withDestinationPath: other.path)
        try FileManager.default.createSymbolicLink(
            atPath: real.appendingPathComponent("loop").path, withDestinationPath: real.path)
        let link = try folder().appendingPathComponent("rules")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: real.path)
        let packs = try RuleLoader.load(paths: [link.path])
        #expect(packs.map(\.id).sorted() == ["acme.com", "other.org"])
    }

    @Test("rule files named *.YAML or *.Yml are loaded")
    func upperCaseExtensions() throws {
        let rules = try folder()
        try publisherPack("acme.com").write(to: rules.appendingPathComponent("acme.com.YAML"), atomically: true, encoding: .utf8)
        try publisherPack("other.org").write(to: rules.appendingPathComponent("other.org.Yml"), atomically: true, encoding: .utf8)
        #expect(try RuleLoader.load(paths: [rules.path]).map(\.id).sorted() == ["acme.com", "other.org"])
    }

    @Test("a folder without rule files is an error, not zero packs")
    func emptyFolder() throws {
        let empty = try folder()
        #expect {
            _ = try RuleLoader.load(paths: [empty.path])
        } throws: { error in
            (error as! RuleFileError).diagnostics.map(\.description)
                == ["\(empty.path):1:1: error: no rule files (*.yaml, *.yml) in this folder [io]"]
        }
    }

    @Test("a missing folder in NEWSCLEAN_RULES_PATH is an error naming the variable")
    func missingSearchPathFolder() throws {
        let missing = try folder().appendingPathComponent("nope").path
        #expect {
            _ = try RuleLoader.packs(paths: [], environment: ["NEWSCLEAN_RULES_PATH": missing])
        } throws: { error in
            (error as! RuleFileError).diagnostics.map(\.description)
                == ["\(missing):1:1: error: no such file or folder (named in NEWSCLEAN_RULES_PATH) [io]"]
        }
    }

    @Test("an unreadable folder is an error (not checkable as root, who reads every folder)")
    func unreadableFolder() throws {
        guard geteuid() != 0 else { return }
        let locked = try folder()
        try publisherPack("acme.com").write(to: locked.appendingPathComponent("acme.com.yaml"), atomically: true, encoding: .utf8)
        chmod(locked.path, 0)
        defer { chmod(locked.path, 0o755) }
        #expect {
            _ = try RuleLoader.load(paths: [locked.path])
        } throws: { error in
            (error as! RuleFileError).diagnostics.map(\.description)
                == ["\(locked.path):1:1: error: cannot read the folder: Permission denied [io]"]
        }
    }
}

@Suite("Packs claiming one host")
struct HostClaimTests {
    func files() throws -> (one: String, two: String) {
        let rules = try folder()
        let one = rules.appendingPathComponent("one.yaml")
        let two = rules.appendingPathComponent("two.yaml")
        try publisherPack("acme.com", id: "one").write(to: one, atomically: true, encoding: .utf8)
        try publisherPack("ACME.com", id: "two").write(to: two, atomically: true, encoding: .utf8)
        return (one.path, two.path)
    }

    @Test("two rule files of the same origin claiming one host are an error naming both files, in either order")
    func sameOrigin() throws {
        let (one, two) = try files()
        for paths in [[one, two], [two, one]] {
            #expect {
                _ = try RuleLoader.packs(paths: paths, includeBundled: false, environment: [:])
            } throws: { error in
                let messages = (error as! RuleFileError).diagnostics.map(\.description)
                return messages == [
                    "\(paths[1]):1:1: error: host 'acme.com' is claimed by pack '\(paths[1] == one ? "one" : "two")' "
                        + "and by pack '\(paths[0] == one ? "one" : "two")' (\(paths[0])); a host belongs to one pack [duplicate-host]"
                ]
            }
        }
    }

    @Test("a Cleaner given two packs claiming one host refuses them")
    func cleanerRefuses() throws {
        let one = RulePack(id: "one", scope: .publisher(hosts: ["acme.com"]), rules: [])
        let two = RulePack(id: "two", scope: .publisher(hosts: ["acme.com."]), rules: [])
        #expect {
            _ = try Cleaner(packs: [one, two])
        } throws: { error in
            (error as! CleanerError).description == "error: two: host 'acme.com' is also claimed by pack 'one'"
        }
    }

    @Test("a user pack claiming a bundled pack's host takes it over; the bundled pack keeps its other hosts")
    func userOverridesBundled() throws {
        let rules = try folder()
        let file = rules.appendingPathComponent("mine.yaml")
        try publisherPack("timeslive.co.za", id: "mine").write(to: file, atomically: true, encoding: .utf8)
        let packs = try RuleLoader.packs(paths: [file.path], environment: [:])
        let cleaner = try Cleaner(packs: packs)
        #expect(cleaner.publisherPack(forURL: "https://www.timeslive.co.za/news/")?.id == "mine")
        #expect(!packs.contains { $0.id == "timeslive.co.za" && $0.scope.hosts.contains("timeslive.co.za") })
    }
}
