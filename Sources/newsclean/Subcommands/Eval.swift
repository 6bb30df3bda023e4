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

        @Option(help: "Exit 1 when content kept is below this.")
        var minContentKept: Double?

        @Option(help: "Exit 1 when junk recall is below this.")
        var minJunkRecall: Double?

        @Option(help: "How many lost content lines the text report lists.")
        var showLost = 20

        @OptionGroup var rules: RuleOptions

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
            if !onlyPublisher.isEmpty {
                records = records.filter { onlyPublisher.contains($0.publisher) }
            }
            let evaluation = Evaluation.run(records, cleaner: cleaner)
            switch format {
            case .text: print(evaluation.textReport(maxLostLines: showLost), terminator: "")
            case .json: print(evaluation.jsonReport(), terminator: "")
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
    }
}

/// How a command prints its results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
