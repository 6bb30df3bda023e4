import ArgumentParser
import Newsclean
import NewscleanRules

extension CompletionKind {
    /// `--publisher`: the ids and hosts of the bundled publisher packs, and the folders of NEWSCLEAN_RULES_PATH.
    /// Computed only when the shell asks, never on an ordinary run.
    static var publisherPack: CompletionKind {
        .custom { _, _, prefix in
            let packs = (try? RuleLoader.packs(paths: [], includeBundled: true)) ?? []
            var names: [String] = []
            for pack in packs where !pack.scope.isGeneric {
                names.append(pack.id)
                names += pack.scope.hosts.filter { $0 != pack.id }
            }
            return names.filter { $0.hasPrefix(prefix) }.sorted()
        }
    }

    /// A rule file or a folder of them.
    static var ruleFile: CompletionKind { .file(extensions: ["yaml", "yml"]) }
}
