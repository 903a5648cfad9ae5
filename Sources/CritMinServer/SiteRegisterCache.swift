import CritMinCore
import CritMinReports
import CritMinStore
import Synchronization

/// The site register of each reader scope, built once per data generation by whichever request needs it first: merging
/// every record of the register takes longer than a request should.
final class SiteRegisterCache: Sendable {
    /// A register and the datasets reading it noted, for each later request's audit.
    struct Entry: Sendable {
        var register: SiteRegister
        var datasets: Set<DatasetID>
    }

    private let state = Mutex<(generation: Int, entries: [String: Task<Entry, any Error>])>((-1, [:]))

    /// The register for the read's generation and scope, its datasets noted in the read's log.
    func register(_ builder: ReportBuilder, _ read: ReadContext) async throws -> SiteRegister {
        let task = state.withLock { state -> Task<Entry, any Error> in
            if state.generation != read.generation { state = (read.generation, [:]) }
            if let running = state.entries[read.scopeKey] { return running }
            let task = Task<Entry, any Error> {
                let (register, datasets) = try await builder.siteRegisterAndDatasets()
                return Entry(register: register, datasets: datasets)
            }
            state.entries[read.scopeKey] = task
            return task
        }
        do {
            let entry = try await task.value
            read.log.note(entry.datasets)
            return entry.register
        } catch {
            state.withLock { state in if state.generation == read.generation { state.entries[read.scopeKey] = nil } }
            throw error
        }
    }
}
