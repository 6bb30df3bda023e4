import ArgumentParser
import Foundation
import Newsclean
import NewscleanAuthoring

extension NewscleanCommand {
    /// Scores the rules on a labelled corpus.
    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score the rules on a labelled corpus: junk recall and content kept, per publisher and rule.",
            discussion: """
                The corpus is JSONL: one object a line with 'text', 'labels' (one of content, junk, neutral per \
                line of text), and optionally 'id', 'url' and 'publisher_domain'. A line survives cleaning when at \
                least half of its word tokens survive. Rules that removed content lines are listed first.
                """
        )

        @Option(help: "The labelled corpus (JSONL).")
        var corpus: String

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Option(help: "Only records whose publisher_domain is one of these (repeatable).")
        var onlyPublisher: [String] = []

        @Option(help: ArgumentHelp(
            "Only records whose publisher_domain is listed in this file (one a line; '#' starts a comment).",
            valueName: "file"
        ))
        var onlyPublishersIn: String?

        @Option(help: ArgumentHelp(
            "Leave out records whose publisher_domain is listed in this file: score on the other side of a split.",
            valueName: "file"
        ))
        var skipPublishersIn: String?

        @Option(help: ArgumentHelp(
            "Relabel the lines listed in this file before scoring (record id, line, label, reason, text; tab-separated).",
            discussion: "For boilerplate the corpus labels as content; the report says how many lines were relabelled.",
            valueName: "file"
        ))
        var labelCorrections: String?

        @Option(help: "Exit 1 when content kept is below this.")
        var minContentKept: Double?

        @Option(help: "Exit 1 when junk recall is below this.")
        var minJunkRecall: Double?

        @Option(help: "How many lost content lines the text report lists.")
        var showLost = 20

        @Flag(help: ArgumentHelp(
            "List the generic rules that removed something on fewer than 3 records or from fewer than 2 publishers.",
            discussion: "Such a rule names a phrase of one page: move it to that publisher's pack, or rewrite it as a family."
        ))
        var narrowRules = false

        @Option(help: ArgumentHelp(
            "Score each page of a publisher with two pages or more with the rules plus a pack that learn drafts from "
                + "the publisher's other pages (other-pages: held out) or from all of them (all-pages: not held out).",
            discussion: "--min-pages is the number of pages learned from; pages of single-page publishers are left out.",
            valueName: "from"
        ), transform: { value in
            guard let from = Evaluation.LearnedFrom(rawValue: value) else {
                throw ValidationError("--learned-packs takes other-pages or all-pages")
            }
            return from
        })
        var learnedPacks: Evaluation.LearnedFrom?

        @OptionGroup var rules: RuleOptions

        func validate() throws {
            for (name, value) in [("--min-content-kept", minContentKept), ("--min-junk-recall", minJunkRecall)] {
                if let value, !(0...1).contains(value) { throw ValidationError("\(name) must be from 0 to 1") }
            }
            if showLost < 0 { throw ValidationError("--show-lost must not be negative") }
        }

        func run() throws {
            let cleaner = try rules.makeCleaner()
            let data = try InputFile.contents(corpus)
            var records: [CorpusRecord]
            do {
                records = try CorpusRecord.load(jsonl: data)
            } catch {
                Diagnostics.printError("\(corpus):\(error.line): error: \(error.message)")
                throw ExitCode(65)
            }
            var corrected = 0
            if let labelCorrections {
                guard let data = FileManager.default.contents(atPath: labelCorrections) else {
                    Diagnostics.printError("newsclean: error: cannot read '\(labelCorrections)'")
                    throw ExitCode(66)
                }
                do {
                    let corrections = try LabelCorrection.load(tsv: String(decoding: data, as: UTF8.self))
                    try LabelCorrection.apply(corrections, to: &records)
                    corrected = corrections.count
                } catch {
                    Diagnostics.printError("\(labelCorrections):\(error.line): error: \(error.message)")
                    throw ExitCode(65)
                }
            }
            if !onlyPublisher.isEmpty {
                records = records.filter { onlyPublisher.contains($0.publisher) }
            }
            if let onlyPublishersIn {
                let listed = try Self.publishers(listedIn: onlyPublishersIn)
                records = records.filter { listed.contains($0.publisher) }
            }
            if let skipPublishersIn {
                let listed = try Self.publishers(listedIn: skipPublishersIn)
                records = records.filter { !listed.contains($0.publisher) }
            }
            let evaluation: Evaluation
            var learned: Evaluation.LearnedSummary?
            if let learnedPacks {
                do {
                    (evaluation, learned) = try Evaluation.learnedPacks(
                        records, packs: cleaner.packs, from: learnedPacks, cleanerOptions: rules.cleanerOptions())
                } catch {
                    Diagnostics.printError(error.description)
                    throw ExitCode(65)
                }
            } else {
                evaluation = Evaluation.run(records, cleaner: cleaner)
            }
            if labelCorrections != nil, format == .text {
                print("label corrections: \(corrected) lines of the corpus relabelled before scoring")
            }
            if let learned, format == .text {
                print("learned packs: \(learned.packs), \(learned.packsWithRules) with rules; \(learned.rules) rules, "
                    + "\(learned.dropped) dropped (their own examples failed)")
            }
            switch format {
            case .text: print(evaluation.textReport(maxLostLines: showLost), terminator: "")
            case .json: print(evaluation.jsonReport(), terminator: "")
            }
            if narrowRules {
                let generic = cleaner.packs.filter(\.scope.isGeneric).flatMap { pack in
                    pack.rules.map { pack.qualifiedID(of: $0) }
                }
                let narrow = evaluation.narrowRules(generic)
                print("\ngeneric rules that removed something on fewer than 3 records or from fewer than 2 publishers "
                    + "(\(narrow.count) of \(generic.count)):")
                for entry in narrow {
                    let gap = String(repeating: " ", count: max(1, 60 - entry.rule.count))
                    print("  \(entry.rule)\(gap)\(entry.pages) records, \(entry.publishers) publishers")
                }
            }
            var failed = false
            if let minContentKept, evaluation.overall.contentKeptRatio < minContentKept {
                Diagnostics.printError("newsclean: content kept \(evaluation.overall.contentKeptRatio) is below \(minContentKept)")
                failed = true
            }
            if let minJunkRecall, evaluation.overall.junkRecall < minJunkRecall {
                Diagnostics.printError("newsclean: junk recall \(evaluation.overall.junkRecall) is below \(minJunkRecall)")
                failed = true
            }
            if failed { throw ExitCode.failure }
        }

        /// The publishers listed in `path`: one a line, blank lines and `#` comments ignored.
        static func publishers(listedIn path: String) throws -> Set<String> {
            guard let data = FileManager.default.contents(atPath: path) else {
                Diagnostics.printError("newsclean: error: cannot read '\(path)'")
                throw ExitCode(66)
            }
            var listed: Set<String> = []
            for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
                let entry = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                    .trimmingCharacters(in: .whitespaces)
                if !entry.isEmpty { listed.insert(entry) }
            }
            return listed
        }
    }
}

/// How a command prints its results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
