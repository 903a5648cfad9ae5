/// The six dimensions of the World Bank Worldwide Governance Indicators, by their WGI codes.
public enum GovernanceDimension: String, Hashable, Sendable, Codable, CaseIterable {
    case voiceAndAccountability = "va"
    case politicalStability = "pv"
    case governmentEffectiveness = "ge"
    case regulatoryQuality = "rq"
    case ruleOfLaw = "rl"
    case controlOfCorruption = "cc"

    public var title: String {
        switch self {
        case .voiceAndAccountability: "Voice and Accountability"
        case .politicalStability: "Political Stability and Absence of Violence/Terrorism"
        case .governmentEffectiveness: "Government Effectiveness"
        case .regulatoryQuality: "Regulatory Quality"
        case .ruleOfLaw: "Rule of Law"
        case .controlOfCorruption: "Control of Corruption"
        }
    }
}

/// One WGI figure: a country's estimate on one dimension in one year, with its uncertainty.
public struct GovernanceScore: Hashable, Sendable {
    public var country: CountryCode
    public var year: Int
    public var dimension: GovernanceDimension
    /// Estimate in units of a standard normal distribution, about −2.5 (weak) … +2.5 (strong).
    public var estimate: Double
    public var standardError: Double?
    public var sourceCount: Int?
    /// Percentile rank among all countries, 0 (lowest) … 100 (highest), with its 90% interval.
    public var percentileRank: Double?
    public var percentileRankLower: Double?
    public var percentileRankUpper: Double?
    public var citation: CitationID
    public var source: SourceLocation

    public init(
        country: CountryCode, year: Int, dimension: GovernanceDimension, estimate: Double, standardError: Double? = nil,
        sourceCount: Int? = nil, percentileRank: Double? = nil, percentileRankLower: Double? = nil, percentileRankUpper: Double? = nil,
        citation: CitationID, source: SourceLocation
    ) {
        self.country = country
        self.year = year
        self.dimension = dimension
        self.estimate = estimate
        self.standardError = standardError
        self.sourceCount = sourceCount
        self.percentileRank = percentileRank
        self.percentileRankLower = percentileRankLower
        self.percentileRankUpper = percentileRankUpper
        self.citation = citation
        self.source = source
    }
}

/// A Harmonized System code with its description.
public struct HSCode: Hashable, Sendable, Codable {
    /// "26", "2605", "260500".
    public var code: String
    public var description: String
    /// The enclosing code ("2605" for "260500"); `nil` for chapters.
    public var parent: String?
    /// HS section, Roman numeral ("V").
    public var section: String?
    /// HS edition ("HS2022").
    public var edition: String

    public init(code: String, description: String, parent: String?, section: String?, edition: String) {
        self.code = code
        self.description = description
        self.parent = parent
        self.section = section
        self.edition = edition
    }
}
