import CritMinCore
import Foundation

/// MinCan, the past and present productive mines of Canada 1950–2022 (Scientific Data 2024,
/// doi:10.1038/s41597-024-03116-3, CC BY 4.0), as cleaned by the MetalliCan project
/// (`../shared/data/deposits/mincan`). Each mine carries its opening and closing years (up to three periods), which
/// become its stage history, and up to six successive owners. Every row must read, or none is returned.
public struct MinCanSites: Sendable {
    public static let columns = [
        "company1", "company2", "company3", "company4", "company5", "company6", "namemine", "province", "latitude", "longitude", "open1",
        "close1", "open2", "close2", "open3", "close3", "commodityall", "mine_status",
    ]

    /// The year the compilation runs to.
    public var asOf: Int

    public init(asOf: Int = 2022) { self.asOf = asOf }

    /// The mines of the file, each citing `citation`; record ids are "row:N", N the row's line.
    public func read(_ url: URL, catalogue: Catalogue, citation: CitationID) throws(CritMinError) -> [SiteRecord] {
        var table = try CSVTable(url: url, required: Self.columns)
        let commodities = SiteCommodities(catalogue: catalogue, symbols: false)
        var records: [SiteRecord] = []
        while let row = try table.next() {
            let subdivision = try row.province("province")
            let (stage, status): (DevelopmentStage, ActivityStatus)
            switch try row.required("mine_status") {
            case "Active": (stage, status) = (.production, .active)
            case "Inactive": (stage, status) = (.pastProducer, .inactive)
            default: throw row.error(.invalidValue, "expected Active or Inactive", column: "mine_status")
            }
            let location = try row.point()
            let companies = (1...6).map { row["company\($0)"] }.filter { !$0.isEmpty }
            let name = row["namemine"]
            let (found, unresolved) = commodities.resolve(row["commodityall"])
            let (history, doubtful) = Self.history(row)
            var unverified: Set<SiteField> = doubtful ? [.stage] : []
            if name.isEmpty { unverified.insert(.name) }
            records.append(
                SiteRecord(
                    citation: citation, recordID: "row:\(row.line)", name: name.isEmpty ? "Unnamed mine, row \(row.line)" : name, kind: .mine,
                    location: location, country: .canada, subdivision: subdivision, commodities: found, unresolvedCommodities: unresolved,
                    stage: stage, status: status, stageHistory: history,
                    owners: companies.last.map { [SiteOwnership(company: $0, role: .owner)] } ?? [], formerOwners: companies.dropLast(),
                    asOf: asOf, unverified: unverified))
        }
        return records
    }

    /// Production from each opening year, past producer from each closing year ("open": still producing). A period
    /// the file garbles (closing before opening, "open" as an opening year, a closing year with no opening) is left
    /// out and the history marked unverified; "1970 (see note)" is read as 1970, unverified.
    static func history(_ row: CSVRow) -> (changes: [StageChange], doubtful: Bool) {
        func year(_ text: String) -> (Int, exact: Bool)? {
            guard let value = Int(text.prefix(4)), text.count >= 4, text.prefix(4).allSatisfy(\.isNumber) else { return nil }
            return (value, text.count == 4)
        }
        var changes: [StageChange] = []
        var doubtful = false
        for period in 1...3 {
            let (openText, closeText) = (row["open\(period)"], row["close\(period)"])
            guard !openText.isEmpty else {
                doubtful = doubtful || !closeText.isEmpty
                continue
            }
            guard let (opened, openExact) = year(openText) else {
                doubtful = true
                continue
            }
            if closeText.isEmpty || closeText == "open" {
                changes.append(StageChange(year: opened, stage: .production))
                doubtful = doubtful || !openExact
                continue
            }
            guard let (closed, closeExact) = year(closeText), closed >= opened else {
                doubtful = true
                continue
            }
            changes += [StageChange(year: opened, stage: .production), StageChange(year: closed, stage: .pastProducer)]
            doubtful = doubtful || !openExact || !closeExact
        }
        return (changes, doubtful)
    }
}
