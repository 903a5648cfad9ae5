import CritMinCore
import Foundation

/// The country outlines critmin ships for its maps: Natural Earth's 1:110m Admin 0 countries, simplified by
/// ``read(geoJSON:tolerance:)`` and stored in a small text format of critmin's own (``encode(_:)``, ``decode(_:file:)``).
/// `critmin bundle map` rebuilds the shipped file; see docs/DATA.md and D34.
public enum NaturalEarthMap {
    /// The simplification tolerance of the shipped file, in degrees.
    public static let defaultTolerance = 0.25
    /// The first line of the text format, which also says how to read the shape lines.
    static let formatLine = "# format: critmin-world-map 1 (country TAB name TAB rings; rings split by |, points by space, each lon,lat)"
    static let headerKeys = ["id", "publisher", "publication", "edition", "table", "year", "url", "licence", "note"]

    /// The map shipped with critmin, decoded once.
    public static func shipped() throws(CritMinError) -> WorldMap {
        try shippedMap.get()
    }

    private static let shippedMap = Result { () throws(CritMinError) -> WorldMap in
        guard let url = Bundle.module.url(forResource: "world-110m", withExtension: "txt") else {
            throw CritMinError(.io, "the world map is missing from critmin's resources (Maps/world-110m.txt); run `critmin bundle map`")
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CritMinError(.io, "cannot read the shipped world map: \(error.localizedDescription)", file: url.path)
        }
        return try decode(text, file: url.path)
    }

    // MARK: Reading Natural Earth

    /// Natural Earth's GeoJSON (Polygon and MultiPolygon features with `name` and `iso_a3`), every ring simplified with
    /// Douglas–Peucker at `tolerance` degrees and rounded to 0.01°. Rings left with fewer than 4 points are dropped,
    /// except each country's largest, which is then kept unsimplified so that small countries stay on the map.
    public static func read(geoJSON url: URL, tolerance: Double = defaultTolerance) throws(CritMinError) -> WorldMap {
        guard tolerance.isFinite, tolerance >= 0 else {
            throw CritMinError(.invalidValue, "the tolerance must be a number of degrees ≥ 0", field: "tolerance", value: "\(tolerance)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CritMinError(.io, "cannot read the GeoJSON file: \(error.localizedDescription)", file: url.path)
        }
        let collection: GeoJSON.FeatureCollection
        do {
            collection = try JSONDecoder().decode(GeoJSON.FeatureCollection.self, from: data)
        } catch let error as DecodingError {
            throw located(error, file: url.path)
        } catch {
            throw CritMinError(.invalidFormat, "not a GeoJSON feature collection: \(error.localizedDescription)", file: url.path)
        }
        var shapes: [WorldMap.Shape] = []
        for (index, feature) in collection.features.enumerated() {
            do throws(CritMinError) {
                shapes.append(try shape(feature, index: index, tolerance: tolerance))
            } catch {
                throw error.located(file: url.path)
            }
        }
        return WorldMap(shapes: shapes, citation: citation(tolerance: tolerance))
    }

    static func citation(tolerance: Double) -> Citation {
        Citation(
            id: "natural-earth-110m", publisher: "Natural Earth", publication: "Admin 0 – Countries, 1:110m",
            edition: "geopandas 0.14.4 naturalearth_lowres", url: "https://www.naturalearthdata.com", licence: "Public domain",
            note: "Simplified by critmin: Douglas–Peucker, tolerance \(tolerance)°, coordinates rounded to 0.01°; "
                + "rings left with fewer than 4 points dropped, except each country's largest.")
    }

    private static func shape(_ feature: GeoJSON.Feature, index: Int, tolerance: Double) throws(CritMinError) -> WorldMap.Shape {
        let field = "features[\(index)]"
        guard let name = feature.properties?.name, !name.isEmpty else {
            throw CritMinError(.missingField, "feature \(index) has no name", field: "\(field).properties.name")
        }
        let label = "feature \(index) (\(name))"
        guard let geometry = feature.geometry else {
            throw CritMinError(.missingField, "\(label) has no geometry", field: "\(field).geometry")
        }
        guard let polygons = geometry.polygons else {
            throw CritMinError(
                .invalidValue, "\(label): the geometry must be a Polygon or MultiPolygon", field: "\(field).geometry.type", value: geometry.type)
        }
        var rings: [[WorldMap.Point]] = []
        for (polygonIndex, polygon) in polygons.enumerated() {
            for (ringIndex, ring) in polygon.enumerated() {
                // Paths as in the file: a Polygon's coordinates are its rings, a MultiPolygon's its polygons.
                let ringField = "\(field).geometry.coordinates" + (geometry.type == "Polygon" ? "" : "[\(polygonIndex)]") + "[\(ringIndex)]"
                rings.append(try points(ring, label: label, field: ringField))
            }
        }
        let largest = rings.indices.max { area(rings[$0]) < area(rings[$1]) }
        var kept: [[WorldMap.Point]] = []
        for (ringIndex, ring) in rings.enumerated() {
            var simplified = simplify(ring, squaredTolerance: tolerance * tolerance)
            if simplified.count < 4, ringIndex == largest { simplified = rounded(ring) }
            if simplified.count >= 4 { kept.append(simplified) }
        }
        let code = feature.properties?.isoA3.flatMap { isAlpha3($0) ? CountryCode(rawValue: $0) : nil }
        return WorldMap.Shape(country: code, name: name, rings: kept)
    }

    private static func points(_ ring: [[Double]], label: String, field: String) throws(CritMinError) -> [WorldMap.Point] {
        var points: [WorldMap.Point] = []
        for (index, position) in ring.enumerated() {
            guard position.count >= 2 else {
                throw CritMinError(.invalidValue, "\(label): a position needs a longitude and a latitude", field: "\(field)[\(index)]")
            }
            let point = WorldMap.Point(longitude: onEdge(position[0], limit: 180), latitude: onEdge(position[1], limit: 90))
            if let problem = outOfRange(point) {
                throw CritMinError(.invalidValue, "\(label): \(problem)", field: "\(field)[\(index)]", value: "\(position[0]),\(position[1])")
            }
            points.append(point)
        }
        guard points.count >= 4, points.first == points.last else {
            throw CritMinError(.invalidValue, "\(label): a ring needs at least 4 positions, the last repeating the first", field: field)
        }
        return points
    }

    /// Natural Earth's antimeridian carries floating-point noise (longitude 180.00000000000006): a value within 1e-9° beyond
    /// the edge is put on it, anything farther is left for the range check.
    private static func onEdge(_ value: Double, limit: Double) -> Double {
        abs(value) > limit && abs(value) <= limit + 1e-9 ? (value < 0 ? -limit : limit) : value
    }

    /// What is wrong with a point's coordinates, if anything.
    static func outOfRange(_ point: WorldMap.Point) -> String? {
        if !(-180...180).contains(point.longitude) { return "longitude \(point.longitude) is outside ±180" }
        if !(-90...90).contains(point.latitude) { return "latitude \(point.latitude) is outside ±90" }
        return nil
    }

    static func isAlpha3(_ code: some StringProtocol) -> Bool {
        code.count == 3 && code.allSatisfy { $0.isASCII && $0.isUppercase }
    }

    /// A DecodingError as critmin's error, its field the JSON path ("features[3].geometry.coordinates[0][2][1]").
    private static func located(_ error: DecodingError, file: String) -> CritMinError {
        func path(_ keys: [any CodingKey]) -> String? {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? nil : String(text.drop { $0 == "." })
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return CritMinError(.invalidValue, context.debugDescription, file: file, field: path(context.codingPath))
        case .keyNotFound(let key, let context):
            return CritMinError(.missingField, "missing key '\(key.stringValue)'", file: file, field: path(context.codingPath + [key]))
        case .dataCorrupted(let context):
            return CritMinError(.invalidFormat, "not valid GeoJSON: \(context.debugDescription)", file: file, field: path(context.codingPath))
        @unknown default:
            return CritMinError(.invalidFormat, "not a GeoJSON feature collection", file: file)
        }
    }

    // MARK: Simplifying

    /// A closed ring simplified and rounded; still closed, without repeated consecutive points.
    static func simplify(_ ring: [WorldMap.Point], squaredTolerance: Double) -> [WorldMap.Point] {
        let body = Array(ring.dropLast())
        guard let start = body.first else { return ring }
        // A closed ring has no chord to measure against: split it at the point farthest from its start and simplify both halves.
        let far = body.indices.max { squaredDistance(body[$0], start) < squaredDistance(body[$1], start) } ?? 0
        let first = douglasPeucker(Array(body[...far]), squaredTolerance: squaredTolerance)
        let second = douglasPeucker(Array(body[far...]) + [start], squaredTolerance: squaredTolerance)
        return rounded(first + second.dropFirst())
    }

    /// Douglas–Peucker on an open line: a point survives when it lies farther than the tolerance from the chord of the
    /// span it splits; the ends always survive. Squared distances keep the arithmetic exact to reproduce on any machine.
    static func douglasPeucker(_ points: [WorldMap.Point], squaredTolerance: Double) -> [WorldMap.Point] {
        guard points.count > 2 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var spans = [(0, points.count - 1)]
        while let (first, last) = spans.popLast() {
            var farthest = first
            var distance = 0.0
            for index in (first + 1)..<last {
                let candidate = squaredDistance(points[index], fromSegment: points[first], points[last])
                if candidate > distance {
                    distance = candidate
                    farthest = index
                }
            }
            if distance > squaredTolerance {
                keep[farthest] = true
                spans += [(first, farthest), (farthest, last)]
            }
        }
        return zip(points, keep).compactMap { $1 ? $0 : nil }
    }

    /// Coordinates rounded to 0.01°, consecutive repeats dropped.
    static func rounded(_ ring: [WorldMap.Point]) -> [WorldMap.Point] {
        // `+ 0` turns −0 into 0, so the file never shows "-0".
        func round(_ value: Double) -> Double { (value * 100).rounded() / 100 + 0 }
        var result: [WorldMap.Point] = []
        for point in ring {
            let rounded = WorldMap.Point(longitude: round(point.longitude), latitude: round(point.latitude))
            if result.last != rounded { result.append(rounded) }
        }
        return result
    }

    private static func squaredDistance(_ a: WorldMap.Point, _ b: WorldMap.Point) -> Double {
        let dx = a.longitude - b.longitude
        let dy = a.latitude - b.latitude
        return dx * dx + dy * dy
    }

    private static func squaredDistance(_ point: WorldMap.Point, fromSegment a: WorldMap.Point, _ b: WorldMap.Point) -> Double {
        let dx = b.longitude - a.longitude
        let dy = b.latitude - a.latitude
        let length = dx * dx + dy * dy
        let along = length == 0 ? 0 : min(1, max(0, ((point.longitude - a.longitude) * dx + (point.latitude - a.latitude) * dy) / length))
        return squaredDistance(point, WorldMap.Point(longitude: a.longitude + along * dx, latitude: a.latitude + along * dy))
    }

    /// Twice the ring's area in square degrees (shoelace); enough to find a country's largest ring.
    private static func area(_ ring: [WorldMap.Point]) -> Double {
        abs(zip(ring, ring.dropFirst()).reduce(0) { $0 + $1.0.longitude * $1.1.latitude - $1.1.longitude * $1.0.latitude })
    }

    // MARK: The text format

    /// The map in critmin's text format: `# key: value` lines for the citation, then one line per shape, `country TAB name
    /// TAB rings`, the country empty when the shape has none, rings split by `|`, points by spaces, each `lon,lat`.
    /// Numbers are written in the shortest form that reads back to the same value. Fields hold no tabs or line breaks.
    public static func encode(_ map: WorldMap) -> String {
        let citation = map.citation
        let header: [(String, String?)] = [
            ("id", citation.id.rawValue), ("publisher", citation.publisher), ("publication", citation.publication),
            ("edition", citation.edition), ("table", citation.table), ("year", citation.year.map(String.init)), ("url", citation.url),
            ("licence", citation.licence), ("note", citation.note),
        ]
        var lines = [formatLine]
        for case (let key, let value?) in header { lines.append("# \(key): \(value)") }
        for shape in map.shapes {
            let rings = shape.rings.map { ring in
                ring.map { "\(number($0.longitude)),\(number($0.latitude))" }.joined(separator: " ")
            }
            lines.append([shape.country?.rawValue ?? "", shape.name, rings.joined(separator: "|")].joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "180" rather than "180.0": a fifth of the file is such endings.
    private static func number(_ value: Double) -> String {
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A map written by ``encode(_:)``; errors name `file`, the line and the field.
    public static func decode(_ text: String, file: String) throws(CritMinError) -> WorldMap {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == formatLine[...] else {
            throw CritMinError(.invalidFormat, "not a critmin world map: the first line must be \"\(formatLine)\"", file: file, line: 1)
        }
        var header: [String: String] = [:]
        var shapes: [WorldMap.Shape] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            do throws(CritMinError) {
                if line.hasPrefix("#") {
                    guard shapes.isEmpty else { throw CritMinError(.invalidFormat, "header lines come before the shapes") }
                    let (key, value) = try headerLine(line)
                    guard header.updateValue(value, forKey: key) == nil else {
                        throw CritMinError(.conflict, "the header gives '\(key)' twice", field: key)
                    }
                } else {
                    shapes.append(try shapeLine(line))
                }
            } catch {
                throw error.located(file: file, line: offset + 1)
            }
        }
        func required(_ key: String) throws(CritMinError) -> String {
            guard let value = header[key] else { throw CritMinError(.missingField, "the header has no '\(key)'", file: file, field: key) }
            return value
        }
        var year: Int?
        if let text = header["year"] {
            guard let value = Int(text) else { throw CritMinError(.invalidValue, "not a year", file: file, field: "year", value: text) }
            year = value
        }
        let citation = Citation(
            id: CitationID(rawValue: try required("id")), publisher: try required("publisher"), publication: try required("publication"),
            edition: header["edition"], table: header["table"], year: year, url: header["url"], licence: header["licence"],
            note: header["note"])
        return WorldMap(shapes: shapes, citation: citation)
    }

    private static func headerLine(_ line: Substring) throws(CritMinError) -> (String, String) {
        guard line.hasPrefix("# "), let colon = line.range(of: ": ") else {
            throw CritMinError(.invalidFormat, "a header line reads \"# key: value\"", value: String(line))
        }
        let key = String(line[line.index(line.startIndex, offsetBy: 2)..<colon.lowerBound])
        guard headerKeys.contains(key) else {
            throw CritMinError(.invalidValue, "unknown header key (known: \(headerKeys.joined(separator: ", ")))", field: key)
        }
        return (key, String(line[colon.upperBound...]))
    }

    private static func shapeLine(_ line: Substring) throws(CritMinError) -> WorldMap.Shape {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        let names = ["country", "name", "rings"]
        guard fields.count >= names.count else {
            throw CritMinError(.missingField, "a shape line has three tab-separated fields: country, name, rings", field: names[fields.count])
        }
        guard fields.count == names.count else {
            throw CritMinError(.invalidFormat, "a shape line has three tab-separated fields: country, name, rings; this one \(fields.count)")
        }
        let code = fields[0]
        guard code.isEmpty || isAlpha3(code) else {
            throw CritMinError(.invalidValue, "not an ISO 3166 alpha-3 code (leave it empty for none)", field: "country", value: String(code))
        }
        guard !fields[1].isEmpty else { throw CritMinError(.missingField, "the shape has no name", field: "name") }
        var rings: [[WorldMap.Point]] = []
        if !fields[2].isEmpty {
            for (ringIndex, ringText) in fields[2].split(separator: "|", omittingEmptySubsequences: false).enumerated() {
                var ring: [WorldMap.Point] = []
                for (pointIndex, pointText) in ringText.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                    let position = "ring \(ringIndex + 1), point \(pointIndex + 1)"
                    let parts = pointText.split(separator: ",", omittingEmptySubsequences: false)
                    guard parts.count == 2, let longitude = Double(parts[0]), let latitude = Double(parts[1]) else {
                        throw CritMinError(.invalidValue, "\(position): not a pair of numbers lon,lat", field: "rings", value: String(pointText))
                    }
                    let point = WorldMap.Point(longitude: longitude, latitude: latitude)
                    if let problem = outOfRange(point) {
                        throw CritMinError(.invalidValue, "\(position): \(problem)", field: "rings", value: String(pointText))
                    }
                    ring.append(point)
                }
                rings.append(ring)
            }
        }
        return WorldMap.Shape(country: code.isEmpty ? nil : CountryCode(rawValue: String(code)), name: String(fields[1]), rings: rings)
    }
}

/// The parts of GeoJSON that Natural Earth's countries use.
private enum GeoJSON {
    struct FeatureCollection: Decodable {
        var features: [Feature]
    }

    struct Feature: Decodable {
        var properties: Properties?
        var geometry: Geometry?
    }

    struct Properties: Decodable {
        var name: String?
        var isoA3: String?

        enum CodingKeys: String, CodingKey {
            case name
            case isoA3 = "iso_a3"
        }
    }

    struct Geometry: Decodable {
        var type: String
        /// Polygons, each a list of rings of positions; `nil` for other types, which the reader refuses naming the feature.
        var polygons: [[[[Double]]]]?

        enum CodingKeys: String, CodingKey {
            case type, coordinates
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decode(String.self, forKey: .type)
            switch type {
            case "Polygon": polygons = [try container.decode([[[Double]]].self, forKey: .coordinates)]
            case "MultiPolygon": polygons = try container.decode([[[[Double]]]].self, forKey: .coordinates)
            default: polygons = nil
            }
        }
    }
}
