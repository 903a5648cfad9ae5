import CritMinCore
import CritMinReports
import CritMinStore
import Foundation
import Hummingbird

/// A request's query parameters, read with the checks the document states; a bad value is a 400 naming it.
struct QueryParameters {
    private let parameters: Parameters

    init(_ request: Request) {
        parameters = request.uri.queryParameters
    }

    /// A text parameter: at most 200 characters, no control characters.
    func string(_ name: String) throws -> String? {
        guard let value = parameters[Substring(name)].map(String.init) else { return nil }
        guard value.unicodeScalars.count <= 200, !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw APIError.invalid(name, "at most 200 characters, no control characters", value: String(value.prefix(200)))
        }
        return value.isEmpty ? nil : value
    }

    func required(_ name: String) throws -> String {
        guard let value = try string(name) else { throw APIError(.badRequest, "missing-field", "the query parameter '\(name)' is required", field: name) }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = try string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.invalid(name, "expected a whole number from \(range.lowerBound) to \(range.upperBound)", value: text)
        }
        return value
    }

    func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let text = try string(name) else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw APIError.invalid(name, "expected a number from \(range.lowerBound) to \(range.upperBound)", value: text)
        }
        return value
    }

    func choice<Value: RawRepresentable & CaseIterable>(_ name: String, _ type: Value.Type) throws -> Value? where Value.RawValue == String {
        guard let text = try string(name) else { return nil }
        guard let value = Value(rawValue: text) else {
            throw APIError.invalid(name, "expected one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))", value: text)
        }
        return value
    }

    /// A year or a span "2018-2024".
    func years(_ name: String) throws -> ClosedRange<Int>? {
        guard let text = try string(name) else { return nil }
        guard let period = Period(text: text), period.start >= 1_900, period.end <= 2_200 else {
            throw APIError.invalid(name, "expected a year (2023) or a span of years (2018-2024) between 1900 and 2200", value: text)
        }
        return period.start...period.end
    }

    /// A comma-separated list.
    func list(_ name: String) throws -> [String]? {
        try string(name).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}

extension Endpoint.Parameter {
    static let limit = query("limit", "Items per page (default 100).", schema: Schema.integer(minimum: 1, maximum: 1_000))
    static let offset = query("offset", "Items to skip.", schema: Schema.integer(minimum: 0, maximum: 100_000_000))
    static let year = query("year", "Reference year (default: the latest with data).", schema: Schema.integer(minimum: 1_900, maximum: 2_200))
    static let list = query("list", "A critical-mineral list: US-2018, US-2022, CA-2021, CA-2024.")
    static let allies = query("allies", "Country group read as allies (default ALLIES).")
    static let concern = query("concern", "Country group read as countries of concern (default CONCERN).")
}

/// A page of items: which slice, how many in all, and the next page's URL.
struct Page {
    var limit: Int
    var offset: Int

    init(_ query: QueryParameters) throws {
        limit = try query.integer("limit", in: 1...1_000) ?? 100
        offset = try query.integer("offset", in: 0...100_000_000) ?? 0
    }

    func slice<Item>(_ items: [Item]) -> ArraySlice<Item> {
        items.dropFirst(min(offset, items.count)).prefix(limit)
    }

    /// `{"items": […], "page": {"offset", "limit", "total", "next"}}`.
    func document(_ items: [JSONValue], total: Int, request: Request) -> JSONValue {
        var next: JSONValue = .null
        if offset + items.count < total {
            var components = URLComponents()
            components.path = request.uri.path
            components.queryItems =
                request.uri.queryParameters.filter { $0.key != "offset" && $0.key != "limit" }.map { URLQueryItem(name: String($0.key), value: String($0.value)) }
                + [URLQueryItem(name: "limit", value: String(limit)), URLQueryItem(name: "offset", value: String(offset + items.count))]
            next = components.string.map(JSONValue.string) ?? .null
        }
        return .object([
            ("items", .array(items)),
            ("page", .object([("offset", .integer(offset)), ("limit", .integer(limit)), ("total", .integer(total)), ("next", next)])),
        ])
    }
}

extension Page {
    static let schema = Schema.object(
        [
            ("offset", Schema.integer), ("limit", Schema.integer), ("total", Schema.integer),
            ("next", Schema.nullable("string")),
        ], required: ["offset", "limit", "total", "next"])

    static func of(_ item: JSONValue) -> JSONValue {
        Schema.object([("items", Schema.array(item)), ("page", schema)], required: ["items", "page"])
    }
}
