public import Newsclean
internal import Foundation

/// Finds and loads rule packs: the bundled ones, files, folders, and the folders an environment variable names.
public enum RuleLoader {
    /// The environment variable holding extra rule folders, separated by `:`, loaded after the bundled packs.
    public static let searchPathVariable = "NEWSCLEAN_RULES_PATH"

    /// The files of `Rules/` compiled into this binary, rule files and fixtures, as (package-relative path, text).
    public static var bundledFiles: [(path: String, text: String)] {
        bundledRuleFileSources
    }

    /// The bundled rule files (`*.yaml`, `*.yml`).
    public static var bundledRuleFiles: [(path: String, text: String)] {
        bundledRuleFileSources.filter { isRuleFile($0.path) }
    }

    /// The text of a bundled file, by its package-relative path (e.g. a fixture's).
    public static func bundledFile(atPath path: String) -> String? {
        bundledRuleFileSources.first { $0.path == path }?.text
    }

    static func isRuleFile(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")
    }

    /// The packs of `Rules/`, compiled into the binary at build time, so they are found from any working directory
    /// and wherever the binary is copied.
    ///
    /// - Throws: ``RuleFileError`` if a bundled file is broken (the test suite keeps that from shipping).
    public static func bundledPacks() throws(RuleFileError) -> [RulePack] {
        try bundled.get()
    }

    private static let bundled: Result<[RulePack], RuleFileError> = Result { () throws(RuleFileError) in
        try parse(bundledRuleFiles)
    }

    /// Parses several rule files; throws every error of every file at once.
    public static func parse(_ files: [(path: String, text: String)]) throws(RuleFileError) -> [RulePack] {
        var packs: [RulePack] = []
        var errors: [Diagnostic] = []
        // Files are independent: parsed (and their patterns validated) on all cores, then taken in order.
        let parsed = concurrentMap(files.count) { RuleFileParser.parse(files[$0].text, path: files[$0].path) }
        for (pack, diagnostics) in parsed {
            errors.append(contentsOf: diagnostics.filter { $0.severity == .error })
            if let pack { packs.append(pack) }
        }
        errors.append(contentsOf: duplicatePackErrors(packs))
        errors.append(contentsOf: duplicateHostErrors(packs))
        guard errors.isEmpty else { throw RuleFileError(diagnostics: errors) }
        return packs
    }

    /// Loads one rule file.
    public static func loadFile(atPath path: String) throws(RuleFileError) -> RulePack {
        try parse([(path, try readRuleFile(path))])[0]
    }

    /// The rule files under `path` (a file, or a folder searched recursively for `*.yaml` and `*.yml`, any case),
    /// sorted. Symlinks are followed, each folder is read once (so a symlink loop ends), and a folder that cannot be
    /// read or holds no rule file is an error.
    public static func ruleFiles(atPath path: String) throws(RuleFileError) -> [String] {
        func failure(_ message: String, _ path: String) -> RuleFileError {
            RuleFileError(diagnostics: [
                Diagnostic(.error, message, at: SourceLocation(file: path, line: 1, column: 1), check: "io")
            ])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw failure("no such file or folder", path)
        }
        guard isDirectory.boolValue else { return [path] }
        var files: [String] = []
        var visited: Set<String> = []
        var folders = [path]
        while let folder = folders.popLast() {
            guard visited.insert((folder as NSString).resolvingSymlinksInPath).inserted else { continue }
            guard let handle = opendir(folder) else {
                throw failure("cannot read the folder: \(String(cString: strerror(errno)))", folder)
            }
            closedir(handle)
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for entry in entries {
                let full = (folder as NSString).appendingPathComponent(entry)
                var entryIsDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &entryIsDirectory) else { continue }
                if entryIsDirectory.boolValue {
                    folders.append(full)
                } else if isRuleFile(entry) {
                    files.append(full)
                }
            }
        }
        guard !files.isEmpty else { throw failure("no rule files (*.yaml, *.yml) in this folder", path) }
        return files.sorted()
    }

    /// Loads every rule file under each of `paths` (files or folders); throws every error of every file at once.
    public static func load(paths: [String]) throws(RuleFileError) -> [RulePack] {
        var sources: [(path: String, text: String)] = []
        var errors: [Diagnostic] = []
        for path in paths {
            do {
                for file in try ruleFiles(atPath: path) {
                    sources.append((file, try readRuleFile(file)))
                }
            } catch {
                errors.append(contentsOf: error.diagnostics)
            }
        }
        let parsed = Result { () throws(RuleFileError) in try parse(sources) }
        switch parsed {
        case .success(let packs) where errors.isEmpty:
            return packs
        case .success:
            throw RuleFileError(diagnostics: errors)
        case .failure(let error):
            throw RuleFileError(diagnostics: errors + error.diagnostics)
        }
    }

    /// The folders named by ``searchPathVariable``, in order (empty entries skipped).
    public static func searchPath(environment: [String: String]? = nil) -> [String] {
        let environment = environment ?? ProcessInfo.processInfo.environment
        return (environment[searchPathVariable] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }

    /// The packs a command-line run uses: the bundled ones (unless `includeBundled` is false), then those of the
    /// search path, then those of `paths`. A later pack with the id of an earlier one is an error, and so are two
    /// packs of the search path and `paths` claiming one host; a host claimed by one of those and by a bundled pack
    /// goes to the former (the bundled pack keeps its other hosts, and is left out if it has none left).
    public static func packs(
        paths: [String],
        includeBundled: Bool = true,
        environment: [String: String]? = nil
    ) throws(RuleFileError) -> [RulePack] {
        var packs = includeBundled ? try bundledPacks() : []
        let missing = searchPath(environment: environment).filter { !FileManager.default.fileExists(atPath: $0) }
        guard missing.isEmpty else {
            throw RuleFileError(diagnostics: missing.map {
                Diagnostic(.error, "no such file or folder (named in \(searchPathVariable))",
                           at: SourceLocation(file: $0, line: 1, column: 1), check: "io")
            })
        }
        let user = try load(paths: searchPath(environment: environment) + paths)
        let claimed = Set(user.flatMap { $0.scope.hosts.map(normalizedHost) })
        packs = packs.compactMap { pack in
            guard !pack.scope.isGeneric else { return pack }
            let kept = pack.scope.hosts.filter { !claimed.contains(normalizedHost($0)) }
            guard !kept.isEmpty else { return nil }
            var pack = pack
            pack.scope = .publisher(hosts: kept)
            return pack
        }
        packs += user
        let duplicates = duplicatePackErrors(packs)
        guard duplicates.isEmpty else { throw RuleFileError(diagnostics: duplicates) }
        return packs
    }

    /// The text of the rule file at `path`, checked to be at most ``RuleFileParser/maximumFileSize`` bytes before
    /// it is read, and UTF-8.
    public static func readRuleFile(_ path: String) throws(RuleFileError) -> String {
        let location = SourceLocation(file: path, line: 1, column: 1)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber
        else {
            throw RuleFileError(diagnostics: [Diagnostic(.error, "cannot read the file", at: location, check: "io")])
        }
        guard size.intValue <= RuleFileParser.maximumFileSize else {
            throw RuleFileError(diagnostics: [
                Diagnostic(
                    .error,
                    "rule file is \(size.intValue) bytes; the limit is \(RuleFileParser.maximumFileSize)",
                    at: location,
                    check: "file-too-large"
                )
            ])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleFileError(diagnostics: [Diagnostic(.error, "cannot read the file", at: location, check: "io")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuleFileError(diagnostics: [
                Diagnostic(.error, "the file is not valid UTF-8", at: location, check: "encoding")
            ])
        }
        return text
    }

    static func normalizedHost(_ host: String) -> String {
        var host = host.lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        return host
    }

    /// One error for each pack claiming a host an earlier pack claims, naming both.
    static func duplicateHostErrors(_ packs: [RulePack]) -> [Diagnostic] {
        var owner: [String: RulePack] = [:]
        var errors: [Diagnostic] = []
        for pack in packs {
            for host in Set(pack.scope.hosts.map(normalizedHost)).sorted() {
                if let first = owner[host] {
                    errors.append(
                        Diagnostic(
                            .error,
                            "host '\(host)' is claimed by pack '\(pack.id)' and by pack '\(first.id)' "
                                + "(\(first.source ?? "<code>")); a host belongs to one pack",
                            at: SourceLocation(file: pack.source ?? "<code>", line: 1, column: 1),
                            check: "duplicate-host"
                        )
                    )
                } else {
                    owner[host] = pack
                }
            }
        }
        return errors
    }

    static func duplicatePackErrors(_ packs: [RulePack]) -> [Diagnostic] {
        var seen: [String: String] = [:]
        var errors: [Diagnostic] = []
        for pack in packs {
            let source = pack.source ?? "<code>"
            if let first = seen[pack.id] {
                errors.append(
                    Diagnostic(
                        .error,
                        "duplicate pack id '\(pack.id)' (also in \(first))",
                        at: SourceLocation(file: source, line: 1, column: 1),
                        check: "duplicate-pack"
                    )
                )
            } else {
                seen[pack.id] = source
            }
        }
        return errors
    }
}

extension Array where Element == RulePack {
    /// The rule packs bundled with newsclean (`Rules/` of its source tree, compiled into the binary).
    ///
    /// ```swift
    /// let cleaner = try Cleaner(packs: .bundled)
    /// ```
    public static var bundled: [RulePack] {
        get throws(RuleFileError) { try RuleLoader.bundledPacks() }
    }
}
