import CritMinCore

/// The countries a result reports first, and how coverage from other producers' spare capacity is grouped: the
/// country's partner, its allies, everyone else.
public struct CoverageGroups: Hashable, Sendable {
    /// Reported first, in this order.
    public var focus: [CountryCode]
    /// Each focus country's partner ("USA" → "CAN").
    public var partners: [CountryCode: CountryCode]
    /// Countries counted as allies (a country's own partner is counted as its partner, not among its allies).
    public var allies: Set<CountryCode>

    public init(focus: [CountryCode], partners: [CountryCode: CountryCode] = [:], allies: Set<CountryCode> = []) {
        self.focus = focus
        self.partners = partners
        self.allies = allies
    }

    /// The United States and Canada, each the other's partner.
    public static func canadaUnitedStates(allies: Set<CountryCode> = []) -> CoverageGroups {
        CoverageGroups(focus: [.unitedStates, .canada], partners: [.unitedStates: .canada, .canada: .unitedStates], allies: allies)
    }
}

/// Where a stage's shock went, over the horizon and all countries: the conservation balance
/// `initialShock = industryStocks + governmentStockpile + recycling + substitution + spareCapacity + consumptionLoss`.
public struct ShockBalance: Hashable, Sendable {
    /// Supply lost to the scenario's shocks at this stage: exports restricted, production lost, demand added.
    public var directShock: Double = 0
    /// Production lost because the stage before delivered less input (stage coupling).
    public var coupledShock: Double = 0
    public var industryStocks: Double = 0
    public var governmentStockpile: Double = 0
    public var recycling: Double = 0
    public var substitution: Double = 0
    public var spareCapacity: Double = 0
    public var consumptionLoss: Double = 0
    /// Exports that restricting countries kept at home. Not part of the balance: the volume is retained, not lost.
    public var retainedByRestrictingCountries: Double = 0

    public init() {}

    /// Direct plus coupled shock.
    public var initialShock: Double { directShock + coupledShock }

    /// Everything that absorbed the shock.
    public var absorbed: Double { industryStocks + governmentStockpile + recycling + substitution + spareCapacity + consumptionLoss }

    /// |initial shock − absorbed| / initial shock (0 when there was no shock).
    public var relativeImbalance: Double {
        initialShock > 0 ? abs(initialShock - absorbed) / initialShock : abs(absorbed)
    }
}

/// What covered the shortfall that reached a country.
public enum CoverageSource: Hashable, Sendable, CustomStringConvertible {
    case industryStocks
    case governmentStockpile
    case recycling
    case substitution
    /// Spare capacity of the country's partner (``CoverageGroups/partners``).
    case partner(CountryCode)
    /// Spare capacity of allies other than the partner.
    case allies
    /// Spare capacity of other countries.
    case others
    /// The country's own spare capacity or new capacity.
    case ownProduction
    /// Consumption the country went without: its shortfall.
    case consumptionCut
    /// Shortfall passed on to the country's own importers by cutting its exports.
    case passedOn

    public var description: String {
        switch self {
        case .industryStocks: "industry stocks"
        case .governmentStockpile: "government stockpile"
        case .recycling: "recycling"
        case .substitution: "substitution"
        case .partner(let country): "partner (\(country))"
        case .allies: "allies"
        case .others: "others"
        case .ownProduction: "own production"
        case .consumptionCut: "consumption cut"
        case .passedOn: "passed on to importers"
        }
    }
}

/// A quantity of a country's shortfall covered by one source, in the stage's unit.
public struct Coverage: Hashable, Sendable {
    public var source: CoverageSource
    public var quantity: Double
}

/// How long a country's shortfall lasted.
public enum Recovery: Hashable, Sendable {
    /// The country never fell short.
    case noShortfall
    /// The shortfall fell back below the tolerance this many months after the first shock began.
    case afterMonths(Int)
    /// Still short in the horizon's last month.
    case notWithinHorizon

    /// Months from the first shock to recovery; `nil` when not within the horizon.
    public var months: Int? {
        switch self {
        case .noShortfall: 0
        case .afterMonths(let months): months
        case .notWithinHorizon: nil
        }
    }
}

/// A country's consumption loss in one industrial sector: the loss times the sector's end-use share.
public struct SectorShortfall: Hashable, Sendable {
    public var sector: String
    public var share: Double
    public var quantity: Double
    public var source: CitationID
}

/// A trade flow into a country that carried part of its shortfall (a restricted flow or a partner's pass-through).
public struct ShortfallCarrier: Hashable, Sendable {
    public var exporter: CountryCode
    /// Shortfall carried over the horizon, in the stage's unit.
    public var quantity: Double
    public var provenance: FlowProvenance
}

/// One country's outcome at one stage of one commodity.
public struct CountryOutcome: Hashable, Sendable {
    public var country: CountryCode
    public var commodity: CommodityID
    public var stage: Stage
    public var unit: String
    /// Apparent consumption (production + imports − exports) per month before the shock.
    public var baselineMonthlyConsumption: Double
    /// Consumption loss per month, month 1 first, in the stage's unit.
    public var monthlyShortfall: [Double]
    /// Each month's loss as a share of baseline consumption; `nil` when the country consumes nothing.
    public var monthlyShortfallShare: [Double]?
    public var totalShortfall: Double
    /// The horizon's loss as a share of the horizon's baseline consumption; `nil` when the country consumes nothing.
    public var shortfallShareOfHorizonConsumption: Double?
    public var recovery: Recovery
    /// Shortfall that reached the country: its own initial shock plus what partners passed on.
    public var received: Double
    /// How `received` was covered; the quantities add up to it.
    public var coverage: [Coverage]
    /// Exports the country kept at home by restricting them.
    public var retained: Double
    /// The loss by industrial sector (final stage only).
    public var sectors: [SectorShortfall]
    /// True when the country has no end-use shares of its own and the network-wide shares were used.
    public var sectorSharesAreNetworkWide: Bool
    /// Flows into the country that carried shortfall, largest first.
    public var carriers: [ShortfallCarrier]
    /// Whether any flow carrying shortfall into the country was reconstructed rather than reported.
    public var involvesReconstructedFlows: Bool
}

/// One stage's outcome over the horizon for every country of the network.
public struct StageOutcome: Sendable {
    public let stage: Stage
    public let unit: String
    /// The conservation balance of the stage.
    public let balance: ShockBalance
    let compiled: CompiledStage
    let trace: StageTrace
}

/// The outcome of one commodity: a ``StageOutcome`` per stage, upstream first.
public struct CommodityOutcome: Sendable {
    public let commodity: CommodityID
    public let year: Int
    public let horizonMonths: Int
    /// The first month a shock is active; `nil` when no shock touches the commodity within the horizon.
    public let shockStartMonth: Int?
    public let stages: [StageOutcome]
    /// Sentences on defaults and assumptions (from the network and from the run).
    public let notes: [String]
    public let groups: CoverageGroups
    let network: CompiledNetwork

    /// A monthly shortfall below this share of baseline consumption counts as recovered.
    public static let recoveryTolerance = 1e-6

    /// Countries whose consumption fell short at the final stage, largest loss first.
    public var affectedCountries: [CountryCode] {
        guard let last = stages.last else { return [] }
        return last.trace.totals.filter { $0.consumptionLoss > 0 }.sorted { ($0.consumptionLoss, $1.country) > ($1.consumptionLoss, $0.country) }
            .map { network.countries[$0.country] }
    }

    /// The focus countries' outcomes at the final stage, in the order of ``CoverageGroups/focus``; countries absent
    /// from the network are left out.
    public var focusOutcomes: [CountryOutcome] {
        groups.focus.compactMap { country($0) }
    }

    /// Any country's outcome at a stage (the final stage by default); `nil` when the country or stage is not in the
    /// network.
    public func country(_ code: CountryCode, stage: Stage? = nil) -> CountryOutcome? {
        guard let number = network.index[code] else { return nil }
        let stageNumber = stage.map { network.stageNumber(of: $0) } ?? (stages.isEmpty ? nil : stages.count - 1)
        guard let stageNumber else { return nil }
        return countryOutcome(number, stageNumber: stageNumber)
    }

    private func countryOutcome(_ number: Int, stageNumber: Int) -> CountryOutcome {
        let outcome = stages[stageNumber]
        let compiled = outcome.compiled
        let trace = outcome.trace
        let countryCount = network.countryCount
        let code = network.countries[number]
        let totals = trace.totals[number]
        let consumption = compiled.consumption[number]
        let monthly = (0..<horizonMonths).map { trace.monthlyLoss[$0 * countryCount + number] }
        let recovery = recovery(of: monthly, consumption: consumption)
        let isFinal = stageNumber == stages.count - 1
        let (sectors, networkWide) = isFinal ? sectorShortfall(code, loss: totals.consumptionLoss) : ([], false)
        let carriers = carriers(into: number, stage: compiled, trace: trace)
        return CountryOutcome(
            country: code, commodity: commodity, stage: outcome.stage, unit: outcome.unit, baselineMonthlyConsumption: consumption,
            monthlyShortfall: monthly, monthlyShortfallShare: consumption > 0 ? monthly.map { $0 / consumption } : nil,
            totalShortfall: totals.consumptionLoss,
            shortfallShareOfHorizonConsumption: consumption > 0 ? totals.consumptionLoss / (consumption * Double(horizonMonths)) : nil,
            recovery: recovery, received: totals.received, coverage: coverage(of: number, totals: totals, trace: trace), retained: totals.retained,
            sectors: sectors, sectorSharesAreNetworkWide: networkWide, carriers: carriers,
            involvesReconstructedFlows: carriers.contains {
                if case .reconstructed = $0.provenance { return true }
                return false
            })
    }

    private func recovery(of monthly: [Double], consumption: Double) -> Recovery {
        let tolerance = Self.recoveryTolerance * consumption
        guard let lastShort = monthly.lastIndex(where: { $0 > tolerance }) else { return .noShortfall }
        if lastShort == horizonMonths - 1 { return .notWithinHorizon }
        return .afterMonths(lastShort + 2 - (shockStartMonth ?? 1))
    }

    private func coverage(of number: Int, totals: MonthOutcome.CountryEntry, trace: StageTrace) -> [Coverage] {
        let code = network.countries[number]
        let partner = groups.partners[code]
        var partnerShare = 0.0
        var allies = 0.0
        var others = 0.0
        var own = 0.0
        let countryCount = network.countryCount
        for month in 0..<horizonMonths {
            let received = trace.monthlySpareReceived[month * countryCount + number]
            guard received > 0 else { continue }
            let perUnitOffered = received / trace.monthlySpareOfferedTotal[month]
            for (producer, offered) in trace.monthlySpareOffered[month] {
                let supplied = offered * perUnitOffered
                let producerCode = network.countries[producer]
                if producer == number {
                    own += supplied
                } else if producerCode == partner {
                    partnerShare += supplied
                } else if groups.allies.contains(producerCode) {
                    allies += supplied
                } else {
                    others += supplied
                }
            }
        }
        var coverage = [
            Coverage(source: .industryStocks, quantity: totals.industryStocks),
            Coverage(source: .governmentStockpile, quantity: totals.governmentStockpile),
            Coverage(source: .recycling, quantity: totals.recycling),
            Coverage(source: .substitution, quantity: totals.substitution),
        ]
        if let partner { coverage.append(Coverage(source: .partner(partner), quantity: partnerShare)) }
        coverage += [
            Coverage(source: .allies, quantity: allies), Coverage(source: .others, quantity: others), Coverage(source: .ownProduction, quantity: own),
            Coverage(source: .consumptionCut, quantity: totals.consumptionLoss), Coverage(source: .passedOn, quantity: totals.passedOn),
        ]
        return coverage
    }

    private func sectorShortfall(_ code: CountryCode, loss: Double) -> ([SectorShortfall], Bool) {
        let own = network.endUseShares.filter { $0.country == code }
        let shares = own.isEmpty ? network.endUseShares.filter { $0.country == nil } : own
        let sectors = shares.map { SectorShortfall(sector: $0.sector, share: $0.share, quantity: loss * $0.share, source: $0.source) }
        return (sectors, own.isEmpty && !shares.isEmpty)
    }

    private func carriers(into number: Int, stage: CompiledStage, trace: StageTrace) -> [ShortfallCarrier] {
        var carriers: [ShortfallCarrier] = []
        for exporter in 0..<network.countryCount {
            for flow in stage.flows(of: exporter) where stage.flowImporter[flow] == number && trace.flowsCarried[flow] > 0 {
                carriers.append(
                    ShortfallCarrier(
                        exporter: network.countries[exporter], quantity: trace.flowsCarried[flow], provenance: stage.flowProvenance[flow]))
            }
        }
        return carriers.sorted { ($0.quantity, $1.exporter) > ($1.quantity, $0.exporter) }
    }
}

/// The outcome of a deterministic run of a scenario.
public struct SimulationResult: Sendable {
    public let scenarioName: String
    public let horizonMonths: Int
    /// One per commodity a shock names, sorted by commodity.
    public let commodities: [CommodityOutcome]
    public let groups: CoverageGroups

    /// The outcome of one commodity; `nil` when no shock names it.
    public func commodity(_ commodity: CommodityID) -> CommodityOutcome? {
        commodities.first { $0.commodity == commodity }
    }
}
