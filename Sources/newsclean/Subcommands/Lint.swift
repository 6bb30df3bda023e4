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
                backtracking, no-prefilter. Exits 1 when there are errors (or warnings, with --strict).
                """
        )

        @Argument(help: ArgumentHelp("Rule files or folders; the bundled rule files when absent.", valueName: "path"), completion: .ruleFile)
        var paths: [String] = []

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @Flag(help: "Treat warnings as errors.")
        var strict = false

        func run() throws {
            var files: [(path: String, text: String)] = []
            var diagnostics: [Diagnostic] = []
            if paths.isEmpty {
                files = RuleLoader.bundledRuleFiles
            } else {
                for path in paths {
                    do {
                        for file in try RuleLoader.ruleFiles(atPath: path) {
                            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                                diagnostics.append(Diagnostic(.error, "cannot read the file as UTF-8",
                                                              at: SourceLocation(file: file, line: 1, column: 1),
                                                              check: "io"))
                                continue
                            }
                            files.append((file, text))
                        }
                    } catch {
                        diagnostics += error.diagnostics
                    }
                }
            }
            for file in files {
                diagnostics += Linter.lint(file.text, path: file.path)
            }
            switch format {
            case .text:
                let sources = Dictionary(files.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
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
    }
}
