import CritMinCore
import CritMinReports
import CritMinStore
import Foundation
import Hummingbird

/// One route of the API with everything the OpenAPI document says of it: the route table is the only place
/// routes are declared, so a route cannot exist undocumented.
struct Endpoint: Sendable {
    typealias Handler = @Sendable (Request, APIRequestContext) async throws -> Response

    var method: HTTPRequest.Method
    /// The path in OpenAPI's form: "/api/v1/commodities/{name}".
    var path: String
    var operationID: String
    var tag: String
    var summary: String
    var parameters: [Parameter] = []
    var requestBody: Body?
    /// Responses other than the errors every route may give.
    var responses: [DocumentedResponse]
    /// Who may call it, for the document's security section and the access tests.
    var access: Access
    var handler: Handler

    /// What the policy requires before the handler runs; handlers of `.dataset` and `.owner` routes ask the
    /// policy themselves, with the dataset or organisation the request names.
    enum Access: Hashable, Sendable {
        /// Anyone, signed in or not; what they read is limited to the datasets they may see.
        case anyone
        /// Any signed-in user.
        case signedIn
        /// A signed-in user with this role at least.
        case role(Role)
        /// Whoever may read the dataset the path names.
        case dataset
    }

    struct Parameter: Sendable {
        enum Location: String, Sendable { case path, query, header }
        var name: String
        var location: Location
        var required: Bool
        var schema: JSONValue
        var description: String

        static func path(_ name: String, _ description: String) -> Parameter {
            Parameter(name: name, location: .path, required: true, schema: Schema.parameterText, description: description)
        }

        static func query(_ name: String, _ description: String, schema: JSONValue = Schema.parameterText, required: Bool = false) -> Parameter {
            Parameter(name: name, location: .query, required: required, schema: schema, description: description)
        }
    }

    struct Body: Sendable {
        /// Media type → schema.
        var content: [(String, JSONValue)]
        var description: String
    }

    struct DocumentedResponse: Sendable {
        var status: Int
        var description: String
        /// Media type → schema; empty for bodiless responses.
        var content: [(String, JSONValue)]
        var headers: [String] = []

        static func json(_ status: Int = 200, _ description: String, _ schema: JSONValue, headers: [String] = []) -> DocumentedResponse {
            DocumentedResponse(status: status, description: description, content: [("application/json", schema)], headers: headers)
        }
    }
}

typealias DocumentedResponse = Endpoint.DocumentedResponse

/// JSON Schemas of the document, as values.
enum Schema {
    static let string: JSONValue = .object([("type", .string("string"))])
    static let integer: JSONValue = .object([("type", .string("integer"))])
    static let number: JSONValue = .object([("type", .string("number"))])
    static let boolean: JSONValue = .object([("type", .string("boolean"))])

    /// What ``QueryParameters`` accepts as text: 1 to 200 characters, no control characters.
    static let parameterText = text(minLength: 1, maxLength: 200, pattern: noControlCharacters)
    /// A token's label: 1 to 100 characters, no control characters.
    static let tokenLabel = text(minLength: 1, maxLength: 100, pattern: noControlCharacters)
    private static let noControlCharacters = "^[^\\x00-\\x1F\\x7F-\\x9F]*$"

    static func text(minLength: Int, maxLength: Int, pattern: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string("string")), ("minLength", .integer(minLength)), ("maxLength", .integer(maxLength))]
        if let pattern { members.append(("pattern", .string(pattern))) }
        return .object(members)
    }

    static let organisationID = text(minLength: 2, maxLength: 64, pattern: "^[a-z0-9][a-z0-9-]*$")
    static let userName = text(minLength: 2, maxLength: 100, pattern: "^[A-Za-z0-9._@-]*$")

    static func ref(_ name: String) -> JSONValue { .object([("$ref", .string("#/components/schemas/\(name)"))]) }
    static func array(_ items: JSONValue) -> JSONValue { .object([("type", .string("array")), ("items", items)]) }
    static func enumeration(_ values: [String]) -> JSONValue {
        .object([("type", .string("string")), ("enum", .array(values.map(JSONValue.string)))])
    }
    static func integer(minimum: Int, maximum: Int) -> JSONValue {
        .object([("type", .string("integer")), ("minimum", .integer(minimum)), ("maximum", .integer(maximum))])
    }
    static func nullable(_ type: String) -> JSONValue { .object([("type", .array([.string(type), .string("null")]))]) }

    /// An object with these properties, the `required` ones always present; no others allowed when `closed`.
    static func object(_ properties: [(String, JSONValue)], required: [String], closed: Bool = true) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", .string("object")), ("properties", .object(properties))]
        if !required.isEmpty { members.append(("required", .array(required.map(JSONValue.string)))) }
        if closed { members.append(("additionalProperties", .bool(false))) }
        return .object(members)
    }
}
