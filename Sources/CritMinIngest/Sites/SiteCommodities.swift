import CritMinCore
import Foundation

/// Resolves the commodity fields of deposit, mine and facility sources ("Nickel, copper, cobalt", "Au; Ag",
/// "Lithium (spodumene)", "HAL  K", "Niobium and Tantalum") to catalogue commodities. What no rule resolves — gangue
/// minerals such as quartz or pyrite, fuels, "unknown" — is returned as the source spells it, never dropped.
public struct SiteCommodities: Sendable {
    let catalogue: Catalogue
    /// Element symbols, case-sensitive ("Cu", "In", "As"), for sources that list commodities by symbol.
    let symbols: [String: CommodityID]
    /// A source's own codes ("HAL" for halite in the USGS potash deposits), case-sensitive.
    let codes: [String: [CommodityID]]

    /// - Parameters:
    ///   - symbols: Whether the source writes element symbols (USGS ARDF, the MRData compilations, CMMI).
    ///   - codes: The source's own abbreviations.
    public init(catalogue: Catalogue, symbols: Bool, codes: [String: [CommodityID]] = [:]) {
        self.catalogue = catalogue
        var table: [String: CommodityID] = [:]
        if symbols {
            for commodity in catalogue.commodities.values where commodity.kind == .element {
                guard let symbol = commodity.symbol, symbol.count <= 2 else { continue }
                table[symbol] = commodity.id
            }
            for (symbol, id) in Self.depositSymbols where catalogue.commodities[id] != nil { table[symbol] = id }
        }
        self.symbols = table
        self.codes = codes
    }

    /// What symbols mean in deposit records beyond the catalogue's elements: groups, the old "Cb" (columbium) for
    /// niobium, and elements mined as a material: Fe as iron ore, P as phosphate rock, K as potash.
    static let depositSymbols: [String: CommodityID] = [
        "REE": "rare-earths", "PGE": "platinum-group-metals", "PGM": "platinum-group-metals", "Cb": "niobium", "Fe": "iron-ore", "P": "phosphate",
        "K": "potash", "Ba": "barite",
    ]

    /// Ore minerals and materials named for the commodity recovered from them. Minerals that are mostly gangue in
    /// these sources (quartz, pyrite, magnetite in chromite pods) and analysed oxides are left unresolved.
    static let minerals: [String: [CommodityID]] = [
        "chromite": ["chromium"], "chromic oxide": ["chromium"], "spodumene": ["lithium"], "lepidolite": ["lithium"], "petalite": ["lithium"],
        "pyrochlore": ["niobium"], "columbite": ["niobium"], "tantalite": ["tantalum"], "bastnasite": ["rare-earths"],
        "bastnaesite": ["rare-earths"], "monazite": ["rare-earths"], "xenotime": ["rare-earths"], "rare earth elements": ["rare-earths"],
        "rare earth elements ree": ["rare-earths"], "platinum group elements": ["platinum-group-metals"],
        "platinum group metals": ["platinum-group-metals"], "fluorite": ["fluorspar"], "ilmenite": ["titanium"], "rutile": ["titanium"],
        "zircon": ["zirconium"], "iron": ["iron-ore"], "apatite": ["phosphate"], "fluorapatite": ["phosphate"], "francolite": ["phosphate"],
        "carbonate fluorapatite": ["phosphate"], "chrysotile": ["asbestos"], "kaolinite": ["clays"], "kaolin": ["clays"], "bentonite": ["clays"],
        "clay": ["clays"], "fireclay": ["clays"], "halloysite": ["clays"], "k feldspar": ["feldspar"], "magnesite": ["magnesium-compounds"],
        "magnesia": ["magnesium-compounds"], "magnesium oxide": ["magnesium-compounds"], "sylvite": ["potash"], "potassium": ["potash"],
        "halite": ["salt"], "sodium carbonate": ["soda-ash"], "trona": ["soda-ash"], "sulphur": ["sulfur"], "zeolite": ["zeolites"],
        "diamonds": ["diamond"], "gemstone": ["gemstones"], "jade": ["gemstones"], "nephrite": ["gemstones"], "jade nephrite": ["gemstones"],
        "dimension stone": ["stone-dimension"], "building stone": ["stone-dimension"], "iron ore": ["iron-ore"], "silicon metal": ["silicon"],
        "ferrosilicon": ["silicon"], "ferroniobium": ["niobium"], "electrolytic cobalt": ["cobalt"], "pyrophyllite": ["talc"],
    ]

    /// Forms a commodity is sold in, after its name in the processing facilities' lists.
    static let productForms: Set<String> = [
        "anodes", "cathodes", "concentrate", "metal", "oxide", "sulfate", "sulphate", "sulfide", "hydroxide", "carbonate", "matte", "powder",
    ]

    /// Words before a commodity's name that say where it comes from.
    static let origins: Set<String> = ["recycled", "secondary", "refined", "primary"]

    /// The commodities the field names, in order, and the spellings left unresolved.
    public func resolve(_ field: String) -> (commodities: [CommodityID], unresolved: [String]) {
        var commodities: [CommodityID] = []
        var unresolved: [String] = []
        for token in Self.tokens(field) {
            // A source with codes lists several in one token ("BRI  HAL  K"): each word on its own.
            let words = token.split(whereSeparator: \.isWhitespace).map(String.init)
            for part in resolve(token: token) == nil && !codes.isEmpty && words.count > 1 ? words : [token] {
                if let found = resolve(token: part) {
                    for id in found where !commodities.contains(id) { commodities.append(id) }
                } else if !unresolved.contains(part) {
                    unresolved.append(part)
                }
            }
        }
        return (commodities, unresolved)
    }

    /// The field split at commas and semicolons, outside brackets ("Nickel (oxide sinter, pellets)" is one token).
    public static func tokens(_ field: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var depth = 0
        for character in field {
            switch character {
            case "(":
                depth += 1
                current.append(character)
            case ")":
                depth = max(0, depth - 1)
                current.append(character)
            case "," where depth == 0, ";" where depth == 0:
                tokens.append(current)
                current = ""
            default: current.append(character)
            }
        }
        tokens.append(current)
        return tokens.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private func resolve(token: String) -> [CommodityID]? {
        if let codes = codes[token] { return codes }
        if let symbol = symbols[token] { return [symbol] }
        // "Niobium and Tantalum", "Zirconium and Hafnium" (which the catalogue has as a name of zirconium alone); but
        // "Sand and gravel" is one commodity.
        let parts = token.components(separatedBy: " and ")
        if parts.count > 1 {
            let found = parts.map { named($0) }
            if found.allSatisfy({ $0 != nil }) { return found.flatMap { $0! } }
        }
        if let named = named(token) { return named }
        // "Lithium (spodumene)", "Copper (cathodes)": the commodity before the form.
        if let open = token.firstIndex(of: "("), let named = named(String(token[..<open])) { return named }
        // "Copper anodes", "Nickel sulfate", "Lithium hydroxide": a commodity and the form it is sold in; "Recycled
        // zinc": a commodity from scrap.
        let words = token.split(separator: " ", maxSplits: 1).map(String.init)
        guard words.count == 2 else { return nil }
        if Self.productForms.contains(Catalogue.nameKey(words[1])), let named = named(words[0]) { return named }
        if Self.origins.contains(Catalogue.nameKey(words[0])), let named = named(words[1]) { return named }
        return nil
    }

    private func named(_ name: String) -> [CommodityID]? {
        if let id = catalogue.commodity(named: name) { return [id] }
        return Self.minerals[Catalogue.nameKey(name)]
    }
}
