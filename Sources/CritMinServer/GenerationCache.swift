import CritMinCore
import CritMinReports
import CritMinStore
import Synchronization

/// Work every request of one data generation and reader scope shares (the dashboard's assessments, the site register),
/// computed once by whichever request needs it first; a failure is not kept, so the next request tries again.
final class GenerationCache<Value: Sendable>: Sendable {
    private let state = Mutex<(generation: Int, entries: [String: Task<Value, any Error>])>((-1, [:]))

    func value(_ read: ReadContext, _ make: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let task = state.withLock { state -> Task<Value, any Error> in
            if state.generation != read.generation { state = (read.generation, [:]) }
            if let running = state.entries[read.scopeKey] { return running }
            let task = Task<Value, any Error> { try await make() }
            state.entries[read.scopeKey] = task
            return task
        }
        do {
            return try await task.value
        } catch {
            state.withLock { state in if state.generation == read.generation { state.entries[read.scopeKey] = nil } }
            throw error
        }
    }
}

/// The site register of each reader scope: merging every record of the register takes longer than a request should.
final class SiteRegisterCache: Sendable {
    /// A register and the datasets reading it noted, for each later request's audit.
    private struct Entry: Sendable {
        var register: SiteRegister
        var datasets: Set<DatasetID>
    }

    private let cache = GenerationCache<Entry>()

    /// The register for the read's generation and scope, its datasets noted in the read's log.
    func register(_ builder: ReportBuilder, _ read: ReadContext) async throws -> SiteRegister {
        let entry = try await cache.value(read) {
            let (register, datasets) = try await builder.siteRegisterAndDatasets()
            return Entry(register: register, datasets: datasets)
        }
        read.log.note(entry.datasets)
        return entry.register
    }
}
