@preconcurrency import Glibc

/// Standard output's C stream, through which `print` writes.
enum StandardOutput {
    /// Flushes standard output; false when anything written to it since the start could not be written.
    static func flush() -> Bool {
        let flushed = fflush(stdout) == 0
        return flushed && ferror(stdout) == 0
    }
}
