/// An error from compiling or running a pattern.
///
/// Errors are structs rather than enums so that new kinds can be added without breaking callers that switch over
/// them: compare ``code`` against the static members of ``RegexError/Code``.
public struct RegexError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of error this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case syntax, matchLimit, depthLimit, jitStackLimit, heapLimit, timeBudget, internalError
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The pattern is not valid PCRE2 syntax; ``RegexError/patternOffset`` says where.
        public static let syntax = Code(.syntax)
        /// A match needed more steps than the match limit allows (a runaway, backtracking pattern).
        public static let matchLimit = Code(.matchLimit)
        /// A match nested deeper than the depth limit allows.
        public static let depthLimit = Code(.depthLimit)
        /// A JIT match ran out of JIT stack.
        public static let jitStackLimit = Code(.jitStackLimit)
        /// A match needed more heap memory than the heap limit allows.
        public static let heapLimit = Code(.heapLimit)
        /// The scratch's time budget (``MatchScratch/startBudget(nanoseconds:)``) ran out: matching for the document
        /// that set it is over.
        public static let timeBudget = Code(.timeBudget)
        /// Any other failure reported by PCRE2.
        public static let internalError = Code(.internalError)

        /// Whether this error means that a resource limit stopped the match (rather than a bug or a bad pattern).
        public var isResourceLimit: Bool {
            switch wrapped {
            case .matchLimit, .depthLimit, .jitStackLimit, .heapLimit, .timeBudget: true
            case .syntax, .internalError: false
            }
        }

        public var description: String {
            switch wrapped {
            case .syntax: "syntax"
            case .matchLimit: "match-limit"
            case .depthLimit: "depth-limit"
            case .jitStackLimit: "jit-stack-limit"
            case .heapLimit: "heap-limit"
            case .timeBudget: "time-budget"
            case .internalError: "internal"
            }
        }
    }

    /// The kind of error.
    public var code: Code
    /// PCRE2's own message, for example `missing closing parenthesis`.
    public var message: String
    /// For a syntax error: the offset, in UTF-8 bytes from the start of the pattern, where PCRE2 stopped.
    public var patternOffset: Int?
    /// PCRE2's numeric error code.
    public var pcre2Code: Int32

    public init(code: Code, message: String, patternOffset: Int? = nil, pcre2Code: Int32) {
        self.code = code
        self.message = message
        self.patternOffset = patternOffset
        self.pcre2Code = pcre2Code
    }

    public var description: String {
        if let patternOffset {
            return "\(message) at offset \(patternOffset) of the pattern"
        }
        return message
    }
}
