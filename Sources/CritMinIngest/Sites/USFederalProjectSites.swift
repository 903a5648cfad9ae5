import CritMinCore
import Foundation

/// US critical-mineral projects named in White House releases (FAST-41 transparency projects; DOE, DoD, EXIM and
/// Treasury support), compiled from those public-domain texts (`../shared/data/deposits/us-federal-critical-mineral-projects`).
/// Each row is one federal action on one project, citing the release it comes from. What the compiler added rather
/// than read in the release is marked unverified: states and commodities annotated "compiler annotation", and every
/// coordinate, which was copied from a same-named USGS site. Every row must read, or none is returned.
public struct USFederalProjectSites: Sendable {
    public static let columns = [
        "record_id", "project_name", "company", "country", "state", "commodities", "value_chain_stage", "federal_action", "agency", "program",
        "amount_usd", "amount_note", "announcement_date", "source_title", "source_url", "latitude", "longitude", "state_commodity_from",
    ]

    /// One White House release.
    public struct Publication: Hashable, Sendable {
        public var citation: CitationID
        public var title: String
        public var url: String
        public var date: String
    }

    public init() {}

    /// The projects' records; the releases they cite ("us-federal-projects-2025-04-18"); and the ids of rows whose
    /// release names no country (a project may be abroad), which cannot be placed in the register.
    public func read(_ url: URL, catalogue: Catalogue) throws(CritMinError) -> (
        records: [SiteRecord], publications: [Publication], withoutCountry: [String]
    ) {
        var table = try CSVTable(url: url, required: Self.columns)
        let commodities = SiteCommodities(catalogue: catalogue, symbols: false)
        var publications: [String: Publication] = [:]
        var records: [SiteRecord] = []
        var withoutCountry: [String] = []
        while let row = try table.next() {
            let recordID = try row.required("record_id")
            let date = try row.required("announcement_date")
            guard date.count == 10, date.split(separator: "-").count == 3, date.allSatisfy({ $0.isNumber || $0 == "-" }) else {
                throw row.error(.invalidValue, "expected a date as YYYY-MM-DD", column: "announcement_date")
            }
            let source = try row.required("source_url")
            if let known = publications[date], known.url != source {
                throw row.error(.conflict, "a second release on \(date); the register cites one release per date", column: "source_url")
            }
            let citation = CitationID(rawValue: "us-federal-projects-" + date)
            publications[date] = Publication(citation: citation, title: try row.required("source_title"), url: source, date: date)
            switch row["country"] {
            case "US": break
            case "":
                withoutCountry.append(recordID)
                continue
            default: throw row.error(.invalidValue, "expected US, or nothing where the release names no country", column: "country")
            }
            var unverified: Set<SiteField> = []
            if row["state_commodity_from"].contains("compiler annotation") { unverified.formUnion([.subdivision, .commodities]) }
            let state = row["state"]
            let subdivision: String?
            if state.isEmpty || state == "not stated" {
                subdivision = nil
            } else if let code = Subdivisions.code(of: state, in: .unitedStates) {
                subdivision = code
            } else {
                throw row.error(.invalidValue, "not a US state code", column: "state")
            }
            var location: GeoPoint?
            if !row["latitude"].isEmpty || !row["longitude"].isEmpty {
                location = try row.point()
                unverified.insert(.location)
            }
            let (found, unresolved) = commodities.resolve(row["commodities"])
            let company = row["company"]
            records.append(
                SiteRecord(
                    citation: citation, recordID: recordID, name: try row.required("project_name"), kind: Self.kind(row["value_chain_stage"]),
                    location: location, country: .unitedStates, subdivision: subdivision, commodities: found, unresolvedCommodities: unresolved,
                    owners: company.isEmpty ? [] : [SiteOwnership(company: company, role: .owner)],
                    actions: [try Self.action(row, date: date)], asOf: Int(date.prefix(4)), unverified: unverified))
        }
        return (records, publications.values.sorted { $0.citation < $1.citation }, withoutCountry)
    }

    /// Mines and mine projects are projects; separation, refining, magnet, anode and recycling plants are processing
    /// facilities.
    static func kind(_ stage: String) -> SiteKind {
        let text = stage.lowercased()
        return text.contains("mine") || text.isEmpty ? .project : .processingFacility
    }

    /// The action with its amount in US dollars: "more than" and "over" make a lower bound, "nearly" an upper one;
    /// the note is kept as written.
    static func action(_ row: CSVRow, date: String) throws(CritMinError) -> SiteAction {
        let note = row["amount_note"]
        var amount: Amount?
        if !row["amount_usd"].isEmpty {
            let value = try row.double("amount_usd")
            let words = note.lowercased()
            amount =
                words.hasPrefix("nearly")
                ? .lessThan(value) : words.contains("more than") || words.hasPrefix("over") ? .greaterThan(value) : .value(value)
        }
        func optional(_ column: String) -> String? { row[column].isEmpty ? nil : row[column] }
        return SiteAction(
            action: try row.required("federal_action"), agency: optional("agency"), program: optional("program"), amountUSD: amount, date: date,
            note: note.isEmpty ? nil : note)
    }
}
