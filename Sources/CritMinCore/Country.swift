/// A country or territory, by its ISO 3166 code, with the names the sources give it.
public struct Country: Hashable, Sendable, Codable, Identifiable {
    public var id: CountryCode { code }
    public var code: CountryCode
    /// ISO 3166-1 alpha-2 ("CA").
    public var alpha2: String?
    /// ISO 3166-1 numeric ("124"), as written by ISO with leading zeros.
    public var numeric: String?
    public var name: String
    public var officialName: String?
    /// Year or date an ISO 3166-3 code was withdrawn; `nil` for current codes.
    public var withdrawn: String?
    /// Name variants and codes that sources use for this country.
    public var aliases: [CountryAlias]

    public init(
        code: CountryCode, alpha2: String? = nil, numeric: String? = nil, name: String, officialName: String? = nil,
        withdrawn: String? = nil, aliases: [CountryAlias] = []
    ) {
        self.code = code
        self.alpha2 = alpha2
        self.numeric = numeric
        self.name = name
        self.officialName = officialName
        self.withdrawn = withdrawn
        self.aliases = aliases
    }
}

/// A name or code under which a source refers to a country.
public struct CountryAlias: Hashable, Sendable, Codable {
    /// The naming scheme: "iso", "usgs", "wgi", "baci", "wmd", "common", "user".
    public var scheme: String
    /// The name or code as the source writes it ("Congo (Kinshasa)", "ZAR", "180").
    public var name: String

    public init(scheme: String, name: String) {
        self.scheme = scheme
        self.name = name
    }
}

/// A named set of countries: a trade bloc, an alliance, a partnership, or a user's own selection.
public struct CountryGroup: Hashable, Sendable, Codable, Identifiable {
    /// Short id ("USMCA", "G7", "EU", "NATO", "MSP").
    public var id: String
    public var name: String
    public var members: [CountryCode]
    /// Where the membership comes from, and as of when.
    public var source: String

    public init(id: String, name: String, members: [CountryCode], source: String) {
        self.id = id
        self.name = name
        self.members = members
        self.source = source
    }
}
