import CritMinAnalysis
import CritMinCore
import CritMinStore

/// A producing country's figure at one stage, with the governance the methods weight it by.
struct Producer: Hashable, Sendable {
    var area: Area
    /// Share of world production, 0 … 1.
    var share: Double
    /// EU-scaled WGI (mean of the six dimensions), 0 best … 10 worst, with the standard error of that mean on the same
    /// scale; `nil` where the WGI has no estimate.
    var euScaledGovernance: Double?
    var euScaledStandardError: Double?
}

/// World supply of a commodity at one stage in one year, from the USGS world production table.
struct StageSupply: Sendable {
    var stage: Stage
    var year: Int
    var concentration: Concentration
    var producers: [Producer]
    var observations: [StoredObservation]
}

/// A country's political stability as GeoPolRisk scores it: normalised 0 … 1, with its standard error on that scale.
struct PoliticalStability: Sendable {
    var score: Double
    var standardError: Double?
}

/// What the assessment reads that is the same whichever economy is assessed: loaded once for several economies.
struct WorldAssessmentInputs: Sendable {
    /// Reference year of trade and production figures.
    var year: Int
    var mappings: [CommodityID: [TradeCodeMapping]]
    var governance: [CountryCode: EUScaledGovernance]
    var supply: [CommodityID: [StageSupply]]
    /// Political stability in the reference year.
    var stability: [CountryCode: PoliticalStability]
    var recycling: [CommodityID: StoredObservation]
    var endUses: [CommodityID: [(label: String, share: Double, stored: StoredObservation)]]
    /// World Mining Data production tables of the reference year (GeoPolRisk's production side).
    var production: [CitationID: [Int: ReportBuilder.ProductionTableYear]]
}

/// Everything the methods need about one commodity for one economy, loaded once.
struct CommodityContext: Sendable {
    var commodity: Commodity
    var economy: Economy
    /// Reference year of trade and production figures.
    var year: Int
    var supply: [StageSupply]
    /// The HS 1992 codes trade figures are read from (none: the commodity has no trade figures).
    var hsCodes: Set<String>
    /// Imports into the economy from outside it, by partner, on both bases; `nil` without mapped HS codes or flows.
    var importsByQuantity: TradeDependence?
    var importsByValue: TradeDependence?
    /// Exports from the economy to outside it (t) over the commodity's HS codes, and by destination.
    var exportsTonnes: Double
    var exports: [PartnerFlow]
    /// The economy's own production (t) in the World Mining Data table paired with the HS codes.
    var domesticProductionTonnes: Double?
    /// USGS's published NIR for the United States (single-country US assessments), else a trade-based reliance.
    var netImportReliance: NetImportReliance?
    var netImportRelianceSource: String?
    /// EU 2023 end-of-life recycling input rate, 0 … 1.
    var endOfLifeRecyclingInputRate: Double?
    /// End-use shares (label → fraction) from USGS's domestic-use text.
    var endUses: [(label: String, share: Double)]
    var geoPolRisk: GeoPolRiskScore?
    /// Normalised political stability of the import partners.
    var partnerStability: [CountryCode: PoliticalStability]
    var citations: Set<CitationID>
}
