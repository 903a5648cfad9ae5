import CritMinAnalysis
import CritMinCore
import CritMinStore

extension ReportBuilder {
    /// `critmin trade`: an importer's imports of a commodity by partner and year from bilateral trade (BACI), as shares on
    /// the chosen basis, with the share from allies and from countries of concern; any country, not only those USGS covers.
    public func tradeDependence(
        importer importerName: String, commodity commodityName: String, years: ClosedRange<Int>? = nil, basis: TradeBasis = .value,
        allies alliesID: String = "ALLIES", concern concernID: String = "CONCERN", top: Int = 10
    ) async throws -> Report {
        let importer = try country(named: importerName)
        let commodity = try self.commodity(named: commodityName)
        let ids = Set([commodity.id] + catalogue.members(of: commodity.id).map(\.id))
        let allMappings = try await store.tradeCodes()
        let mappings = allMappings.filter { ids.contains($0.commodity) }
        guard !mappings.isEmpty else {
            let mapped = Set(allMappings.map(\.commodity.rawValue)).sorted().joined(separator: ", ")
            throw CritMinError(
                .notFound, "critmin maps no HS codes to \(commodity.name), so it has no trade figures; commodities with trade figures: \(mapped)",
                field: "commodity", value: commodityName)
        }
        let codes = Set(mappings.flatMap(\.hsCodes))
        let flows = try await store.tradeFlows(TradeFlowQuery(hsCodes: codes, years: years, importers: [importer.code]))
        let allies = try group(alliesID)
        let concern = try group(concernID)
        let byYear = Dictionary(grouping: flows, by: \.flow.year)
        let yearsShown = byYear.keys.sorted()
        var dependence: [Int: TradeDependence] = [:]
        for (year, rows) in byYear {
            dependence[year] = TradeDependence(
                flows: rows.map { PartnerFlow(partner: $0.flow.exporter, quantity: $0.flow.quantity, value: $0.flow.value) }, basis: basis)
        }
        // Partners ordered by their share in the latest year, the largest `top` shown.
        let latest = yearsShown.last.flatMap { dependence[$0] }
        let partners = Array((latest?.shares ?? []).prefix(top).map(\.supplier))
        var rows: [[Cell]] = partners.map { partner in
            [Cell(name(of: .country(partner)), json: .string(partner.rawValue))]
                + yearsShown.map { year in
                    let share = dependence[year]?.shares.first { $0.supplier == partner }?.share
                    return share.map { Cell.percent($0) } ?? .empty
                }
        }
        let groupRow = { (title: String, members: Set<CountryCode>) -> [Cell] in
            [Cell(title)] + yearsShown.map { year in dependence[year].map { .percent($0.dependence(on: members).share) } ?? .empty }
        }
        rows.append(groupRow("Allies (\(alliesID))", allies))
        rows.append(groupRow("Countries of concern (\(concernID))", concern))
        rows.append(
            [Cell(basis == .value ? "Total, thousand USD" : "Total, t")]
                + yearsShown.map { year in dependence[year].map { .number($0.total, decimals: 0) } ?? .empty })
        let missing = yearsShown.reduce(0) { $0 + (dependence[$1]?.flowsWithoutFigure ?? 0) }
        var notes = [
            "Share of \(name(of: .country(importer.code)))'s imports by "
                + (basis == .value ? "value (thousand current USD)" : "quantity (t)") + " over HS 1992 codes "
                + codes.sorted().joined(separator: ", ") + " (CEPII BACI, reconciled mirror flows).",
            "Allies and countries of concern: `critmin groups show \(alliesID)`, `critmin groups show \(concernID)`.",
        ]
        if missing > 0 { notes.append("\(missing) flow(s) without a figure on this basis are left out (not counted as zero).") }
        let table = ReportTable(
            title: "Imports of \(commodity.name) into \(name(of: .country(importer.code))) by partner",
            columns: [Column("Partner")] + yearsShown.map { .figure(String($0), key: String($0)) }, rows: rows, notes: notes,
            citations: try await citationLines(ids: Set(flows.map(\.flow.citation)).union(mappings.map(\.citation))))
        return Report(
            title: "Trade-based import dependence",
            facts: [("Importer", importer.name), ("Commodity", commodity.name), ("Basis", basis.rawValue)], tables: [table])
    }
}
