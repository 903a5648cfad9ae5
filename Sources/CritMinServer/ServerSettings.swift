import CritMinCore
import CritMinReports
import CritMinStore
import Foundation
import Hummingbird

/// What `critmin serve` may set: where it listens, its limits and timeouts.
public struct ServerSettings: Sendable {
    /// No request body may be larger than this (dataset uploads); larger ones get 413.
    public static let largestBody = 64 << 20

    public var host: String
    public var port: Int
    /// Largest JSON body of the other endpoints (scenarios, grants, users).
    public var maxJSONBody: Int
    /// Largest dataset upload.
    public var maxUploadBody: Int
    /// A request still running after this gets 503; long work belongs in jobs.
    public var requestTimeout: Duration
    /// A connection idle this long is closed.
    public var idleTimeout: Duration
    /// How often a server looks for changes other processes made (new versions, grants, revoked tokens).
    public var changeCheckInterval: Duration
    /// Jobs this process runs at a time; 0 leaves them to `critmin worker` processes.
    public var jobWorkers: Int
    /// A running job whose worker sends no heartbeat for this long is taken over by another.
    public var jobStaleAfter: Duration
    /// bcrypt's cost for new passwords.
    public var bcryptCost: UInt8
    /// How long new tokens last.
    public var tokenLifetime: Duration
    /// Whether the dashboard's cookies are marked Secure (sent over HTTPS only): set it when a TLS proxy fronts the server.
    public var secureCookies: Bool

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxJSONBody: Int = 1 << 20, maxUploadBody: Int = 32 << 20,
        requestTimeout: Duration = .seconds(30), idleTimeout: Duration = .seconds(60), changeCheckInterval: Duration = .seconds(1),
        jobWorkers: Int = 1, jobStaleAfter: Duration = .seconds(30), bcryptCost: UInt8 = 12, tokenLifetime: Duration = .seconds(90 * 86_400),
        secureCookies: Bool = false
    ) {
        self.host = host
        self.port = port
        self.maxJSONBody = maxJSONBody
        self.maxUploadBody = min(maxUploadBody, Self.largestBody)
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.changeCheckInterval = changeCheckInterval
        self.jobWorkers = jobWorkers
        self.jobStaleAfter = jobStaleAfter
        self.bcryptCost = bcryptCost
        self.tokenLifetime = tokenLifetime
        self.secureCookies = secureCookies
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
