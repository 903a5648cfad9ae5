import CritMinCore
import CritMinReports
import CritMinStore
import Foundation
import Hummingbird

// The JSON forms of stored values, and their schemas in the document.

extension StoredObservation {
    func jsonValue(citation: Citation?) -> JSONValue {
        let observation = observation
        let amount = observation.quantity.amount.storageForm
        var members: [(String, JSONValue)] = [
            ("dataset", .string(dataset.rawValue)), ("version", .integer(version)), ("commodity", .string(observation.commodity.rawValue)),
            ("stage", observation.stage.map { .string($0.rawValue) } ?? .null), ("measure", .string(observation.measure.rawValue)),
            ("area", .string(observation.area.code)), ("partner", observation.partner.map { .string($0.code) } ?? .null),
            ("periodStart", .integer(observation.period.start)), ("periodEnd", .integer(observation.period.end)),
            ("label", observation.label.map(JSONValue.string) ?? .null),
            (
                "amount",
                .object([
                    ("kind", .string(amount.kind)), ("value", amount.value.map(JSONValue.number) ?? .null),
                    ("high", amount.high.map(JSONValue.number) ?? .null), ("text", amount.text.map(JSONValue.string) ?? .null),
                    ("notation", .string(observation.quantity.amount.notation)),
                ])
            ),
            ("unit", .string(observation.quantity.unit.symbol)), ("basis", observation.quantity.unit.basis.map(JSONValue.string) ?? .null),
            ("estimated", .bool(observation.quantity.estimated)), ("rank", observation.rank.map(JSONValue.integer) ?? .null),
            ("note", observation.note.map(JSONValue.string) ?? .null), ("citation", .string(observation.citation.rawValue)),
            ("source", .string(observation.source.description)),
        ]
        if let citation { members.append(("cited", citation.jsonValue)) }
        return .object(members)
    }

    static let schema = Schema.object(
        [
            ("dataset", Schema.string), ("version", Schema.integer), ("commodity", Schema.string), ("stage", Schema.nullable("string")),
            ("measure", Schema.string), ("area", Schema.string), ("partner", Schema.nullable("string")), ("periodStart", Schema.integer),
            ("periodEnd", Schema.integer), ("label", Schema.nullable("string")),
            (
                "amount",
                Schema.object(
                    [
                        ("kind", Schema.enumeration(["value", "greater-than", "less-than", "range", "zero", "withheld", "not-available", "not-applicable", "net-exporter", "text"])),
                        ("value", Schema.nullable("number")), ("high", Schema.nullable("number")), ("text", Schema.nullable("string")),
                        ("notation", Schema.string),
                    ], required: ["kind", "value", "high", "text", "notation"])
            ),
            ("unit", Schema.string), ("basis", Schema.nullable("string")), ("estimated", Schema.boolean), ("rank", Schema.nullable("integer")),
            ("note", Schema.nullable("string")), ("citation", Schema.string), ("source", Schema.string), ("cited", Schema.ref("Citation")),
        ],
        required: [
            "dataset", "version", "commodity", "stage", "measure", "area", "partner", "periodStart", "periodEnd", "label", "amount", "unit",
            "basis", "estimated", "rank", "note", "citation", "source",
        ])
}

extension StoredGovernanceScore {
    var jsonValue: JSONValue {
        .object([
            ("dataset", .string(dataset.rawValue)), ("version", .integer(version)), ("country", .string(score.country.rawValue)),
            ("year", .integer(score.year)), ("dimension", .string(score.dimension.rawValue)), ("estimate", .number(score.estimate)),
            ("standardError", score.standardError.map(JSONValue.number) ?? .null), ("citation", .string(score.citation.rawValue)),
        ])
    }

    static let schema = Schema.object(
        [
            ("dataset", Schema.string), ("version", Schema.integer), ("country", Schema.string), ("year", Schema.integer),
            ("dimension", Schema.string), ("estimate", Schema.number), ("standardError", Schema.nullable("number")), ("citation", Schema.string),
        ], required: ["dataset", "version", "country", "year", "dimension", "estimate", "standardError", "citation"])
}

extension Citation {
    var jsonValue: JSONValue {
        .object([
            ("id", .string(id.rawValue)), ("publisher", .string(publisher)), ("publication", .string(publication)),
            ("edition", edition.map(JSONValue.string) ?? .null), ("table", table.map(JSONValue.string) ?? .null),
            ("year", year.map(JSONValue.integer) ?? .null), ("url", url.map(JSONValue.string) ?? .null),
            ("licence", licence.map(JSONValue.string) ?? .null), ("note", note.map(JSONValue.string) ?? .null),
        ])
    }

    static let schema = Schema.object(
        [
            ("id", Schema.string), ("publisher", Schema.string), ("publication", Schema.string), ("edition", Schema.nullable("string")),
            ("table", Schema.nullable("string")), ("year", Schema.nullable("integer")), ("url", Schema.nullable("string")),
            ("licence", Schema.nullable("string")), ("note", Schema.nullable("string")),
        ], required: ["id", "publisher", "publication", "edition", "table", "year", "url", "licence", "note"])
}

extension DatasetVersion {
    var jsonValue: JSONValue {
        .object([
            ("id", .string(descriptor.id.rawValue)), ("title", .string(descriptor.title)), ("kind", .string(descriptor.kind)),
            ("owner", .string(descriptor.owner)), ("classification", .string(descriptor.classification.rawValue)),
            ("citation", .string(descriptor.citation.rawValue)), ("version", .integer(version)), ("checksum", .string(checksum)),
            ("importedAt", .string(importedAt.formatted(.iso8601))), ("importedBy", .string(importedBy)),
            ("sourceFiles", .array(sourceFiles.map(JSONValue.string))), ("recordCount", .integer(recordCount)),
        ])
    }

    static let schema = Schema.object(
        [
            ("id", Schema.string), ("title", Schema.string), ("kind", Schema.string), ("owner", Schema.string),
            ("classification", Schema.enumeration(Classification.allCases.map(\.rawValue))), ("citation", Schema.string),
            ("version", Schema.integer), ("checksum", Schema.string), ("importedAt", Schema.string), ("importedBy", Schema.string),
            ("sourceFiles", Schema.array(Schema.string)), ("recordCount", Schema.integer),
        ],
        required: ["id", "title", "kind", "owner", "classification", "citation", "version", "checksum", "importedAt", "importedBy", "sourceFiles", "recordCount"])
}
