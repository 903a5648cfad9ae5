import CritMinCore

/// A disruption scenario: what fails, when and for how long, and what the affected countries may do about it. Months
/// are counted from 1, the first month of the horizon, which is the first month of the network year.
public struct Scenario: Hashable, Sendable {
    /// A short name ("gallium-germanium-2023").
    public var name: String
    /// One or two sentences on what the scenario stands for.
    public var summary: String
    /// The real-world events or studies the scenario is drawn from.
    public var sources: [ScenarioSource]
    /// The year of the supply networks; `nil` for the latest year with data for every commodity involved.
    public var year: Int?
    public var horizonMonths: Int
    public var shocks: [Shock]
    public var stockpileRelease: StockpileRelease
    /// Stocks the scenario assumes where the data give none, or in place of theirs.
    public var stocks: [StockHolding]
    public var capacityAdditions: [CapacityAddition]
    public var recycling: [RecyclingIncrease]
    public var substitutions: [Substitution]
    public var rationing: Rationing
    public var response: ResponseParameters
    /// Settings of a Monte Carlo run of the scenario; `nil` when the file gives none (the defaults then apply).
    public var monteCarlo: MonteCarloSettings?

    public init(
        name: String, summary: String, sources: [ScenarioSource] = [], year: Int? = nil, horizonMonths: Int, shocks: [Shock],
        stockpileRelease: StockpileRelease = .none, stocks: [StockHolding] = [], capacityAdditions: [CapacityAddition] = [],
        recycling: [RecyclingIncrease] = [],
        substitutions: [Substitution] = [], rationing: Rationing = .proportional, response: ResponseParameters = .standard,
        monteCarlo: MonteCarloSettings? = nil
    ) {
        self.name = name
        self.summary = summary
        self.sources = sources
        self.year = year
        self.horizonMonths = horizonMonths
        self.shocks = shocks
        self.stockpileRelease = stockpileRelease
        self.stocks = stocks
        self.capacityAdditions = capacityAdditions
        self.recycling = recycling
        self.substitutions = substitutions
        self.rationing = rationing
        self.response = response
        self.monteCarlo = monteCarlo
    }

    /// Every commodity a shock names, sorted.
    public var commodities: [CommodityID] {
        Set(shocks.flatMap(\.commodities)).sorted()
    }
}

/// A publication or announcement a scenario is drawn from.
public struct ScenarioSource: Hashable, Sendable {
    public var title: String
    public var publisher: String
    /// As the source dates itself ("2023-07-03").
    public var date: String
    public var url: String?

    public init(title: String, publisher: String, date: String, url: String? = nil) {
        self.title = title
        self.publisher = publisher
        self.date = date
        self.url = url
    }
}

/// One disruption. A shock naming several commodities is one event: in a Monte Carlo draw it happens to all of them
/// or to none (a country restricting several commodities at once).
public struct Shock: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// The country's exports fall by ``ExportLimit`` to ``Destinations``.
        case exportRestriction(ExportLimit, to: Destinations)
        /// The country's production falls by a fraction (0 … 1).
        case productionOutage(fraction: Double)
        /// Consumption rises by a fraction (0 or more) in the country, or everywhere when ``Shock/country`` is `nil`.
        case demandSurge(fraction: Double)
    }

    public var kind: Kind
    /// The supplier (export restriction, production outage) or the consuming country (demand surge; `nil` = all).
    public var country: CountryCode?
    public var commodities: [CommodityID]
    /// The stage hit; `nil` for every stage the networks have.
    public var stage: Stage?
    public var startMonth: Int
    /// `nil`: to the end of the horizon.
    public var durationMonths: Int?
    /// The chance (0 … 1) the shock happens in a Monte Carlo draw; `nil` means certain. Deterministic runs apply
    /// every shock.
    public var probability: Double?

    public init(
        kind: Kind, country: CountryCode?, commodities: [CommodityID], stage: Stage? = nil, startMonth: Int = 1, durationMonths: Int? = nil,
        probability: Double? = nil
    ) {
        self.kind = kind
        self.country = country
        self.commodities = commodities
        self.stage = stage
        self.startMonth = startMonth
        self.durationMonths = durationMonths
        self.probability = probability
    }
}

/// How far an export restriction cuts the supplier's exports.
public enum ExportLimit: Hashable, Sendable {
    /// No exports.
    case ban
    /// Exports fall by a fraction (0 … 1) of the network year's.
    case cut(fraction: Double)
    /// Exports capped at a quantity per year, in the stage's unit, shared among destinations in proportion to trade.
    case quota(perYear: Double)
}

/// Which importers an export restriction reaches.
public enum Destinations: Hashable, Sendable {
    case all
    case only([CountryCode])
    case allExcept([CountryCode])
}

/// When governments release their stockpiles.
public enum StockpileRelease: Hashable, Sendable {
    /// Government stockpiles stay untouched.
    case none
    /// Each government covers its country's remaining shortfall from its stockpile, at most a fraction of the
    /// stockpile per month, once industry stocks are exhausted.
    case coverShortfall(maxFractionPerMonth: Double)
}

/// Stocks a scenario gives a country: the data hold US industry stocks (USGS MCS) and no stockpile levels, so other
/// countries' stocks and any government stockpile come from the user.
public struct StockHolding: Hashable, Sendable {
    public enum Holder: String, Hashable, Sendable, CaseIterable {
        /// Drawn first when supply falls short; replaces the network's industry stocks of the country.
        case industry
        /// Released only as the scenario's ``StockpileRelease`` allows; replaces the network's stockpile of the country.
        case government
    }

    public var country: CountryCode
    public var commodity: CommodityID
    public var holder: Holder
    /// Months of the country's baseline consumption at the commodity's last stage.
    public var months: Double

    public init(country: CountryCode, commodity: CommodityID, holder: Holder, months: Double) {
        self.country = country
        self.commodity = commodity
        self.holder = holder
        self.months = months
    }
}

/// New production capacity: a project in a country, from a month of the horizon.
public struct CapacityAddition: Hashable, Sendable {
    public var label: String
    public var country: CountryCode
    public var commodity: CommodityID
    public var stage: Stage
    /// Units per year at full output.
    public var perYear: Double
    public var startMonth: Int
    /// Months from start to full output (linear ramp); 0 = full output at once.
    public var rampMonths: Int

    public init(label: String, country: CountryCode, commodity: CommodityID, stage: Stage, perYear: Double, startMonth: Int, rampMonths: Int = 0) {
        self.label = label
        self.country = country
        self.commodity = commodity
        self.stage = stage
        self.perYear = perYear
        self.startMonth = startMonth
        self.rampMonths = rampMonths
    }
}

/// A share of a country's consumption met another way from a month on: more recycling (secondary supply) or
/// substitution (use that can switch to other materials when supply falls short).
public struct ConsumptionShare: Hashable, Sendable {
    /// `nil`: every country.
    public var country: CountryCode?
    public var commodity: CommodityID
    /// Share (0 … 1) of the country's consumption.
    public var share: Double
    public var startMonth: Int

    public init(country: CountryCode?, commodity: CommodityID, share: Double, startMonth: Int = 1) {
        self.country = country
        self.commodity = commodity
        self.share = share
        self.startMonth = startMonth
    }
}

/// More recycling: secondary supply equal to a share of the country's consumption.
public typealias RecyclingIncrease = ConsumptionShare

/// Substitution: a share of the commodity's use that can switch to other materials when supply falls short.
public typealias Substitution = ConsumptionShare

/// How supply from spare capacity is shared among the importers that lost supply.
public enum Rationing: Hashable, Sendable {
    /// In proportion to each importer's loss.
    case proportional
    /// The named allies' losses are covered first, in proportion among them; the rest share what remains.
    case alliesFirst([CountryCode])
}

/// How countries respond to a shortfall (the cascade's parameters).
public struct ResponseParameters: Hashable, Sendable {
    /// Fraction (0 … 1) of the shortfall left after stocks that a country absorbs by consuming less; it passes the
    /// rest on to its trade partners by cutting its exports (Marchand et al. 2016).
    public var consumptionCutFraction: Double
    /// Fraction (0 … 1) of their production unaffected producers can add within the horizon when the network gives
    /// no spare capacity of their own.
    public var defaultSpareCapacityFraction: Double
    /// Months before spare capacity reaches full output (linear ramp).
    public var spareCapacityRampMonths: Int
    /// The cascade stops when the shock still to pass on is below this fraction of the initial shock.
    public var convergenceTolerance: Double

    public init(consumptionCutFraction: Double, defaultSpareCapacityFraction: Double, spareCapacityRampMonths: Int, convergenceTolerance: Double) {
        self.consumptionCutFraction = consumptionCutFraction
        self.defaultSpareCapacityFraction = defaultSpareCapacityFraction
        self.spareCapacityRampMonths = spareCapacityRampMonths
        self.convergenceTolerance = convergenceTolerance
    }

    /// The documented defaults (docs/METHODS.md, "Disruption propagation").
    public static let standard = ResponseParameters(
        consumptionCutFraction: 0.5, defaultSpareCapacityFraction: 0.05, spareCapacityRampMonths: 6, convergenceTolerance: 1e-9)
}

/// How a Monte Carlo run draws disruptions.
public struct MonteCarloSettings: Hashable, Sendable {
    /// Annual probability (0 … 1) that a supplier bans its exports of each commodity of the run, by supplier. Suppliers
    /// not named take the governance-based default when ``governanceDefault`` is set, and never fail otherwise.
    public var supplierProbabilities: [CountryCode: Double]
    /// Whether suppliers not named in ``supplierProbabilities`` get a probability from their governance score.
    public var governanceDefault: Bool
    /// The shortfall, as a fraction (0 … 1) of a country's consumption over the horizon, whose probability of being
    /// exceeded is reported.
    public var shortfallThreshold: Double

    public init(supplierProbabilities: [CountryCode: Double] = [:], governanceDefault: Bool = false, shortfallThreshold: Double = 0.1) {
        self.supplierProbabilities = supplierProbabilities
        self.governanceDefault = governanceDefault
        self.shortfallThreshold = shortfallThreshold
    }
}
