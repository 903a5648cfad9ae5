import CritMinCore
import Foundation

/// USGS-style supply risk (Nassar et al. 2020; Nassar and Fortier 2021, the 2021 U.S. list): three factors from
/// 0 to 1 — disruption potential DP, trade exposure TE, economic vulnerability EV — combined into SR.
///
/// Verified in the sources at hand: the three factors, and the threshold SR ≥ 0.40 applied to a 2015–2018
/// recency-weighted mean, which 36 of 54 commodities met. Not verified (the report's equations could not be read):
/// the DP, TE and EV equations and their scale, the governance measure, and the combination; critmin's forms are
/// parameters, and docs/METHODS.md ("USGS-style supply risk") says which and why.
public struct USGSSupplyRiskMethod: Hashable, Sendable {
    public static let id = "usgs-sr"
    public static let version = "OFR-2021-1045"

    /// The report that set the 2021 method and threshold.
    public static let citation = Citation(
        id: "method/usgs-sr/ofr-2021-1045", publisher: "U.S. Geological Survey",
        publication: "Methodology and technical input for the 2021 review and revision of the U.S. Critical Minerals List",
        edition: "Open-File Report 2021-1045", year: 2021, url: "https://doi.org/10.3133/ofr20211045", licence: "Public domain (USGS)",
        note: "Nassar, N.T., and Fortier, S.M. Equations as implemented, and what could not be verified: docs/METHODS.md.")

    /// The paper that introduced the three factors, and the USGS statement of the 2021 threshold.
    public static let supportingCitations: [Citation] = [
        Citation(
            id: "method/usgs-sr/nassar-2020", publisher: "Science Advances",
            publication: "Evaluating the mineral commodity supply risk of the U.S. manufacturing sector", edition: "vol. 6, no. 8, eaay8647",
            year: 2020, url: "https://doi.org/10.1126/sciadv.aay8647", note: "Nassar, N.T., Brainard, J., Gulley, A., et al."),
        Citation(
            id: "method/usgs-sr/fortier-2022-testimony", publisher: "U.S. Geological Survey",
            publication: "Fortier testimony, 31 March 2022: heat map of supply risk for all 54 commodities, 2007–2018", table: "Figure 3",
            year: 2022, url: "https://www.usgs.gov/media/images/fortier-testimony-3-31-22-senr-cmte-hrgpage5image0001jpg",
            licence: "Public domain (USGS)",
            note: "36 commodities with a 2015–2018 recency-weighted mean supply risk ≥ 0.40 were recommended for the list."),
    ]

    /// How the three factors combine into SR.
    public enum Combination: String, Hashable, Sendable {
        /// SR = (DP · TE · EV)^(1/3). critmin's default: the form of the USGS team's earlier screening (McCullough and
        /// Nassar 2017, "geometric average"), under which a 0.40 threshold is meaningful; not verified for 2021.
        case geometricMean
        /// SR = DP · TE · EV.
        case product
    }

    /// The method's parameters, with critmin's defaults as ``standard``.
    public struct Parameters: Hashable, Sendable {
        /// Critical when SR ≥ this: 0.40 (verified: USGS, Fortier testimony 2022, Figure 3; applied there to the
        /// 2015–2018 recency-weighted mean of yearly SR, which critmin does not compute).
        public var threshold: Double
        /// How DP, TE and EV combine. Not verified; see ``Combination``.
        public var combination: Combination
        /// EV used when the input gives none: 1, the maximum, so SR is an upper bound in EV (critmin convention; the
        /// publication derives EV from U.S. industry data that the shipped datasets lack).
        public var defaultEconomicVulnerability: Double
        /// Risk (0 … 1) of the part of imports no named partner accounts for: 1, the maximum (critmin convention).
        public var unattributedImportRisk: Double

        public init(
            threshold: Double = 0.40, combination: Combination = .geometricMean, defaultEconomicVulnerability: Double = 1,
            unattributedImportRisk: Double = 1
        ) {
            self.threshold = threshold
            self.combination = combination
            self.defaultEconomicVulnerability = defaultEconomicVulnerability
            self.unattributedImportRisk = unattributedImportRisk
        }

        public static let standard = Parameters()
    }

    public var parameters: Parameters

    public init(parameters: Parameters = .standard) {
        self.parameters = parameters
    }

    /// Names the source of critmin's own defaults in `defaultsUsed` sentences.
    static let defaultsCitation = "critmin default for the USGS-style method (docs/METHODS.md)"
    /// Import shares adding up to within this of 1 account for all imports: shares computed from flows carry rounding
    /// error in their last bits.
    static let shareTolerance = 1e-9

    /// critmin's governance risk for DP and TE: the EU-scaled WGI (0 best … 10 worst, ``GovernanceScaling/euScaled(_:)``)
    /// divided by 10. The publication's governance measure and normalisation were not verified.
    public static func governanceRisk(euScaled: Double) -> Double {
        euScaled / 10
    }
}
