public import Foundation
public import Newsclean

/// The repository's root folder, found from this file's path.
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // _NewscleanTestSupport
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

/// A file of the repository, by its path relative to the root.
public func repositoryFile(_ relativePath: String) -> URL {
    repositoryRoot.appendingPathComponent(relativePath)
}

/// Cleans `text` with a single generic pack made of `rules`.
public func clean(_ text: String, with rules: [Rule], url: String? = nil) throws -> CleanResult {
    let cleaner = try Cleaner(packs: [RulePack(id: "test", scope: .generic, rules: rules)], options: .unguarded)
    return cleaner.clean(text, url: url)
}

/// The output of cleaning `text` with `rules` alone.
public func cleaned(_ text: String, with rules: [Rule]) throws -> String {
    try clean(text, with: rules).text
}

/// The result of running a process.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// The `newsclean` binary built beside the test bundle.
public var newscleanBinary: URL {
    var directory = Bundle.main.bundleURL
    for _ in 0..<3 {
        let candidate = directory.appendingPathComponent("newsclean")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory.deleteLastPathComponent()
    }
    return Bundle.main.bundleURL.appendingPathComponent("newsclean")
}

/// Runs `newsclean` with `arguments`, feeding `stdin`, and waits for it.
public func runNewsclean(
    _ arguments: [String],
    stdin: Data = Data(),
    environment: [String: String] = [:],
    currentDirectory: URL? = nil
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = newscleanBinary
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "NEWSCLEAN_RULES_PATH")
    env.merge(environment) { $1 }
    process.environment = env
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let input = Pipe()
    let output = Pipe()
    let error = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = error
    try process.run()
    // Drain both pipes concurrently with the write, so that a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    DispatchQueue.global().async(group: group) { outData = output.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { errData = error.fileHandleForReading.readDataToEndOfFile() }
    input.fileHandleForWriting.write(stdin)
    try input.fileHandleForWriting.close()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self)
    )
}

/// Writes `text` to a new temporary file named `name` and returns its URL.
public func temporaryFile(_ name: String, _ text: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("newsclean-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
}
