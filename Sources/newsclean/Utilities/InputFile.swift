import ArgumentParser
import Foundation
import NewscleanRules

/// A whole input file that the command cannot do without.
enum InputFile {
    /// The file's bytes; when it cannot be read, prints `newsclean: error: cannot read 'PATH'` and exits 66.
    static func contents(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            Diagnostics.printError("newsclean: error: cannot read '\(path)'")
            throw ExitCode(66)
        }
        return data
    }
}

extension InputFile {
    /// The exit status for rule files that could not be loaded: 66 when one of them could not be read (a missing
    /// path, a file that is not UTF-8), else 65 (a file is invalid).
    static func exitCode(for diagnostics: [Diagnostic]) -> Int32 {
        diagnostics.contains { $0.severity == .error && $0.checkID == "io" } ? 66 : 65
    }
}
