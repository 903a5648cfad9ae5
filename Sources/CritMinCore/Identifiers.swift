/// A string-backed identifier: comparable, codable as its raw string, writable as a literal.
public protocol StringIdentifier: RawRepresentable<String>, Hashable, Comparable, Sendable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    init(rawValue: String)
}

extension StringIdentifier {
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An ISO 3166-1 alpha-3 country code ("CAN", "USA"), a withdrawn ISO 3166-3 code ("ANT"), or the
/// user-assigned "XKX" (Kosovo) that the World Bank and others use. Stored upper case.
public struct CountryCode: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }

    public static let canada: CountryCode = "CAN"
    public static let unitedStates: CountryCode = "USA"
    public static let china: CountryCode = "CHN"
}

/// A commodity slug ("cobalt", "rare-earths", "neodymium"): lower case, words joined by hyphens.
public struct CommodityID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// A dataset identifier ("usgs-mcs-2026", "wgi-2024"); all versions of one dataset share it.
public struct DatasetID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// A critical-mineral list identifier ("US-2018", "CA-2024").
public struct CriticalListID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue.uppercased() }
}

/// A citation identifier, unique within the store ("usgs-mcs-2026/cobalt/world").
public struct CitationID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}
