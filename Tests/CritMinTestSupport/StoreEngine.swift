import CritMinStore
import Foundation
import GRDB
import Logging
import PostgresNIO

/// A store as the tests use it: datasets, access facts and jobs.
public typealias TestStore = AccessStore & JobQueue & Store

/// The store implementations the contract tests run against: SQLite always, PostgreSQL when
/// `CRITMIN_TEST_POSTGRES_URL` names a server (`.ci/run` starts one), each test in a database of its own.
public enum StoreEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    /// The engines this run tests.
    public static var available: [StoreEngine] {
        TestPostgres.serverURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public var description: String { rawValue }

    /// A new, empty store: SQLite in memory, or PostgreSQL in a new database.
    public func emptyStore() async throws -> any TestStore {
        switch self {
        case .sqlite: try SQLiteStore.inMemory()
        case .postgres: try await PostgresStore.connect(url: try await TestPostgres.newDatabase())
        }
    }

    /// Where a new, empty database is, for tests that open it from several stores or processes: a SQLite file under
    /// `folder`, or a new PostgreSQL database.
    public func newDatabaseLocation(in folder: URL) async throws -> String {
        switch self {
        case .sqlite: folder.appendingPathComponent("critmin-\(UUID().uuidString).sqlite").path
        case .postgres: try await TestPostgres.newDatabase()
        }
    }

    /// Runs SQL on the database at `location` directly, without the store.
    public func executeRaw(_ sql: String, at location: String) async throws {
        switch self {
        case .sqlite: try await DatabaseQueue(path: location).write { try $0.execute(sql: sql) }
        case .postgres:
            try await TestPostgres.connected(to: location) { connection in
                for statement in sql.split(separator: ";") { _ = try await connection.simpleQuery(String(statement)).get() }
            }
        }
    }

    /// Opens the database at `location` (from ``newDatabaseLocation(in:)``).
    public func open(_ location: String) async throws -> any TestStore {
        switch self {
        case .sqlite: try SQLiteStore(path: location)
        case .postgres: try await PostgresStore.connect(url: location)
        }
    }
}

/// The PostgreSQL server the tests may use.
public enum TestPostgres {
    /// `CRITMIN_TEST_POSTGRES_URL`: a URL of the server's maintenance database, whose user may create databases.
    public static let serverURL = ProcessInfo.processInfo.environment["CRITMIN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Creates a database, empty or a copy of the one at `template` (which must have no connection open), and returns
    /// its URL.
    public static func newDatabase(copying template: String? = nil) async throws -> String {
        guard let serverURL, var components = URLComponents(string: serverURL) else {
            throw TestPostgresError(message: "CRITMIN_TEST_POSTGRES_URL names no PostgreSQL server")
        }
        let name = "critmin_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        // The name is made of hex digits here, not taken from input.
        let source = template.flatMap { URLComponents(string: $0)?.path.drop { $0 == "/" } }.map(String.init) ?? "template0"
        try await connected(to: serverURL) { _ = try await $0.simpleQuery("CREATE DATABASE \(name) TEMPLATE \(source)").get() }
        components.path = "/" + name
        return components.string!
    }

    /// Whether some other connection to the database at `url` is inside a transaction that writes (holds a transaction id).
    public static func isWriting(_ url: String) async throws -> Bool {
        guard let name = URLComponents(string: url)?.path.drop(while: { $0 == "/" }) else { return false }
        var writing = false
        try await connected(to: url) { connection in
            let rows = try await connection.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = \(String(name)) AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()",
                logger: Logger(label: "critmin.tests"))
            for try await count in rows.decode(Int.self) { writing = count > 0 }
        }
        return writing
    }

    /// Runs `body` with a connection of its own to the database at `url`.
    static func connected(to url: String, _ body: (PostgresConnection) async throws -> Void) async throws {
        guard let components = URLComponents(string: url), let host = components.host, let user = components.user else {
            throw TestPostgresError(message: "not a postgres://user@host:port/database URL: \(url)")
        }
        let configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: String(components.path.drop { $0 == "/" }), tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Logger(label: "critmin.tests"))
        do {
            try await body(connection)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

public struct TestPostgresError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
