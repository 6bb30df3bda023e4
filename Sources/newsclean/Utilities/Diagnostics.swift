import Foundation
import Newsclean
import NewscleanRules

/// Writes diagnostics to standard error.
enum Diagnostics {
    static func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            let source = try? String(contentsOfFile: diagnostic.location.file, encoding: .utf8)
            let bundled = RuleLoader.bundledFiles.first { $0.path == diagnostic.location.file }?.text
            if let text = source ?? bundled {
                printError(diagnostic.rendered(source: text))
            } else {
                printError(diagnostic.description)
            }
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// Reads a whole input: a file, or standard input for nil or "-".
enum Input {
    static func read(_ path: String?) throws -> [UInt8] {
        if let path, path != "-" {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputError(message: "cannot read '\(path)'")
            }
            return [UInt8](data)
        }
        return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    }
}

struct InputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
