import CritMinCore

/// Sites as a GeoJSON FeatureCollection (RFC 7946): a Point in WGS84 longitude, latitude order (or a null geometry for
/// a site no source places), and as properties the chosen attributes and the source records. docs/API.md, "Sites".
public enum SiteGeoJSON {
    public static func featureCollection(_ sites: some Sequence<Site>, citations: [CitationID: Citation] = [:]) -> JSONValue {
        .object([("type", .string("FeatureCollection")), ("features", .array(sites.map { feature($0, citations: citations) }))])
    }

    static func feature(_ site: Site, citations: [CitationID: Citation]) -> JSONValue {
        let geometry: JSONValue =
            site.location.map {
                .object([("type", .string("Point")), ("coordinates", .array([.number($0.value.longitude), .number($0.value.latitude)]))])
            }
            ?? .null
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        let unverified = SiteField.allCases.filter { field in
            switch field {
            case .name: site.isUnverified(field, chosenFrom: site.name.record)
            case .location: site.location.map { site.isUnverified(field, chosenFrom: $0.record) } ?? false
            case .subdivision: site.subdivision.map { site.isUnverified(field, chosenFrom: $0.record) } ?? false
            case .stage: site.stage.map { site.isUnverified(field, chosenFrom: $0.record) } ?? false
            case .status: site.status.map { site.isUnverified(field, chosenFrom: $0.record) } ?? false
            case .owners: site.owners.map { site.isUnverified(field, chosenFrom: $0.record) } ?? false
            case .commodities: site.commodities.allSatisfy { $0.records.allSatisfy { site.records[$0].unverified.contains(.commodities) } }
            default: false
            }
        }
        let properties: [(String, JSONValue)] = [
            ("id", .string(site.id.rawValue)), ("name", .string(site.name.value)), ("kind", .string(site.kind.value.rawValue)),
            ("stage", optional(site.stage?.value.rawValue)), ("status", optional(site.status?.value.rawValue)),
            ("country", .string(site.country.rawValue)),
            ("subdivision", optional(site.subdivision?.value)), ("commodities", .array(site.commodities.map { .string($0.commodity.rawValue) })),
            (
                "owners",
                .array(
                    (site.owners?.value ?? []).map { owner in
                        .object([
                            ("company", .string(owner.company)), ("role", .string(owner.role.rawValue)),
                            ("share", owner.share.map(JSONValue.number) ?? .null),
                        ])
                    })
            ),
            ("depositType", optional(site.depositType?.value)), ("unverified", .array(unverified.map { .string($0.rawValue) })),
            (
                "sources",
                .array(
                    site.records.map { record in
                        .object([
                            ("citation", .string(record.citation.rawValue)), ("recordId", .string(record.recordID)),
                            ("source", optional(citations[record.citation]?.line)),
                        ])
                    })
            ),
        ]
        return .object([("type", .string("Feature")), ("id", .string(site.id.rawValue)), ("geometry", geometry), ("properties", .object(properties))])
    }
}
