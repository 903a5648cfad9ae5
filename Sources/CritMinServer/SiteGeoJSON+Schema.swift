import CritMinCore
import CritMinReports

extension SiteGeoJSON {
    /// The JSON Schema of ``SiteGeoJSON/featureCollection(_:citations:)``'s output.
    static var schema: JSONValue {
        let nullableText = Schema.nullable("string")
        let point = Schema.object(
            [("type", Schema.enumeration(["Point"])), ("coordinates", Schema.array(Schema.number))], required: ["type", "coordinates"])
        let owner = Schema.object(
            [
                ("company", Schema.string), ("role", Schema.enumeration(["owner", "operator", "owner-operator"])),
                ("share", Schema.nullable("number")),
            ],
            required: ["company", "role", "share"])
        let source = Schema.object(
            [("citation", Schema.string), ("recordId", Schema.string), ("source", nullableText)], required: ["citation", "recordId", "source"])
        let properties = Schema.object(
            [
                ("id", Schema.string), ("name", Schema.string), ("kind", Schema.enumeration(SiteKind.allCases.map(\.rawValue))),
                ("stage", nullableText), ("status", nullableText), ("country", Schema.string), ("subdivision", nullableText),
                ("commodities", Schema.array(Schema.string)), ("owners", Schema.array(owner)), ("depositType", nullableText),
                ("unverified", Schema.array(Schema.enumeration(SiteField.allCases.map(\.rawValue)))), ("sources", Schema.array(source)),
            ],
            required: [
                "id", "name", "kind", "stage", "status", "country", "subdivision", "commodities", "owners", "depositType", "unverified", "sources",
            ])
        let feature = Schema.object(
            [
                ("type", Schema.enumeration(["Feature"])), ("id", Schema.string),
                ("geometry", .object([("oneOf", .array([point, .object([("type", .string("null"))])]))])), ("properties", properties),
            ], required: ["type", "id", "geometry", "properties"])
        return Schema.object(
            [("type", Schema.enumeration(["FeatureCollection"])), ("features", Schema.array(feature))], required: ["type", "features"])
    }
}
