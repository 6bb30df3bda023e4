public import Newsclean

/// A problem found in a rule file, located at a line and column, in the format compilers and editors use.
///
/// ```
/// Rules/publishers/acme.yaml:14:9: error: unknown key 'patern' (did you mean 'pattern'?) [unknown-key]
/// ```
///
/// JSON (`newsclean lint --format json`): `{"file", "line", "column", "severity", "message", "check"}`.
public struct Diagnostic: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// How bad a diagnostic is.
    public struct Severity: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The file cannot be used.
        public static let error = Severity("error")
        /// The file can be used but something is probably wrong.
        public static let warning = Severity("warning")
        /// Extra information attached to another diagnostic.
        public static let note = Severity("note")

        public var description: String { name }
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    /// A stable id of the check that produced it, e.g. `unknown-key`.
    public var checkID: String

    public init(_ severity: Severity, _ message: String, at location: SourceLocation, check checkID: String) {
        self.severity = severity
        self.message = message
        self.location = location
        self.checkID = checkID
    }

    enum CodingKeys: String, CodingKey {
        case file, line, column, severity, message
        case checkID = "check"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(location.file, forKey: .file)
        try container.encode(location.line, forKey: .line)
        try container.encode(location.column, forKey: .column)
        try container.encode(severity.description, forKey: .severity)
        try container.encode(message, forKey: .message)
        try container.encode(checkID, forKey: .checkID)
    }

    /// `file:line:col: severity: message [check-id]`.
    public var description: String {
        "\(location): \(severity): \(message) [\(checkID)]"
    }

    /// The diagnostic followed by the source line it points into and a caret under its column.
    public func rendered(source: String) -> String {
        rendered(source: SourceLines(source))
    }

    /// The diagnostic followed by the source line it points into and a caret under its column; index a file's
    /// lines once with ``SourceLines`` to render many of its diagnostics in linear time.
    public func rendered(source: SourceLines) -> String {
        guard let line = source.line(location.line) else { return description }
        let caretColumn = max(0, location.column - 1)
        return "\(description)\n\(line.replacingTabs())\n\(String(repeating: " ", count: caretColumn))^"
    }
}

/// A file's text with the start of each line indexed once.
public struct SourceLines: Sendable {
    private let text: String
    private let starts: [String.Index]

    public init(_ text: String) {
        self.text = text
        var starts = [text.startIndex]
        var index = text.utf8.startIndex
        while let newline = text.utf8[index...].firstIndex(of: 0x0A) {
            index = text.utf8.index(after: newline)
            starts.append(index)
        }
        self.starts = starts
    }

    /// Line `number` (1-based) without its line break, or nil when there is no such line.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= starts.count else { return nil }
        let end = number < starts.count ? text.utf8.index(before: starts[number]) : text.endIndex
        return text[starts[number - 1]..<end]
    }
}

extension Substring {
    fileprivate func replacingTabs() -> String {
        String(unicodeScalars.map { $0 == "\t" ? " " : Character($0) })
    }
}

/// A rule file, or a set of them, that could not be loaded; lists every error found.
public struct RuleFileError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
