import Foundation
import Testing
import _NewscleanTestSupport

private let seedInput = "Rules/publishers/fixtures/timeslive.co.za/us-russia-syria-pact.input.txt"

/// Runs `newsclean explain` on a terminal (util-linux `script` gives it a pseudo-terminal) with `environment`.
private func explainOnTerminal(environment: [String: String]) throws -> String {
    let command = "'\(newscleanBinary.path)' explain '\(repositoryFile(seedInput).path)'"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qec", command, "/dev/null"]
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "NO_COLOR")
    env.merge(environment) { $1 }
    process.environment = env
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

@Suite("Command-line polish: NO_COLOR, completions, exit 66")
struct CLIPolishTests {
    @Test("on a terminal, colour is on unless NO_COLOR is set to a non-empty value (no-color.org)")
    func noColor() throws {
        let red = "\u{1B}[31m-Image: ALEXEI DRUZHININ/REUTERS"
        #expect(try explainOnTerminal(environment: [:]).contains(red))
        #expect(try explainOnTerminal(environment: ["NO_COLOR": ""]).contains(red))
        let off = try explainOnTerminal(environment: ["NO_COLOR": "1"])
        #expect(off.contains("-Image: ALEXEI DRUZHININ/REUTERS"))
        #expect(!off.contains("\u{1B}["))
    }

    @Test("--publisher completes pack ids and hosts; the shell scripts ask newsclean for them")
    func publisherCompletion() throws {
        let result = try runNewsclean(["---completion", "clean", "--", "--publisher", "2", "4", "newsclean", "--publisher", "times"])
        #expect(result.stdout == "timeslive.co.za\n")
        let bash = try runNewsclean(["--generate-completion-script", "bash"])
        #expect(bash.stdout.contains("---completion clean -- --publisher"))
        #expect(bash.stdout.contains("---completion explain -- --publisher"))
    }

    @Test("a rule path that cannot be read exits 66 in every command, as any unreadable input", arguments: [
        ["test", "/nonexistent/rules"], ["lint", "/nonexistent/rules"], ["--rules", "/nonexistent/rules"],
        ["packs", "--rules", "/nonexistent/rules"], ["explain", "--rules", "/nonexistent/rules"],
        ["clean", "/nonexistent/input.txt"], ["explain", "/nonexistent/input.txt"],
        ["--jsonl", "/nonexistent/input.jsonl"], ["eval", "--corpus", "/nonexistent/corpus.jsonl"],
        ["new", "acme.com", "/nonexistent/sample.txt"], ["review", "/nonexistent/corpus.jsonl", "--out", "/tmp/nc-x"],
    ])
    func unreadable(arguments: [String]) throws {
        let result = try runNewsclean(arguments, stdin: Data("text\n".utf8))
        #expect(result.status == 66)
        #expect((result.stderr + result.stdout).contains("/nonexistent/"))  // lint reports on stdout
    }
}
