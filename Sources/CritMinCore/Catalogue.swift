import Foundation

/// The reference entities an importer resolves names against: commodities, countries, groups.
///
/// Matching is by ``Catalogue/nameKey(_:)``: case, accents, punctuation and spacing do not matter.
public struct Catalogue: Sendable {
    public private(set) var commodities: [CommodityID: Commodity] = [:]
    public private(set) var countries: [CountryCode: Country] = [:]
    public private(set) var groups: [String: CountryGroup] = [:]
    private var commodityByName: [String: CommodityID] = [:]
    private var areaByName: [String: Area] = [:]

    /// Names that stand for the world total and the "other countries" residual in source tables.
    public static let worldNames = ["World total", "World total (rounded)", "World", "World total (may be rounded)"]
    public static let residualNames = ["Other countries", "Other", "Others", "Rest of world"]

    public init(commodities: [Commodity] = [], countries: [Country] = [], groups: [CountryGroup] = []) {
        for name in Self.worldNames { areaByName[Self.nameKey(name)] = .world }
        for name in Self.residualNames { areaByName[Self.nameKey(name)] = .otherCountries }
        commodities.forEach { add($0) }
        countries.forEach { add($0) }
        groups.forEach { add($0) }
    }

    public mutating func add(_ commodity: Commodity) {
        commodities[commodity.id] = commodity
        for name in [commodity.id.rawValue, commodity.name] + commodity.aliases {
            commodityByName[Self.nameKey(name)] = commodity.id
        }
    }

    /// Adds a country; a name already taken by a current country is not given to a withdrawn one.
    public mutating func add(_ country: Country) {
        countries[country.code] = country
        let names =
            [country.code.rawValue, country.name] + [country.officialName, country.alpha2].compactMap { $0 }
            + country.aliases.map(\.name)
        for name in names {
            let key = Self.nameKey(name)
            if country.withdrawn != nil, let existing = areaByName[key], existing != .country(country.code) { continue }
            areaByName[key] = .country(country.code)
        }
    }

    public mutating func add(_ group: CountryGroup) {
        groups[group.id] = group
        areaByName[Self.nameKey(group.name)] = areaByName[Self.nameKey(group.name)] ?? .group(group.id)
        areaByName[Self.nameKey(group.id)] = areaByName[Self.nameKey(group.id)] ?? .group(group.id)
    }

    /// Adds a batch's catalogue entries (countries, commodities, groups), as the store merges them when it applies the batch.
    public mutating func add(entriesOf batch: ImportBatch) {
        batch.countries.forEach { add($0) }
        batch.commodities.forEach { add($0) }
        batch.countryGroups.forEach { add($0) }
    }

    /// The commodity a name or alias stands for.
    public func commodity(named name: String) -> CommodityID? {
        commodityByName[Self.nameKey(name)]
    }

    /// The area a name stands for: a country by code, name or alias, the world, the residual, or a group.
    public func area(named name: String) -> Area? {
        areaByName[Self.nameKey(name)]
    }

    /// The members of a group commodity (neodymium… for "rare-earths"), in name order.
    public func members(of group: CommodityID) -> [Commodity] {
        commodities.values.filter { $0.parent == group }.sorted { $0.name < $1.name }
    }

    /// The key names are matched on: lower case, accents folded, "&" as "and", punctuation as spaces,
    /// single spaces. "Côte d’Ivoire" and "cote d'ivoire" give the same key.
    public static func nameKey(_ name: String) -> String {
        asciiNameKey(name) ?? foldedNameKey(name)
    }

    /// ``nameKey(_:)`` through Foundation's case, accent and width folding: for any name.
    static func foldedNameKey(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "&", with: " and ")
            .replacingOccurrences(of: "’", with: "'")
        var key = ""
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                if pendingSpace, !key.isEmpty { key.append(" ") }
                key.unicodeScalars.append(scalar)
                pendingSpace = false
            } else if scalar != "'" {
                pendingSpace = true
            }
        }
        return key
    }

    /// ``nameKey(_:)`` for plain ASCII names without Foundation's folding, which is slow on Linux; `nil` for other names.
    static func asciiNameKey(_ name: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        var pendingSpace = false
        for byte in name.utf8 {
            guard byte < 0x80 else { return nil }
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "&"):
                if pendingSpace, !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
                pendingSpace = false
                if byte == UInt8(ascii: "&") {
                    if !bytes.isEmpty, bytes.last != UInt8(ascii: " ") { bytes.append(UInt8(ascii: " ")) }
                    bytes += Array("and".utf8)
                    pendingSpace = true
                } else {
                    bytes.append(byte | (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? 0x20 : 0))
                }
            case UInt8(ascii: "'"):
                continue
            default:
                pendingSpace = true
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
