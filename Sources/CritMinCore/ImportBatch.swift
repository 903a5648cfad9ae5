/// Everything one import produced, written to the store in one transaction or not at all.
///
/// Catalogue entries (commodities, countries and their aliases, groups) are merged into what the store
/// already has; everything else becomes a new immutable version of ``descriptor``.
public struct ImportBatch: Sendable {
    public var descriptor: DatasetDescriptor
    /// SHA-256 (hex) of the source bytes; equal to the latest version's checksum means nothing changed.
    public var checksum: String
    public var sourceFiles: [String]
    public var citations: [Citation]
    public var commodities: [Commodity]
    public var countries: [Country]
    public var countryGroups: [CountryGroup]
    public var criticalLists: [CriticalList]
    public var hsCodes: [HSCode]
    public var observations: [Observation]
    public var governance: [GovernanceScore]
    /// Bilateral trade flows (BACI).
    public var tradeFlows: [TradeFlow]
    /// Which trade codes a commodity's production is traded under.
    public var tradeCodes: [TradeCodeMapping]
    /// What the source says about each deposit, mine, facility or project (the register merges them into sites).
    public var siteRecords: [SiteRecord]

    public init(
        descriptor: DatasetDescriptor, checksum: String, sourceFiles: [String], citations: [Citation], commodities: [Commodity] = [],
        countries: [Country] = [], countryGroups: [CountryGroup] = [], criticalLists: [CriticalList] = [], hsCodes: [HSCode] = [],
        observations: [Observation] = [], governance: [GovernanceScore] = [], tradeFlows: [TradeFlow] = [], tradeCodes: [TradeCodeMapping] = [],
        siteRecords: [SiteRecord] = []
    ) {
        self.descriptor = descriptor
        self.checksum = checksum
        self.sourceFiles = sourceFiles
        self.citations = citations
        self.commodities = commodities
        self.countries = countries
        self.countryGroups = countryGroups
        self.criticalLists = criticalLists
        self.hsCodes = hsCodes
        self.observations = observations
        self.governance = governance
        self.tradeFlows = tradeFlows
        self.tradeCodes = tradeCodes
        self.siteRecords = siteRecords
    }

    /// Records that belong to the dataset version (not the catalogue).
    public var recordCount: Int {
        observations.count + governance.count + criticalLists.reduce(0) { $0 + $1.members.count } + hsCodes.count + tradeFlows.count
            + tradeCodes.count + siteRecords.count
    }
}
