import CritMinCore
import Foundation
import Testing

@Suite("The site register: queries, pipeline totals, ids, JSON form")
struct SiteRegisterTests {
    static let source: CitationID = "test-register"

    static func record(
        _ id: String, _ name: String, at location: (Double, Double)?, country: CountryCode = .canada, subdivision: String = "QC",
        kind: SiteKind = .mine, commodities: [CommodityID] = ["lithium"], stage: DevelopmentStage? = .production, owners: [String] = [],
        resources: [ResourceEstimate] = [], outputs: [SiteOutput] = []
    ) -> SiteRecord {
        SiteRecord(
            citation: source, recordID: id, name: name, kind: kind, location: location.map { try! GeoPoint(latitude: $0.0, longitude: $0.1) },
            country: country, subdivision: subdivision, commodities: commodities, stage: stage,
            owners: owners.map { SiteOwnership(company: $0, role: .owner) }, resources: resources, outputs: outputs)
    }

    static func tonnes(_ value: Double, _ symbol: String = "t", basis: String? = nil) -> Quantity {
        Quantity(.value(value), unit: MeasureUnit(symbol, basis: basis))
    }

    /// Montréal, Québec City, Toronto, Val-d'Or and an unlocated project; distances by hand (haversine, R = 6371.0088 km).
    static let register = SiteRegister(
        records: [
            record("1", "Montreal Plant", at: (45.5017, -73.5673), kind: .processingFacility, owners: ["Rio Tinto"]),
            record("2", "Quebec Mine", at: (46.8139, -71.2080), stage: .advancedProject, owners: ["Sayona Québec Inc."]),
            record("3", "Toronto Deposit", at: (43.6532, -79.3832), subdivision: "ON", kind: .deposit, commodities: ["cobalt"], stage: nil),
            record("4", "Val-d'Or Mine", at: (48.0975, -77.7828), commodities: ["gold", "lithium"]),
            record("5", "Unplaced Project", at: nil, subdivision: "QC", kind: .project, stage: .feasibility),
        ], merger: SiteMerger(sourcePriority: [source]))

    @Test("filters by commodity, country, province, kind, stage and owner; ids are unique and ordered")
    func filters() {
        func ids(_ filter: SiteFilter) -> [String] { Self.register.sites(filter).map(\.name.value) }
        #expect(Self.register.sites.count == 5)
        #expect(ids(SiteFilter(commodities: ["cobalt"])) == ["Toronto Deposit"])
        #expect(ids(SiteFilter(subdivisions: ["ON"])) == ["Toronto Deposit"])
        #expect(ids(SiteFilter(kinds: [.mine])) == ["Quebec Mine", "Val-d'Or Mine"])
        #expect(ids(SiteFilter(stages: [.feasibility])) == ["Unplaced Project"])
        #expect(ids(SiteFilter(owner: "sayona quebec")) == ["Quebec Mine"])
        #expect(ids(SiteFilter(countries: [.unitedStates])).isEmpty)
        #expect(ids(SiteFilter(commodities: [])).isEmpty)
        #expect(Self.register.site("CAN-QC-quebec-mine")?.name.value == "Quebec Mine")
    }

    @Test("a box, a radius and the nearest sites agree with distances computed by hand")
    func spatial() throws {
        let montreal = try GeoPoint(latitude: 45.5017, longitude: -73.5673)
        let quebec = try GeoPoint(latitude: 46.8139, longitude: -71.2080)
        // Montréal–Québec City: 233.3 km by the haversine formula on the mean sphere.
        #expect(abs(montreal.distanceKm(to: quebec) - 233.3) < 0.5)
        var near = SiteFilter()
        near.near = (montreal, 240)
        #expect(Self.register.sites(near).map(\.name.value) == ["Montreal Plant", "Quebec Mine"])
        near.near = (montreal, 230)
        #expect(Self.register.sites(near).map(\.name.value) == ["Montreal Plant"])
        let box = SiteFilter(box: try GeoBox(south: 45, west: -80, north: 47, east: -70))
        #expect(Self.register.sites(box).map(\.name.value).sorted() == ["Montreal Plant", "Quebec Mine"])
        let nearest = Self.register.nearest(2, to: quebec)
        #expect(nearest.map(\.site.name.value) == ["Quebec Mine", "Montreal Plant"])
        #expect(abs(nearest[1].distanceKm - 233.3) < 0.5)
        // The nearest mine producing lithium from Toronto is past the nearer plant and deposit.
        let toronto = try GeoPoint(latitude: 43.6532, longitude: -79.3832)
        #expect(
            Self.register.nearest(1, to: toronto, filter: SiteFilter(kinds: [.mine], stages: [.production])).map(\.site.name.value) == [
                "Val-d'Or Mine"
            ])
        #expect(Self.register.nearest(10, to: toronto).count == 4)
    }

    @Test("pipeline totals add mass figures in metric tons by basis, latest estimates of one record only, and list what cannot be added")
    func pipeline() {
        let register = SiteRegister(
            records: [
                Self.record(
                    "A", "Gold Mine", at: (48, -78), commodities: ["gold"],
                    resources: [
                        ResourceEstimate(
                            commodity: "gold", category: .proven, year: 2023, ore: nil, grade: nil, contained: Self.tonnes(1_000, "koz")),
                        ResourceEstimate(commodity: "gold", category: .proven, year: 2024, ore: nil, grade: nil, contained: Self.tonnes(500, "koz")),
                        ResourceEstimate(commodity: "gold", category: .indicated, year: 2024, ore: nil, grade: nil, contained: Self.tonnes(2, "Moz")),
                    ],
                    outputs: [
                        SiteOutput(commodity: "gold", kind: .production, year: 2023, quantity: Self.tonnes(9)),
                        SiteOutput(commodity: "gold", kind: .production, year: 2024, quantity: Self.tonnes(10)),
                        SiteOutput(commodity: "gold", kind: .cumulativeProduction, year: 2024, quantity: Self.tonnes(400)),
                    ]),
                Self.record(
                    "B", "Gold Project", at: (49, -79), kind: .project, commodities: ["gold"], stage: .advancedProject,
                    outputs: [SiteOutput(commodity: "gold", kind: .capacity, year: 2027, quantity: Self.tonnes(3_000, "oz/yr", basis: nil))]),
                Self.record("C", "Silver Mine", at: (50, -80), commodities: ["silver"]),
            ], merger: SiteMerger(sourcePriority: [Self.source]))
        let pipeline = SitePipeline(register: register, commodities: ["gold"], countries: [.canada])
        #expect(pipeline.entries.map(\.site.name.value) == ["Gold Mine", "Gold Project"])
        let production = pipeline.totals[0]
        #expect(production.stage == .production && production.sites == 1)
        #expect(production.productionTonnes == ["": 10])
        // 500 koz proven of 2024 (the 2023 estimate is older) = 15.552 t; 2 Moz indicated = 62.207 t.
        #expect(abs(production.reserveTonnes[""]! - 500_000 * 31.1034768e-6) < 1e-9)
        #expect(abs(production.resourceTonnes[""]! - 2_000_000 * 31.1034768e-6) < 1e-9)
        #expect(pipeline.totals[1].notAdded == ["Gold Project: 3,000 oz/yr"])
    }

    @Test("two sites whose ids would collide with a numbered one keep distinct ids")
    func uniqueIDs() {
        let register = SiteRegister(
            records: [
                Self.record("1", "Sunrise", at: (48, -78)), Self.record("2", "Sunrise", at: (52, -70)), Self.record("3", "Sunrise 2", at: (55, -65)),
            ], merger: SiteMerger(sourcePriority: []))
        #expect(Set(register.sites.map(\.id.rawValue)) == ["CAN-QC-sunrise", "CAN-QC-sunrise-2", "CAN-QC-sunrise-3"])
    }

    @Test("a record's JSON form leaves empty lists out and reads back equal; amounts keep their kind")
    func json() throws {
        var record = Self.record("1", "Sunrise", at: (48, -78))
        record.resources = [
            ResourceEstimate(
                commodity: "lithium", category: .measuredAndIndicated, year: 2024, ore: Self.tonnes(10, "Mt"), grade: nil,
                contained: Quantity(.range(1, 2), unit: MeasureUnit("kt", basis: "LCE")))
        ]
        let data = try JSONEncoder().encode(record)
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("aliases") && !text.contains("actions") && text.contains("\"kind\":\"range\""))
        #expect(try JSONDecoder().decode(SiteRecord.self, from: data) == record)
        #expect(MeasureUnit("Mlbs").metricTons! == 453.59237 && MeasureUnit("million short tons").metricTons! == 907_184.74)
    }
}
