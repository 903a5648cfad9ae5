import CritMinCore

/// The European Commission's criticality method (2017 guidelines, used for the 2017, 2020 and 2023 EU lists):
/// supply risk (SR) and economic importance (EI) of a raw material; a material is critical when both reach their
/// thresholds.
///
/// Applied to the United States or Canada, the "EU sourcing" term becomes that country's own sourcing: its
/// production plus its imports by origin. docs/METHODS.md ("EU Critical Raw Materials method") records what is
/// implemented, from which source, and what could not be verified.
public struct EUCriticalityMethod: Hashable, Sendable {
    public static let id = "eu-crm"
    public static let version = "2017-guidelines/2023"

    /// The guidelines that define the method.
    public static let citation = Citation(
        id: "method/eu-crm/2017-guidelines", publisher: "European Commission",
        publication: "Methodology for establishing the EU list of critical raw materials: Guidelines", year: 2017,
        url: "https://doi.org/10.2873/769526",
        note: "Equations as implemented and checked against open implementations: see docs/METHODS.md.")

    /// Sources consulted for the method's details and values: the JRC background report, the 2023 assessment whose
    /// trade-parameter values calibrate ``Parameters``, and the open implementation the equations were checked against.
    public static let supportingCitations: [Citation] = [
        Citation(
            id: "method/eu-crm/jrc-background-2017", publisher: "European Commission, Joint Research Centre",
            publication: "Assessment of the Methodology for Establishing the EU List of Critical Raw Materials: Background Report",
            edition: "EUR 28654 EN", year: 2017, url: "https://doi.org/10.2760/73303", note: "Blengini, G.A., et al."),
        Citation(
            id: "method/eu-crm/study-2023", publisher: "European Commission",
            publication: "Study on the Critical Raw Materials for the EU 2023: Final Report", year: 2023,
            url: "https://doi.org/10.2873/725585"),
        Citation(
            id: "method/eu-crm/critmat", publisher: "Meyer, O., and Pehlken, A.", publication: "CritMAT — Critical Material Assessment Toolkit",
            table: "critmat/calculations/supply_risk_eu.py, calc_hhi_wgi_tp.py; input_data/seeds/eureport_tradeparameters.csv",
            url: "https://github.com/meyerdata/CritMAT", licence: "MIT",
            note: "Open implementation of the 2023 supply-risk calculation; its seed file transcribes the 2023 trade parameters."),
    ]

    /// The two supply-chain stages the guidelines assess; the higher stage's supply risk counts.
    public enum Stage: String, Hashable, Sendable, CaseIterable {
        /// Mining: ores and concentrates.
        case extraction
        /// Refining and other first processing.
        case processing

        /// The EU stage of a critmin stage: mine → extraction, refinery → processing; `nil` for secondary
        /// production and manufactured products, which the guidelines do not assess as a stage.
        public init?(_ stage: CritMinCore.Stage) {
            switch stage {
            case .mine: self = .extraction
            case .refinery: self = .processing
            case .secondary, .processing: return nil
            }
        }
    }

    /// The method's parameters, with the published values as ``standard``.
    public struct Parameters: Hashable, Sendable {
        /// Critical when SR ≥ this. Guidelines and 2017–2023 assessments: 1.0.
        public var supplyRiskThreshold: Double
        /// Critical when EI ≥ this. Guidelines and 2017–2023 assessments: 2.8.
        public var economicImportanceThreshold: Double
        /// Added to t for an export tax. Inferred (0.1), not read in the guidelines: the 2023 assessment's t values
        /// are 1.1 … 1.5 in steps of 0.1 (one step per measure in force), see docs/METHODS.md.
        public var exportTaxIncrement: Double
        /// Added to t for an export quota. Inferred (0.1), as ``exportTaxIncrement``.
        public var exportQuotaIncrement: Double
        /// Added to t for an export prohibition. Inferred (0.1), as ``exportTaxIncrement``.
        public var exportProhibitionIncrement: Double
        /// t of a supplier with a trade agreement with the assessed economy and no export restriction: 0.8, the value
        /// of the 2023 assessment's agreement partners (CritMAT seed); the guidelines' table was not read.
        public var tradeAgreementFactor: Double
        /// t of the assessed country's own production in its sourcing term: 0.8, the value CritMAT gives EU member
        /// states by default; applied to the US or Canada by analogy. Not verified in the guidelines.
        public var domesticTradeFactor: Double
        /// EoL-RIR used when the input gives none: 0, no recycling credit (critmin convention).
        public var defaultEndOfLifeRecyclingInputRate: Double
        /// SI_SR used when the input gives none: 1, no substitution credit (critmin convention).
        public var defaultSupplyRiskSubstitutionIndex: Double
        /// SI_EI used when the input gives none: 1, no substitution credit (critmin convention).
        public var defaultEconomicImportanceSubstitutionIndex: Double

        public init(
            supplyRiskThreshold: Double = 1.0, economicImportanceThreshold: Double = 2.8, exportTaxIncrement: Double = 0.1,
            exportQuotaIncrement: Double = 0.1, exportProhibitionIncrement: Double = 0.1, tradeAgreementFactor: Double = 0.8,
            domesticTradeFactor: Double = 0.8, defaultEndOfLifeRecyclingInputRate: Double = 0, defaultSupplyRiskSubstitutionIndex: Double = 1,
            defaultEconomicImportanceSubstitutionIndex: Double = 1
        ) {
            self.supplyRiskThreshold = supplyRiskThreshold
            self.economicImportanceThreshold = economicImportanceThreshold
            self.exportTaxIncrement = exportTaxIncrement
            self.exportQuotaIncrement = exportQuotaIncrement
            self.exportProhibitionIncrement = exportProhibitionIncrement
            self.tradeAgreementFactor = tradeAgreementFactor
            self.domesticTradeFactor = domesticTradeFactor
            self.defaultEndOfLifeRecyclingInputRate = defaultEndOfLifeRecyclingInputRate
            self.defaultSupplyRiskSubstitutionIndex = defaultSupplyRiskSubstitutionIndex
            self.defaultEconomicImportanceSubstitutionIndex = defaultEconomicImportanceSubstitutionIndex
        }

        public static let standard = Parameters()
    }

    public var parameters: Parameters

    public init(parameters: Parameters = .standard) {
        self.parameters = parameters
    }

    /// Whether a material is critical: SR ≥ ``Parameters/supplyRiskThreshold`` and EI ≥
    /// ``Parameters/economicImportanceThreshold`` (the thresholds the results carry).
    public func isCritical(supplyRisk: EUSupplyRiskResult, economicImportance: EUEconomicImportanceResult) -> Bool {
        supplyRisk.meetsThreshold && economicImportance.meetsThreshold
    }

    /// Names the source of critmin's own defaults in `defaultsUsed` sentences.
    static let defaultsCitation = "critmin default for the EU method (docs/METHODS.md)"
}
