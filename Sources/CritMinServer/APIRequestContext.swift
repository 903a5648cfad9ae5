import CritMinCore
import CritMinReports
import CritMinStore
import Foundation
import Hummingbird

/// Each request's context: Hummingbird's core, and who is asking once the token was checked.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user; `nil` for anonymous requests, which read public data only.
    public var principal: Principal?
    /// The dashboard session the request was signed in with (`nil` for bearer tokens and anonymous requests).
    var session: (id: String, token: String)?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies are collected by the handlers that take them, each with its own limit (``ServerSettings``).
    public var maxUploadSize: Int { ServerSettings.largestBody }
}

extension APIRequestContext {
    /// A path parameter: present, at most 200 characters.
    func pathParameter(_ name: String) throws -> String {
        guard let value = parameters.get(name), !value.isEmpty, value.unicodeScalars.count <= 200,
            !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw APIError.invalid(name, "the path parameter '\(name)' must be 1 to 200 characters, no control characters")
        }
        return value
    }
}
