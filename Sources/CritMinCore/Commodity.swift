/// What kind of thing a commodity is.
public enum CommodityKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A chemical element (cobalt, neodymium).
    case element
    /// A compound or a defined product form (alumina, potash, silicon metal).
    case compound
    /// A mineral or industrial mineral (barite, fluorspar, graphite).
    case mineral
    /// A manufactured or bulk material (abrasives, cement, iron and steel).
    case material
    /// A group whose members are commodities too (rare earths, platinum-group metals).
    case group
}

/// A mineral commodity as critmin knows it, with the names sources use for it.
public struct Commodity: Hashable, Sendable, Codable, Identifiable {
    public var id: CommodityID
    public var name: String
    /// Chemical symbol or formula where one applies ("Co", "REE", "K2O").
    public var symbol: String?
    public var kind: CommodityKind
    /// The group this commodity belongs to ("rare-earths" for neodymium).
    public var parent: CommodityID?
    /// Other names sources use ("columbium", "graphite (natural)", "Cobalt"), matched case-insensitively.
    public var aliases: [String]
    /// HS 2022 codes of the commodity's main traded forms.
    public var hsCodes: [String]
    /// The USGS Mineral Commodity Summaries chapter that covers it, if any ("zirconium-and-hafnium").
    public var usgsChapter: String?

    public init(
        id: CommodityID, name: String, symbol: String? = nil, kind: CommodityKind, parent: CommodityID? = nil,
        aliases: [String] = [], hsCodes: [String] = [], usgsChapter: String? = nil
    ) {
        self.id = id
        self.name = name
        self.symbol = symbol
        self.kind = kind
        self.parent = parent
        self.aliases = aliases
        self.hsCodes = hsCodes
        self.usgsChapter = usgsChapter
    }
}

/// A stage of the supply chain at which a figure is measured.
///
/// USGS world tables name more kinds of production than these four; the table's own label stays on each
/// observation, and ``Stage`` groups them for analysis: smelter and primary-metal production count as
/// ``refinery``; manufactured products (abrasives, ferrosilicon, pig iron, sponge metal) as ``processing``.
public enum Stage: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// Mine production, ore and concentrate.
    case mine
    /// Refinery, smelter or primary-metal production.
    case refinery
    /// Production from scrap and other secondary material.
    case secondary
    /// Manufactured or further-processed products.
    case processing

    public static func < (lhs: Stage, rhs: Stage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
