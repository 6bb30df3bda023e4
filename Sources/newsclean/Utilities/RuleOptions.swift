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
        ),
        completion: .ruleFile
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

    @Option(help: ArgumentHelp(
        "The regex time budget of a document: this many seconds, plus --regex-budget-per-mib for each MiB of text, for all rules together; a rule still matching when it runs out is skipped, and so are the rules after it (0: no budget).",
        valueName: "seconds"
    ))
    var regexBudget = Cleaner.Options().regexTimePerDocument?.secondsValue ?? 0

    @Option(help: ArgumentHelp("The part of the regex time budget per MiB of text.", valueName: "seconds"))
    var regexBudgetPerMib = Cleaner.Options().regexTimePerMebibyte.secondsValue

    /// The largest regex time budget accepted, in seconds: a day.
    static let maximumBudgetSeconds = 86_400.0

    func validate() throws {
        guard (0...1).contains(maxRemovedFraction) else {
            throw ValidationError("--max-removed-fraction must be from 0 to 1")
        }
        guard minRemainingBytes >= 0 else { throw ValidationError("--min-remaining-bytes must not be negative") }
        for (name, value) in [("--regex-budget", regexBudget), ("--regex-budget-per-mib", regexBudgetPerMib)] {
            guard (0...Self.maximumBudgetSeconds).contains(value) else {
                throw ValidationError("\(name) must be from 0 to \(Int(Self.maximumBudgetSeconds)) seconds")
            }
        }
    }

    /// Loads the packs, or exits 65 (66 when a path cannot be read) with every diagnostic on stderr.
    func loadPacks() throws -> [RulePack] {
        do {
            return try RuleLoader.packs(paths: paths, includeBundled: !noBundled)
        } catch {
            Diagnostics.print(error.diagnostics)
            throw ExitCode(InputFile.exitCode(for: error.diagnostics))
        }
    }

    /// A cleaner over the packs, or exits 65.
    /// The cleaner's options these flags set.
    func cleanerOptions() -> Cleaner.Options {
        var options = Cleaner.Options()
        options.maxRemovedFraction = maxRemovedFraction
        options.minRemainingBytes = minRemainingBytes
        options.regexTimePerDocument = regexBudget > 0 ? .milliseconds(Int64(regexBudget * 1000)) : nil
        options.regexTimePerMebibyte = .milliseconds(Int64(regexBudgetPerMib * 1000))
        return options
    }

    func makeCleaner(profilesRules: Bool = false) throws -> Cleaner {
        let packs = try loadPacks()
        do {
            var options = cleanerOptions()
            options.profilesRules = profilesRules
            return try Cleaner(packs: packs, options: options)
        } catch {
            Diagnostics.printError(error.description)
            throw ExitCode(65)
        }
    }
}

extension Duration {
    /// The duration in seconds.
    fileprivate var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
