import ArgumentParser
import Foundation
import Newsclean
import NewscleanAuthoring

extension NewscleanCommand {
    /// Shows which rule removed what.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show which rule of which pack (file:line) removed or rewrote which text of one document.",
            discussion: """
                Prints a diff of the document with the rules beside each hunk, colored on a terminal and plain when \
                piped; --format json lists every removal (rule, pack, rule location, byte and line range, text); \
                --format html writes a page with each removal struck through and coloured by rule (as the pages of \
                'newsclean review').
                """
        )

        @Argument(help: ArgumentHelp("The document; standard input when absent or '-'.", valueName: "file"), completion: .file())
        var file: String?

        @Option(help: "The article's URL; its host picks the publisher pack.")
        var url: String?

        @Option(help: "A publisher pack id or host to apply, whatever the URL.", completion: .publisherPack)
        var publisher: String?

        @Option(help: "Output format: text, json or html.")
        var format: ExplainFormat = .text

        @Option(help: "Color: auto (on a terminal, unless NO_COLOR is set to a non-empty value), always or never.")
        var color: ColorChoice = .auto

        @OptionGroup var rules: RuleOptions

        func run() throws {
            let cleaner = try rules.makeCleaner()
            if let publisher, cleaner.pack(named: publisher) == nil {
                throw ValidationError("no rule pack is named '\(publisher)' (see 'newsclean packs')")
            }
            let input: [UInt8]
            do {
                input = try Input.read(file)
            } catch {
                Diagnostics.printError("newsclean: error: \(error)")
                throw ExitCode(66)
            }
            let explanation = cleaner.explain(utf8: input, url: url, publisher: publisher)
            switch format {
            case .text: print(explanation.textReport(color: color.enabled), terminator: "")
            case .json: print(JSONOutput.string(explanation), terminator: "")
            case .html:
                let palette = ReviewHTML.Palette(rules: explanation.entries.map(\.removal.ruleID))
                let title = file.map { $0 == "-" ? "standard input" : $0 } ?? "standard input"
                print(ReviewHTML.documentPage(explanation, title: title, url: url, palette: palette), terminator: "")
            }
        }
    }
}

/// How `explain` prints.
enum ExplainFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, html
}

/// Whether to color terminal output.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    var enabled: Bool {
        switch self {
        case .always: true
        case .never: false
        // no-color.org: NO_COLOR set to a non-empty value turns colour off; set but empty, it does not.
        case .auto: isatty(STDOUT_FILENO) != 0 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        }
    }
}
