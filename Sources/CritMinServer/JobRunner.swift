import CritMinCore
import CritMinIngest
import CritMinReports
import CritMinSimulation
import CritMinStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// Claims queued jobs from the store and runs them, in a server or in `critmin worker`: several runners (processes)
/// share one queue; a job whose runner stops sending heartbeats is claimed again by another.
public struct JobRunner: Service {
    let api: CritMinAPI
    let workers: Int
    let logger: Logger
    /// Wait between polls of an empty queue.
    let pollInterval: Duration
    /// This runner's name in the queue: host, process and worker.
    let name: String

    public init(api: CritMinAPI, workers: Int, logger: Logger, pollInterval: Duration = .milliseconds(500)) {
        self.api = api
        self.workers = workers
        self.logger = logger
        self.pollInterval = pollInterval
        name = "\(ProcessInfo.processInfo.hostName)#\(ProcessInfo.processInfo.processIdentifier)"
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<workers {
                    group.addTask { await loop(worker: "\(name).\(worker)") }
                }
            }
        }
    }

    private func loop(worker: String) async {
        while !Task.isCancelled {
            do {
                if try await runNext(worker: worker) { continue }
            } catch {
                logger.error("job queue failure", metadata: ["worker": "\(worker)", "error": "\(error)"])
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    /// Claims and runs one job; `false` when the queue was empty.
    @discardableResult
    public func runNext(worker: String) async throws -> Bool {
        let store = api.store
        let now = Date()
        guard
            let job = try await store.claimJob(
                worker: worker, now: now, staleBefore: now.addingTimeInterval(-api.settings.jobStaleAfter.timeInterval))
        else { return false }
        logger.info("job claimed", metadata: ["job": "\(job.id)", "worker": "\(worker)", "attempt": "\(job.attempts)"])
        let completed = Mutex(0)
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: api.settings.jobStaleAfter / 3)
                let progress = Self.fraction(completed.withLock { $0 }, of: job)
                if (try? await store.reportProgress(job.id, worker: worker, progress: progress, now: Date())) == false { return }
            }
        }
        defer { heartbeat.cancel() }
        let outcome: JobOutcome
        do {
            outcome = .succeeded(result: try await execute(job) { done in completed.withLock { $0 = done } })
        } catch {
            outcome = .failed(message: (error as? CritMinError)?.description ?? "\(error)")
        }
        let recorded = try await store.finishJob(job.id, worker: worker, outcome: outcome, now: Date())
        logger.info("job finished", metadata: ["job": "\(job.id)", "recorded": "\(recorded)"])
        return true
    }

    private static func fraction(_ completed: Int, of job: Job) -> Double {
        guard let input = try? JSONDecoder().decode(JobInput.self, from: Data(job.input.utf8)), let draws = input.draws else { return 0 }
        return Double(completed) / Double(draws)
    }

    /// Runs a job over the datasets its organisation may read and returns the result document.
    private func execute(_ job: Job, progress: @escaping @Sendable (Int) -> Void) async throws -> String {
        let input = try JSONDecoder().decode(JobInput.self, from: Data(job.input.utf8))
        let snapshot = try await api.access.snapshot()
        let country = try await api.store.organisations().first { $0.id == job.organisation }?.country
        let principal = Principal(user: job.submittedBy, organisation: job.organisation, country: country, role: .viewer)
        let log = DatasetReadLog()
        let builder = try await ReportBuilder(store: api.store.scoped(to: snapshot.scope(for: principal).readable, log: log))
        let report: Report
        switch input.kind {
        case .simulation:
            let scenario = try ScenarioFile.parse(input.document, fileName: input.fileName, catalogue: builder.catalogue)
            report = try await builder.simulationReport(builder.run(scenario, options: input.options, progress: progress))
        case .interventions:
            let sites = try InterventionsFile.namesSites(input.document, fileName: input.fileName) ? try await builder.siteRegister() : nil
            let candidates = try InterventionsFile.parse(input.document, fileName: input.fileName, catalogue: builder.catalogue, sites: sites)
            let draws = input.draws ?? 2_000
            let scenarios = try ShippedScenarios.scenarios(catalogue: builder.catalogue)
            var rankings: [InterventionRanking] = []
            for scenario in scenarios {
                rankings.append(try await builder.rankInterventions(candidates, in: scenario, options: input.options, draws: draws))
                // Progress counts draws; each scenario is an equal share of them.
                progress(draws * rankings.count / scenarios.count)
            }
            report = try await builder.interventionsReport(rankings, draws: draws, seed: input.seed)
        }
        let result = report.jsonValue.rendered
        let restricted = snapshot.restricted(log.datasets)
        try await api.store.appendAudit(
            restricted.map {
                AuditEvent(actor: job.submittedBy, organisation: job.organisation, action: "data.read", target: $0.rawValue, detail: "job \(job.id)")
            })
        return result
    }
}
