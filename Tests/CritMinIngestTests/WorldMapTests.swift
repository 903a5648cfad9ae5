import CritMinCore
import Foundation
import Testing

@testable import CritMinIngest

@Suite("The world map")
struct WorldMapTests {
    static let geoJSON = SharedData.url("naturalearth/countries-110m.geojson")
    static var geoJSONAvailable: Bool { FileManager.default.fileExists(atPath: geoJSON.path) }
    /// The shipped file in the repository: `Tests/CritMinIngestTests/WorldMapTests.swift` → package root.
    static let shippedFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/CritMinIngest/Maps/world-110m.txt")

    @Test("the shipped map decodes, covers the world's countries, and every point is on the globe")
    func shippedMap() throws {
        let map = try NaturalEarthMap.shipped()
        #expect(map.shapes.count >= 170)
        #expect(map.citation.id == "natural-earth-110m")
        #expect(map.citation.licence == "Public domain")
        let countries = Set(map.shapes.compactMap(\.country))
        for code in ["USA", "CAN", "CHN", "COD", "AUS", "RUS", "BRA"] {
            let shape = map.shapes.first { $0.country == CountryCode(rawValue: code) }
            #expect(shape?.rings.isEmpty == false, "\(code)")
        }
        #expect(countries.count == map.shapes.count - 1, "one shape without a code (Kosovo), the others unique")
        #expect(map.shapes.first { $0.country == nil }?.name == "Kosovo")
        for shape in map.shapes {
            #expect(!shape.rings.isEmpty, "\(shape.name) vanished")
            for ring in shape.rings {
                #expect(ring.count >= 4 && ring.first == ring.last, "\(shape.name)")
                #expect(ring.allSatisfy { abs($0.longitude) <= 180 && abs($0.latitude) <= 90 }, "\(shape.name)")
            }
        }
    }

    @Test("reading Natural Earth with the default tolerance reproduces the shipped file byte for byte", .enabled(if: geoJSONAvailable))
    func shippedFileIsCurrent() throws {
        let map = try NaturalEarthMap.read(geoJSON: Self.geoJSON)
        #expect(map == (try NaturalEarthMap.shipped()), "rebuild it with `critmin bundle map` (docs/DATA.md)")
        #expect(NaturalEarthMap.encode(map) == (try String(contentsOf: Self.shippedFile, encoding: .utf8)))
        #expect(map.shapes.count == 177)
    }

    @Test("encode then decode gives the same map, numbers and optional fields included")
    func roundTrip() throws {
        let shipped = try NaturalEarthMap.shipped()
        #expect(try NaturalEarthMap.decode(NaturalEarthMap.encode(shipped), file: "shipped") == shipped)
        let odd = WorldMap(
            shapes: [
                WorldMap.Shape(
                    country: "ABC", name: "Odd land",
                    rings: [
                        [
                            .init(longitude: 0.1 + 0.2, latitude: -1e-7), .init(longitude: -180, latitude: 90),
                            .init(longitude: 0.1 + 0.2, latitude: -1e-7),
                        ]
                    ]),
                WorldMap.Shape(country: nil, name: "Nowhere", rings: []),
            ],
            citation: Citation(id: "x", publisher: "P: with colon", publication: "Q", year: 2024, note: ""))
        #expect(try NaturalEarthMap.decode(NaturalEarthMap.encode(odd), file: "odd") == odd)
    }

    @Test(
        "a malformed line is named by file, line and field",
        arguments: [
            ("CAN\tCanada\t-100,50 -90,x -80,50 -100,50", "rings", CritMinError.Code.invalidValue),
            ("CAN\tCanada\t-100,50 -90,95 -80,50 -100,50", "rings", .invalidValue),
            ("CAN\tCanada", "rings", .missingField),
            ("Canada\tCanada\t-100,50 -90,60 -80,50 -100,50", "country", .invalidValue),
            ("# colour: red", "colour", .invalidValue),
        ])
    func malformedLine(line: String, field: String, code: CritMinError.Code) throws {
        let text = NaturalEarthMap.formatLine + "\n# id: x\n# publisher: P\n# publication: Q\n" + line + "\n"
        let error = #expect(throws: CritMinError.self) { try NaturalEarthMap.decode(text, file: "maps/bad.txt") }
        #expect(error?.file == "maps/bad.txt")
        #expect(error?.line == 5)
        #expect(error?.field == field)
        #expect(error?.code == code)
        #expect(error?.description.hasPrefix("maps/bad.txt:5: field '\(field)'") == true)
    }

    @Test("a file that is not a world map is refused at line 1")
    func notAMap() {
        let error = #expect(throws: CritMinError.self) { try NaturalEarthMap.decode("name,rings\n", file: "x.csv") }
        #expect(error?.line == 1)
        #expect(error?.code == .invalidFormat)
    }

    @Test(
        "a bad GeoJSON feature is named by its index and field",
        arguments: [
            (#"{"type": "Point", "coordinates": [1, 2]}"#, "features[1].geometry.type", CritMinError.Code.invalidValue),
            ("null", "features[1].geometry", .missingField),
            (
                #"{"type": "Polygon", "coordinates": [[[0, 0], [1, "a"], [1, 1], [0, 0]]]}"#, "features[1].geometry.coordinates[0][1][1]",
                .invalidValue
            ),
            (#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 91], [1, 1], [0, 0]]]}"#, "features[1].geometry.coordinates[0][1]", .invalidValue),
            (
                #"{"type": "MultiPolygon", "coordinates": [[[[0, 0], [181, 0], [1, 1], [0, 0]]]]}"#, "features[1].geometry.coordinates[0][0][1]",
                .invalidValue
            ),
        ])
    func badFeature(geometry: String, field: String, code: CritMinError.Code) throws {
        let good =
            #"{"type": "Feature", "properties": {"name": "Square", "iso_a3": "-99"}, "#
            + #""geometry": {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}}"#
        let bad = #"{"type": "Feature", "properties": {"name": "Bad", "iso_a3": "BAD"}, "geometry": \#(geometry)}"#
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("world-map-\(UUID().uuidString).geojson")
        try Data(#"{"type": "FeatureCollection", "features": [\#(good), \#(bad)]}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: CritMinError.self) { try NaturalEarthMap.read(geoJSON: url) }
        #expect(error?.file == url.path)
        #expect(error?.field == field)
        #expect(error?.code == code)

        // Without the bad feature the file reads: the square keeps its one ring, and "-99" is no country code.
        try Data(#"{"type": "FeatureCollection", "features": [\#(good)]}"#.utf8).write(to: url)
        let map = try NaturalEarthMap.read(geoJSON: url)
        #expect(map.shapes.map(\.country) == [nil])
        #expect(map.shapes.first?.rings.first?.count == 5)
    }

    @Test("Douglas–Peucker keeps the corners and drops points within the tolerance; a ring too small keeps its largest")
    func simplification() {
        let points: [(Double, Double)] = [(0, 0), (1, 0.1), (2, 0), (2, 2), (1, 2.05), (0, 2), (0, 0)]
        let ring = points.map { WorldMap.Point(longitude: $0.0, latitude: $0.1) }
        let simplified = NaturalEarthMap.simplify(ring, squaredTolerance: 0.25 * 0.25)
        #expect(simplified.map { [$0.longitude, $0.latitude] } == [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]])
        let tiny = [(0.0, 0.0), (0.1, 0.0), (0.1, 0.1), (0.0, 0.0)].map { WorldMap.Point(longitude: $0.0, latitude: $0.1) }
        #expect(NaturalEarthMap.simplify(tiny, squaredTolerance: 0.0625).count < 4)
    }

    @Test("a country too small for the tolerance keeps its largest ring unsimplified; its smaller islands go (noise past 180° is 180°)")
    func smallCountryStays() throws {
        let feature =
            #"{"type": "Feature", "properties": {"name": "Tiny", "iso_a3": "TNY"}, "geometry": {"type": "MultiPolygon", "#
            + #""coordinates": [[[[179.95, 5], [180.00000000000006, 5], [180.00000000000006, 5.1], [179.95, 5]]], [[[0, 0], [0.2, 0], [0.2, 0.2], [0.1, 0.25], [0, 0.2], [0, 0]]]]}}"#
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("world-map-\(UUID().uuidString).geojson")
        try Data(#"{"type": "FeatureCollection", "features": [\#(feature)]}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let shape = try #require(try NaturalEarthMap.read(geoJSON: url).shapes.first)
        #expect(shape.country == "TNY")
        #expect(shape.rings.map(\.count) == [6])
        #expect(shape.rings.first?.first == WorldMap.Point(longitude: 0, latitude: 0))
    }
}
