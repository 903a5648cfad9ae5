import CritMinCore
import CritMinReports
import CritMinStore
import Crypto
import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import Synchronization

/// The critmin HTTP API over a store: routes, access control, caches, audit of non-public reads, metrics.
public final class CritMinAPI: Sendable {
    let store: any ServerStore
    let settings: ServerSettings
    let access: AccessState
    let cache = ResponseCache()
    let siteRegisters = SiteRegisterCache()
    let metrics: RequestMetrics
    /// Where `/metrics` reads from.
    public let registry: PrometheusCollectorRegistry

    public init(store: any ServerStore, settings: ServerSettings = ServerSettings(), registry: PrometheusCollectorRegistry = .init()) {
        self.store = store
        self.settings = settings
        self.registry = registry
        access = AccessState(store: store, interval: settings.changeCheckInterval)
        metrics = RequestMetrics(registry: registry)
    }

    /// Every route, in the order the document lists them.
    var endpoints: [Endpoint] {
        operationEndpoints + reportEndpoints + siteEndpoints + dataEndpoints + sharingEndpoints + identityEndpoints + jobEndpoints
    }

    /// The router with every endpoint and the dashboard's pages behind the logging, error, authentication and timeout
    /// layers.
    /// - Throws: when the dashboard's templates or map are missing from the resources.
    public func router() throws -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        let endpoints = endpoints
        router.add(middleware: ErrorMiddleware(endpoints: endpoints))
        router.add(middleware: AuthenticationMiddleware(access: access))
        for endpoint in endpoints {
            let handler = endpoint.handler
            let access = endpoint.access
            router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context in
                try Self.authorize(access, context)
                return try await handler(request, context)
            }
        }
        try Dashboard(api: self).register(on: router)
        return router
    }

    /// The server as a Hummingbird application, with the job runner beside it when it runs jobs.
    /// - Parameter onRunning: Called with the address once the server listens (the dashboard's URL).
    public func application(logger: Logger, onRunning: @escaping @Sendable (String) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        Application(
            router: try router(),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(settings.idleTimeout.timeInterval * 1e9)))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "critmin"),
            services: settings.jobWorkers > 0 ? [JobRunner(api: self, workers: settings.jobWorkers, logger: logger)] : [],
            onServerRunning: { [settings] channel in
                await onRunning(
                    "http://\(settings.host.contains(":") ? "[\(settings.host)]" : settings.host):\(channel.localAddress?.port ?? settings.port)/")
            },
            logger: logger)
    }

    private static func authorize(_ access: Endpoint.Access, _ context: APIRequestContext) throws {
        switch access {
        case .anyone, .dataset: return
        case .signedIn:
            if context.principal == nil { throw APIError(.unauthorized, "unauthenticated", "sign in: send 'Authorization: Bearer <token>'") }
        case .role(let role):
            guard let principal = context.principal else {
                throw APIError(.unauthorized, "unauthenticated", "sign in: send 'Authorization: Bearer <token>'")
            }
            if principal.role < role {
                throw APIError(.forbidden, "forbidden", "this needs the \(role.rawValue) role; you are \(principal.role.rawValue)")
            }
        }
    }

    /// Runs `work`, throwing 503 if it takes longer than `timeout`; the work is then cancelled (long runs belong in jobs).
    func withTimeout<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let timeout = settings.requestTimeout
        return try await withCheckedThrowingContinuation { continuation in
            let race = TimeoutRace(continuation)
            race.start(
                work: Task {
                    do { race.finish(.success(try await work())) } catch { race.finish(.failure(error)) }
                },
                timer: Task {
                    try? await Task.sleep(for: timeout)
                    if !Task.isCancelled {
                        race.finish(
                            .failure(APIError(.serviceUnavailable, "timeout", "the request took longer than \(timeout); submit long runs as jobs")))
                    }
                })
        }
    }

    // MARK: Reads

    /// A read of data through the caller's scope: served from the cache when this generation, scope and URL were
    /// answered before; 304 when the client's ETag matches; every non-public dataset read is audited, cached or not.
    func cachedRead(
        _ request: Request, _ context: APIRequestContext, contentType: String = "application/json; charset=utf-8",
        _ produce: @escaping @Sendable (any Store) async throws -> String
    ) async throws -> Response {
        try await cachedSharedRead(request, context, contentType: contentType) { store, _ in try await produce(store) }
    }

    /// ``cachedRead(_:_:contentType:_:)`` for work that shares what it computes between requests (the site register),
    /// which notes what that work read in the request's read log.
    func cachedSharedRead(
        _ request: Request, _ context: APIRequestContext, contentType: String = "application/json; charset=utf-8",
        _ produce: @escaping @Sendable (any Store, ReadContext) async throws -> String
    ) async throws -> Response {
        let entry = try await cachedEntry(request, context, contentType: contentType, produce)
        var headers: HTTPFields = [.eTag: entry.etag, .cacheControl: "private, no-cache"]
        if Self.matches(request.headers[.ifNoneMatch], entry.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = entry.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: entry.body))
    }

    /// The body for this generation, scope and URL, from the cache or made by `produce` over the caller's datasets (with
    /// the read log, for work shared between requests to note what it read); the non-public datasets it read are audited.
    func cachedEntry(
        _ request: Request, _ context: APIRequestContext, contentType: String,
        _ produce: @escaping @Sendable (any Store, ReadContext) async throws -> String
    ) async throws -> CachedResponse {
        let snapshot = try await access.snapshot()
        let scope = access.scope(for: context.principal, in: snapshot)
        let key = "\(scope.key)|\(request.uri.path)?\(request.uri.query ?? "")"
        let entry: CachedResponse
        if let hit = cache.entry(key, generation: snapshot.generation) {
            entry = hit
        } else {
            let log = DatasetReadLog()
            let store = store.scoped(to: scope.readable, log: log)
            let read = ReadContext(generation: snapshot.generation, scopeKey: scope.key, log: log)
            let body = try await withTimeout { try await produce(store, read) }
            let etag = "\"" + SHA256.hash(data: Data(body.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
            entry = CachedResponse(
                body: ByteBuffer(string: body), etag: etag, contentType: contentType, restricted: snapshot.restricted(log.datasets))
            cache.store(entry, key, generation: snapshot.generation)
        }
        try await auditReads(entry.restricted, request, context)
        return entry
    }

    /// Whether an If-None-Match header names the ETag (or is `*`).
    static func matches(_ header: String?, _ etag: String) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { tag in
            let trimmed = tag.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || trimmed == etag || trimmed == "W/" + etag
        }
    }

    /// Records reads of non-public datasets in the audit log.
    func auditReads(_ datasets: [DatasetID], _ request: Request, _ context: APIRequestContext) async throws {
        guard !datasets.isEmpty else { return }
        let detail = "\(request.method) \(request.uri.path)\(request.uri.query.map { "?\($0)" } ?? "")"
        try await store.appendAudit(
            datasets.map {
                AuditEvent(
                    actor: context.principal?.user, organisation: context.principal?.organisation, action: "data.read", target: $0.rawValue,
                    detail: detail, requestID: context.id)
            })
    }

    /// An audit event for a change the request makes.
    func event(_ action: String, _ target: String, _ detail: String = "", _ context: APIRequestContext) -> AuditEvent {
        AuditEvent(
            actor: context.principal?.user, organisation: context.principal?.organisation, action: action, target: target, detail: detail,
            requestID: context.id)
    }

    /// After a change: the caches and access facts are reloaded on the next request.
    func changed() {
        access.invalidate()
    }

    /// A JSON response.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.rendered)))
    }

    /// The request body, at most `limit` bytes (413 beyond), as UTF-8 text (400 when it is not).
    static func bodyText(_ request: Request, limit: Int) async throws -> String {
        let buffer = try await request.body.collect(upTo: limit)
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw APIError(.badRequest, "invalid-encoding", "the body is not UTF-8 text")
        }
        return text
    }

    /// The request body decoded as JSON of `type`, at most `limit` bytes.
    static func bodyJSON<Value: Decodable>(_ type: Value.Type, _ request: Request, limit: Int) async throws -> Value {
        let text = try await bodyText(request, limit: limit)
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw APIError(.badRequest, "invalid-json", "the body is not the JSON this endpoint takes: \(Self.describe(error))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "field '\(key.stringValue)' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            (context.codingPath.map(\.stringValue).joined(separator: ".").nilIfEmpty.map { "field '\($0)': " } ?? "") + context.debugDescription
        @unknown default: "\(error)"
        }
    }
}

/// The first of a piece of work and its timer to finish resumes the continuation and cancels the other.
private final class TimeoutRace<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var tasks: [Task<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(_ continuation: CheckedContinuation<Value, any Error>) {
        state = Mutex(State(continuation: continuation))
    }

    func start(work: Task<Void, Never>, timer: Task<Void, Never>) {
        let finished = state.withLock { state in
            state.tasks = [work, timer]
            return state.continuation == nil
        }
        if finished {
            work.cancel()
            timer.cancel()
        }
    }

    func finish(_ result: Result<Value, any Error>) {
        let (continuation, tasks) = state.withLock { state in
            defer { state.continuation = nil }
            return (state.continuation, state.tasks)
        }
        guard let continuation else { return }
        for task in tasks { task.cancel() }
        continuation.resume(with: result)
    }
}

/// What a cached read's work runs under: results it shares with other requests are keyed by the generation and scope,
/// and note in the log the datasets they read.
struct ReadContext: Sendable {
    var generation: Int
    var scopeKey: String
    var log: DatasetReadLog
}

/// A response kept for the generation of the access facts it was computed under.
struct CachedResponse: Sendable {
    var body: ByteBuffer
    var etag: String
    var contentType: String
    /// The non-public datasets it read: each hit is audited as a read of them.
    var restricted: [DatasetID]
}

/// Responses by scope and URL; emptied when the generation moves, and when it grows past its bounds (entries or bytes).
final class ResponseCache: Sendable {
    private struct Entries {
        var generation = -1
        var responses: [String: CachedResponse] = [:]
        var bytes = 0
    }

    static let capacity = 4_096
    static let capacityBytes = 256 << 20
    /// Larger bodies (big downloads) are not kept.
    static let largestBody = 16 << 20
    private let entries = Mutex(Entries())

    func entry(_ key: String, generation: Int) -> CachedResponse? {
        entries.withLock { $0.generation == generation ? $0.responses[key] : nil }
    }

    func store(_ response: CachedResponse, _ key: String, generation: Int) {
        let size = response.body.readableBytes
        guard size <= Self.largestBody else { return }
        entries.withLock { entries in
            if entries.generation != generation || entries.responses.count >= Self.capacity || entries.bytes + size > Self.capacityBytes {
                guard generation >= entries.generation else { return }
                entries = Entries(generation: generation)
            }
            entries.bytes += size - (entries.responses[key]?.body.readableBytes ?? 0)
            entries.responses[key] = response
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
