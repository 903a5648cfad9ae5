import CritMinCore

extension ObservationsCSVImporter {
    /// The columns ``rows(_:descriptor:citations:)`` writes: every column the importer reads, so that a download
    /// uploads again as the same dataset.
    public static let exportColumns = [
        "dataset", "dataset_title", "owner", "classification", "commodity", "stage", "measure", "area", "partner", "period", "label", "value",
        "unit", "basis", "estimated", "rank", "note", "publisher", "publication", "edition", "table", "year_published", "url", "licence",
        "citation_note",
    ]

    /// Observations as rows of this importer's format, numbers written exactly (never rounded for display).
    public static func rows(_ observations: [Observation], descriptor: DatasetDescriptor, citations: [CitationID: Citation]) -> [[String]] {
        observations.map { observation in
            let citation = citations[observation.citation]
            let period = observation.period
            return [
                descriptor.id.rawValue, descriptor.title, descriptor.owner, descriptor.classification.rawValue, observation.commodity.rawValue,
                observation.stage?.rawValue ?? "", observation.measure.rawValue, areaText(observation.area),
                observation.partner.map(areaText) ?? "", period.isSingleYear ? String(period.start) : "\(period.start)-\(period.end)",
                observation.label ?? "", exactNotation(observation.quantity.amount), observation.quantity.unit.symbol,
                observation.quantity.unit.basis ?? "", observation.quantity.estimated ? "yes" : "", observation.rank.map(String.init) ?? "",
                observation.note ?? "", citation?.publisher ?? "", citation?.publication ?? "", citation?.edition ?? "", citation?.table ?? "",
                citation?.year.map(String.init) ?? "", citation?.url ?? "", citation?.licence ?? "", citation?.note ?? "",
            ]
        }
    }

    private static func areaText(_ area: Area) -> String {
        switch area {
        case .country(let code): code.rawValue
        case .world: "World"
        case .otherCountries: "Other countries"
        case .group(let id): id
        }
    }

    /// USGS notation with every digit kept: "3500", ">95", "890–1000", "W".
    private static func exactNotation(_ amount: Amount) -> String {
        switch amount {
        case .value(let number): exact(number)
        case .greaterThan(let bound): ">" + exact(bound)
        case .lessThan(let bound): "<" + exact(bound)
        case .range(let low, let high): exact(low) + "–" + exact(high)
        default: amount.notation
        }
    }

    private static func exact(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
    }
}
