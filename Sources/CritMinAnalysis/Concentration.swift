import CritMinCore

/// Bands of market concentration by HHI, after the US DOJ/FTC Horizontal Merger Guidelines (2010, §5.3).
public struct ConcentrationBands: Hashable, Sendable, Codable {
    /// HHI below this is unconcentrated (DOJ/FTC 2010: 1,500).
    public var moderateFrom: Double
    /// HHI above this is highly concentrated (DOJ/FTC 2010: 2,500).
    public var highFrom: Double

    public init(moderateFrom: Double = 1_500, highFrom: Double = 2_500) {
        self.moderateFrom = moderateFrom
        self.highFrom = highFrom
    }

    public static let dojFTC2010 = ConcentrationBands()

    /// The band of an HHI value: below `moderateFrom` unconcentrated, up to and including `highFrom` moderate, above high.
    public func band(of hhi: Double) -> ConcentrationBand {
        if hhi < moderateFrom { return .unconcentrated }
        if hhi <= highFrom { return .moderate }
        return .high
    }
}

/// How concentrated a market is.
public enum ConcentrationBand: String, Hashable, Sendable, Codable {
    case unconcentrated
    case moderate
    case high
}

/// One producer's figure as an input to concentration measures.
public struct ProducerFigure: Hashable, Sendable {
    public var area: Area
    public var amount: Amount

    public init(area: Area, amount: Amount) {
        self.area = area
        self.amount = amount
    }
}

/// A producer's share of the total.
public struct ProducerShare: Hashable, Sendable, Codable {
    public var area: Area
    /// Production, in the unit of the input.
    public var amount: Double
    /// Share of the denominator, 0 … 1.
    public var share: Double
}

/// Concentration of production among countries (METHODS.md "Shares and concentration").
public struct Concentration: Hashable, Sendable, Codable {
    /// Producing countries with a published number, largest first.
    public var shares: [ProducerShare]
    /// The "Other countries" residual's share, when the source gives one.
    public var residualShare: Double?
    /// The denominator: the source's world total when it publishes one as a number, else the sum of all rows.
    public var total: Double
    /// Whether ``total`` is the source's world total (`true`) or the sum of the rows (`false`).
    public var totalIsPublished: Bool
    /// HHI = Σ (100·s_c)² over countries, 0 … 10,000, the residual left out.
    public var hhiExcludingResidual: Double
    /// The same with the residual counted as one anonymous producer (an upper bound on its contribution).
    public var hhiIncludingResidual: Double
    /// Largest producer's share, 0 … 1.
    public var top1Share: Double
    /// Sum of the three largest producers' shares, 0 … 1.
    public var top3Share: Double
    /// Share of the total covered by the named countries and the residual (1 when rows add up to the total).
    public var coverage: Double
    /// Countries listed without a number ("W", "NA"), left out of shares.
    public var unquantified: [Area]
    public var band: ConcentrationBand

    /// Computes shares and concentration from one table's rows (countries, the residual, the world total).
    ///
    /// Bounds and ranges count at their bound or midpoint (``Amount/boundValue``); withheld and not-available
    /// rows count as unquantified. Returns `nil` when no country has a positive figure.
    /// - Parameters:
    ///   - figures: Rows of one commodity, stage and year.
    ///   - bands: HHI thresholds.
    public static func compute(_ figures: [ProducerFigure], bands: ConcentrationBands = .dojFTC2010) -> Concentration? {
        var countries: [(Area, Double)] = []
        var residual: Double?
        var published: Double?
        var unquantified: [Area] = []
        for figure in figures {
            switch figure.area {
            case .world:
                published = figure.amount.boundValue
            case .otherCountries:
                if let value = figure.amount.boundValue { residual = (residual ?? 0) + value }
            case .country, .group:
                if let value = figure.amount.boundValue {
                    countries.append((figure.area, value))
                } else {
                    unquantified.append(figure.area)
                }
            }
        }
        let rowSum = countries.reduce(0) { $0 + $1.1 } + (residual ?? 0)
        let total = (published ?? 0) > 0 ? published! : rowSum
        guard total > 0, countries.contains(where: { $0.1 > 0 }) else { return nil }
        let shares =
            countries
            .map { ProducerShare(area: $0.0, amount: $0.1, share: $0.1 / total) }
            .sorted { $0.share != $1.share ? $0.share > $1.share : $0.area < $1.area }
        let residualShare = residual.map { $0 / total }
        let hhi = shares.reduce(0) { $0 + ($1.share * 100) * ($1.share * 100) }
        let residualTerm = residualShare.map { ($0 * 100) * ($0 * 100) } ?? 0
        return Concentration(
            shares: shares, residualShare: residualShare, total: total, totalIsPublished: (published ?? 0) > 0,
            hhiExcludingResidual: hhi, hhiIncludingResidual: hhi + residualTerm,
            top1Share: shares.first?.share ?? 0, top3Share: shares.prefix(3).reduce(0) { $0 + $1.share },
            coverage: rowSum / total, unquantified: unquantified, band: bands.band(of: hhi))
    }
}
