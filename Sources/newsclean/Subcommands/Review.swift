import ArgumentParser
import Foundation
import Newsclean
import NewscleanAuthoring

extension NewscleanCommand {
    /// Writes the HTML review of a corpus.
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a static HTML review of what the rules removed from a JSONL corpus.",
            discussion: """
                Cleans every record of CORPUS (one JSON object a line, the text in --text-field, the URL in \
                --url-field) and writes into --out: index.html, with removals, lines, bytes and pages per rule and \
                per publisher (and, when every record has 'labels' as for 'newsclean eval', each rule's junk and \
                content lines), and docs/NNNN.html, one page per document with every removal struck through and \
                coloured by rule. Hover or click a removal for its rule, pack, rule file:line and byte span; untick a \
                rule to hide its marks. No script and no network: open index.html in any browser. A record that \
                cannot be reviewed is listed in the index and on standard error.
                """
        )

        @Argument(
            help: ArgumentHelp("The corpus (JSONL).", valueName: "corpus"),
            completion: .file(extensions: ["jsonl", "json"])
        )
        var corpus: String

        @Option(help: ArgumentHelp("The folder to write the report into (created if needed).", valueName: "dir"),
                completion: .directory)
        var out: String

        @Option(help: "The field holding the text to clean.")
        var textField = "text"

        @Option(help: "The field holding the article's URL.")
        var urlField = "url"

        @OptionGroup var rules: RuleOptions

        func run() throws {
            let cleaner = try rules.makeCleaner()
            let data = try InputFile.contents(corpus)
            let review = NewscleanAuthoring.Review(jsonl: data, cleaner: cleaner, textField: textField, urlField: urlField)
            for skipped in review.skipped {
                Diagnostics.printError("newsclean: \(corpus):\(skipped.line): not reviewed: \(skipped.reason)")
            }
            do {
                try review.write(to: URL(fileURLWithPath: out))
            } catch {
                Diagnostics.printError("newsclean: error: cannot write the report into '\(out)': \(error)")
                throw ExitCode(73)
            }
            let removals = review.documents.reduce(0) { $0 + $1.explanation.entries.count }
            Diagnostics.printError(
                "newsclean: \(review.documents.count) documents, \(removals) removals: "
                    + URL(fileURLWithPath: out).appendingPathComponent("index.html").path
            )
        }
    }
}
