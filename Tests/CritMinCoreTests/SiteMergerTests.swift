import CritMinCore
import Testing

@Suite("Joining the sources' records into sites")
struct SiteMergerTests {
    static let nrcan: CitationID = "nrcan-critical-minerals-2025"
    static let metallican: CitationID = "metallican-2025"
    static let pp1802: CitationID = "usgs-pp1802-2017"
    static let merger = SiteMerger(sourcePriority: [nrcan, metallican, pp1802])

    static func record(
        _ citation: CitationID, _ id: String, _ name: String, at location: (Double, Double)?, in subdivision: String? = "QC",
        country: CountryCode = .canada, kind: SiteKind = .mine, commodities: [CommodityID] = ["gold"], stage: DevelopmentStage? = nil,
        asOf: Int? = nil, owners: [SiteOwnership] = []
    ) -> SiteRecord {
        SiteRecord(
            citation: citation, recordID: id, name: name, kind: kind,
            location: location.map { try! GeoPoint(latitude: $0.0, longitude: $0.1) }, country: country, subdivision: subdivision,
            commodities: commodities, stage: stage, owners: owners, asOf: asOf)
    }

    @Test("one mine in three sources is one site; each attribute says which record and rule it came from")
    func oneSiteFromThreeSources() throws {
        let sites = Self.merger.merge([
            Self.record(Self.pp1802, "PP-88", "LaRonde Deposit", at: (48.26, -78.44), kind: .deposit, commodities: ["zinc", "gold"], asOf: 2017),
            Self.record(
                Self.metallican, "M-12", "LaRonde mine", at: (48.2520, -78.4270), commodities: ["gold", "silver"], stage: .production, asOf: 2025,
                owners: [SiteOwnership(company: "Agnico Eagle Mines Limited", role: .owner, share: 1)]),
            Self.record(Self.nrcan, "1", "LaRonde", at: (48.2516, -78.428), commodities: ["gold", "copper"], stage: .production, asOf: 2024),
        ])
        let site = try #require(sites.first)
        #expect(sites.count == 1)
        #expect(site.id == "CAN-QC-laronde")
        #expect(site.records.map(\.citation) == [Self.nrcan, Self.metallican, Self.pp1802])
        #expect(site.name.value == "LaRonde" && site.name.rule == .sourcePriority && site.name.record == 0)
        #expect(site.aliases == ["LaRonde mine", "LaRonde Deposit"])
        #expect(site.location?.value == (try GeoPoint(latitude: 48.2516, longitude: -78.428)))
        // Stage, kind and owners change over time: the latest source wins.
        #expect(site.stage?.value == .production && site.stage?.rule == .mostRecent && site.stage?.record == 1)
        #expect(site.kind.value == .mine && site.kind.record == 1)
        #expect(site.owners?.value.first?.company == "Agnico Eagle Mines Limited" && site.owners?.rule == .onlySource)
        #expect(site.commodities.map(\.commodity) == ["gold", "copper", "silver", "zinc"])
        #expect(site.commodities.first?.records == [0, 1, 2])
    }

    @Test("the same name far apart, different names close together, or another province: separate sites")
    func keptApart() {
        let sites = Self.merger.merge([
            Self.record(Self.nrcan, "1", "Copper King", at: (49.0, -117.0), in: "BC"),
            Self.record(Self.pp1802, "2", "Copper King", at: (49.5, -117.0), in: "BC"),  // 55.6 km north
            Self.record(Self.nrcan, "3", "Silver Queen", at: (49.0, -117.001), in: "BC"),  // 73 m from the first
            Self.record(Self.metallican, "4", "Copper King", at: nil, in: "ON"),
        ])
        #expect(sites.count == 4)
        #expect(Set(sites.map(\.id.rawValue)) == ["CAN-BC-copper-king", "CAN-BC-copper-king-2", "CAN-BC-silver-queen", "CAN-ON-copper-king"])
    }

    @Test("a record without a location joins the same name in the same province; within 5 km joins, beyond does not")
    func withoutLocationAndDistance() {
        let sites = Self.merger.merge([
            Self.record(Self.nrcan, "1", "Whabouchi", at: (51.68, -75.84)),
            Self.record(Self.metallican, "2", "Whabouchi Project", at: nil),
            // 4.4 km east of the first (0.0635° of longitude at 51.68° N).
            Self.record(Self.pp1802, "3", "Whabouchi", at: (51.68, -75.7765)),
            Self.record(Self.pp1802, "4", "Whabouchi", at: nil, in: "NU"),
            Self.record(Self.pp1802, "5", "Whabouchi", at: (51.68, -75.84), country: .unitedStates),
        ])
        #expect(sites.map(\.records.count).sorted() == [1, 1, 3])
        #expect(sites.first { $0.records.count == 3 }?.records.map(\.recordID) == ["1", "2", "3"])
    }

    @Test("name keys ignore case, accents, punctuation and generic words")
    func nameKeys() {
        #expect(SiteMerger.nameKey("The LaRonde Mine") == SiteMerger.nameKey("laronde"))
        #expect(SiteMerger.nameKey("Éléonore") == SiteMerger.nameKey("Eleonore Project"))
        #expect(SiteMerger.nameKey("Mine") == "mine")
        #expect(SiteMerger.nameKey("Kings Valley") != SiteMerger.nameKey("Kings Mountain"))
    }
}
