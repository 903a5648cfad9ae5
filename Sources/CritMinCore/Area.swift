/// Where an observation is reported for: a country, the world, the anonymous residual that sources call
/// "Other countries", or a named group or region ("EU", "europe").
public enum Area: Hashable, Comparable, Sendable, CustomStringConvertible {
    case country(CountryCode)
    case world
    case otherCountries
    case group(String)

    /// The stable text form used in storage and exports: "CAN", "WORLD", "OTHER", "group:EU".
    public var code: String {
        switch self {
        case .country(let code): code.rawValue
        case .world: "WORLD"
        case .otherCountries: "OTHER"
        case .group(let id): "group:\(id)"
        }
    }

    /// Parses the text form written by ``code``.
    /// - Throws: ``CritMinError`` with code `.invalidValue` when the text is neither a group, a keyword nor a
    ///   three-letter code.
    public init(code: String) throws(CritMinError) {
        switch code {
        case "WORLD": self = .world
        case "OTHER": self = .otherCountries
        default:
            if code.hasPrefix("group:") {
                self = .group(String(code.dropFirst("group:".count)))
            } else if code.count == 3, code.allSatisfy({ $0.isLetter }) {
                self = .country(CountryCode(code))
            } else {
                throw CritMinError(.invalidValue, "not an area code (expected ISO alpha-3, WORLD, OTHER or group:ID)", value: code)
            }
        }
    }

    /// The country code when the area is a country.
    public var country: CountryCode? {
        if case .country(let code) = self { return code }
        return nil
    }

    public var description: String { code }

    public static func < (lhs: Area, rhs: Area) -> Bool { lhs.code < rhs.code }
}

extension Area: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try Area(code: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
