import ArgumentParser
import Foundation

/// `newsclean`: removes paywall promos, duplicated captions, photo credits and other site furniture from scraped
/// news text.
@main
struct NewscleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsclean",
        abstract: "Remove site furniture (paywall promos, photo credits, repeated captions, ...) from news text.",
        discussion: """
            With no subcommand, cleans one document: `newsclean --url URL < article.txt > clean.txt`.

            Exit status: 0 success; 1 a check failed; 64 usage error; 65 a rule file, a corpus or (with \
            --strict) a record is invalid; 66 an input cannot be read; 74 the output cannot be written.
            """,
        version: newscleanVersion,
        subcommands: [
            Clean.self, Explain.self, Review.self, Test.self, Lint.self, Eval.self, New.self, Learn.self, Packs.self,
        ],
        defaultSubcommand: Clean.self
    )

    /// Runs the command, then flushes standard output and checks it: output that could not be written (a full
    /// disk, `> /dev/full`) is exit 74 whatever the command, never a silent success. `-V` alone is `--version`
    /// (ArgumentParser spells the flag only in full).
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["-V"] { arguments = ["--version"] }
        var outcome: (any Error)?
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            outcome = error
        }
        if !StandardOutput.flush() {
            let reason = String(cString: strerror(errno == 0 ? EIO : errno))
            Diagnostics.printError("newsclean: error: cannot write the output: \(reason)")
            Foundation.exit(74)
        }
        if let outcome { exit(withError: outcome) }
    }
}

/// The release: semantic versioning, the same as the newest entry of CHANGELOG.md (a test checks).
let newscleanVersion = "0.4.0"
