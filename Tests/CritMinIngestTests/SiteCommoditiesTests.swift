import CritMinCore
import CritMinIngest
import Foundation
import Testing

/// The commodity spellings of the deposit and facility sources in ../shared/data/deposits, as they occur there.
@Suite("Site sources' commodity spellings", .enabled(if: SharedData.available, "needs ../shared/data"))
struct SiteCommoditiesTests {
    static let potashCodes: [String: [CommodityID]] = [
        "K": ["potash"], "HAL": ["salt"], "MG": ["magnesium-compounds"], "LI": ["lithium"], "GYP": ["gypsum"], "NACO": ["soda-ash"],
        "BR": ["bromine"],
    ]

    /// (file, column, whether the source writes symbols, a field exactly as it occurs in the file, what it resolves to,
    /// what stays unresolved).
    static let cases: [(String, String, Bool, String, [CommodityID], [String])] = [
        (
            "nrcan-critical-minerals/critical_minerals_projects_mines_facilities.csv", "commodities_en", false,
            "Gold, zinc, copper, silver, cadmium", ["gold", "zinc", "copper", "silver", "cadmium"], []
        ),
        (
            "nrcan-critical-minerals/critical_minerals_projects_mines_facilities.csv", "commodities_en", false,
            "Magnesite (fused), magnesia (products)", ["magnesium-compounds"], []
        ),
        ("nrcan-critical-minerals/critical_minerals_projects_mines_facilities.csv", "commodities_en", false, "Uranium", ["uranium"], []),
        ("metallican/main_table_facilities.csv", "commodities", false, "Lithium (spodumene)", ["lithium"], []),
        ("mincan/mincan_mines_canada_1950_2022.csv", "commodityall", false, "Copper, Gold, Silver", ["copper", "gold", "silver"], []),
        (
            "usgs-pp1802-critical-minerals/pp1802_critical_mineral_deposits_world.csv", "critical_mineral", false, "Niobium and Tantalum",
            ["niobium", "tantalum"], []
        ),
        (
            "usgs-pp1802-critical-minerals/pp1802_critical_mineral_deposits_world.csv", "critical_mineral", false, "Zirconium and Hafnium",
            ["zirconium", "hafnium"], []
        ),
        (
            "usgs-pp1802-critical-minerals/pp1802_critical_mineral_deposits_world.csv", "critical_mineral", false, "Platinum-Group Elements",
            ["platinum-group-metals"], []
        ),
        (
            "usgs-pp1802-critical-minerals/pp1802_critical_mineral_deposits_world.csv", "critical_mineral", false, "Rare-Earth Elements",
            ["rare-earths"], []
        ),
        ("usgs-pp1802-critical-minerals/pp1802_critical_mineral_deposits_world.csv", "critical_mineral", false, "Fluorite", ["fluorspar"], []),
        ("usgs-minmod-us-ca/usgs_deposit_sites_us_ca.csv", "commodities", true, "Au; Ag", ["gold", "silver"], []),
        ("usgs-minmod-us-ca/usgs_deposit_sites_us_ca.csv", "commodities", true, "Ni; Cu", ["nickel", "copper"], []),
        ("usgs-minmod-us-ca/usgs_deposit_sites_us_ca.csv", "commodities", true, "Fe", ["iron-ore"], []),
        ("usgs-minmod-us-ca/usgs_deposit_sites_us_ca.csv", "commodities", true, "REE; Ti; Zr", ["rare-earths", "titanium", "zirconium"], []),
        ("usgs-minmod-us-ca/usgs_deposit_sites_us_ca.csv", "commodities", true, "Mica", ["mica"], []),
        ("usgs-minmod-us-ca/usgs_deposit_sites_us_ca.csv", "commodities", true, "P; apatite", ["phosphate"], []),
        (
            "usgs-minmod-us-ca/usgs_deposit_sites_us_ca.csv", "commodities", true,
            "Gold; Quartz; Lanthanum; Praseodymium; Samarium; Gadolinium; Thulium; Holmium; Cerium; Europium; Yttrium; Ytterbium; Erbium; Neodymium; Terbium; Dysprosium; Lutetium",
            [
                "gold", "lanthanum", "praseodymium", "samarium", "gadolinium", "thulium", "holmium", "cerium", "europium", "yttrium", "ytterbium",
                "erbium", "neodymium", "terbium", "dysprosium", "lutetium",
            ], ["Quartz"]
        ),
        ("cmmi-canada/cmmi_canada_deposits.csv", "commodities", true, "Ni, Cu, PGE", ["nickel", "copper", "platinum-group-metals"], []),
    ]

    static func values(_ file: String, _ column: String) throws -> Set<String> {
        var table = try CSVTable(url: SharedData.url("deposits/" + file), required: [column])
        var values = Set<String>()
        while let row = try table.next() { values.insert(row.verbatim(column)) }
        return values
    }

    @Test("spellings as they occur in the real files resolve to the catalogue's commodities")
    func realSpellings() throws {
        let catalogue = try USGSTestSupport.catalogue()
        var cache: [String: Set<String>] = [:]
        for (file, column, symbols, field, expected, unresolved) in Self.cases {
            let key = file + "|" + column
            if cache[key] == nil { cache[key] = try Self.values(file, column) }
            let occurs = cache[key]!.contains(field) || cache[key]!.contains { SiteCommodities.tokens($0).contains(field) }
            #expect(occurs, "'\(field)' no longer occurs in \(file)")
            let resolved = SiteCommodities(catalogue: catalogue, symbols: symbols).resolve(field)
            #expect(resolved.commodities == expected, "\(file): \(field)")
            #expect(resolved.unresolved == unresolved, "\(file): \(field)")
        }
    }

    @Test("the potash deposits' codes, several in one field, resolve word by word; unknown codes stay as written")
    func potashCodes() throws {
        let catalogue = try USGSTestSupport.catalogue()
        let values = try Self.values("usgs-minmod-us-ca/usgs_deposit_sites_us_ca.csv", "commodities")
        #expect(values.contains("BRI; HAL; K; BRI  HAL  K"))
        let resolved = SiteCommodities(catalogue: catalogue, symbols: true, codes: Self.potashCodes).resolve("BRI; HAL; K; BRI  HAL  K")
        #expect(resolved.commodities == ["salt", "potash"])
        #expect(resolved.unresolved == ["BRI"])
    }

    /// The NRCan critical-minerals layer is the register's backbone: every commodity it names must resolve.
    @Test("every commodity of NRCan's critical-minerals layer resolves, and most of the others'")
    func coverage() throws {
        let catalogue = try USGSTestSupport.catalogue()
        let words = SiteCommodities(catalogue: catalogue, symbols: false)
        let symbols = SiteCommodities(catalogue: catalogue, symbols: true)
        func share(_ file: String, _ column: String, _ resolver: SiteCommodities) throws -> (Double, [String]) {
            var table = try CSVTable(url: SharedData.url("deposits/" + file), required: [column])
            var (resolved, total) = (0, 0)
            var missing = Set<String>()
            while let row = try table.next() {
                let result = resolver.resolve(row.verbatim(column))
                resolved += result.commodities.count
                total += result.commodities.count + result.unresolved.count
                missing.formUnion(result.unresolved)
            }
            return (Double(resolved) / Double(max(1, total)), missing.sorted())
        }
        let (nrcan, nrcanMissing) = try share("nrcan-critical-minerals/critical_minerals_projects_mines_facilities.csv", "commodities_en", words)
        // Intermediate products (black mass, matte, cake) are not catalogue commodities.
        #expect(nrcan > 0.95, "\(nrcanMissing)")
        let (minmod, minmodMissing) = try share("usgs-minmod-us-ca/usgs_deposit_sites_us_ca.csv", "commodities", symbols)
        #expect(minmod > 0.90, "\(minmodMissing.prefix(40))")
        let (pp1802, pp1802Missing) = try share("usgs-pp1802-critical-minerals/pp1802_critical_mineral_deposits_world.csv", "critical_mineral", words)
        #expect(pp1802 == 1, "\(pp1802Missing)")
    }
}
