import CritMinCore
import Foundation

/// NRCan's "Critical minerals advanced projects, mines and processing facilities in Canada" (open.canada.ca dataset
/// 22b2db8a-dc12-47f2-9737-99d3da921751, Open Government Licence – Canada), as the CSV of its attribute table with
/// expanded field names (`../shared/data/deposits/nrcan-critical-minerals`). Coordinates are the layer's own WGS84
/// latitude and longitude. Every row must read, or none is returned.
public struct NRCanCriticalMineralsSites: Sendable {
    public static let columns = [
        "objectid", "operation_group_en", "property_name_en", "operator_owners_en", "province_en", "commodities_en", "development_stage_en",
        "activity_status_en", "latitude", "longitude",
    ]

    /// The layer's vintage (the MetalliCan authors downloaded it in spring 2025).
    public var asOf: Int

    public init(asOf: Int = 2025) { self.asOf = asOf }

    /// The sites of the file, each citing `citation`.
    public func read(_ url: URL, catalogue: Catalogue, citation: CitationID) throws(CritMinError) -> [SiteRecord] {
        var table = try CSVTable(url: url, required: Self.columns)
        let commodities = SiteCommodities(catalogue: catalogue, symbols: false)
        var records: [SiteRecord] = []
        while let row = try table.next() {
            let group = try row.required("operation_group_en")
            guard let kind = Self.kinds[group] else {
                throw row.error(
                    .invalidValue, "unknown operation group; expected one of \(Self.kinds.keys.sorted().joined(separator: ", "))",
                    column: "operation_group_en")
            }
            let stageText = try row.required("development_stage_en")
            guard let stage = Self.stage(stageText) else {
                throw row.error(.invalidValue, "unknown development stage", column: "development_stage_en")
            }
            let statusText = try row.required("activity_status_en")
            guard let status = Self.statuses[statusText] else {
                throw row.error(.invalidValue, "unknown activity status; expected Active or On hold / suspended", column: "activity_status_en")
            }
            let subdivision = try row.province("province_en")
            let location = try row.point()
            let (found, unresolved) = commodities.resolve(try row.required("commodities_en"))
            records.append(
                SiteRecord(
                    citation: citation, recordID: try row.required("objectid"), name: try row.required("property_name_en"), kind: kind,
                    location: location, country: .canada, subdivision: subdivision, commodities: found, unresolvedCommodities: unresolved,
                    stage: stage, status: status, owners: Self.owners(row["operator_owners_en"]), asOf: asOf))
        }
        return records
    }

    static let kinds: [String: SiteKind] = ["Project": .project, "Mine": .mine, "Processing": .processingFacility]
    static let statuses: [String: ActivityStatus] = ["Active": .active, "On hold / suspended": .onHold]

    /// Advanced projects of every kind are advanced projects; mines, smelters, refineries and plants produce.
    static func stage(_ text: String) -> DevelopmentStage? {
        switch text.lowercased() {
        case "past producer": .pastProducer
        case let other where other.hasPrefix("advanced") && other.hasSuffix("project"): .advancedProject
        case "demonstration plant": .construction
        case "mine", "smelter", "refinery", "plant", "ferro-alloy plant", "smelter, refinery, plant", "smelter, plant", "conversion facility",
            "secondary smelter", "electric arc furnace", "battery recycling facility":
            .production
        default: nil
        }
    }

    /// "Surge Copper Corp., Centerra Gold Inc." → two; "Nouveau Monde Graphite, Inc." → one: a comma before a company
    /// suffix belongs to the name. The layer does not say who owns and who operates.
    static func owners(_ text: String) -> [SiteOwnership] {
        let suffixes = ["inc", "inc.", "ltd", "ltd.", "llc", "limited", "corp", "corp.", "s.a.", "plc", "lp", "l.p."]
        var names: [String] = []
        for part in text.components(separatedBy: ", ").flatMap({ $0.components(separatedBy: " and ") }) {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if let last = names.last, suffixes.contains(trimmed.lowercased()) || trimmed.lowercased().hasPrefix("ltd") {
                names[names.count - 1] = last + ", " + trimmed
            } else {
                names.append(trimmed)
            }
        }
        return names.map { SiteOwnership(company: $0, role: .ownerOperator) }
    }
}
