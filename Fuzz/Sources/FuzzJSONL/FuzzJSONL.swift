import Foundation
import FuzzSupport
import NewscleanBatch

/// Any bytes are either one JSON object with a string text field, or a reported problem; a decoded text re-encodes
/// to a token that decodes to the same bytes; what the reader accepts, Foundation's parser accepts too.
func fuzzJSONL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let line = UnsafeBufferPointer(start: data, count: size)
    guard case .success(let fields) = JSONLine.scan(line, textField: Array("text".utf8), urlField: Array("url".utf8))
    else { return 0 }
    precondition(fields.text.upperBound <= size && line[fields.closingBrace] == UInt8(ascii: "}"))
    var decoded: [UInt8] = []
    guard JSONLine.decodeString(line, token: fields.text, into: &decoded) else { return 0 }
    var encoded: [UInt8] = []
    decoded.withUnsafeBufferPointer { JSONLine.encodeString($0, into: &encoded) }
    let record = Array("{\"text\":".utf8) + encoded + [UInt8(ascii: "}")]
    record.withUnsafeBufferPointer { bytes in
        guard case .success(let again) = JSONLine.scan(bytes, textField: Array("text".utf8), urlField: []) else {
            preconditionFailure("re-encoded record does not scan")
        }
        var roundTrip: [UInt8] = []
        precondition(JSONLine.decodeString(bytes, token: again.text, into: &roundTrip) && roundTrip == decoded)
    }
    // RFC 8259's grammar allows an escaped lone surrogate ("\ud800") and the reader accepts one outside the text
    // field (the bytes are kept as they are); Foundation rejects it. Apart from that, the two agree.
    let text = String(decoding: line, as: UTF8.self).lowercased()
    let loneSurrogate = ["\\ud8", "\\ud9", "\\uda", "\\udb", "\\udc", "\\udd", "\\ude", "\\udf"].contains {
        text.contains($0)
    }
    if !loneSurrogate {
        let object = try? JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed])
        precondition(object is [String: Any], "the reader accepted a line Foundation rejects")
    }
    return 0
}

@main
struct Main {
    static func main() {
        exit(runLibFuzzer(fuzzJSONL))
    }
}
