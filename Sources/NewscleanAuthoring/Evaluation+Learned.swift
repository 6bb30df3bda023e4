public import Newsclean
internal import NewscleanRules

extension Evaluation {
    /// Which pages a learned pack is learned from, when a labelled corpus scores `learn`.
    public enum LearnedFrom: String, Sendable, CaseIterable {
        /// The publisher's other pages: the page scored is held out (what a new user gets on a page not yet seen).
        case otherPages = "other-pages"
        /// All of the publisher's pages, the page scored included: not held out, for comparison only.
        case allPages = "all-pages"
    }

    /// What ``learnedPacks(_:packs:from:options:)`` learned, beside its scores.
    public struct LearnedSummary: Sendable {
        /// The packs learned (one per page scored, or per publisher with `allPages`) and those with rules.
        public var packs = 0
        public var packsWithRules = 0
        /// The rules of all the packs learned, and those dropped because their own examples failed.
        public var rules = 0
        public var dropped = 0
    }

    /// Scores the records of every publisher with two records or more, each cleaned with `packs` plus a pack
    /// learned by ``CrawlLearner`` from that publisher's records (the others, or all of them: `from`), with
    /// `--min-pages` the number of pages learned from. Records of single-page publishers are left out: nothing can
    /// recur on one page. One process, no files: what `Scripts/learn-eval.sh` reports and CI runs.
    ///
    /// - Parameters:
    ///   - packs: the packs a page is cleaned with besides the learned one (their generic packs also guide
    ///     learning, as in `newsclean learn`).
    ///   - options: the learner's options; `minPages` is set for each publisher.
    ///   - cleanerOptions: the options of the cleaners that score the pages.
    public static func learnedPacks(
        _ records: [CorpusRecord],
        packs: [RulePack],
        from: LearnedFrom,
        options: CrawlLearner.Options = CrawlLearner.Options(),
        cleanerOptions: Cleaner.Options = Cleaner.Options()
    ) throws(CleanerError) -> (evaluation: Evaluation, summary: LearnedSummary) {
        let generic = packs.filter(\.scope.isGeneric)
        var byPublisher: [String: [CorpusRecord]] = [:]
        for record in records { byPublisher[record.publisher, default: []].append(record) }
        var summary = LearnedSummary()
        var cleaners: [String: Cleaner] = [:]

        func learn(from pages: [CorpusRecord]) throws(CleanerError) -> Cleaner {
            var learnerOptions = options
            learnerOptions.minPages = pages.count
            let learner = CrawlLearner(options: learnerOptions)
            for page in pages { learner.add(text: page.text, url: page.url) }
            var learned: [RulePack] = []
            for draft in learner.drafts(generic: generic) {
                summary.packs += 1
                summary.rules += draft.rules
                summary.dropped += draft.dropped.count
                guard draft.rules > 0, let pack = try? RuleLoader.parse([("\(draft.host).yaml", draft.yaml)]).first
                else { continue }
                summary.packsWithRules += 1
                learned.append(pack)
            }
            return try Cleaner(packs: packs + learned, options: cleanerOptions)
        }

        var scored: [CorpusRecord] = []
        for publisher in byPublisher.keys.sorted() {
            let pages = byPublisher[publisher]!
            guard pages.count >= 2 else { continue }
            scored += pages
            switch from {
            case .otherPages:
                for (index, page) in pages.enumerated() {
                    cleaners[page.id] = try learn(from: pages.enumerated().filter { $0.offset != index }.map(\.element))
                }
            case .allPages:
                let cleaner = try learn(from: pages)
                for page in pages { cleaners[page.id] = cleaner }
            }
        }
        let evaluation = run(scored) { record in cleaners[record.id]! }
        return (evaluation, summary)
    }
}
