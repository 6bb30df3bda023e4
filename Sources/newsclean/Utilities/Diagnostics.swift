import Foundation
import Newsclean
import NewscleanRules

/// Writes diagnostics to standard error.
enum Diagnostics {
    /// Prints each diagnostic with its source line; each file is read and indexed once, however many there are.
    static func print(_ diagnostics: [Diagnostic]) {
        var sources: [String: SourceLines?] = [:]
        for diagnostic in diagnostics {
            let file = diagnostic.location.file
            if sources[file] == nil {
                let text = (try? RuleLoader.readRuleFile(file)) ?? RuleLoader.bundledFile(atPath: file)
                sources[file] = .some(text.map(SourceLines.init))
            }
            if let lines = sources[file] ?? nil {
                printError(diagnostic.rendered(source: lines))
            } else {
                printError(diagnostic.description)
            }
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// Reads a whole input: a file, or standard input for nil or "-", straight into one byte array.
enum Input {
    static func read(_ path: String?) throws -> [UInt8] {
        var descriptor: Int32 = 0
        if let path, path != "-" {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw InputError(message: "cannot read '\(path)'") }
        }
        defer { if descriptor != 0 { close(descriptor) } }
        var bytes: [UInt8] = []
        // A regular file (also stdin redirected from one) says its size: read into one allocation of that size
        // instead of growing (a growing array briefly holds the old and the doubled buffer).
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 {
            bytes.reserveCapacity(Int(status.st_size) + 1)
        }
        var chunk = 1 << 20
        while true {
            let start = bytes.count
            // Within the reserved capacity while it lasts, so that the array never regrows for a file of known size.
            let room = bytes.capacity - start
            let size = room > 0 ? min(chunk, room) : chunk
            bytes.append(contentsOf: repeatElement(0, count: size))
            let count = bytes.withUnsafeMutableBufferPointer { Glibc.read(descriptor, $0.baseAddress! + start, size) }
            if count < 0 {
                if errno == EINTR { bytes.removeSubrange(start...); continue }
                throw InputError(message: "cannot read '\(path ?? "<stdin>")': \(String(cString: strerror(errno)))")
            }
            bytes.removeSubrange((start + count)...)
            if count == 0 { return bytes }
            chunk = min(chunk * 2, 1 << 26)
        }
    }

    /// Writes `bytes` to the file at `path` as it is: through a symlink to its target, into a device or a FIFO
    /// that has a reader, never by replacing it (a FIFO without a reader is an error, not a wait).
    static func write(_ bytes: [UInt8], toFile path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw InputError(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        try write(bytes, to: descriptor, name: "'\(path)'")
    }

    /// Writes `bytes` to standard output (or `descriptor`, called `name` in the error).
    static func write(_ bytes: [UInt8], to descriptor: Int32 = 1, name: String = "the output") throws {
        var written = 0
        try bytes.withUnsafeBufferPointer { buffer in
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw InputError(message: "cannot write \(name): \(String(cString: strerror(errno)))")
                }
                written += count
            }
        }
    }
}

struct InputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
