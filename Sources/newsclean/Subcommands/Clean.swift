import ArgumentParser
import Foundation
import Newsclean
import NewscleanAuthoring
import NewscleanRules

extension NewscleanCommand {
    /// Cleans one document.
    struct Clean: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Clean one document (the default subcommand).",
            discussion: """
                Reads the document from FILE or standard input and writes the cleaned text to standard output. \
                Every generic pack applies; the publisher pack is picked by --url (the longest matching host \
                suffix) or named by --publisher.
                """
        )

        @Argument(help: ArgumentHelp("The document to clean; standard input when absent or '-'.", valueName: "file"))
        var file: String?

        @Option(help: "The article's URL; its host picks the publisher pack.")
        var url: String?

        @Option(help: "A publisher pack id or host to apply, whatever the URL.")
        var publisher: String?

        @Flag(help: "Instead of the cleaned text, show which rule removed what (as 'newsclean explain').")
        var explain = false

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
            if explain {
                let explanation = Explanation(
                    input: String(decoding: input, as: UTF8.self),
                    url: url,
                    publisher: publisher,
                    cleaner: cleaner
                )
                print(explanation.textReport(color: ColorChoice.auto.enabled), terminator: "")
                return
            }
            let (output, result) = input.withUnsafeBufferPointer { bytes in
                cleaner.clean(utf8: bytes, url: url, publisher: publisher)
            }
            FileHandle.standardOutput.write(Data(output))
            for warning in result.warnings {
                Diagnostics.printError("newsclean: warning: \(warning)")
            }
        }
    }
}
