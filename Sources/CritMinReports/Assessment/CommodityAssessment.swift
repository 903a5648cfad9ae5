import CritMinAnalysis
import CritMinCore

/// The criticality methods `critmin assess` runs.
public enum AssessmentMethod: String, CaseIterable, Sendable, Comparable {
    case eu
    case usgs
    case geopolrisk

    public var title: String {
        switch self {
        case .eu: "EU CRM supply risk"
        case .usgs: "USGS supply risk"
        case .geopolrisk: "GeoPolRisk"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)! }
}

/// One method's score for one commodity, with its parts, its uncertainty and the defaults it used.
public struct MethodScore: Sendable {
    public struct Component: Sendable {
        public var name: String
        public var key: String
        public var value: Double?
        public var decimals: Int
    }

    public var method: AssessmentMethod
    public var score: Double
    /// Lowest and highest score over the published intervals of the inputs (bounded NIR), when they differ.
    public var interval: FractionInterval?
    /// Criticality under the method's own thresholds, where it has them.
    public var meetsThreshold: Bool?
    public var components: [Component]
    public var defaultsUsed: [String]
    /// The inputs that can vary and how the score depends on them.
    var uncertainInputs: [UncertainInput]
    var evaluate: @Sendable ([Double]) -> Double
    public var distribution: ScoreDistribution?
    public var tornado: [TornadoBar]

    /// Runs the Monte Carlo and the tornado over the score's inputs.
    mutating func analyseUncertainty(draws: Int, seed: UInt64) {
        guard !uncertainInputs.isEmpty else { return }
        distribution = UncertaintyAnalysis.monteCarlo(inputs: uncertainInputs, draws: draws, seed: seed, score: evaluate)
        tornado = UncertaintyAnalysis.tornado(inputs: uncertainInputs, score: evaluate)
    }
}

/// All methods' scores for one commodity and one economy, with the indicators a reader needs to see why.
public struct CommodityAssessment: Sendable {
    public var commodity: Commodity
    public var economy: Economy
    public var year: Int
    public var scores: [AssessmentMethod: MethodScore]
    /// The stage with the most concentrated world supply, its top producer and HHI (0 … 10,000).
    public var topProducer: (area: Area, share: Double, stage: Stage, hhi: Double, year: Int)?
    public var netImportReliance: NetImportReliance?
    public var netImportRelianceSource: String?
    /// Shares of the economy's imports (by value) from the partner country, allies and countries of concern.
    public var partnerShare: Double?
    public var alliesShare: Double?
    public var concernShare: Double?
    /// Suppliers by share of import value, largest first.
    public var suppliers: [SupplierShare]
    public var reason: String
    public var citations: Set<CitationID>
}
