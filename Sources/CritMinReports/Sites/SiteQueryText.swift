import CritMinCore

/// Reads the site filters the CLI, the API and the dashboard take as text ("CAN,USA", "45,-80,50,-70"), each error naming
/// the field.
public enum SiteQueryText {
    public static func filter(
        builder: ReportBuilder, commodity: String?, countries: String?, subdivisions: String?, kinds: String?, stages: String?,
        statuses: String?, owner: String?, bbox: String?
    ) throws(CritMinError) -> SiteFilter {
        var filter = SiteFilter()
        if let commodity, !commodity.isEmpty { filter.commodities = try builder.siteCommodities(named: commodity) }
        if let countries = list(countries) {
            var codes = Set<CountryCode>()
            for name in countries { codes.insert(try builder.country(named: name).code) }
            filter.countries = codes
        }
        if let subdivisions = list(subdivisions) { filter.subdivisions = Set(subdivisions.map { $0.uppercased() }) }
        filter.kinds = try cases(kinds, field: "kind")
        filter.stages = try cases(stages, field: "stage")
        filter.statuses = try cases(statuses, field: "status")
        if let owner, !owner.isEmpty { filter.owner = owner }
        if let bbox, !bbox.isEmpty {
            let numbers = try self.numbers(bbox, count: 4, field: "bbox", expected: "south,west,north,east in degrees")
            filter.box = try GeoBox(south: numbers[0], west: numbers[1], north: numbers[2], east: numbers[3])
        }
        return filter
    }

    /// "48.25,-78.43" as a WGS84 point.
    public static func point(_ text: String, field: String) throws(CritMinError) -> GeoPoint {
        let numbers = try numbers(text, count: 2, field: field, expected: "latitude,longitude in degrees")
        do { return try GeoPoint(latitude: numbers[0], longitude: numbers[1]) } catch {
            throw CritMinError(.invalidValue, error.message, field: field, value: text)
        }
    }

    private static func list(_ text: String?) -> [String]? {
        guard let text, !text.isEmpty else { return nil }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func cases<Value: RawRepresentable<String> & CaseIterable & Hashable>(_ text: String?, field: String) throws(CritMinError) -> Set<
        Value
    >? {
        guard let items = list(text) else { return nil }
        var values = Set<Value>()
        for item in items {
            guard let value = Value(rawValue: item.lowercased()) else {
                throw CritMinError(
                    .invalidValue, "expected one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))", field: field, value: item)
            }
            values.insert(value)
        }
        return values
    }

    private static func numbers(_ text: String, count: Int, field: String, expected: String) throws(CritMinError) -> [Double] {
        let numbers = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == count, numbers.allSatisfy({ $0 != nil }) else {
            throw CritMinError(.invalidValue, "expected \(expected)", field: field, value: text)
        }
        return numbers.map { $0! }
    }
}
