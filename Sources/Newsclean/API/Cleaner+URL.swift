#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension Cleaner {
    /// Cleans one document whose article URL is `url`; see ``clean(_:url:publisher:)-(_,String?,_)``.
    public func clean(_ text: String, url: URL, publisher: String? = nil) -> CleanResult {
        clean(text, url: url.absoluteString, publisher: publisher)
    }

    /// Cleans a document given as UTF-8 bytes whose article URL is `url`, appending the cleaned bytes to `output`.
    public func clean(
        utf8 bytes: UnsafeBufferPointer<UInt8>,
        url: URL,
        publisher: String? = nil,
        appendingTo output: inout [UInt8]
    ) -> CleanResult {
        clean(utf8: bytes, url: url.absoluteString, publisher: publisher, appendingTo: &output)
    }

    /// Cleans `text`, whose article URL is `url`, and explains every change.
    public func explain(_ text: String, url: URL, publisher: String? = nil) -> Explanation {
        explain(text, url: url.absoluteString, publisher: publisher)
    }

    /// The publisher pack that applies to `url`, if any.
    public func publisherPack(forURL url: URL) -> RulePack? {
        publisherPack(forURL: url.absoluteString)
    }
}
