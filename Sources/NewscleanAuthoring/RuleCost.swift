public import Newsclean
public import NewscleanRules

/// The per-rule cost check of `lint --corpus`: runs the packs over a corpus with rule profiling on and warns about
/// every rule that took more than a set share of the matching time, with the advice that fixes such a rule.
///
/// Timings vary from run to run, so this check gives warnings only, and only with a corpus; the rule files' own
/// lint stays deterministic.
public enum RuleCost {
    /// One rule's cost on the corpus.
    public struct Entry: Sendable, Hashable {
        /// `pack/rule`.
        public var ruleID: String
        /// Its share of the matching time of every rule together, 0 to 1.
        public var share: Double
        /// How many times it ran: once per document its literals occurred in (twice when a rewrite changed it).
        public var runs: Int
        /// How many documents it removed text from.
        public var documentsRemoved: Int
    }

    /// The default share above which a rule is reported.
    public static let defaultMaxShare = 0.05

    /// Every rule that ran on `documents`, costliest first.
    ///
    /// - Throws: ``CleanerError`` when the packs do not compile.
    public static func measure(packs: [RulePack], documents: [(text: String, url: String?)]) throws -> [Entry] {
        var options = Cleaner.Options()
        options.profilesRules = true
        let cleaner = try Cleaner(packs: packs, options: options)
        var removedIn: [String: Int] = [:]
        var output: [UInt8] = []
        for document in documents {
            output.removeAll(keepingCapacity: true)
            var text = document.text
            let result = text.withUTF8 { cleaner.clean(utf8: $0, url: document.url, appendingTo: &output) }
            for ruleID in Set(result.removals.map(\.ruleID)) { removedIn[ruleID, default: 0] += 1 }
        }
        let profile = cleaner.ruleProfile()
        let total = profile.reduce(0) { $0 + $1.seconds }
        return profile.map { rule in
            Entry(
                ruleID: rule.ruleID,
                share: total > 0 ? rule.seconds / total : 0,
                runs: rule.runs,
                documentsRemoved: removedIn[rule.ruleID] ?? 0
            )
        }
    }

    /// A warning (check `rule-cost`) at each rule of `packs` whose share of the matching time on the corpus exceeds
    /// `maxShare`. `corpusName` names the corpus in the messages.
    public static func findings(
        packs: [RulePack],
        documents: [(text: String, url: String?)],
        corpusName: String,
        maxShare: Double = defaultMaxShare
    ) throws -> [Diagnostic] {
        let rules = Dictionary(
            packs.flatMap { pack in pack.rules.map { (pack.qualifiedID(of: $0), (pack, $0)) } },
            uniquingKeysWith: { first, _ in first })
        return try measure(packs: packs, documents: documents).filter { $0.share > maxShare }.compactMap { entry in
            guard let (pack, rule) = rules[entry.ruleID] else { return nil }
            let location = rule.location ?? SourceLocation(file: pack.source ?? pack.id, line: 1, column: 1)
            let percent = (entry.share * 1000).rounded() / 10
            let message = "rule '\(rule.id)' took \(percent)% of the matching time on \(corpusName) "
                + "(\(documents.count) documents; it ran \(entry.runs) times and removed text from "
                + "\(entry.documentsRemoved) documents): \(advice(for: rule, entry, documentCount: documents.count))"
            return Diagnostic(.warning, message, at: location, check: "rule-cost")
        }
    }

    /// What usually makes such a rule cheap.
    static func advice(for rule: Rule, _ entry: Entry, documentCount: Int) -> String {
        if rule.prefilterLiterals == nil {
            return "no literal gates it, so it runs on every document; declare `prefilter:` literals its matches contain"
        }
        if entry.runs * 2 > documentCount {
            let rarely = entry.documentsRemoved * 10 < entry.runs ? " and rarely removes anything" : ""
            return "its literals occur on most pages\(rarely); declare a rarer literal in `prefilter:` "
                + "(a longer word, or the phrase the furniture always has)"
        }
        return "it is slow where it runs; anchor it to the line (`^...$`), bound its repeats (`.{0,80}` instead of "
            + "`.*`), and avoid backreferences and lookarounds over long spans"
    }
}
