/// A named, versioned set of rules that applies either to every article or to one publisher's.
public struct RulePack: Sendable {
    /// Which articles a pack applies to.
    public struct Scope: Sendable, Hashable {
        /// The hosts of a publisher pack (lowercased, each covering its subdomains); empty for a generic pack.
        public let hosts: [String]

        /// Applies to every article.
        public static let generic = Scope(hosts: [])

        /// Applies to articles whose URL host is one of `hosts` or a subdomain of one.
        public static func publisher(hosts: [String]) -> Scope {
            Scope(hosts: hosts.map { $0.lowercased() })
        }

        /// Whether this is a generic pack.
        public var isGeneric: Bool { hosts.isEmpty }
    }

    /// Unique among the packs of a cleaner, e.g. `generic.paywall` or `timeslive.co.za`.
    public var id: String
    public var name: String
    public var version: String
    public var description: String
    public var scope: Scope
    public var rules: [Rule]
    /// The file the pack was read from, when it was.
    public var source: String?
    /// Whole articles that the pack, with the generic packs, must clean as expected (run by `newsclean test`).
    public var fixtures: [Fixture] = []
    /// For a publisher pack: the over-deletion limit on its documents, replacing the cleaner's (see
    /// ``Cleaner/Options/maxRemovedFraction``); for sites whose pages carry more furniture than text.
    public var maxRemovedFraction: Double?

    public init(
        id: String,
        name: String = "",
        version: String = "1",
        description: String = "",
        scope: Scope,
        rules: [Rule],
        source: String? = nil
    ) {
        self.id = id
        self.name = name
        self.version = version
        self.description = description
        self.scope = scope
        self.rules = rules
        self.source = source
    }

    /// An article that the pack, with every generic pack, must clean to an expected text.
    public struct Fixture: Sendable, Hashable {
        /// The dirty article, a path relative to the pack's file.
        public var input: String
        /// The expected clean text, a path relative to the pack's file; nil to check only `contains`.
        public var expected: String?
        /// The article's URL (it picks the publisher pack); nil to apply this pack by its id.
        public var url: String?
        /// Texts the cleaned article must contain.
        public var contains: [String]
        /// Texts the cleaned article must not contain.
        public var notContains: [String]
        /// Where the fixture was declared.
        public var location: SourceLocation?

        public init(
            input: String,
            expected: String? = nil,
            url: String? = nil,
            contains: [String] = [],
            notContains: [String] = [],
            location: SourceLocation? = nil
        ) {
            self.input = input
            self.expected = expected
            self.url = url
            self.contains = contains
            self.notContains = notContains
            self.location = location
        }
    }

    /// The id by which a rule of this pack is known outside it: `pack-id/rule-id`.
    public func qualifiedID(of rule: Rule) -> String {
        "\(id)/\(rule.id)"
    }
}
