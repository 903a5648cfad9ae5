import CritMinCore

/// A closed interval of fractions (0 … 1) for figures published as bounds: ">95%" is 0.95 … 1.
public struct FractionInterval: Hashable, Sendable, Codable, CustomStringConvertible {
    public var low: Double
    public var high: Double

    public init(low: Double, high: Double) {
        precondition(low <= high, "interval low above high")
        self.low = low
        self.high = high
    }

    public init(exactly value: Double) {
        self.init(low: value, high: value)
    }

    public var isPoint: Bool { low == high }
    /// The interval as a range.
    public var range: ClosedRange<Double> { low...high }
    /// The midpoint: the documented point convention for bounded figures.
    public var midpoint: Double { (low + high) / 2 }

    /// "0.95–1" or "0.4".
    public var description: String { isPoint ? "\(low)" : "\(low)–\(high)" }
}

/// USGS net import reliance carried as an interval (METHODS.md "Dependence").
public struct NetImportReliance: Hashable, Sendable {
    /// NIR as a fraction of apparent consumption; a net exporter is 0 … 0 with ``isNetExporter`` set.
    public var interval: FractionInterval
    /// USGS printed "E": exports exceed imports, so reliance is below zero and counts as none.
    public var isNetExporter: Bool
    /// The figure as USGS printed it (">95", "E", "75").
    public var notation: String

    /// Reads a published NIR (percent of apparent consumption).
    ///
    /// An exact value is a point; ">x" is x … 100; "<x" is 0 … x; a range is its ends; "—" (zero) is 0; "E" is
    /// a net exporter (0, flagged). Withheld, not available and words give `nil`: there is no figure to carry.
    public init?(percent amount: Amount) {
        let toFraction = { (percent: Double) in min(1, max(0, percent / 100)) }
        isNetExporter = false
        notation = amount.notation
        switch amount {
        case .value(let percent): interval = FractionInterval(exactly: toFraction(percent))
        case .zero: interval = FractionInterval(exactly: 0)
        case .greaterThan(let bound): interval = FractionInterval(low: toFraction(bound), high: 1)
        case .lessThan(let bound): interval = FractionInterval(low: 0, high: toFraction(bound))
        case .range(let low, let high): interval = FractionInterval(low: toFraction(low), high: toFraction(high))
        case .netExporter:
            interval = FractionInterval(exactly: 0)
            isNetExporter = true
        default: return nil
        }
    }

    /// Import reliance from trade and production totals, (M − X) / (P + M − X), clamped to 0 … 1; a net exporter
    /// (X ≥ M) is 0 and flagged, also where exports exceed production plus imports (re-exports, or trade and production
    /// in different bases). Used where USGS publishes no NIR (Canada), from BACI trade and production.
    /// - Returns: `nil` when apparent consumption P + M − X is not positive and exports do not exceed imports.
    public init?(production: Double, imports: Double, exports: Double) {
        let consumption = production + imports - exports
        guard consumption > 0 || exports > imports else { return nil }
        let reliance = consumption > 0 ? (imports - exports) / consumption : 0
        isNetExporter = reliance <= 0
        interval = FractionInterval(exactly: min(1, max(0, reliance)))
        notation = isNetExporter ? "E" : NumberFormat.fixed(reliance * 100, fractionDigits: 0)
    }
}

/// One supplier's share of an importer's imports.
public struct SupplierShare: Hashable, Sendable, Codable {
    public var supplier: CountryCode
    /// Share of imports, 0 … 1.
    public var share: Double

    public init(supplier: CountryCode, share: Double) {
        self.supplier = supplier
        self.share = share
    }
}

/// Import dependence on a set of countries: the share of imports coming from them.
public struct GroupDependence: Hashable, Sendable, Codable {
    /// Share from named members, 0 … 1.
    public var share: Double
    /// Upper bound when part of the imports is an unattributed residual ("Other"): the residual could all be members.
    public var upperBound: Double
    /// Members that supply anything, largest first.
    public var suppliers: [SupplierShare]

    /// Sums the shares of `members` among `shares`; `residual` (unattributed share, 0 … 1) widens the upper bound.
    public init(shares: [SupplierShare], members: Set<CountryCode>, residual: Double = 0) {
        let inGroup = shares.filter { members.contains($0.supplier) && $0.share > 0 }.sorted { $0.share > $1.share }
        suppliers = inGroup
        share = min(1, inGroup.reduce(0) { $0 + $1.share })
        upperBound = min(1, share + max(0, residual))
    }
}

/// What a trade share is measured in.
public enum TradeBasis: String, Hashable, Sendable, Codable, CaseIterable {
    /// Metric tons: comparable within one HS code; codes of one commodity may mix ore and metal tonnage.
    case quantity
    /// Thousand current US dollars: comparable across a commodity's codes.
    case value
}

/// One partner's flow into the importer as an input to ``TradeDependence``.
public struct PartnerFlow: Hashable, Sendable {
    public var partner: CountryCode
    /// Metric tons; `nil` where the source has none.
    public var quantity: Double?
    /// Thousand US dollars; `nil` where the source has none.
    public var value: Double?

    public init(partner: CountryCode, quantity: Double?, value: Double?) {
        self.partner = partner
        self.quantity = quantity
        self.value = value
    }
}

/// Trade-based import dependence: shares of an importer's imports by partner, from bilateral flows (BACI).
public struct TradeDependence: Hashable, Sendable, Codable {
    public var basis: TradeBasis
    /// Total imports on the basis (t or kUSD) over flows that have a figure on it.
    public var total: Double
    /// Partners' shares, largest first.
    public var shares: [SupplierShare]
    /// Flows left out because they have no figure on the basis.
    public var flowsWithoutFigure: Int

    /// Aggregates `flows` (several HS codes may name the same partner) into partner shares.
    /// - Returns: `nil` when no flow has a positive figure on the basis.
    public init?(flows: [PartnerFlow], basis: TradeBasis) {
        var byPartner: [CountryCode: Double] = [:]
        var missing = 0
        for flow in flows {
            guard let figure = basis == .quantity ? flow.quantity : flow.value else {
                missing += 1
                continue
            }
            byPartner[flow.partner, default: 0] += figure
        }
        // Summed in partner order: a sum in dictionary order differs in its last bits from run to run.
        let partners = byPartner.sorted { $0.key < $1.key }
        let total = partners.reduce(0) { $0 + $1.value }
        guard total > 0 else { return nil }
        self.basis = basis
        self.total = total
        flowsWithoutFigure = missing
        shares = partners.map { SupplierShare(supplier: $0.key, share: $0.value / total) }
            .sorted { ($0.share, $1.supplier.rawValue) > ($1.share, $0.supplier.rawValue) }
    }

    /// The share from `members`.
    public func dependence(on members: Set<CountryCode>) -> GroupDependence {
        GroupDependence(shares: shares, members: members)
    }
}
