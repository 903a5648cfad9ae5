import CritMinCore
import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode through a GRDB `DatabasePool`, so that reads run concurrently
/// with each other and with an import. The schema is described in `Schema/Migrations.swift`.
public final class SQLiteStore: SQLStore {
    /// A `DatabasePool` for files; a `DatabaseQueue` for in-memory stores, which a pool cannot serve.
    let writer: any DatabaseWriter
    let scope: ReadScope?

    /// Opens the store at `path`, creating the file and its folder when absent, and migrates its schema.
    /// - Throws: ``CritMinError`` `.storage` when the file cannot be created, opened or migrated.
    public convenience init(path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try self.init(writer: DatabasePool(path: path, configuration: Self.configuration))
        } catch {
            throw CritMinError.store(error, "cannot open the database at \(path)")
        }
    }

    /// An empty store in memory, gone when released: for tests and checks.
    /// - Throws: ``CritMinError`` `.storage` when SQLite cannot create it.
    public static func inMemory() throws -> SQLiteStore {
        do {
            return try SQLiteStore(writer: DatabaseQueue(configuration: configuration))
        } catch {
            throw CritMinError.store(error, "cannot create an in-memory database")
        }
    }

    private init(writer: any DatabaseWriter) throws {
        try Migrations.migrator.migrate(writer)
        self.writer = writer
        self.scope = nil
    }

    private init(sharing store: SQLiteStore, scope: ReadScope) {
        self.writer = store.writer
        self.scope = scope
    }

    public func scoped(to datasets: Set<DatasetID>, log: DatasetReadLog?) -> any Store {
        SQLiteStore(sharing: self, scope: ReadScope(readable: datasets, log: log))
    }

    /// Closes the database connections (checkpointing the WAL); the store cannot be used afterwards.
    /// - Throws: ``CritMinError`` `.storage` when SQLite cannot close the file.
    public func close() throws {
        do {
            // Everything into the main file first: a caller may move the file alone (DefaultDatabase does), and SQLite
            // skips the final checkpoint on close when it cannot take every lock at once.
            if writer is DatabasePool { try writer.writeWithoutTransaction { try $0.checkpoint(.truncate) } }
            try writer.close()
        } catch {
            throw CritMinError.store(error, "cannot close the database")
        }
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another process (the CLI beside a server) may hold the write lock for the length of an import.
        configuration.busyMode = .timeout(10)
        return configuration
    }

    func read<Value: Sendable>(_ context: String, _ body: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        do {
            return try await writer.read(body)
        } catch {
            throw CritMinError.store(error, context)
        }
    }

    func write<Value: Sendable>(_ context: String, _ body: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        do {
            return try await writer.write(body)
        } catch {
            throw CritMinError.store(error, context)
        }
    }
}
