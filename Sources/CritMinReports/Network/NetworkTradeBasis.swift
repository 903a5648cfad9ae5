import CritMinCore

/// How the trade of one commodity at one stage is put in the unit of the stage's production (curated; docs/DATA.md,
/// "Supply networks"). BACI counts the gross weight of the traded product; production tables count content. The
/// content factor κ is the United States' imports of the same products in USGS MCS (content basis) over its imports of
/// the stage's HS codes in BACI (t), same year; ``importLabels`` names the MCS rows that stand for those codes.
struct NetworkTradeBasis: Sendable {
    /// Which MCS import-source shares split the imports when bilateral figures are missing.
    enum Shares: Sendable {
        case none
        /// The chapter's one, unlabelled table.
        case unlabelled
        case labelled(String)

        func matches(_ label: String?) -> Bool {
            switch self {
            case .none: false
            case .unlabelled: label == nil || label == ""
            case .labelled(let name): label == name
            }
        }
    }

    var commodity: CommodityID
    var stage: Stage
    /// The MCS `imports` rows (United States) whose sum is κ's numerator and the total of reconstructed flows.
    var importLabels: [String]
    var shares: Shares
    /// The HS codes are the metal itself: where MCS gives no figure, κ is a unit conversion only (metal content = weight).
    var hsCodesAreMetal: Bool
    /// Why the rows stand for the codes, and where they do not quite.
    var note: String

    static func entry(_ commodity: CommodityID, _ stage: Stage) -> NetworkTradeBasis? {
        all.first { $0.commodity == commodity && $0.stage == stage }
    }

    static let all: [NetworkTradeBasis] = [
        NetworkTradeBasis(
            commodity: "antimony", stage: .mine, importLabels: ["Imports for consumption — Ore and concentrates"],
            shares: .labelled("Ore and concentrates"), hsCodesAreMetal: false,
            note: "HS 261710 (antimony ores and concentrates) against MCS imports of ore and concentrates, antimony content"),
        NetworkTradeBasis(
            commodity: "arsenic", stage: .refinery, importLabels: ["Imports for consumption — Arsenic metal"], shares: .labelled("Arsenic metal"),
            hsCodesAreMetal: true, note: "HS 280480 (elemental arsenic) against MCS imports of arsenic metal, arsenic content"),
        NetworkTradeBasis(
            commodity: "barite", stage: .mine, importLabels: ["Imports — For consumption"], shares: .unlabelled, hsCodesAreMetal: false,
            note: "HS 251110 (natural barytes) against MCS imports for consumption, gross weight like the production table"),
        NetworkTradeBasis(
            commodity: "cobalt", stage: .mine, importLabels: ["Imports for consumption"], shares: .labelled("Metal, oxide, and salts"),
            hsCodesAreMetal: false,
            note: "HS 282200 and 810510 (oxides, mattes and unwrought cobalt) against MCS imports for consumption, cobalt content, "
                + "which also count cobalt salts outside these codes"),
        NetworkTradeBasis(
            commodity: "gallium", stage: .refinery, importLabels: ["Imports for consumption — Metal"], shares: .labelled("Metal"),
            hsCodesAreMetal: false, note: "gallium has no HS92 code of its own (811291 groups it with five other metals): MCS metal imports only"),
        NetworkTradeBasis(
            commodity: "germanium", stage: .refinery, importLabels: ["Imports for consumption — Germanium metal"],
            shares: .labelled("Germanium metal"), hsCodesAreMetal: true,
            note: "HS 811230 (germanium and articles, waste and scrap) against MCS imports of germanium metal, germanium content"),
        NetworkTradeBasis(
            commodity: "graphite", stage: .mine, importLabels: ["Imports for consumption"], shares: .unlabelled, hsCodesAreMetal: false,
            note: "HS 250410 and 250490 (natural graphite) against MCS imports for consumption, gross weight like the production table"),
        NetworkTradeBasis(
            commodity: "lithium", stage: .mine, importLabels: ["Imports for consumption"], shares: .unlabelled, hsCodesAreMetal: false,
            note: "HS 282520 and 283691 (lithium oxide and hydroxide, lithium carbonate) against MCS imports for consumption, lithium content"),
        NetworkTradeBasis(
            commodity: "molybdenum", stage: .mine, importLabels: ["Imports for consumption total — Ore and concentrates"],
            shares: .labelled("Molybdenum ore and concentrates"), hsCodesAreMetal: false,
            note: "HS 261390 (molybdenum ores and concentrates other than roasted) against MCS imports of ore and concentrates, "
                + "molybdenum content, which also count roasted concentrates"),
        NetworkTradeBasis(
            commodity: "palladium", stage: .mine, importLabels: ["Imports for consumption — Palladium"], shares: .labelled("Palladium"),
            hsCodesAreMetal: true, note: "HS 711021 and 711029 (palladium metal) against MCS imports of palladium"),
        NetworkTradeBasis(
            commodity: "platinum", stage: .mine, importLabels: ["Imports for consumption — Platinum"], shares: .labelled("Platinum"),
            hsCodesAreMetal: true, note: "HS 711011, 711019 and 711510 (platinum metal and catalysts) against MCS imports of platinum"),
        NetworkTradeBasis(
            commodity: "rhodium", stage: .mine, importLabels: ["Imports for consumption — Rhodium"], shares: .none, hsCodesAreMetal: true,
            note: "HS 711031 and 711039 (rhodium metal) against MCS imports of rhodium"),
        NetworkTradeBasis(
            commodity: "rare-earths", stage: .mine,
            importLabels: ["Imports — Compounds", "Imports — Metals — Rare-earth metals and alloys"],
            shares: .labelled("Rare-earth compounds and metals"), hsCodesAreMetal: false,
            note: "HS 280530, 284610 and 284690 (rare-earth metals and compounds) against MCS imports of compounds and of rare-earth "
                + "metals and alloys, REO equivalent (ferrocerium, HS 360690, left out on both sides)"),
        NetworkTradeBasis(
            commodity: "tantalum", stage: .mine, importLabels: [], shares: .none, hsCodesAreMetal: true,
            note: "HS 810310 (unwrought tantalum, waste, scrap and powders) is the metal; MCS gives imports of all forms together only"),
        NetworkTradeBasis(
            commodity: "vanadium", stage: .mine,
            importLabels: [
                "Imports for consumption — Ferrovanadium", "Imports for consumption — Vanadium pentoxide",
                "Imports for consumption — Oxides and hydroxides, other",
            ], shares: .none, hsCodesAreMetal: false,
            note: "HS 282530 and 720292 (vanadium oxides and hydroxides, ferrovanadium) against MCS imports of ferrovanadium, vanadium "
                + "pentoxide and other oxides and hydroxides, vanadium content"),
        NetworkTradeBasis(
            commodity: "zinc", stage: .mine, importLabels: ["Imports for consumption — Ores and concentrates"],
            shares: .labelled("Ores and concentrates"), hsCodesAreMetal: false,
            note: "HS 260800 (zinc ores and concentrates) against MCS imports of ores and concentrates, zinc content"),
    ]
}
