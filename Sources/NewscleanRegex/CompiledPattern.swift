internal import CNewscleanPCRE2

/// A PCRE2 pattern compiled once (JIT where available) and shared read-only by any number of threads.
///
/// ```swift
/// let pattern = try CompiledPattern("Image: [A-Z]+", options: .caseInsensitive)
/// var scratch = MatchScratch()
/// text.utf8.withContiguousStorageIfAvailable { bytes in
///     pattern.forEachMatch(in: bytes, scratch: &scratch) { range, _ in print(range); return true }
/// }
/// ```
///
/// Matching runs over the subject's UTF-8 bytes in place, and every offset in and out is a UTF-8 byte offset.
/// Subjects may contain invalid UTF-8: patterns are compiled with `PCRE2_MATCH_INVALID_UTF`, so they simply never
/// match across an invalid sequence.
// Sendable: the pcre2_code changes once, when the first match JIT-compiles it, under `jitLock` and before `jitState`
// publishes it (release; every match reads it with acquire first); PCRE2 documents compiled patterns (JIT code
// included) as safe to use from several threads at once.
public final class CompiledPattern: @unchecked Sendable {
    private let code: OpaquePointer

    /// The source of the pattern.
    public let pattern: String
    /// The options it was compiled with.
    public let options: PatternOptions
    /// The number of capture groups.
    public let captureCount: Int
    /// Whether the pattern runs as machine code (JIT), otherwise in PCRE2's interpreter. Asking JIT-compiles it if
    /// its first match has not yet.
    public var usesJIT: Bool { readyToMatch() }
    /// Whether JIT compilation is wanted (it is not for a pattern compiled only to validate it).
    private let triedJIT: Bool
    /// `JITState`, published once (see the Sendable note).
    private let jitState: UnsafeMutablePointer<Int32>
    /// Serializes JIT compilations, which are rare: once per pattern, at its first match.
    private static let jitLock = Locked(0)

    private enum JITState: Int32 {
        /// JIT-compiled at the first match.
        case pending = 0
        case machineCode = 1
        /// No JIT code (compiled only to validate, JIT unavailable or refused): the interpreter runs it.
        case interpreter = 2
    }
    /// Whether the pattern can match an empty string.
    public let canMatchEmpty: Bool

    /// Compiles `pattern`; with `jit` (the default) also to machine code where available, at its first match.
    ///
    /// A pattern compiled without JIT only to validate it (a rule file's parser) runs in the interpreter; to match
    /// with it, take ``jitCompiled()``, which copies the compiled code instead of compiling the source again.
    /// - Throws: ``RegexError`` with code ``RegexError/Code/syntax``, PCRE2's message and the UTF-8 offset inside
    ///   the pattern where compilation stopped.
    public init(_ pattern: String, options: PatternOptions = [], jit: Bool = true) throws(RegexError) {
        // USE_OFFSET_LIMIT: the engine bounds where a match may start (`startLimit`); JIT compiles for it.
        var flags: UInt32 = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_USE_OFFSET_LIMIT
        if options.contains(.caseInsensitive) { flags |= PCRE2_CASELESS }
        if options.contains(.literal) {
            // PCRE2 refuses the other options with LITERAL; none of them changes how a literal matches.
            flags |= PCRE2_LITERAL
        } else {
            // NEVER_BACKSLASH_C: `\C` matches one code unit, so it could split a UTF-8 character in two.
            flags |= PCRE2_UCP | PCRE2_MULTILINE | PCRE2_NEVER_BACKSLASH_C
            if options.contains(.dotMatchesLineBreaks) { flags |= PCRE2_DOTALL }
            if options.contains(.extended) { flags |= PCRE2_EXTENDED }
            if options.contains(.ungreedy) { flags |= PCRE2_UNGREEDY }
        }

        let compileContext = pcre2_compile_context_create_8(nil)
        defer { pcre2_compile_context_free_8(compileContext) }
        pcre2_set_newline_8(compileContext, UInt32(PCRE2_NEWLINE_ANYCRLF))

        // Every regex starts with a callout (after any leading `(*VERB)` settings), which the match scratch uses to
        // enforce its time budget once per match attempt. Literals need none: an attempt costs their length.
        var source = Array(pattern.utf8)
        var insertion: Int?
        if !options.contains(.literal) {
            let at = Self.calloutInsertionPoint(source)
            source.insert(contentsOf: Self.budgetCallout, at: at)
            insertion = at
        }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        Self.compileCounter?.count(\.compiles)
        let compiled: OpaquePointer? = source.withUnsafeBufferPointer { bytes in
            pcre2_compile_8(bytes.baseAddress, bytes.count, flags, &errorCode, &errorOffset, compileContext)
        }
        guard let compiled else {
            if let insertion, errorOffset >= insertion {
                errorOffset = max(insertion, errorOffset - Self.budgetCallout.count)
            }
            throw RegexError(
                code: .syntax,
                message: Self.message(for: errorCode),
                patternOffset: errorOffset,
                pcre2Code: errorCode
            )
        }
        // A leading (*LF), (*CR), (*CRLF), (*ANY) or (*NUL) would give this pattern its own idea of a line.
        var newline: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NEWLINE), &newline)
        guard newline == UInt32(PCRE2_NEWLINE_ANYCRLF) else {
            pcre2_code_free_8(compiled)
            throw RegexError(
                code: .syntax,
                message: #"a pattern may not set the newline convention: lines end at \n, \r\n and \r for every rule"#,
                patternOffset: 0,
                pcre2Code: 0
            )
        }
        self.code = compiled
        self.pattern = pattern
        self.options = options
        self.triedJIT = jit
        self.jitState = Self.makeJITState(jit && Self.isJITAvailable ? .pending : .interpreter)

        var captures: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &captures)
        self.captureCount = Int(captures)
        var matchEmpty: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_MATCHEMPTY), &matchEmpty)
        self.canMatchEmpty = matchEmpty != 0
    }

    /// A copy of `other`'s compiled code (no compilation), JIT-compiled.
    private init(jitCopyOf other: CompiledPattern) {
        // pcre2_code_copy_8 fails only when it cannot allocate.
        guard let copy = pcre2_code_copy_8(other.code) else { fatalError("newsclean: out of memory copying a pattern") }
        self.code = copy
        self.pattern = other.pattern
        self.options = other.options
        self.captureCount = other.captureCount
        self.canMatchEmpty = other.canMatchEmpty
        self.triedJIT = true
        self.jitState = Self.makeJITState(.pending)
    }

    private static func makeJITState(_ state: JITState) -> UnsafeMutablePointer<Int32> {
        let pointer = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        pointer.initialize(to: state.rawValue)
        return pointer
    }

    /// Makes the pattern ready to match and says whether it runs as machine code: JIT compilation is left to the
    /// first match, since a cleaner built for one document runs only a few of the bundled packs' patterns, and JIT
    /// compiling all of them was a fifth of `newsclean`'s start-up.
    @inline(__always)
    private func readyToMatch() -> Bool {
        let state = CNewscleanPCRE2_loadAcquire(jitState)
        if state != JITState.pending.rawValue { return state == JITState.machineCode.rawValue }
        return Self.jitLock.withLock { compilations in
            var state = CNewscleanPCRE2_loadAcquire(jitState)
            if state == JITState.pending.rawValue {
                compilations += 1
                state = (Self.jitCompile(code) ? JITState.machineCode : JITState.interpreter).rawValue
                CNewscleanPCRE2_storeRelease(jitState, state)
            }
            return state == JITState.machineCode.rawValue
        }
    }

    /// This pattern ready to match at full speed: itself when it was compiled for JIT already (or JIT is
    /// unavailable), otherwise a copy of its code that its first match JIT-compiles. The source is not compiled
    /// again; this pattern is left as it is, so other threads may go on using it.
    public func jitCompiled() -> CompiledPattern {
        if triedJIT || !Self.isJITAvailable { return self }
        return CompiledPattern(jitCopyOf: self)
    }

    /// JIT-compiles `code`; whether JIT code came of it. A (*NO_JIT) pattern "compiles" without JIT code: it is then
    /// matched by the interpreter.
    private static func jitCompile(_ code: OpaquePointer) -> Bool {
        compileCounter?.count(\.jitCompiles)
        var jitSize = 0
        if pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE) == 0 {
            pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_JITSIZE), &jitSize)
        }
        return jitSize > 0
    }

    /// Counts the compilations started by the current task (see ``compileCounter``).
    ///
    /// The counts may be updated from several threads at once (a cleaner compiles its patterns on every core).
    public final class CompileCounter: Sendable {
        private let counts = Locked(Counts())

        /// `pcre2_compile` calls: patterns compiled from source.
        public var compiles: Int { counts.withLock { $0.compiles } }
        /// `pcre2_jit_compile` calls.
        public var jitCompiles: Int { counts.withLock { $0.jitCompiles } }

        public init() {}

        struct Counts {
            var compiles = 0
            var jitCompiles = 0
        }

        /// Adds one to a count, in one step.
        func count(_ field: WritableKeyPath<Counts, Int>) {
            counts.withLock { $0[keyPath: field] += 1 }
        }
    }

    /// While set (`CompiledPattern.$compileCounter.withValue(counter) { ... }`), every compilation the current task
    /// starts is counted in it. For tests: a task-local, so tests running in parallel do not count each other's.
    @TaskLocal public static var compileCounter: CompileCounter?

    deinit {
        pcre2_code_free_8(code)
        jitState.deinitialize(count: 1)
        jitState.deallocate()
    }

    /// The callout that starts every compiled regex.
    private static let budgetCallout = Array("(?C255)".utf8)

    /// Where the budget callout goes: after the `(*...)` settings that must open a pattern (`(*UTF)`, `(*CRLF)`,
    /// `(*LIMIT_MATCH=...)`, ...), which PCRE2 only recognizes at the very start.
    private static func calloutInsertionPoint(_ pattern: [UInt8]) -> Int {
        var position = 0
        while position + 2 < pattern.count, pattern[position] == UInt8(ascii: "("),
            pattern[position + 1] == UInt8(ascii: "*"),
            let close = pattern[position...].firstIndex(of: UInt8(ascii: ")")),
            pattern[(position + 2)..<close].allSatisfy({ $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "=")
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        {
            position = close + 1
        }
        return position
    }

    /// The number of the capture group called `name`, or nil when there is none.
    public func groupNumber(named name: String) -> Int? {
        let number = pcre2_substring_number_from_name_8(code, name)
        return number > 0 ? Int(number) : nil
    }

    /// Whether JIT compilation is available in the linked PCRE2.
    public static var isJITAvailable: Bool {
        var available: UInt32 = 0
        pcre2_config_8(UInt32(PCRE2_CONFIG_JIT), &available)
        return available != 0
    }

    /// Finds the first match at or after byte offset `start`.
    ///
    /// - Returns: the byte range of the match, or nil when there is none. Capture groups are then available from
    ///   ``MatchScratch/range(ofGroup:)``.
    /// - Throws: ``RegexError`` when a resource limit stopped the match.
    /// - Parameter startLimit: the last offset at which a match may start (PCRE2's offset limit); nil for none.
    public func firstMatch(
        in subject: UnsafeBufferPointer<UInt8>,
        from start: Int = 0,
        startLimit: Int? = nil,
        scratch: inout MatchScratch
    ) throws(RegexError) -> Range<Int>? {
        try match(in: subject, from: start, startLimit: startLimit, scratch: &scratch)
    }

    /// Calls `body` with every non-overlapping match at or after `start`, left to right, until it returns false.
    ///
    /// An empty match is reported once and the search goes on one character further.
    /// - Throws: ``RegexError`` when a resource limit stopped a match; matches reported before it stand.
    /// - Parameter startLimit: the last offset at which a match may start (PCRE2's offset limit); nil for none.
    public func forEachMatch(
        in subject: UnsafeBufferPointer<UInt8>,
        from start: Int = 0,
        startLimit: Int? = nil,
        scratch: inout MatchScratch,
        _ body: (Range<Int>, borrowing MatchScratch) -> Bool
    ) throws(RegexError) {
        var position = start
        while position <= min(subject.count, startLimit ?? Int.max) {
            guard let range = try match(in: subject, from: position, startLimit: startLimit, scratch: &scratch)
            else { return }
            guard body(range, scratch) else { return }
            if range.isEmpty {
                position = range.upperBound + 1
                while position < subject.count, subject[position] & 0xC0 == 0x80 { position += 1 }
            } else {
                position = range.upperBound
            }
        }
    }

    private func match(
        in subject: UnsafeBufferPointer<UInt8>,
        from start: Int,
        startLimit: Int?,
        scratch: inout MatchScratch
    ) throws(RegexError) -> Range<Int>? {
        guard start <= subject.count else { return nil }
        if let startLimit, start > startLimit { return nil }
        if scratch.budgetFlaggedExpired {
            throw RegexError(code: .timeBudget, message: Self.budgetMessage, pcre2Code: PCRE2_ERROR_CALLOUT)
        }
        scratch.ensureCapacity(groups: captureCount)
        scratch.setStartLimit(startLimit)
        let options: UInt32 = 0
        // A zero-length subject may have a nil base address; PCRE2 accepts any non-null pointer for length 0.
        let base = subject.baseAddress ?? UnsafePointer(bitPattern: 1)!
        let result: Int32
        if readyToMatch() {
            result = pcre2_jit_match_8(code, base, subject.count, start, options, scratch.matchData, scratch.context)
        } else {
            result = pcre2_match_8(code, base, subject.count, start, options, scratch.matchData, scratch.context)
        }
        if result >= 0 {
            return scratch.range(ofGroup: 0)
        }
        if result == PCRE2_ERROR_NOMATCH || result == PCRE2_ERROR_PARTIAL {
            return nil
        }
        if result == PCRE2_ERROR_CALLOUT {
            throw RegexError(code: .timeBudget, message: Self.budgetMessage, pcre2Code: result)
        }
        throw RegexError(code: Self.code(for: result), message: Self.message(for: result), pcre2Code: result)
    }

    private static let budgetMessage = "time budget for the document exhausted"

    private static func code(for result: Int32) -> RegexError.Code {
        switch result {
        case PCRE2_ERROR_MATCHLIMIT: .matchLimit
        case PCRE2_ERROR_DEPTHLIMIT: .depthLimit
        case PCRE2_ERROR_JIT_STACKLIMIT: .jitStackLimit
        case PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_NOMEMORY: .heapLimit
        default: .internalError
        }
    }

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = buffer.withUnsafeMutableBufferPointer { pointer in
            pcre2_get_error_message_8(errorCode, pointer.baseAddress, pointer.count)
        }
        guard length > 0 else { return "PCRE2 error \(errorCode)" }
        return String(decoding: buffer[..<Int(length)], as: UTF8.self)
    }
}
