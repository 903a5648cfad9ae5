import CritMinCore
import Foundation

/// critmin's generic site formats, in which an agency adds deposits, mines, plants and projects of its own (a
/// project's capacity shared bilaterally) as one dataset per file. docs/DATA.md, "Generic site CSV and GeoJSON".
///
/// Columns (CSV) or feature properties (GeoJSON), in any order:
/// - `dataset`, `dataset_title`, `owner`, `classification` (`public`, `bilateral`, `national`): the same on every row.
/// - `record_id`: the site's id in the file, unique; `name`; `kind` (occurrence, deposit, mine, processing-facility,
///   project); `country` (a name or ISO code).
/// - `publisher`, `publication` and optionally `edition`, `table`, `year_published`, `url`, `licence`, `citation_note`: the
///   source, as in the observations CSV (rows with the same fields share a citation).
/// - Optional: `aliases` (separated by `;`), `latitude`, `longitude` (decimal degrees; in CSV only, GeoJSON takes its
///   Point), `datum` (`WGS84`, the default, or `NAD27`, converted), `subdivision` (province or state, a name or postal
///   code), `commodities` (names, ids or element symbols separated by `;` or `,`), `deposit_type`, `stage`
///   (occurrence, exploration, advanced-project, feasibility, permitting, construction, production, past-producer),
///   `status` (active, on-hold, inactive, closed), `owners` ("Company A (60%); Company B (40%)"), `as_of` (year),
///   `capacity` (per year, USGS notation: `35,000`, `>10,000`, `20,000–25,000`) with `capacity_unit` (t, kt, Mt, oz,
///   lb…), `capacity_basis` ("lithium content", "LCE"), `capacity_commodity` (default: the first commodity) and
///   `capacity_year`, and `unverified` (attributes the source flags: name, location, subdivision, commodities, stage,
///   status, owners, outputs, separated by `;`).
///
/// Every row is checked; an error names the file, the line (the feature's number in GeoJSON) and the column.
struct GenericSiteRows {
    static let required = [
        "dataset", "dataset_title", "owner", "classification", "record_id", "name", "kind", "country", "publisher", "publication",
    ]
    let catalogue: Catalogue
    private var first: CSVRow?
    private var citationIDs: [[String]: CitationID] = [:]
    private var citations: [Citation] = []
    private var records: [SiteRecord] = []
    private var lines: [String: Int] = [:]
    private let commodities: SiteCommodities
    private let observations = ObservationsCSVImporter()

    init(catalogue: Catalogue) {
        self.catalogue = catalogue
        commodities = SiteCommodities(catalogue: catalogue, symbols: true)
    }

    /// Reads one row; `location` is the GeoJSON feature's point, or `nil` to read `latitude` and `longitude`.
    mutating func add(_ row: CSVRow, location given: GeoPoint?? = nil) throws(CritMinError) {
        for column in Self.required { _ = try row.required(column) }
        if let first {
            for column in ObservationsCSVImporter.datasetColumns where row[column] != first[column] {
                throw row.error(.conflict, "one file is one dataset: line \(first.line) has \"\(first[column])\"", column: column)
            }
        } else {
            try observations.checkDataset(row)
            first = row
        }
        let recordID = row["record_id"]
        if let earlier = lines.updateValue(row.line, forKey: recordID) {
            throw row.error(.conflict, "record_id '\(recordID)' is also on line \(earlier)", column: "record_id")
        }
        let citation = try observations.citationID(row, dataset: first!["dataset"], ids: &citationIDs, citations: &citations)
        guard let kind = SiteKind(rawValue: row["kind"]) else { throw Self.choice(row, "kind", SiteKind.allCases) }
        guard let country = catalogue.country(named: row["country"]) else {
            throw row.error(.notFound, "not a country in the catalogue (use an ISO code such as CAN or USA)", column: "country")
        }
        let (found, unresolved) = commodities.resolve(row["commodities"].replacingOccurrences(of: ";", with: ","))
        let subdivision = try Self.subdivision(row, country: country)
        let location: GeoPoint?
        if let given { location = given } else { location = try Self.location(row, country: country, subdivision: subdivision) }
        var record = SiteRecord(
            citation: citation, recordID: recordID, name: row["name"], aliases: Self.list(row["aliases"]), kind: kind,
            location: location, country: country, subdivision: subdivision,
            commodities: found,
            unresolvedCommodities: unresolved, depositType: row["deposit_type"].nilIfEmpty, stage: try Self.optional(row, "stage"),
            status: try Self.optional(row, "status"), owners: try Self.owners(row), asOf: try row.optionalInt("as_of"))
        if let output = try Self.capacity(row, commodities: found) { record.outputs.append(output) }
        for text in Self.list(row["unverified"]) {
            guard let field = SiteField(rawValue: text) else { throw Self.choice(row, "unverified", SiteField.allCases) }
            record.unverified.insert(field)
        }
        records.append(record)
    }

    /// The batch of the rows read; `files` are the checksummed sources.
    func batch(kind: String, files: [URL], fileName: String) throws(CritMinError) -> ImportBatch {
        guard let first else { throw CritMinError(.invalidFormat, "the file has no sites", file: fileName) }
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: DatasetID(first["dataset"]), title: first["dataset_title"], kind: kind, owner: first["owner"],
                classification: Classification(rawValue: first["classification"])!, citation: citations[0].id),
            checksum: try SourceChecksum.sha256(of: files), sourceFiles: files.map(\.lastPathComponent), citations: citations, siteRecords: records)
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func choice<Value: RawRepresentable<String> & CaseIterable>(_ row: CSVRow, _ column: String, _ cases: [Value]) -> CritMinError {
        row.error(.invalidValue, "expected one of \(cases.map(\.rawValue).joined(separator: ", "))", column: column)
    }

    private static func optional<Value: RawRepresentable<String> & CaseIterable>(_ row: CSVRow, _ column: String) throws(CritMinError) -> Value? {
        let text = row[column]
        guard !text.isEmpty else { return nil }
        guard let value = Value(rawValue: text) else { throw choice(row, column, Array(Value.allCases)) }
        return value
    }

    private static func location(_ row: CSVRow, country: CountryCode, subdivision: String?) throws(CritMinError) -> GeoPoint? {
        guard !row["latitude"].isEmpty || !row["longitude"].isEmpty else { return nil }
        let point = try row.point()
        switch row["datum"].uppercased() {
        case "", "WGS84", "WGS 84": return point
        case "NAD27", "NAD 27":
            let region = NAD27Region.region(country: country, subdivision: subdivision)
            do throws(CritMinError) {
                return try GeoPoint.fromNAD27(latitude: point.latitude, longitude: point.longitude, region: region)
            } catch {
                throw error.located(file: row.fileName, line: row.line, field: "latitude")
            }
        default: throw row.error(.invalidValue, "expected WGS84 or NAD27", column: "datum")
        }
    }

    private static func subdivision(_ row: CSVRow, country: CountryCode) throws(CritMinError) -> String? {
        let text = row["subdivision"]
        guard !text.isEmpty else { return nil }
        guard let code = Subdivisions.code(of: text, in: country) else {
            throw row.error(.invalidValue, "not a province, territory or state of \(country)", column: "subdivision")
        }
        return code
    }

    /// "Company A (60%); Company B" → owners with a share where one is given.
    private static func owners(_ row: CSVRow) throws(CritMinError) -> [SiteOwnership] {
        try list(row["owners"]).map { text throws(CritMinError) in
            guard let open = text.lastIndex(of: "("), text.hasSuffix("%)") else { return SiteOwnership(company: text, role: .owner) }
            let number = text[text.index(after: open)..<text.index(text.endIndex, offsetBy: -2)].trimmingCharacters(in: .whitespaces)
            guard let percent = Double(number), (0...100).contains(percent) else {
                throw row.error(.invalidValue, "an owner's share is a percentage from 0 to 100: \"Company (60%)\"", column: "owners", value: text)
            }
            return SiteOwnership(company: text[..<open].trimmingCharacters(in: .whitespaces), role: .owner, share: percent / 100)
        }
    }

    private static func capacity(_ row: CSVRow, commodities: [CommodityID]) throws(CritMinError) -> SiteOutput? {
        let text = row["capacity"]
        guard !text.isEmpty else { return nil }
        guard let amount = Amount(notation: text), amount.isNumeric else {
            throw row.error(.invalidValue, "expected a number, a bound or a range (35,000, >10,000, 20,000–25,000)", column: "capacity")
        }
        let unit = try row.required("capacity_unit")
        let commodity: CommodityID
        if row["capacity_commodity"].isEmpty {
            guard let first = commodities.first else {
                throw row.error(.invalidValue, "name the capacity's commodity, or list the site's commodities", column: "capacity_commodity")
            }
            commodity = first
        } else {
            guard let named = commodities.first(where: { $0.rawValue == row["capacity_commodity"] }) else {
                throw row.error(.invalidValue, "not one of the site's commodities", column: "capacity_commodity")
            }
            commodity = named
        }
        return SiteOutput(
            commodity: commodity, kind: .capacity, year: try row.optionalInt("capacity_year"),
            quantity: Quantity(amount, unit: MeasureUnit(unit, basis: row["capacity_basis"].nilIfEmpty)))
    }
}

/// The generic site CSV (see ``GenericSiteRows``).
public struct SitesCSVImporter: Importer {
    public static let kind = "sites"
    public static let summary = "an agency's own deposits, mines, plants and projects in critmin's generic site CSV (one dataset per file)"

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        var table = try CSVTable(url: source, required: GenericSiteRows.required)
        var rows = GenericSiteRows(catalogue: catalogue)
        while let row = try table.next() { try rows.add(row) }
        return try rows.batch(kind: Self.kind, files: [source], fileName: table.fileName)
    }
}

/// The generic site GeoJSON: a FeatureCollection of Point (or null-geometry) features whose properties are the generic
/// CSV's columns (lists may be JSON arrays); errors name the feature's number (1 for the first) as the line.
public struct SitesGeoJSONImporter: Importer {
    public static let kind = "sites-geojson"
    public static let summary = "an agency's own sites as a GeoJSON FeatureCollection with the generic site CSV's properties"

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let fileName = source.lastPathComponent
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: try Data(contentsOf: source)) } catch {
            throw CritMinError(.invalidFormat, "not JSON: \(error.localizedDescription)", file: fileName)
        }
        guard let collection = root as? [String: Any], collection["type"] as? String == "FeatureCollection",
            let features = collection["features"] as? [Any]
        else { throw CritMinError(.invalidFormat, "expected a GeoJSON FeatureCollection with a features array", file: fileName, field: "type") }
        var rows = GenericSiteRows(catalogue: catalogue)
        for (index, item) in features.enumerated() {
            let number = index + 1
            guard let feature = item as? [String: Any], let properties = feature["properties"] as? [String: Any] else {
                throw CritMinError(.invalidFormat, "a feature needs a properties object", file: fileName, line: number, field: "properties")
            }
            var values: [(column: String, value: String)] = []
            for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
                switch value {
                case let text as String: values.append((key, text))
                case let number as NSNumber: values.append((key, number.stringValue))
                case let list as [Any]: values.append((key, list.map { "\($0)" }.joined(separator: "; ")))
                case is NSNull: continue
                default: throw CritMinError(.invalidFormat, "a property is text, a number or a list", file: fileName, line: number, field: key)
                }
            }
            let row = CSVRow(fileName: fileName, line: number, values: values)
            try rows.add(row, location: try Self.point(feature["geometry"], row: row))
        }
        return try rows.batch(kind: Self.kind, files: [source], fileName: fileName)
    }

    /// The feature's Point as WGS84 (RFC 7946 positions are longitude, latitude); `nil` for a null geometry.
    private static func point(_ geometry: Any?, row: CSVRow) throws(CritMinError) -> GeoPoint?? {
        guard let geometry, !(geometry is NSNull) else { return .some(nil) }
        guard let object = geometry as? [String: Any], object["type"] as? String == "Point",
            let coordinates = object["coordinates"] as? [NSNumber], coordinates.count >= 2
        else { throw row.error(.invalidFormat, "expected a Point geometry with [longitude, latitude], or null", column: "geometry") }
        do throws(CritMinError) {
            return .some(try GeoPoint(latitude: coordinates[1].doubleValue, longitude: coordinates[0].doubleValue))
        } catch {
            throw error.located(file: row.fileName, line: row.line)
        }
    }
}
