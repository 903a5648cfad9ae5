import CritMinCore
import CritMinReports
import CritMinStore
import Foundation
import Hummingbird
import NIOCore

/// The one error shape of the API: `{"error": {"status", "code", "message", "field", "value", "requestId"}}`.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var field: String?
    var value: String?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil, value: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.value = value
    }

    /// A bad query parameter or body field.
    static func invalid(_ field: String, _ message: String, value: String? = nil) -> APIError {
        APIError(.badRequest, "invalid-value", message, field: field, value: value)
    }

    static let notFound = APIError(.notFound, "not-found", "no such resource")

    /// How a critmin error reads over HTTP: bad input 400 or 422, a missing thing 404, a clash 409, a storage fault 500.
    init(_ error: CritMinError) {
        let status: HTTPResponse.Status =
            switch error.code {
            case .notFound: .notFound
            case .conflict: .conflict
            case .storage, .io: .internalServerError
            case .invalidFormat, .missingField, .invalidValue, .unknownNames: .unprocessableContent
            default: .badRequest
            }
        var message = error.message
        if let file = error.file { message = "\(file)\(error.line.map { ":\($0)" } ?? ""): \(message)" }
        self.init(status, error.code.rawValue, message, field: error.field, value: error.value)
    }

    /// The policy's refusal as an error.
    init?(_ decision: AccessDecision) {
        switch decision {
        case .allowed: return nil
        case .unauthenticated: self.init(.unauthorized, "unauthenticated", "sign in: send 'Authorization: Bearer <token>'")
        case .forbidden(let reason): self.init(.forbidden, "forbidden", reason)
        case .hidden: self = .notFound
        }
    }

    func response(requestID: String) -> Response {
        var members: [(String, JSONValue)] = [("status", .integer(status.code)), ("code", .string(code)), ("message", .string(message))]
        if let field { members.append(("field", .string(field))) }
        if let value { members.append(("value", .string(String(value.prefix(200))))) }
        members.append(("requestId", .string(requestID)))
        var headers: HTTPFields = [.contentType: "application/json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"critmin\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: JSONValue.object([("error", .object(members))]).rendered)))
    }
}

/// Turns every error a handler or middleware throws into the API's error shape, and logs server faults.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    /// Each route's path segments ("{…}" matches any one segment) and method, to answer 405 for a known path.
    let routes: [(segments: [Substring], method: HTTPRequest.Method)]

    init(endpoints: [Endpoint]) {
        routes = endpoints.map { ($0.path.split(separator: "/"), $0.method) }
    }

    /// The methods the routes take at `path`.
    func methods(at path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, segment in template.first == "{" || template == segment }
        }.map(\.method)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response(requestID: context.id)
        } catch let error as CritMinError {
            let apiError = APIError(error)
            if apiError.status == .internalServerError { context.logger.error("store failure", metadata: ["error": "\(error)"]) }
            return apiError.response(requestID: context.id)
        } catch let error as HTTPError where error.status == .notFound && !methods(at: request.uri.path).isEmpty {
            let allowed = methods(at: request.uri.path).map(\.rawValue).joined(separator: ", ")
            var response = APIError(.methodNotAllowed, "method-not-allowed", "\(request.uri.path) takes \(allowed)").response(requestID: context.id)
            response.headers[.allow] = allowed
            return response
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not-found" : error.status == .contentTooLarge ? "too-large" : "http-error"
            let message = error.body ?? (error.status == .notFound ? "no route matches \(request.method) \(request.uri.path)" : error.status.reasonPhrase)
            return APIError(error.status, code, message).response(requestID: context.id)
        } catch is NIOTooManyBytesError {
            return APIError(.contentTooLarge, "too-large", "the body is larger than this endpoint takes").response(requestID: context.id)
        } catch is DecodingError {
            return APIError(.badRequest, "invalid-json", "the body is not the JSON this endpoint takes").response(requestID: context.id)
        } catch {
            context.logger.error("unexpected failure", metadata: ["error": "\(error)"])
            return APIError(.internalServerError, "internal", "the server failed; the request id identifies it in the logs")
                .response(requestID: context.id)
        }
    }
}
