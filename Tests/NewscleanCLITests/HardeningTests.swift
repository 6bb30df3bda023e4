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
