import ArgumentParser
import Foundation
import Newsclean
import NewscleanAuthoring
import NewscleanRules

extension NewscleanCommand {
    /// Runs the examples and fixtures embedded in rule packs.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the rule packs' examples, keep texts and fixtures.",
            discussion: """
                Each rule runs alone on its examples (the output must match exactly) and keep texts (it must \
                remove nothing); each fixture runs through the full pipeline: the pack plus the generic packs. \
                Prints one line per pack and a unified diff for each failure; exits 1 on any failure.
                """
        )

        @Argument(help: ArgumentHelp("Rule files or folders to test; the bundled packs when absent.", valueName: "path"), completion: .ruleFile)
        var paths: [String] = []

        @Flag(help: "Rewrite fixtures' expected files with the actual output (look at the diff first).")
        var update = false

        @Flag(name: .customLong("no-bundled"), help: "Do not add the bundled generic packs to fixture runs.")
        var noBundled = false

        func run() throws {
            let packs: [RulePack]
            let generics: [RulePack]
            do {
                if paths.isEmpty {
                    packs = try RuleLoader.bundledPacks()
                    generics = packs.filter(\.scope.isGeneric)
                } else {
                    packs = try RuleLoader.load(paths: paths)
                    let bundled = noBundled ? [] : try RuleLoader.bundledPacks()
                    let tested = Set(packs.map(\.id))
                    generics = (bundled.filter { !tested.contains($0.id) } + packs).filter(\.scope.isGeneric)
                }
            } catch {
                Diagnostics.print(error.diagnostics)
                throw ExitCode(InputFile.exitCode(for: error.diagnostics))
            }
            if update && paths.isEmpty {
                throw ValidationError("--update needs the rule files' paths (for example: newsclean test Rules --update)")
            }
            var failed = false
            var neverFiring: [String] = []
            for pack in packs {
                let report = PackTester.test(pack, genericPacks: generics, update: update)
                print(report.summaryLine)
                for failure in report.failures {
                    print(failure.description)
                }
                for path in report.updated {
                    print("updated \(path)")
                }
                neverFiring += report.rulesNeverFiring
                failed = failed || !report.passed
            }
            if !neverFiring.isEmpty {
                print("\nrules that no example makes fire (\(neverFiring.count)):")
                for rule in neverFiring { print("  \(rule)") }
            }
            if failed { throw ExitCode.failure }
        }
    }
}
