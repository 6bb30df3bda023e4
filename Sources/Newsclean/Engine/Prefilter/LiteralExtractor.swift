// TEMPORARY stand-in until the real extractor lands.
package enum LiteralExtractor {
    package static let caselessHazards: [[UInt8]] = [[0xE2, 0x84, 0xAA], [0xC5, 0xBF]]
    package static func requiredLiterals(
        pattern: String, caseInsensitive: Bool, extended: Bool, minimumLength: Int = 2
    ) -> [[UInt8]]? {
        nil
    }
}
