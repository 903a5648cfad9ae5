import CritMinCore
import CritMinSimulation
import CritMinStore

extension ReportBuilder {
    /// The supply network of one commodity in one year (docs/DATA.md, "Supply networks").
    /// - Parameter year: The year of the trade flows; the latest year of the stored trade flows by default.
    /// - Throws: ``CritMinError`` `.notFound` for a commodity the catalogue does not hold, or a store without trade flows
    ///   and no year given.
    public func supplyNetwork(commodity: CommodityID, year: Int? = nil) async throws -> SupplyNetwork {
        let networks = try await supplyNetworks(commodities: [commodity], year: year)
        return networks[0]
    }

    /// The supply networks of several commodities in one year, read in a handful of queries: per stage, the world
    /// production of the newest USGS MCS edition (World Mining Data where USGS gives no world table) in its latest year up
    /// to `year`; BACI flows of the stage's HS codes in `year`, put in the production's unit by the content factor κ;
    /// flows into the United States rebuilt from MCS import shares and totals where BACI has none; US industry stocks and
    /// end-use shares from MCS. Every assumption is a note of the network.
    /// - Parameter year: The year of the trade flows; the latest year of the stored trade flows by default.
    public func supplyNetworks(commodities: [CommodityID], year requestedYear: Int? = nil) async throws -> [SupplyNetwork] {
        for id in commodities where catalogue.commodities[id] == nil {
            throw CritMinError(.notFound, "no commodity '\(id)' in the catalogue", field: "commodity", value: id.rawValue)
        }
        var latestYear = requestedYear
        if latestYear == nil { latestYear = try await store.tradeFlowYears()?.upperBound }
        guard let year = latestYear else {
            throw CritMinError(.notFound, "the store holds no trade flows: give the network's year, or import BACI with `critmin import baci PATH`")
        }
        let production = try await worldProduction(scope: commodities, years: (year - Self.supplyYearsBefore)...year)
        let mappings = try await store.tradeCodes().filter { commodities.contains($0.commodity) }
        let codes = Set(mappings.flatMap(\.hsCodes))
        let flows = codes.isEmpty ? [] : try await store.tradeFlows(TradeFlowQuery(hsCodes: codes, years: year...year)).map(\.flow)
        let flowsByCode = Dictionary(grouping: flows, by: \.hsCode)
        let salient = try await store.observations(
            ObservationQuery(
                commodities: Set(commodities), measures: [.imports, .importShare, .stocks], areas: [.country(.unitedStates)],
                datasets: [try dataset(kind: "usgs-mcs").descriptor.id]))
        let salientByCommodity = Dictionary(grouping: salient, by: \.observation.commodity)
        let endUses = try await endUseShares(scope: commodities)

        return commodities.map { id in
            var stages: [StageNetwork] = []
            var notes: [String] = []
            for series in (production[id] ?? []).sorted(by: { $0.stage < $1.stage }) {
                let hsCodes = Set(mappings.filter { $0.commodity == id && $0.stage == series.stage }.flatMap(\.hsCodes))
                var assembly = StageAssembly(
                    commodity: id, year: year, production: series, flows: hsCodes.sorted().flatMap { flowsByCode[$0] ?? [] }, hsCodes: hsCodes,
                    salient: salientByCommodity[id] ?? [])
                if let stage = assembly.build() {
                    stages.append(stage)
                    notes += assembly.notes
                }
            }
            if stages.isEmpty { notes.append("No world production of \(id) within \(year - Self.supplyYearsBefore)–\(year): the network is empty.") }
            coupleStages(&stages, production: production[id] ?? [], notes: &notes)
            // The data hold the United States' end uses only: they stand for every country's, and the note says so.
            let shares = (endUses[id] ?? []).map { use in
                EndUseShare(sector: use.label, share: use.share, country: nil, source: use.stored.observation.citation)
            }
            if let first = endUses[id]?.first {
                notes.append(
                    "End uses: USGS MCS shares of \(first.stored.observation.area.country.map { "\($0.rawValue)'s" } ?? "world") use, "
                        + "\(first.stored.observation.period), stand for every country's use (the data hold no other country's).")
            }
            return SupplyNetwork(commodity: id, year: year, stages: stages, endUseShares: shares, notes: notes)
        }
    }

    /// Sets the refinery stage's input ratio from world refinery ÷ world mine production, where both stages have a world
    /// total in mass units of one basis.
    private func coupleStages(_ stages: inout [StageNetwork], production: [StageProduction], notes: inout [String]) {
        guard let refineryIndex = stages.firstIndex(where: { $0.stage == .refinery }),
            let mine = production.first(where: { $0.stage == .mine }), let refinery = production.first(where: { $0.stage == .refinery }),
            let mineWorld = StageAssembly.worldTotal(mine), let refineryWorld = StageAssembly.worldTotal(refinery),
            StageAssembly.basis(mineWorld.unit) == StageAssembly.basis(refineryWorld.unit),
            let mineTonnes = mineWorld.unit.metricTons.map({ $0 * mineWorld.value }), mineTonnes > 0,
            let refineryTonnes = refineryWorld.unit.metricTons.map({ $0 * refineryWorld.value })
        else { return }
        let ratio = refineryTonnes / mineTonnes
        stages[refineryIndex].inputRatio = ratio
        notes.append(
            "Refinery input ratio \(NumberFormat.fixed(ratio, fractionDigits: 3)): world refinery production \(refinery.year) over world mine "
                + "production \(mine.year) (\(mineWorld.citation), \(refineryWorld.citation)).")
    }
}

/// Builds one stage of a network, collecting its notes.
private struct StageAssembly {
    let commodity: CommodityID
    let year: Int
    let production: ReportBuilder.StageProduction
    /// BACI flows of the stage's HS codes in ``year``.
    let flows: [TradeFlow]
    let hsCodes: Set<String>
    /// MCS imports, import shares and stocks of the United States, all years.
    let salient: [StoredObservation]
    var notes: [String] = []

    init(
        commodity: CommodityID, year: Int, production: ReportBuilder.StageProduction, flows: [TradeFlow], hsCodes: Set<String>,
        salient: [StoredObservation]
    ) {
        self.commodity = commodity
        self.year = year
        self.production = production
        self.flows = flows
        self.hsCodes = hsCodes
        self.salient = salient
    }

    var stageName: String { "\(commodity) \(production.stage.rawValue)" }

    /// The stage with its nodes and flows; `nil` when the production series has no unit to state figures in.
    mutating func build() -> StageNetwork? {
        guard let unit = production.observations.first?.observation.quantity.unit else { return nil }
        var nodes = productionNodes(unit: unit)
        let basis = NetworkTradeBasis.entry(commodity, production.stage)
        var supplyFlows = reportedFlows(unit: unit, basis: basis)
        if !supplyFlows.contains(where: { $0.importer == .unitedStates }), let basis {
            supplyFlows += reconstructedFlows(unit: unit, basis: basis)
        }
        for code in Set(supplyFlows.flatMap { [$0.exporter, $0.importer] }) where nodes[code] == nil {
            nodes[code] = SupplyNode(country: code, production: 0)
        }
        if basis != nil { addStocks(to: &nodes, unit: unit) }
        return StageNetwork(
            stage: production.stage, unit: unit.description, nodes: nodes.values.sorted { $0.country < $1.country },
            flows: supplyFlows.sorted { ($0.exporter, $0.importer) < ($1.exporter, $1.importer) })
    }

    // MARK: Production

    private mutating func productionNodes(unit: MeasureUnit) -> [CountryCode: SupplyNode] {
        var nodes: [CountryCode: SupplyNode] = [:]
        var withoutFigure: [String] = []
        var estimated = 0
        for stored in production.observations {
            let observation = stored.observation
            guard case .country(let code) = observation.area else { continue }
            guard observation.quantity.unit == unit, let value = observation.quantity.amount.boundValue else {
                withoutFigure.append("\(code) (\(observation.quantity.notation))")
                continue
            }
            if observation.quantity.estimated { estimated += 1 }
            nodes[code, default: SupplyNode(country: code, production: 0)].production += value
            nodes[code]?.sources.append(observation.citation)
        }
        let dataset = production.observations.first.map { "\($0.dataset)" } ?? ""
        var text = "\(stageName): production \(production.year) in \(unit) from \(dataset), \(nodes.count) producing countries"
        if production.year != year { text += " (the latest year up to \(year))" }
        if estimated > 0 { text += "; \(estimated) figures are the source's estimates" }
        if !withoutFigure.isEmpty { text += "; without a figure, left at 0: \(withoutFigure.joined(separator: ", "))" }
        let residual = production.observations.filter { $0.observation.area == .otherCountries }.compactMap {
            $0.observation.quantity.amount.boundValue
        }
        if let other = residual.first, other > 0 {
            text += "; \"Other countries\" (\(NumberFormat.grouped(other)) \(unit.symbol)) have no node"
        }
        notes.append(text + ".")
        return nodes
    }

    static func worldTotal(_ series: ReportBuilder.StageProduction) -> (value: Double, unit: MeasureUnit, citation: CitationID)? {
        guard let world = series.observations.first(where: { $0.observation.area == .world }),
            let value = world.observation.quantity.amount.boundValue
        else { return nil }
        return (value, world.observation.quantity.unit, world.observation.citation)
    }

    // MARK: Units

    /// A unit's basis, an empty one read as none.
    static func basis(_ unit: MeasureUnit) -> String? {
        guard let basis = unit.basis, !basis.isEmpty else { return nil }
        return basis
    }

    /// Stage units in one unit of an MCS figure: both must be mass units, and the figure's basis the stage's (or the
    /// production table must state none).
    private func conversion(from figure: MeasureUnit, to stage: MeasureUnit) -> Double? {
        guard let from = figure.metricTons, let to = stage.metricTons else { return nil }
        if let stageBasis = Self.basis(stage), Self.basis(figure) != stageBasis { return nil }
        return from / to
    }

    /// The sum of the MCS import rows of ``year`` in the stage's unit, with the rows; `nil` when a row is missing, has no
    /// number, or is in another basis.
    private func mcsImports(_ labels: [String], unit: MeasureUnit) -> (quantity: Double, rows: [StoredObservation])? {
        guard !labels.isEmpty else { return nil }
        var total = 0.0
        var rows: [StoredObservation] = []
        for label in labels {
            guard
                let row = salient.first(where: {
                    $0.observation.measure == .imports && $0.observation.label == label && $0.observation.period == Period(year)
                }),
                let value = row.observation.quantity.amount.boundValue, let factor = conversion(from: row.observation.quantity.unit, to: unit)
            else { return nil }
            total += value * factor
            rows.append(row)
        }
        return (total, rows)
    }

    // MARK: Flows

    /// BACI flows put in the stage's unit by κ, or none (with a note) when there is no κ.
    private mutating func reportedFlows(unit: MeasureUnit, basis: NetworkTradeBasis?) -> [SupplyFlow] {
        guard !hsCodes.isEmpty else { return [] }
        let codes = hsCodes.sorted().joined(separator: ", ")
        let measured = flows.filter { $0.quantity != nil }
        guard !measured.isEmpty else {
            notes.append("\(stageName): BACI has no quantity for HS \(codes) in \(year).")
            return []
        }
        let usTonnes = measured.filter { $0.importer == .unitedStates }.reduce(0) { $0 + $1.quantity! }
        let kappa: Double
        if let basis, let mcs = mcsImports(basis.importLabels, unit: unit), usTonnes > 0 {
            kappa = mcs.quantity / usTonnes
            let citations = Set(mcs.rows.map(\.observation.citation.rawValue) + measured.map(\.citation.rawValue)).sorted()
            notes.append(
                "\(stageName): trade in \(unit) by the content factor κ = \(NumberFormat.grouped(kappa, maximumFractionDigits: 4)) \(unit.symbol) per t "
                    + "traded = US imports \(year) in USGS MCS (\(NumberFormat.grouped(mcs.quantity)) \(unit.symbol): "
                    + mcs.rows.compactMap(\.observation.label).joined(separator: " + ") + ") over US imports of HS \(codes) in BACI "
                    + "(\(NumberFormat.grouped(usTonnes, maximumFractionDigits: 1)) t); \(basis.note) [\(citations.joined(separator: "; "))].")
        } else if let basis, basis.hsCodesAreMetal, let tonnes = unit.metricTons {
            kappa = 1 / tonnes
            notes.append(
                "\(stageName): HS \(codes) are the metal itself and USGS MCS gives no US imports of them in \(unit) for \(year): trade counted as "
                    + "metal content (κ = 1, t → \(unit.symbol)); \(basis.note).")
        } else {
            notes.append(
                "\(stageName): BACI flows of HS \(codes) are gross weight and no content factor is available (\(basis == nil ? "no USGS MCS US imports are mapped to these codes" : "no USGS MCS US imports of them in \(unit) for \(year)")), so they are left out rather than mixed with "
                    + "production in \(unit).")
            return []
        }
        var byPair: [FlowKey: Double] = [:]
        for flow in measured where flow.exporter != flow.importer {
            byPair[FlowKey(exporter: flow.exporter, importer: flow.importer, citation: flow.citation), default: 0] += flow.quantity! * kappa
        }
        let withoutQuantity = flows.count - measured.count
        if withoutQuantity > 0 {
            notes.append("\(stageName): \(withoutQuantity) BACI flows without a quantity are left out (not counted as zero).")
        }
        return byPair.map {
            SupplyFlow(exporter: $0.key.exporter, importer: $0.key.importer, quantity: $0.value, provenance: .reported($0.key.citation))
        }
    }

    private struct FlowKey: Hashable {
        var exporter: CountryCode
        var importer: CountryCode
        var citation: CitationID
    }

    /// US imports rebuilt from the MCS total and import-source shares (the latest period starting by ``year``).
    private mutating func reconstructedFlows(unit: MeasureUnit, basis: NetworkTradeBasis) -> [SupplyFlow] {
        let shareRows = salient.filter { $0.observation.measure == .importShare && basis.shares.matches($0.observation.label) }
        guard let period = shareRows.map(\.observation.period).filter({ $0.start <= year }).max(),
            let total = mcsImports(basis.importLabels, unit: unit), let totalRow = total.rows.first
        else { return [] }
        var result: [SupplyFlow] = []
        var unattributed = 0.0
        for row in shareRows where row.observation.period == period {
            guard let percent = row.observation.quantity.amount.boundValue else { continue }
            guard case .country(let partner)? = row.observation.partner else {
                unattributed += percent
                continue
            }
            result.append(
                SupplyFlow(
                    exporter: partner, importer: .unitedStates, quantity: total.quantity * percent / 100,
                    provenance: .reconstructed(total: totalRow.observation.citation, shares: row.observation.citation)))
        }
        guard !result.isEmpty else { return [] }
        var text =
            "\(stageName): \(result.count) flows into the United States reconstructed from USGS MCS imports \(year) "
            + "(\(NumberFormat.grouped(total.quantity)) \(unit.symbol)) and import-source shares \(period)"
        if unattributed > 0 { text += "; \(NumberFormat.grouped(unattributed))% from other countries has no flow" }
        notes.append(text + "; other importers have no flows (MCS covers the United States only).")
        return result
    }

    // MARK: Stocks

    /// US industry stocks at the end of the year before ``year`` (the stocks the year starts with), from MCS, where they are
    /// in the stage's unit; government stockpile inventories are not in MCS.
    private mutating func addStocks(to nodes: inout [CountryCode: SupplyNode], unit: MeasureUnit) {
        let rows = salient.filter { $0.observation.measure == .stocks && $0.observation.period == Period(year - 1) }
        var used: [StoredObservation] = []
        for row in rows {
            guard let value = row.observation.quantity.amount.boundValue, let factor = conversion(from: row.observation.quantity.unit, to: unit)
            else { continue }
            nodes[.unitedStates, default: SupplyNode(country: .unitedStates, production: 0)].industryStocks += value * factor
            nodes[.unitedStates]?.sources.append(row.observation.citation)
            used.append(row)
        }
        guard let stocks = nodes[.unitedStates]?.industryStocks, !used.isEmpty else { return }
        notes.append(
            "\(stageName): US industry stocks \(NumberFormat.grouped(stocks)) \(unit.symbol), yearend \(year - 1) in USGS MCS ("
                + used.compactMap(\.observation.label).joined(separator: " + ")
                + "); no government stockpile inventory (MCS gives shipments only): a scenario or intervention sets one.")
    }
}
