import CritMinCore
import CritMinReports
import CritMinStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Prometheus
import Synchronization

/// Gives every response its request id, logs one structured line per request, and counts it for `/metrics`.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let metrics: RequestMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        response.headers[.requestID] = context.id
        let route = context.endpointPath ?? "unmatched"
        metrics.record(method: request.method, route: route, status: response.status.code, duration: elapsed)
        let microseconds = Int(elapsed.timeInterval * 1_000_000)
        let milliseconds = "\(microseconds / 1_000)." + String(String(microseconds % 1_000 + 1_000).dropFirst())
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)", "route": "\(route)", "status": "\(response.status.code)",
                "ms": "\(milliseconds)", "user": "\(context.principal?.user ?? "-")",
            ])
        return response
    }
}

/// Reads `Authorization: Bearer <token>` into the context's principal; no header is an anonymous request, a
/// token that is unknown, expired or revoked is refused with 401.
///
/// Without the header, the dashboard's session cookie (a token too) signs the request in, but only for reads and for the
/// dashboard's own forms, which check a CSRF token: a cross-site form can never change anything through the API.
/// A session that expired or was revoked reads as anonymous.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let access: AccessState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            guard let session = DashboardSession.session(in: request),
                request.method == .get || request.method == .head || !request.uri.path.hasPrefix("/api/"),
                let principal = try await access.principal(token: session.token)
            else { return try await next(request, context) }
            var context = context
            context.principal = principal
            context.session = session
            context.logger[metadataKey: "user"] = "\(principal.user)"
            return try await next(request, context)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].count <= 256 else {
            throw APIError(.unauthorized, "unauthenticated", "the Authorization header must be 'Bearer <token>'")
        }
        guard let principal = try await access.principal(token: String(parts[1])) else {
            throw APIError(.unauthorized, "unauthenticated", "the token is unknown, expired or revoked")
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "user"] = "\(principal.user)"
        return try await next(request, context)
    }
}

/// Request counts and durations by method, route and status, in the Prometheus registry; each series' collectors are
/// looked up once and kept, so that a request costs two atomic updates.
final class RequestMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private struct Series: Hashable {
        var method: HTTPRequest.Method
        var route: String
        var status: Int
    }
    private let collectors = Mutex<[Series: (Counter, DurationHistogram)]>([:])

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(namespace: "critmin", subsystem: "http", metricName: "requests", unitName: "total", helpText: "HTTP requests answered")
    }
    private static var durations: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "critmin", subsystem: "http", metricName: "request_duration", unitName: "seconds", helpText: "Time to answer HTTP requests")
    }
    private static let buckets: [Duration] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30].map {
        .nanoseconds(Int64($0 * 1e9))
    }

    func record(method: HTTPRequest.Method, route: String, status: Int, duration: Duration) {
        let series = Series(method: method, route: route, status: status)
        let known = collectors.withLock { $0[series] }
        let (counter, histogram) =
            known
            ?? {
                let made = (
                    registry.makeCounter(
                        descriptor: Self.requests, labels: [("method", method.rawValue), ("route", route), ("status", String(status))]),
                    registry.makeDurationHistogram(
                        descriptor: Self.durations, labels: [("method", method.rawValue), ("route", route)], buckets: Self.buckets)
                )
                collectors.withLock { $0[series] = made }
                return made
            }()
        counter.increment()
        histogram.record(duration)
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
}

/// One JSON object per log line on standard error: time, level, message, and the metadata (request id, user, …).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // Written by hand, not through JSONValue: one line per request is on the hot path.
        var line = "{\"time\":\"" + Self.timestamp() + "\",\"level\":\"" + event.level.rawValue + "\",\"logger\":"
        Self.appendQuoted(label, to: &line)
        line += ",\"message\":"
        Self.appendQuoted(event.message.description, to: &line)
        if let error = event.error {
            line += ",\"error\":"
            Self.appendQuoted("\(error)", to: &line)
        }
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        for (key, value) in merged {
            line += ","
            Self.appendQuoted(key == "hb.request.id" ? "requestId" : key, to: &line)
            line += ":"
            Self.appendQuoted(value.description, to: &line)
        }
        line += "}\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// UTC with milliseconds: 2026-12-03T17:32:45.123Z.
    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = time_t(now.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let milliseconds = Int(now.tv_nsec) / 1_000_000
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))."
            + String(String(milliseconds + 1_000).dropFirst()) + "Z"
    }

    private static func appendQuoted(_ text: String, to line: inout String) {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 < 0x7F }) {
            line += "\"" + text + "\""
        } else {
            line += JSONValue.string(text).rendered
        }
    }
}
