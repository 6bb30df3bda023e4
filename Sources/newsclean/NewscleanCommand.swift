import ArgumentParser

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
        subcommands: [Clean.self, Explain.self, Review.self, Test.self, Lint.self, Eval.self, New.self, Packs.self],
        defaultSubcommand: Clean.self
    )

    /// `-V` alone is `--version` (ArgumentParser spells the flag only in full).
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        main(arguments == ["-V"] ? ["--version"] : arguments)
    }
}

/// The release: semantic versioning, the same as the newest entry of CHANGELOG.md (a test checks).
let newscleanVersion = "0.2.0"
