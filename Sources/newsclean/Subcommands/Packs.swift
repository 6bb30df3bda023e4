import ArgumentParser
import Newsclean
import NewscleanRules

extension NewscleanCommand {
    /// Lists the rule packs and their rules.
    struct Packs: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rule packs in use and their rules.")

        @OptionGroup var rules: RuleOptions

        @Flag(help: "Also list every rule.")
        var verbose = false

        func run() throws {
            for pack in try rules.loadPacks() {
                let scope = pack.scope.isGeneric ? "generic" : pack.scope.hosts.joined(separator: ", ")
                print("\(pack.id)\t\(pack.version)\t\(scope)\t\(pack.rules.count) rules\t\(pack.source ?? "")")
                if verbose {
                    for rule in pack.rules {
                        print("  \(pack.qualifiedID(of: rule))\t\(rule.action.name)\t\(rule.description)")
                    }
                }
            }
        }
    }
}
