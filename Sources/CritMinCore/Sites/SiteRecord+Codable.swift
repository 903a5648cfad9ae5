/// A site record in JSON (the bundle's `sites.json`, the store's `site_records.document`, the generic site GeoJSON's
/// properties): keys as the properties are named, with empty lists and absent values left out, because most records
/// of a survey give a name, a place and a commodity and little else.
extension SiteRecord: Codable {
    private enum CodingKeys: String, CodingKey {
        case citation
        case recordID = "recordId"
        case name, aliases, kind, location, country, subdivision, commodities, unresolvedCommodities
        case depositType, stage, status, stageHistory, owners, formerOwners, resources, outputs, actions, asOf, unverified
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func list<Element: Decodable>(_ key: CodingKeys) throws -> [Element] { try container.decodeIfPresent([Element].self, forKey: key) ?? [] }
        self.init(
            citation: try container.decode(CitationID.self, forKey: .citation), recordID: try container.decode(String.self, forKey: .recordID),
            name: try container.decode(String.self, forKey: .name), aliases: try list(.aliases),
            kind: try container.decode(SiteKind.self, forKey: .kind),
            location: try container.decodeIfPresent(GeoPoint.self, forKey: .location),
            country: try container.decode(CountryCode.self, forKey: .country),
            subdivision: try container.decodeIfPresent(String.self, forKey: .subdivision), commodities: try list(.commodities),
            unresolvedCommodities: try list(.unresolvedCommodities), depositType: try container.decodeIfPresent(String.self, forKey: .depositType),
            stage: try container.decodeIfPresent(DevelopmentStage.self, forKey: .stage),
            status: try container.decodeIfPresent(ActivityStatus.self, forKey: .status), stageHistory: try list(.stageHistory),
            owners: try list(.owners), formerOwners: try list(.formerOwners), resources: try list(.resources), outputs: try list(.outputs),
            actions: try list(.actions), asOf: try container.decodeIfPresent(Int.self, forKey: .asOf), unverified: Set(try list(.unverified)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        func list(_ values: [some Encodable], _ key: CodingKeys) throws { if !values.isEmpty { try container.encode(values, forKey: key) } }
        try container.encode(citation, forKey: .citation)
        try container.encode(recordID, forKey: .recordID)
        try container.encode(name, forKey: .name)
        try list(aliases, .aliases)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(location, forKey: .location)
        try container.encode(country, forKey: .country)
        try container.encodeIfPresent(subdivision, forKey: .subdivision)
        try list(commodities, .commodities)
        try list(unresolvedCommodities, .unresolvedCommodities)
        try container.encodeIfPresent(depositType, forKey: .depositType)
        try container.encodeIfPresent(stage, forKey: .stage)
        try container.encodeIfPresent(status, forKey: .status)
        try list(stageHistory, .stageHistory)
        try list(owners, .owners)
        try list(formerOwners, .formerOwners)
        try list(resources, .resources)
        try list(outputs, .outputs)
        try list(actions, .actions)
        try container.encodeIfPresent(asOf, forKey: .asOf)
        try list(unverified.sorted { $0.rawValue < $1.rawValue }, .unverified)
    }
}
