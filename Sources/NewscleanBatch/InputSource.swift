internal import CNewscleanZlib
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A stream of input bytes: a file or standard input, plain or gzip-compressed (detected by its magic bytes, so
/// `.gz` files and gzip on standard input both work; concatenated gzip members are read in sequence).
public final class InputSource {
    /// The name used in diagnostics: the path, or `<stdin>`.
    public let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var raw: [UInt8]
    private var rawStart = 0
    private var rawEnd = 0
    private var endOfFile = false
    private var isGzip: Bool?
    private var stream = z_stream()
    private var inflating = false
    /// Whether a gzip member has begun and not yet ended (its trailer, with the CRC and length, checked).
    private var inMember = false

    /// Opens `path`, or standard input for nil or `-`.
    public init(path: String?) throws(BatchError) {
        if let path, path != "-" {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw BatchError(message: "cannot open '\(path)': \(String(cString: strerror(errno)))", exitCode: 66)
            }
            descriptor = fd
            ownsDescriptor = true
            name = path
        } else {
            descriptor = 0
            ownsDescriptor = false
            name = "<stdin>"
        }
        raw = Array(repeating: 0, count: 1 << 18)
    }

    deinit {
        if inflating { inflateEnd(&stream) }
        if ownsDescriptor { close(descriptor) }
    }

    /// Reads up to `capacity` bytes into `buffer` (appending); returns how many, 0 at the end.
    public func read(into buffer: inout [UInt8], capacity: Int) throws(BatchError) -> Int {
        if isGzip == nil {
            try fillRaw()
            isGzip = rawEnd - rawStart >= 2 && raw[rawStart] == 0x1F && raw[rawStart + 1] == 0x8B
        }
        if isGzip == true {
            return try inflate(into: &buffer, capacity: capacity)
        }
        if rawStart < rawEnd {
            let count = min(capacity, rawEnd - rawStart)
            buffer.append(contentsOf: raw[rawStart..<(rawStart + count)])
            rawStart += count
            return count
        }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: capacity))
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            readAll(descriptor, pointer.baseAddress! + start, capacity)
        }
        guard count >= 0 else {
            buffer.removeSubrange(start...)
            throw BatchError(message: "cannot read \(name): \(String(cString: strerror(errno)))", exitCode: 66)
        }
        buffer.removeSubrange((start + count)...)
        return count
    }

    private func fillRaw() throws(BatchError) {
        guard rawStart >= rawEnd, !endOfFile else { return }
        let count = raw.withUnsafeMutableBufferPointer { readAll(descriptor, $0.baseAddress!, $0.count) }
        guard count >= 0 else {
            throw BatchError(message: "cannot read \(name): \(String(cString: strerror(errno)))", exitCode: 66)
        }
        rawStart = 0
        rawEnd = count
        if count == 0 { endOfFile = true }
    }

    private func inflate(into buffer: inout [UInt8], capacity: Int) throws(BatchError) -> Int {
        if !inflating {
            guard CNewscleanZlib_inflateInitGzip(&stream) == Z_OK else {
                throw BatchError(message: "cannot start gzip decompression of \(name)", exitCode: 66)
            }
            inflating = true
        }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: capacity))
        var produced = 0
        while produced == 0 {
            try fillRaw()
            if rawStart >= rawEnd && endOfFile {
                guard !inMember else {
                    buffer.removeSubrange((start + produced)...)
                    throw BatchError(message: "\(name): truncated gzip data (the stream ends inside a member)", exitCode: 66)
                }
                break
            }
            inMember = true
            let status: Int32 = raw.withUnsafeMutableBufferPointer { input in
                buffer.withUnsafeMutableBufferPointer { output in
                    stream.next_in = input.baseAddress! + rawStart
                    stream.avail_in = UInt32(rawEnd - rawStart)
                    stream.next_out = output.baseAddress! + start + produced
                    stream.avail_out = UInt32(capacity - produced)
                    let status = CNewscleanZlib.inflate(&stream, Z_NO_FLUSH)
                    rawStart = rawEnd - Int(stream.avail_in)
                    produced = capacity - Int(stream.avail_out)
                    return status
                }
            }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                // Another gzip member may follow.
                inMember = false
                inflateReset(&stream)
            default:
                buffer.removeSubrange(start...)
                let detail = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw BatchError(message: "\(name): corrupt gzip data (\(detail))", exitCode: 66)
            }
        }
        buffer.removeSubrange((start + produced)...)
        return produced
    }
}

/// `read` until `count` bytes or the end; -1 on error.
private func readAll(_ descriptor: Int32, _ pointer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    var total = 0
    while total < count {
        let result = Glibc.read(descriptor, pointer + total, count - total)
        if result < 0 {
            if errno == EINTR { continue }
            return -1
        }
        if result == 0 { break }
        total += result
    }
    return total
}

/// A batch run that cannot go on, with the process exit code it calls for.
public struct BatchError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var exitCode: Int32
    public var description: String { message }
}
