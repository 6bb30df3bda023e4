import Foundation
import Newsclean
import NewscleanAuthoring
import NewscleanRules
import Testing
import _NewscleanTestSupport

@Suite("Bundled rules")
struct BundledRulesTests {
    @Test("every bundled file parses without a diagnostic")
    func parse() {
        #expect(!RuleLoader.bundledRuleFiles.isEmpty)
        for file in RuleLoader.bundledRuleFiles {
            let (pack, diagnostics) = RuleFileParser.parse(file.text, path: file.path)
            #expect(diagnostics.map(\.description) == [], "\(file.path)")
            #expect(pack != nil, "\(file.path)")
        }
    }

    @Test("every bundled file lints without errors; generic rules all have prefilter literals and none backtracks")
    func lint() {
        for file in RuleLoader.bundledRuleFiles {
            let findings = Linter.lint(file.text, path: file.path)
            let generic = file.path.hasPrefix("Rules/generic/")
            let unacceptable = findings.filter { finding in
                finding.severity == .error || finding.checkID == "backtracking"
                    || (generic && finding.severity == .warning)
            }
            #expect(unacceptable.map(\.description) == [], "\(file.path)")
        }
    }

    @Test("the embedded copies are the files of Rules/ as they are now")
    func embeddedMatchesSource() throws {
        for file in RuleLoader.bundledFiles {
            let onDisk = try String(contentsOf: repositoryFile(file.path), encoding: .utf8)
            #expect(onDisk == file.text, "\(file.path) changed since the build embedded it")
        }
        let onDisk = try RuleLoader.ruleFiles(atPath: repositoryFile("Rules").path)
            .map { String($0.dropFirst(repositoryRoot.path.count + 1)) }
        #expect(onDisk == RuleLoader.bundledRuleFiles.map(\.path))
    }

    @Test("every bundled rule has an example it fires on and a text it must keep, and all of them hold")
    func examples() throws {
        let packs = try RuleLoader.bundledPacks()
        let generic = packs.filter(\.scope.isGeneric)
        for pack in packs {
            for rule in pack.rules {
                #expect(!rule.description.isEmpty, "\(pack.qualifiedID(of: rule)) has no description")
                #expect(!rule.examples.isEmpty, "\(pack.qualifiedID(of: rule)) has no example")
                #expect(!rule.keep.isEmpty, "\(pack.qualifiedID(of: rule)) has no keep text")
            }
            let report = ExampleChecker.check(pack, companions: generic)
            for failure in report.failures {
                Issue.record("\(failure)\n--- expected\n\(failure.expected)\n+++ actual\n\(failure.actual)")
            }
            #expect(report.rulesNeverFiring == [], "\(pack.id)")
        }
    }

    @Test("the timeslive.co.za seed comes out byte for byte as expected through the library")
    func seed() throws {
        let folder = "Rules/publishers/fixtures/timeslive.co.za/"
        let input = try String(contentsOf: repositoryFile(folder + "us-russia-syria-pact.input.txt"), encoding: .utf8)
        let expected = try String(
            contentsOf: repositoryFile(folder + "us-russia-syria-pact.expected.txt"),
            encoding: .utf8
        )
        let cleaner = try Cleaner(packs: .bundled)
        let result = cleaner.clean(input, url: "https://www.timeslive.co.za/news/world/2016-09-06-us-russia-syria-pact/")
        #expect(result.text == expected)
        #expect(result.publisherPackID == "timeslive.co.za")
        #expect(result.warnings.isEmpty)
        // Every removal is explained: which rule of which pack removed which text.
        let explained = result.removals.map { "\($0.ruleID): \($0.removedText(in: input))" }
        #expect(explained == [
            "generic.paywall/price-offer: subscribe Just R20 for the first month. Support independent journalism by subscribing to our digital news package.\n",
            "generic.paywall/support-journalism: subscribe Just R20 for the first month. Support independent journalism by subscribing to our digital news package.\n",
            "timeslive.co.za/digital-package-promo: subscribe Just R20 for the first month. Support independent journalism by subscribing to our digital news package.\n",
            "generic.paywall/subscribe-cta: Subscribe now\n",
            "generic.captions/repeated-line: DEATH STARE: Russian President Vladimir Putin meets his US counterpart, Barack Obama, on the sidelines of the G20 summit in Hangzhou, China, yesterday.\n",
            "generic.image-credits/labelled-credit: Image: ALEXEI DRUZHININ/REUTERS\n",
            "generic.paywall/price-offer: subscribe Just R20 for the first month. Support independent journalism by subscribing to our digital news package.\n",
            "generic.paywall/support-journalism: subscribe Just R20 for the first month. Support independent journalism by subscribing to our digital news package.\n",
            "timeslive.co.za/digital-package-promo: subscribe Just R20 for the first month. Support independent journalism by subscribing to our digital news package.\n",
            "generic.paywall/subscribe-cta: Subscribe now",
        ])
    }
}

@Suite("Rule loader")
struct RuleLoaderTests {
    static let pack = "schema: 1\nid: extra\ngeneric: true\nrules:\n  - id: x\n    action: delete-line\n    text: XXX\n"

    @Test("a folder is searched recursively; errors of every file are reported together")
    func folder() throws {
        let file = try temporaryFile("a.yaml", Self.pack)
        let folder = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try "schema: 1\nid: broken\n".write(to: folder.appendingPathComponent("sub/b.yml"), atomically: true, encoding: .utf8)
        try "not a rule file".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        do {
            _ = try RuleLoader.load(paths: [folder.path])
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.checkID) == ["scope", "missing-key"])
            #expect(error.diagnostics.allSatisfy { $0.location.file.hasSuffix("sub/b.yml") })
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("sub"))
        #expect(try RuleLoader.load(paths: [folder.path]).map(\.id) == ["extra"])
    }

    @Test("bundled packs, then the search path, then --rules; a pack id may appear once")
    func order() throws {
        let file = try temporaryFile("extra.yaml", Self.pack)
        let folder = file.deletingLastPathComponent().path
        let packs = try RuleLoader.packs(paths: [], environment: [RuleLoader.searchPathVariable: "::\(folder)"])
        #expect(packs.last?.id == "extra")
        #expect(packs.count == (try RuleLoader.bundledPacks().count) + 1)
        #expect(throws: RuleFileError.self) {
            try RuleLoader.packs(paths: [folder], environment: [RuleLoader.searchPathVariable: folder])
        }
        #expect(try RuleLoader.packs(paths: [folder], includeBundled: false, environment: [:]).map(\.id) == ["extra"])
    }
}
