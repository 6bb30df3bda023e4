import ArgumentParser
import Foundation
import Newsclean
import NewscleanAuthoring
import NewscleanBatch
import NewscleanRules

extension NewscleanCommand {
    /// Cleans one document, or JSON Lines records on every core.
    struct Clean: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Clean one document, or JSONL records with --jsonl (the default subcommand).",
            discussion: """
                Reads FILE (or standard input) and writes the cleaned text to standard output. Every generic pack \
                applies; the publisher pack is picked by --url (the longest matching host suffix) or named by \
                --publisher.

                With --jsonl, each input line is a JSON object: the string in --text-field is cleaned, the \
                publisher pack is picked from --url-field, every other byte of the record is kept, and one line is \
                written per input line, in input order, using --jobs threads. Inputs may be gzip-compressed. A line \
                that cannot be cleaned (not JSON, no text field, text not a string or not UTF-8) is written out \
                unchanged and reported on standard error with its line number; --strict stops instead.
                """
        )

        @Argument(
            help: ArgumentHelp("Input files (plain or .gz); standard input when absent or '-'.", valueName: "file"),
            completion: .file()
        )
        var files: [String] = []

        @Option(help: "The article's URL; its host picks the publisher pack.")
        var url: String?

        @Option(
            help: "A publisher pack id or host to apply, whatever the URL (JSONL: to every record).",
            completion: .publisherPack
        )
        var publisher: String?

        @Flag(help: "Instead of the cleaned text, show which rule removed what (as 'newsclean explain').")
        var explain = false

        @Flag(help: "Read and write JSON Lines: one record per line.")
        var jsonl = false

        @Option(help: "JSONL: the field holding the text to clean.")
        var textField = "text"

        @Option(help: "JSONL: the field holding the article's URL.")
        var urlField = "url"

        /// The most worker threads --jobs accepts.
        static let maximumJobs = 1024

        @Option(help: "JSONL: worker threads, 1 to 1024 (default: every core).")
        var jobs: Int?

        @Option(help: ArgumentHelp(
            "JSONL: a longer line is passed through unchanged (streamed, not held) and reported (default: 64 MiB).",
            valueName: "bytes"
        ))
        var maxLineBytes: Int?

        @Flag(help: "JSONL: add a 'newsclean' object to each record: its removals (rule, pack, range) and counts.")
        var report = false

        @Flag(help: "JSONL: stop with an error at the first record that cannot be cleaned.")
        var strict = false

        @Option(help: ArgumentHelp("JSONL: write the run's summary as JSON to this file.", valueName: "file"))
        var stats: String?

        @Flag(inversion: .prefixedNo, help: "JSONL: a progress line on standard error (default: when it is a terminal).")
        var progress: Bool?

        @Flag(help: "JSONL: no summary on standard error.")
        var quiet = false

        @Flag(help: "After the run, print how long each rule spent matching, slowest first (and add it to --stats).")
        var profileRules = false

        @OptionGroup var rules: RuleOptions

        func validate() throws {
            if !jsonl {
                if files.count > 1 { throw ValidationError("cleaning plain text takes one file; use --jsonl for many") }
                let jsonlOnly = [
                    report ? "--report" : nil, strict ? "--strict" : nil, stats != nil ? "--stats" : nil,
                    jobs != nil ? "--jobs" : nil, maxLineBytes != nil ? "--max-line-bytes" : nil, textField != "text" ? "--text-field" : nil,
                    urlField != "url" ? "--url-field" : nil,
                ].compactMap { $0 }
                if let option = jsonlOnly.first { throw ValidationError("\(option) goes with --jsonl") }
            } else if explain {
                throw ValidationError("--explain cleans one document; it does not go with --jsonl")
            }
            if let maxLineBytes, maxLineBytes < 1 { throw ValidationError("--max-line-bytes must be at least 1") }
            if let jobs, !(1...Self.maximumJobs).contains(jobs) {
                throw ValidationError("--jobs must be from 1 to \(Self.maximumJobs)")
            }
        }

        func run() throws {
            let cleaner = try rules.makeCleaner(profilesRules: profileRules)
            if let publisher, cleaner.pack(named: publisher) == nil {
                throw ValidationError("no rule pack is named '\(publisher)' (see 'newsclean packs')")
            }
            if jsonl {
                try runJSONL(cleaner)
                return
            }
            let input: [UInt8]
            do {
                input = try Input.read(files.first)
            } catch {
                Diagnostics.printError("newsclean: error: \(error)")
                throw ExitCode(66)
            }
            if explain {
                let explanation = cleaner.explain(utf8: input, url: url, publisher: publisher)
                print(explanation.textReport(color: ColorChoice.auto.enabled), terminator: "")
                return
            }
            var output: [UInt8] = []
            let result = input.withUnsafeBufferPointer { bytes in
                cleaner.clean(utf8: bytes, url: url, publisher: publisher, appendingTo: &output)
            }
            do {
                try Input.write(output)
            } catch {
                Diagnostics.printError("newsclean: error: \(error)")
                throw ExitCode(74)
            }
            for warning in result.warnings {
                Diagnostics.printError("newsclean: warning: \(warning)")
            }
            if profileRules { Diagnostics.printError(Summary.profileText(cleaner.ruleProfile())) }
        }

        private func runJSONL(_ cleaner: Cleaner) throws {
            var options = BatchOptions()
            options.textField = textField
            options.urlField = urlField
            if let jobs { options.jobs = jobs }
            options.report = report
            options.strict = strict
            options.publisher = publisher
            if let maxLineBytes { options.maxLineBytes = maxLineBytes }
            let batch = BatchCleaner(cleaner: cleaner, options: options)
            let inputs: [InputSource]
            do throws(BatchError) {
                inputs = try (files.isEmpty ? ["-"] : files).map { path throws(BatchError) in try InputSource(path: path) }
            } catch {
                Diagnostics.printError("newsclean: error: \(error.message)")
                throw ExitCode(error.exitCode)
            }
            let showProgress = progress ?? (isatty(STDERR_FILENO) != 0)
            let meter = ProgressMeter(
                enabled: showProgress,
                totalBytes: showProgress ? InputSource.knownSize(paths: files) : nil
            )
            let reportProblem: @Sendable (BadRecord) -> Void = { problem in
                meter.clear()
                Diagnostics.printError("newsclean: \(problem)")
            }
            let showStats: @Sendable (BatchStats) -> Void = { stats in meter.show(stats) }
            let summary: BatchStats
            do throws(BatchError) {
                summary = try batch.run(
                    inputs: inputs,
                    output: OutputSink(),
                    report: reportProblem,
                    progress: showProgress ? showStats : nil
                )
            } catch {
                meter.clear()
                Diagnostics.printError("newsclean: error: \(error.message)")
                throw ExitCode(error.exitCode)
            }
            meter.clear()
            if !quiet { Diagnostics.printError(Summary.text(summary)) }
            let profile = profileRules ? cleaner.ruleProfile() : nil
            if let profile { Diagnostics.printError(Summary.profileText(profile)) }
            if let stats {
                do {
                    try Input.write(Array(Summary.json(summary, profile: profile).utf8), toFile: stats)
                } catch {
                    Diagnostics.printError("newsclean: error: \(error)")
                    throw ExitCode(74)
                }
            }
        }
    }
}

/// A one-line progress display on standard error.
final class ProgressMeter: Sendable {
    let enabled: Bool
    /// The input's size when it is known in advance: the line then shows the share read and the time left.
    let totalBytes: Int?

    init(enabled: Bool, totalBytes: Int? = nil) {
        self.enabled = enabled
        self.totalBytes = totalBytes
    }

    func show(_ stats: BatchStats) {
        guard stats.seconds > 0 else { return }
        show(line: stats.progressLine(totalBytes: totalBytes))
    }

    /// Replaces the progress line with `line`.
    func show(line: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// The end-of-run summary.
enum Summary {
    static func text(_ stats: BatchStats) -> String {
        var out = String(
            format: "newsclean: %d records (%d empty lines) in %.2f s: %.1f MB in, %.1f MB out, %.1f MB/s; "
                + "%d changed, %d bad (passed through), %d rule warnings",
            stats.records, stats.emptyLines, stats.seconds, Double(stats.bytesIn) / 1e6, Double(stats.bytesOut) / 1e6,
            stats.seconds > 0 ? Double(stats.bytesIn) / 1e6 / stats.seconds : 0, stats.changedRecords,
            stats.badRecords, stats.ruleWarnings
        )
        let top = stats.removalsPerRule.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if !top.isEmpty {
            out += "\nremovals per rule:"
            for (rule, count) in top.prefix(20) { out += "\n  \(String(count).leftPad(8))  \(rule)" }
            if top.count > 20 { out += "\n  ... \(top.count - 20) more rules" }
        }
        return out
    }

    /// The `--profile-rules` table: the 20 slowest rules.
    static func profileText(_ profile: [RuleProfile]) -> String {
        let total = profile.reduce(0) { $0 + $1.seconds }
        var out = String(format: "time per rule (%d rules ran, %.3f s matching in all):", profile.count, total)
        out += "\n   seconds      runs  rule"
        for entry in profile.prefix(20) {
            out += "\n" + String(format: "%10.4f", entry.seconds) + String(entry.runs).leftPad(10) + "  " + entry.ruleID
        }
        if profile.count > 20 { out += "\n  ... \(profile.count - 20) more rules" }
        return out
    }

    static func json(_ stats: BatchStats, profile: [RuleProfile]? = nil) -> String {
        var object: [String: Any] = [
            "records": stats.records, "empty_lines": stats.emptyLines, "bytes_in": stats.bytesIn,
            "bytes_out": stats.bytesOut, "bad_records": stats.badRecords, "changed_records": stats.changedRecords,
            "rule_warnings": stats.ruleWarnings, "guarded_records": stats.guardedRecords, "seconds": stats.seconds, "removals_per_rule": stats.removalsPerRule,
        ]
        if let profile {
            object["rule_profile"] = profile.map { ["rule": $0.ruleID, "runs": $0.runs, "seconds": $0.seconds] }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
