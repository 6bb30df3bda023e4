public import Newsclean
internal import NewscleanRules
internal import Foundation

/// Runs a pack's tests: every rule's examples and keep texts with the rule alone, and every fixture through the
/// full pipeline (the pack plus the generic packs).
public enum PackTester {
    /// One failed check.
    public struct Failure: Sendable, CustomStringConvertible {
        public var location: SourceLocation?
        /// The rule concerned, or nil for a fixture.
        public var ruleID: String?
        public var message: String
        /// A unified diff from expected to actual, when there is one.
        public var diff: String

        public var description: String {
            let place = location.map { "\($0): " } ?? ""
            let rule = ruleID.map { "\($0): " } ?? ""
            return "\(place)error: \(rule)\(message)" + (diff.isEmpty ? "" : "\n" + diff)
        }
    }

    /// The outcome for one pack.
    public struct Report: Sendable {
        public var packID: String
        public var source: String?
        public var rules: Int
        public var examples: Int
        public var keeps: Int
        public var fixtures: Int
        public var failures: [Failure]
        /// Rules whose examples never make them remove or rewrite anything.
        public var rulesNeverFiring: [String]
        /// Expected files rewritten by `update`.
        public var updated: [String]

        public var passed: Bool { failures.isEmpty }

        /// `PASS pack-id (file): N rules, N examples, N keep texts, N fixtures`.
        public var summaryLine: String {
            let where_ = source.map { " (\($0))" } ?? ""
            return "\(passed ? "PASS" : "FAIL") \(packID)\(where_): \(rules) rules, \(examples) examples, "
                + "\(keeps) keep texts, \(fixtures) fixtures"
                + (failures.isEmpty ? "" : ", \(failures.count) failed")
        }
    }

    /// Reads a file that a pack names, given its path relative to the repository or working directory.
    public typealias FileReader = @Sendable (String) -> String?

    /// Reads fixtures from the bundled copies first, then from disk.
    public static let defaultReader: FileReader = { path in
        RuleLoader.bundledFile(atPath: path) ?? (try? String(contentsOfFile: path, encoding: .utf8))
    }

    /// Tests `pack`. Fixtures run with `genericPacks` (the pack itself is left out of them if it is generic).
    ///
    /// - Parameter update: rewrite a fixture's expected file with the actual output when they differ.
    public static func test(
        _ pack: RulePack,
        genericPacks: [RulePack],
        read: FileReader = defaultReader,
        update: Bool = false
    ) -> Report {
        let examples = ExampleChecker.check(pack, companions: genericPacks)
        var report = Report(
            packID: pack.id,
            source: pack.source,
            rules: pack.rules.count,
            examples: examples.examplesRun,
            keeps: examples.keepsRun,
            fixtures: pack.fixtures.count,
            failures: [],
            rulesNeverFiring: examples.rulesNeverFiring,
            updated: []
        )
        for failure in examples.failures {
            report.failures.append(
                Failure(
                    location: failure.location,
                    ruleID: failure.ruleID,
                    message: failure.message,
                    diff: failure.message.hasPrefix("example")
                        ? LineDiff.unified(expected: failure.expected, actual: failure.actual) : ""
                )
            )
        }
        guard !pack.fixtures.isEmpty else { return report }
        let others = genericPacks.filter { $0.id != pack.id }
        let cleaner: Cleaner
        do {
            cleaner = try Cleaner(packs: others + [pack])
        } catch {
            report.failures.append(Failure(location: nil, ruleID: nil, message: "\(error)", diff: ""))
            return report
        }
        let directory = pack.source.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") || directory.isEmpty ? path : (directory as NSString).appendingPathComponent(path)
        }
        let realDirectory = directory.isEmpty ? nil : realPath(directory)
        /// `path`, or nil (and a failure) when it leaves the pack's folder once symlinks are resolved.
        func confined(_ path: String, _ fixture: RulePack.Fixture, name: String) -> String? {
            guard let realDirectory else { return path }
            let real = realPath(path) ?? realPathOfMissingFile(path)
            if let real, real.hasPrefix(realDirectory + "/") { return path }
            report.failures.append(
                Failure(location: fixture.location, ruleID: nil,
                        message: "fixture path '\(name)' resolves to '\(real ?? path)', outside the pack's folder",
                        diff: "")
            )
            return nil
        }
        for fixture in pack.fixtures {
            guard let inputPath = confined(resolve(fixture.input), fixture, name: fixture.input) else { continue }
            guard let input = read(inputPath) else {
                report.failures.append(
                    Failure(location: fixture.location, ruleID: nil, message: "cannot read fixture '\(inputPath)'", diff: "")
                )
                continue
            }
            let output = cleaner.clean(input, url: fixture.url, publisher: fixture.url == nil ? pack.id : nil).text
            if let expectedName = fixture.expected,
               let expectedPath = confined(resolve(expectedName), fixture, name: expectedName) {
                let expected = read(expectedPath)
                if expected != output {
                    if update {
                        do {
                            try output.write(toFile: realPath(expectedPath) ?? expectedPath, atomically: true, encoding: .utf8)
                            report.updated.append(expectedPath)
                        } catch {
                            report.failures.append(
                                Failure(location: fixture.location, ruleID: nil,
                                        message: "cannot write '\(expectedPath)': \(error)", diff: "")
                            )
                        }
                    } else if let expected {
                        report.failures.append(
                            Failure(
                                location: fixture.location,
                                ruleID: nil,
                                message: "fixture '\(fixture.input)' does not clean to '\(expectedName)'",
                                diff: LineDiff.unified(
                                    expected: expected,
                                    actual: output,
                                    expectedName: expectedPath,
                                    actualName: "newsclean output"
                                )
                            )
                        )
                    } else {
                        report.failures.append(
                            Failure(location: fixture.location, ruleID: nil,
                                    message: "cannot read expected file '\(expectedPath)' (create it with --update)",
                                    diff: "")
                        )
                    }
                }
            }
            for text in fixture.contains where !output.contains(text) {
                report.failures.append(
                    Failure(location: fixture.location, ruleID: nil,
                            message: "cleaned '\(fixture.input)' does not contain \"\(text)\"", diff: "")
                )
            }
            for text in fixture.notContains where output.contains(text) {
                report.failures.append(
                    Failure(location: fixture.location, ruleID: nil,
                            message: "cleaned '\(fixture.input)' still contains \"\(text)\"", diff: "")
                )
            }
        }
        return report
    }

    /// The canonical path of an existing file or folder, symlinks resolved.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The canonical path a file that does not exist yet would have: its folder's, plus its name. A dangling
    /// symlink has none (writing through it could create a file anywhere).
    static func realPathOfMissingFile(_ path: String) -> String? {
        var status = stat()
        guard lstat(path, &status) != 0 else { return nil }
        let name = (path as NSString).lastPathComponent
        guard name != "..", name != ".", let folder = realPath((path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent) else { return nil }
        return (folder as NSString).appendingPathComponent(name)
    }
}
