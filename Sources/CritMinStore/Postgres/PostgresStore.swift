import CritMinCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// The shared store: one PostgreSQL database that several server instances and `critmin worker` processes use at once.
/// Its schema is the SQLite one's (see `PostgresSchema.swift`), and its logic the same code, run over connections from
/// postgres-nio's `PostgresClient` pool.
///
/// The store's logic is synchronous (GRDB's transactions are), so each transaction runs on a thread of its own pool
/// and waits there for the database's answers, never on an event loop or a Swift concurrency thread.
public final class PostgresStore: SQLStore {
    let connections: PostgresConnections
    let scope: ReadScope?

    /// Connects to the database at `url` (`postgres://user:password@host:port/database`, with `?sslmode=disable`,
    /// `prefer` (the default) or `require`) and migrates its schema.
    /// - Throws: ``CritMinError`` `.invalidValue` for a URL it cannot read, `.storage` when the database cannot be
    ///   reached or migrated.
    public static func connect(url: String) async throws -> PostgresStore {
        let address = try PostgresAddress(url)
        // The pool retries a server it cannot reach for as long as it is asked to: one connection first, so that a wrong
        // address, user or database is an error at once.
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try address.connectionConfiguration(), id: 0, logger: Logger(label: "critmin.postgres"))
            try await connection.close()
        } catch {
            throw CritMinError.store(error, "cannot connect to PostgreSQL at \(Self.redacted(url))")
        }
        let store = PostgresStore(connections: PostgresConnections(configuration: address.poolConfiguration()), scope: nil)
        try await store.write("cannot migrate the PostgreSQL schema") { db in try PostgresSchema.migrate(db) }
        return store
    }

    private init(connections: PostgresConnections, scope: ReadScope?) {
        self.connections = connections
        self.scope = scope
    }

    public func scoped(to datasets: Set<DatasetID>, log: DatasetReadLog?) -> any Store {
        PostgresStore(connections: connections, scope: ReadScope(readable: datasets, log: log))
    }

    /// Closes the pool's connections; the store cannot be used afterwards.
    public func close() async {
        await connections.close()
    }

    func read<Value: Sendable>(_ context: String, _ body: @escaping @Sendable (PostgresSession) throws -> Value) async throws -> Value {
        // One snapshot for every statement of the read, as SQLite's read transactions give.
        try await connections.transaction(context, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    func write<Value: Sendable>(_ context: String, _ body: @escaping @Sendable (PostgresSession) throws -> Value) async throws -> Value {
        try await connections.transaction(context, begin: "BEGIN", body)
    }

    /// The URL without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "…"
        return components.string ?? url
    }
}

/// Where a PostgreSQL database is, from a `postgres://` URL.
struct PostgresAddress {
    enum TLSMode { case disable, prefer, require }

    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String?
    var tls: TLSMode

    init(_ url: String) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty
        else {
            throw CritMinError(
                .invalidValue, "a PostgreSQL URL reads postgres://user[:password]@host[:port]/database", field: "database",
                value: PostgresStore.redacted(url))
        }
        switch components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        case let mode: throw CritMinError(.invalidValue, "sslmode must be disable, prefer or require", field: "sslmode", value: mode)
        }
        self.host = host
        port = components.port ?? 5432
        self.user = user
        password = components.password
        let path = String(components.path.drop { $0 == "/" })
        database = path.isEmpty ? nil : path
    }

    func poolConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = PostgresConnections.maximumConnections
        return configuration
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        return PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }
}

/// The connection pool, its background task and the threads transactions run on; shared by a store and its scoped views,
/// and shut down when the last of them goes.
final class PostgresConnections: Sendable {
    /// Transactions at a time, each holding one connection and one thread.
    static let maximumConnections = 16

    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let threads: NIOThreadPool
    private let logger = Logger(label: "critmin.postgres")

    init(configuration: PostgresClient.Configuration) {
        let client = PostgresClient(configuration: configuration)
        self.client = client
        running = Task { await client.run() }
        threads = NIOThreadPool(numberOfThreads: Self.maximumConnections)
        threads.start()
    }

    deinit {
        running.cancel()
        threads.shutdownGracefully { _ in }
    }

    func close() async {
        running.cancel()
        await running.value
    }

    /// How long a transaction waits for a pooled connection: the pool retries a database that went away for as long as
    /// it is asked to, and a command or worker should then fail with a message rather than wait unseen.
    static let connectionWait = Duration.seconds(30)

    /// Runs `body` in a transaction opened with `begin` on a pooled connection, on a thread of the pool; commits when
    /// it returns and rolls back when it throws.
    func transaction<Value: Sendable>(
        _ context: String, begin: String, _ body: @escaping @Sendable (PostgresSession) throws -> Value
    ) async throws -> Value {
        do {
            let leased = LeaseFlag()
            return try await withThrowingTaskGroup(of: Value?.self) { group in
                // The timer must not outlive the transaction, however the group's body ends.
                defer { group.cancelAll() }
                group.addTask { try await self.run(begin, body, leased: leased) }
                group.addTask {
                    try await Task.sleep(for: Self.connectionWait)
                    guard leased.isSet else {
                        throw CritMinError(.storage, "no connection to PostgreSQL within \(Self.connectionWait): is the database reachable?")
                    }
                    return nil
                }
                while let result = try await group.next() {
                    if let value = result { return value }
                }
                throw CancellationError()
            }
        } catch {
            throw CritMinError.store(error, context)
        }
    }

    /// Whether a transaction has its connection.
    private final class LeaseFlag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    private func run<Value: Sendable>(
        _ begin: String, _ body: @escaping @Sendable (PostgresSession) throws -> Value, leased: LeaseFlag
    ) async throws -> Value {
        try await client.withConnection { connection in
            leased.set()
            return try await threads.runIfActive { [logger] in
                let session = PostgresSession(connection: connection, logger: logger)
                try session.execute(begin, [])
                do {
                    let value = try body(session)
                    try session.execute("COMMIT", [])
                    return value
                } catch {
                    // A broken connection cannot roll back; the server does when it notices.
                    _ = try? session.execute("ROLLBACK", [])
                    throw error
                }
            }
        }
    }
}
