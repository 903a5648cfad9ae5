import Foundation

/// What an observation measures.
public enum Measure: String, Hashable, Sendable, Codable, CaseIterable {
    case production
    case capacity
    case reserves
    case imports
    case exports
    case consumption
    /// Net import reliance, % of apparent consumption.
    case netImportReliance = "net-import-reliance"
    case stocks
    case price
    /// Share of the importer's imports from the partner, %.
    case importShare = "import-share"
    /// Position of the partner in an ordered list of major import sources (1 = largest), without a share.
    case importSourceRank = "import-source-rank"
    /// Share of domestic use going to the end use named in the label, %.
    case endUseShare = "end-use-share"
    case employment
    /// Shipments from a government stockpile.
    case stockpileShipments = "stockpile-shipments"
    /// Bilateral trade value or quantity.
    case tradeValue = "trade-value"
    case tradeQuantity = "trade-quantity"
    /// End-of-life recycling input rate: the share of a material's input to production that comes from old scrap, %.
    case endOfLifeRecyclingInputRate = "eol-rir"
}

/// A year or a span of years ("2024", "2021–24").
public struct Period: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ year: Int) {
        start = year
        end = year
    }

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Reads "2024", "2021-24", "2021–2024", "2021-2024".
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let year = Int(trimmed) {
            self.init(year)
            return
        }
        let parts = trimmed.split(whereSeparator: { $0 == "-" || $0 == "–" }).map(String.init)
        guard parts.count == 2, let first = Int(parts[0]), var last = Int(parts[1]) else { return nil }
        if parts[1].count == 2 { last += first / 100 * 100 }
        guard last >= first else { return nil }
        self.init(start: first, end: last)
    }

    public var isSingleYear: Bool { start == end }

    /// "2024" or "2021–24".
    public var description: String {
        if isSingleYear { return String(start) }
        let endText = start / 100 == end / 100 ? String(String(end).suffix(2)) : String(end)
        return "\(start)–\(endText)"
    }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        (lhs.end, lhs.start) < (rhs.end, rhs.start)
    }
}

/// Where in a source file a record was read: for tracing every figure back to its row.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// File name as the source publishes it ("world_production.csv"), or file and table for databases.
    public var file: String
    /// 1-based line (or row) number.
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// One figure: a measure of a commodity at a stage, for an area (and partner), in a period, with its source.
public struct Observation: Hashable, Sendable {
    public var commodity: CommodityID
    public var stage: Stage?
    public var measure: Measure
    /// The reporting side: the producing, importing or consuming country, the world, or the residual.
    public var area: Area
    /// The other side where there is one: the source country of an import share.
    public var partner: Area?
    public var period: Period
    /// The source's row label where it adds detail: the form ("Metal, oxide, and salts"), the series
    /// ("Secondary", "LME, cash"), the end use ("transportation"), the table ("World Smelter Production").
    public var label: String?
    public var quantity: Quantity
    /// Position in an ordered list (import sources by share).
    public var rank: Int?
    /// Footnotes or remarks the source attaches to the figure.
    public var note: String?
    public var citation: CitationID
    public var source: SourceLocation

    public init(
        commodity: CommodityID, stage: Stage? = nil, measure: Measure, area: Area, partner: Area? = nil, period: Period,
        label: String? = nil, quantity: Quantity, rank: Int? = nil, note: String? = nil, citation: CitationID, source: SourceLocation
    ) {
        self.commodity = commodity
        self.stage = stage
        self.measure = measure
        self.area = area
        self.partner = partner
        self.period = period
        self.label = label
        self.quantity = quantity
        self.rank = rank
        self.note = note
        self.citation = citation
        self.source = source
    }
}
