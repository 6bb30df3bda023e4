import ArgumentParser
import Foundation

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
