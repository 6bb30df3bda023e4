import ArgumentParser
import Foundation
import Newsclean
import NewscleanAuthoring
import NewscleanBatch
import NewscleanRules

extension NewscleanCommand {
    /// Learns publisher packs from a crawl.
    struct Learn: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Learn each publisher's furniture from a crawl and draft a publisher pack per host.",
            discussion: """
                Reads JSONL crawls (plain or gzip; one object a line with 'text' and 'url') in one pass and, for \
                every host with at least --min-pages distinct pages (near-duplicates counted once), writes \
                RULES_DIR/HOST.yaml: a delete-line rule for each line or line shape (digits, month and weekday names \
                normalised) on at least --min-share of the host's pages, a delete-block rule for a recurring box \
                between two recurring lines, a delete-list rule for a recurring heading over varying headlines. \
                Lines the generic packs remove already are left out, and prose only recurs on --prose-share of the \
                pages. Each rule carries its evidence, examples from real pages and keep texts from the host's \
                article lines; rules whose own examples fail are dropped. The page with the most furniture becomes \
                the pack's fixture. Records are decoded and measured on --jobs threads and counted in input order, \
                so the packs do not depend on the number of threads. Memory is bounded: at most \
                --max-tracked-shapes line shapes are counted (the rarest are forgotten first; 100,000 of them with \
                examples), near-duplicates are found in a table of at most 64 MB, and a host keeps a sample of \
                lines and a fixture page (at most 64 KiB) from half of --min-pages pages on. \
                With --apply, a second pass writes the crawl cleaned with the learned packs to standard output.
                """
        )

        @Argument(help: ArgumentHelp("JSONL crawl files (plain or .gz); '-' or none for standard input.", valueName: "crawl"))
        var files: [String] = []

        @Option(help: "The folder to write the packs into.")
        var rulesDir: String

        @Option(help: "Hosts with fewer distinct pages get no pack.")
        var minPages = 20

        @Option(help: "The share of a host's distinct pages a line must occur on.")
        var minShare = 0.3

        @Option(help: "The share of a host's distinct pages a line of prose must occur on.")
        var proseShare = 0.9

        @Option(help: "The most line shapes counted at once, over all hosts (memory bound).")
        var maxTrackedShapes = 1_000_000

        @Option(help: "Worker threads, 1 to 1024 (default: every core).")
        var jobs: Int?

        @Flag(inversion: .prefixedNo, help: "A progress line on standard error (default: when it is a terminal).")
        var progress: Bool?

        @Flag(help: "Overwrite existing pack files.")
        var force = false

        @Flag(help: "Then clean the crawl with the learned packs (a second pass) and write it to standard output.")
        var apply = false

        func validate() throws {
            guard minPages >= 1 else { throw ValidationError("--min-pages must be at least 1") }
            guard (0...1).contains(minShare), (0...1).contains(proseShare) else {
                throw ValidationError("--min-share and --prose-share must be between 0 and 1")
            }
            if let jobs, !(1...Clean.maximumJobs).contains(jobs) {
                throw ValidationError("--jobs must be from 1 to \(Clean.maximumJobs)")
            }
            guard maxTrackedShapes >= 1000 else { throw ValidationError("--max-tracked-shapes must be at least 1000") }
            if apply && (files.isEmpty || files.contains("-")) {
                throw ValidationError(
                    "--apply reads the crawl twice (learn, then clean), so it needs files, not standard input")
            }
        }

        func run() throws {
            var options = CrawlLearner.Options()
            options.minPages = minPages
            options.minShare = minShare
            options.proseShare = proseShare
            options.maxTrackedShapes = maxTrackedShapes
            let learner = CrawlLearner(options: options)
            let showProgress = progress ?? (isatty(STDERR_FILENO) != 0)
            let meter = ProgressMeter(
                enabled: showProgress,
                totalBytes: showProgress ? InputSource.knownSize(paths: files) : nil
            )
            let reading = CrawlReading(
                jobs: jobs ?? BatchOptions().jobs,
                progress: showProgress ? { stats in meter.show(stats) } : nil
            )
            let bad: Int
            do throws(BatchError) {
                let inputs = try (files.isEmpty ? ["-"] : files).map { path throws(BatchError) in
                    try InputSource(path: path)
                }
                bad = try reading.learn(inputs, into: learner).badRecords
            } catch {
                meter.clear()
                Diagnostics.printError("newsclean: error: \(error.message)")
                throw ExitCode(error.exitCode)
            }
            meter.clear()
            let bundled = try RuleLoader.bundledPacks()
            let generic = bundled.filter(\.scope.isGeneric)
            let packs = learner.drafts(generic: generic, jobs: reading.jobs) { done, total in
                if done == total || done % max(1, total / 100) == 0 {
                    meter.show(line: "drafting packs: \(done) of \(total) hosts")
                }
            }
            meter.clear()
            try write(packs)
            var table = Self.summary(packs, tooFew: learner.hostsWithTooFewPages.count, minPages: minPages,
                                     skipped: bad + learner.recordsWithoutHost)
            let covered = packs.map(\.host).filter { host in
                bundled.contains { pack in pack.scope.hosts.contains { host == $0 || host.hasSuffix("." + $0) } }
            }
            if !covered.isEmpty {
                table += "note: bundled packs cover \(covered.joined(separator: ", ")) too; --apply uses the learned "
                    + "pack there\n"
            }
            if apply {
                Diagnostics.printError(table)
                try clean(with: packs, bundled: bundled)
            } else {
                print(table, terminator: "")
            }
        }

        private func write(_ packs: [LearnedPack]) throws {
            let fileManager = FileManager.default
            let paths = packs.map { (rulesDir as NSString).appendingPathComponent("\($0.host).yaml") }
            if !force, let existing = paths.first(where: { fileManager.fileExists(atPath: $0) }) {
                Diagnostics.printError("newsclean: error: \(existing) exists; use --force to overwrite it")
                throw ExitCode.failure
            }
            do {
                try fileManager.createDirectory(atPath: rulesDir, withIntermediateDirectories: true)
                for (pack, path) in zip(packs, paths) {
                    try pack.yaml.write(toFile: path, atomically: true, encoding: .utf8)
                    guard let fixture = pack.fixture else { continue }
                    let folder = (rulesDir as NSString).appendingPathComponent("fixtures/\(pack.host)")
                    try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    let base = (folder as NSString).appendingPathComponent(fixture.name)
                    try fixture.input.write(toFile: base + ".input.txt", atomically: true, encoding: .utf8)
                    try fixture.expected.write(toFile: base + ".expected.txt", atomically: true, encoding: .utf8)
                }
            } catch {
                Diagnostics.printError("newsclean: error: cannot write into '\(rulesDir)': \(error.localizedDescription)")
                throw ExitCode(74)
            }
        }

        /// The table of learned packs.
        static func summary(_ packs: [LearnedPack], tooFew: Int, minPages: Int, skipped: Int) -> String {
            let width = max(4, packs.map(\.host.count).max() ?? 0)
            func pad(_ text: String, _ count: Int) -> String {
                text + String(repeating: " ", count: max(0, count - text.count))
            }
            func right(_ text: String, _ count: Int) -> String {
                String(repeating: " ", count: max(0, count - text.count)) + text
            }
            var out = "\(pad("host", width))  \(right("pages", 7))  \(right("distinct", 8))  \(right("rules", 5))  "
                + "\(right("est. bytes removed", 18))\n"
            for pack in packs {
                out += "\(pad(pack.host, width))  \(right(String(pack.pages), 7))  \(right(String(pack.distinctPages), 8))  "
                    + "\(right(String(pack.rules), 5))  \(right(String(pack.estimatedBytes), 18))\n"
            }
            out += "\(packs.count) packs written; \(tooFew) hosts with fewer than \(minPages) distinct pages skipped"
            if skipped > 0 { out += "; \(skipped) records without text or URL host skipped" }
            out += "\n"
            let dropped = packs.reduce(0) { $0 + $1.dropped.count }
            if dropped > 0 { out += "\(dropped) drafted rules dropped: their own examples or keep texts failed\n" }
            return out
        }

        /// The second pass: the crawl cleaned with the generic packs, the learned packs, and the bundled publisher
        /// packs of the hosts nothing was learned for.
        private func clean(with learned: [LearnedPack], bundled: [RulePack]) throws {
            let learnedHosts = Set(learned.map(\.host))
            var packs = bundled.filter { pack in
                pack.scope.isGeneric || !pack.scope.hosts.contains(where: learnedHosts.contains)
            }
            do {
                packs += try learned.map { pack throws(RuleFileError) in
                    try RuleLoader.loadFile(atPath: (rulesDir as NSString).appendingPathComponent("\(pack.host).yaml"))
                }
            } catch {
                Diagnostics.print(error.diagnostics)
                throw ExitCode(65)
            }
            let cleaner: Cleaner
            do {
                cleaner = try Cleaner(packs: packs)
            } catch {
                Diagnostics.printError(error.description)
                throw ExitCode(65)
            }
            let batch = BatchCleaner(cleaner: cleaner, options: BatchOptions())
            do throws(BatchError) {
                let inputs = try files.map { path throws(BatchError) in try InputSource(path: path) }
                let stats = try batch.run(inputs: inputs, output: OutputSink()) { problem in
                    Diagnostics.printError("newsclean: \(problem)")
                }
                Diagnostics.printError(Summary.text(stats))
            } catch {
                Diagnostics.printError("newsclean: error: \(error.message)")
                throw ExitCode(error.exitCode)
            }
        }
    }
}
