import Newsclean

/// A cleaner over one generic pack `p` holding `rules`: the setup most engine tests share.
func genericCleaner(_ rules: [Rule], options: Cleaner.Options = Cleaner.Options()) throws -> Cleaner {
    try Cleaner(packs: [RulePack(id: "p", scope: .generic, rules: rules)], options: options)
}
