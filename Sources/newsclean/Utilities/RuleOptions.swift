import ArgumentParser
import Newsclean
import NewscleanRules

/// Which rule packs a command uses.
struct RuleOptions: ParsableArguments {
    @Option(
        name: .customLong("rules"),
        help: ArgumentHelp(
            "A rule file or folder of rule files to add (repeatable). Folders in $\(RuleLoader.searchPathVariable) are added too.",
            valueName: "path"
        )
    )
    var paths: [String] = []

    @Flag(name: .customLong("no-bundled"), help: "Leave out the rule packs bundled with newsclean.")
    var noBundled = false

    @Option(help: ArgumentHelp(
        "Pass a document through unchanged when the rules would remove more than this share of it (1: never).",
        valueName: "fraction"
    ))
    var maxRemovedFraction = Cleaner.Options().maxRemovedFraction

    @Option(help: ArgumentHelp(
        "Pass a document through unchanged when the rules would leave fewer bytes than this (0: never).",
        valueName: "bytes"
    ))
    var minRemainingBytes = Cleaner.Options().minRemainingBytes

    func validate() throws {
        guard (0...1).contains(maxRemovedFraction) else {
            throw ValidationError("--max-removed-fraction must be between 0 and 1")
        }
        guard minRemainingBytes >= 0 else { throw ValidationError("--min-remaining-bytes must not be negative") }
    }

    /// Loads the packs, or exits 65 with every diagnostic on stderr.
    func loadPacks() throws -> [RulePack] {
        do {
            return try RuleLoader.packs(paths: paths, includeBundled: !noBundled)
        } catch {
            Diagnostics.print(error.diagnostics)
            throw ExitCode(65)
        }
    }

    /// A cleaner over the packs, or exits 65.
    func makeCleaner() throws -> Cleaner {
        let packs = try loadPacks()
        do {
            var options = Cleaner.Options()
            options.maxRemovedFraction = maxRemovedFraction
            options.minRemainingBytes = minRemainingBytes
            return try Cleaner(packs: packs, options: options)
        } catch {
            Diagnostics.printError(error.description)
            throw ExitCode(65)
        }
    }
}
