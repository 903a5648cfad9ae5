import CritMinCore
import GRDB
import PostgresNIO

/// A store kept in an SQL database: ``SQLiteStore`` and ``PostgresStore`` implement ``Store``, ``AccessStore`` and
/// ``JobQueue`` once, in extensions of this protocol, over the transactions each engine opens.
protocol SQLStore: Store, AccessStore, JobQueue {
    associatedtype Connection: SQLDatabase
    /// The datasets reads may see (`nil`: all) and where they note what they returned; see ``Store/scoped(to:log:)``.
    var scope: ReadScope? { get }
    /// Runs `body` in a read-only transaction that sees one consistent state; errors are reported as ``CritMinError``
    /// with `context`.
    func read<Value: Sendable>(_ context: String, _ body: @escaping @Sendable (Connection) throws -> Value) async throws -> Value
    /// Runs `body` in one write transaction, rolled back when it throws; errors are reported as ``CritMinError`` with
    /// `context`.
    func write<Value: Sendable>(_ context: String, _ body: @escaping @Sendable (Connection) throws -> Value) async throws -> Value
}

extension CritMinError {
    /// A failure of a store operation as critmin reports it: a ``CritMinError`` as it is; a violated database
    /// constraint as `.conflict`; anything else as `.storage`, with the database's message after `context`.
    static func store(_ error: any Error, _ context: String) -> CritMinError {
        switch error {
        case let error as CritMinError:
            return error
        case let error as DatabaseError:
            let detail = error.message ?? error.resultCode.description
            return CritMinError(error.resultCode == .SQLITE_CONSTRAINT ? .conflict : .storage, "\(context): \(detail)")
        case let error as PSQLError:
            // SQLSTATE class 23: integrity constraint violations.
            let violated = error.serverInfo?[.sqlState]?.hasPrefix("23") == true
            let detail = [error.serverInfo?[.message], error.serverInfo?[.detail]].compactMap { $0 }.joined(separator: ": ")
            let cause = error.underlying.map { "PostgreSQL \(error.code): \($0)" } ?? "PostgreSQL \(error.code)"
            return CritMinError(violated ? .conflict : .storage, "\(context): \(detail.isEmpty ? cause : detail)")
        default:
            return CritMinError(.storage, "\(context): \(error)")
        }
    }
}
