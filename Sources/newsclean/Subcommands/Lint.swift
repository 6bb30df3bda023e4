import ArgumentParser
import Foundation
import Newsclean
import NewscleanAuthoring
import NewscleanRules

extension NewscleanCommand {
    /// Checks rule files.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check rule files for errors, unsafe rules and slow rules.",
            discussion: """
                Reports every problem of every file at once as path:line:col: error|warning: message [check-id], \
                with the source line and a caret. Checks: schema, types, unknown keys, duplicate ids, invalid \
                regexes, yaml-escape, empty-match, missing-description, missing-example, missing-keep, prefilter, \
                backtracking, no-prefilter. With --corpus, also rule-cost: each rule's share of the matching time \
                on that JSONL corpus (e.g. corpus/dev.jsonl), a warning above --max-rule-share. Exits 1 when there \
                are errors (or warnings, with --strict).
                """
        )

        @Argument(help: ArgumentHelp("Rule files or folders; the bundled rule files when absent.", valueName: "path"), completion: .ruleFile)
        var paths: [String] = []

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        @Option(help: ArgumentHelp(
            "A JSONL corpus ('text' and 'url' fields) to time each rule on; warns about the costliest (rule-cost).",
            valueName: "file"))
        var corpus: String?

        @Option(help: ArgumentHelp("With --corpus: the share of the matching time above which a rule is reported.",
                                   valueName: "fraction"))
        var maxRuleShare = RuleCost.defaultMaxShare

        func run() throws {
            var files: [(path: String, text: String)] = []
            var diagnostics: [Diagnostic] = []
            if paths.isEmpty {
                files = RuleLoader.bundledRuleFiles
            } else {
                for path in paths {
                    do {
                        for file in try RuleLoader.ruleFiles(atPath: path) {
                            do {
                                files.append((file, try RuleLoader.readRuleFile(file)))
                            } catch {
                                diagnostics += error.diagnostics
                            }
                        }
                    } catch {
                        diagnostics += error.diagnostics
                    }
                }
            }
            for file in files {
                diagnostics += Linter.lint(file.text, path: file.path)
            }
            if let corpus, !diagnostics.contains(where: { $0.severity == .error }) {
                diagnostics += try costFindings(files: files, corpus: corpus)
            }
            switch format {
            case .text:
                let sources = Dictionary(files.map { ($0.path, SourceLines($0.text)) }, uniquingKeysWith: { a, _ in a })
                for diagnostic in diagnostics {
                    if let source = sources[diagnostic.location.file] {
                        print(diagnostic.rendered(source: source))
                    } else {
                        print(diagnostic.description)
                    }
                }
                let errors = diagnostics.filter { $0.severity == .error }.count
                let warnings = diagnostics.filter { $0.severity == .warning }.count
                print("\(files.count) files: \(errors) errors, \(warnings) warnings")
            case .json:
                print(JSONOutput.string(diagnostics), terminator: "")
            }
            if InputFile.exitCode(for: diagnostics) == 66 { throw ExitCode(66) }
            let failing = diagnostics.contains { $0.severity == .error || (strict && $0.severity == .warning) }
            if failing { throw ExitCode.failure }
        }

        /// The rule-cost warnings of the files' packs on the JSONL corpus at `path`.
        private func costFindings(files: [(path: String, text: String)], corpus path: String) throws -> [Diagnostic] {
            guard let data = FileManager.default.contents(atPath: path) else {
                Diagnostics.printError("newsclean: error: cannot read '\(path)'")
                throw ExitCode(66)
            }
            var documents: [(text: String, url: String?)] = []
            for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
                guard let record = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                    let text = record["text"] as? String
                else {
                    Diagnostics.printError("newsclean: error: \(path):\(index + 1): not a JSON object with a 'text' string")
                    throw ExitCode(65)
                }
                documents.append((text, record["url"] as? String))
            }
            return try RuleCost.findings(packs: try RuleLoader.parse(files), documents: documents, corpusName: path,
                                         maxShare: maxRuleShare)
        }
    }
}
