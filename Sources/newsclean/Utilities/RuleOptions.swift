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
            return try Cleaner(packs: packs)
        } catch {
            Diagnostics.printError(error.description)
            throw ExitCode(65)
        }
    }
}
