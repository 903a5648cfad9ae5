import CritMinCore
import Foundation

/// Long-running work (simulations) kept in the database, so that any server instance reports a job's progress and
/// result, and any instance or `critmin worker` may run it.
public protocol JobQueue: Sendable {
    /// Queues a job and returns it.
    func enqueue(kind: String, input: String, submittedBy: Principal, audit: AuditEvent) async throws -> Job
    /// Claims the oldest queued job for `worker`, or a running job whose worker has sent no heartbeat since
    /// `staleBefore` (its worker died); `nil` when there is none.
    func claimJob(worker: String, now: Date, staleBefore: Date) async throws -> Job?
    /// Records progress (0…1) and the worker's heartbeat; `false` when the job is no longer this worker's.
    func reportProgress(_ id: String, worker: String, progress: Double, now: Date) async throws -> Bool
    /// Ends a job with its result, or its error message; `false` when the job is no longer this worker's.
    func finishJob(_ id: String, worker: String, outcome: JobOutcome, now: Date) async throws -> Bool
    func job(_ id: String) async throws -> Job?
    /// The newest jobs of an organisation first.
    func jobs(of organisation: OrganisationID, limit: Int) async throws -> [Job]
}

/// How a job ended.
public enum JobOutcome: Hashable, Sendable {
    case succeeded(result: String)
    case failed(message: String)
}

/// A job as stored.
public struct Job: Hashable, Sendable {
    public enum State: String, Hashable, Sendable, Codable, CaseIterable {
        case queued, running, succeeded, failed
    }

    public var id: String
    /// What to run ("simulation").
    public var kind: String
    /// The request, as JSON text.
    public var input: String
    public var organisation: OrganisationID
    public var submittedBy: String
    public var state: State
    public var progress: Double
    /// The result document when it succeeded.
    public var result: String?
    public var error: String?
    public var worker: String?
    /// How many workers have claimed it (more than one when a worker died).
    public var attempts: Int
    public var createdAt: Date
    public var heartbeatAt: Date?
    public var finishedAt: Date?

    public init(
        id: String, kind: String, input: String, organisation: OrganisationID, submittedBy: String, state: State, progress: Double,
        result: String?, error: String?, worker: String?, attempts: Int, createdAt: Date, heartbeatAt: Date?, finishedAt: Date?
    ) {
        self.id = id
        self.kind = kind
        self.input = input
        self.organisation = organisation
        self.submittedBy = submittedBy
        self.state = state
        self.progress = progress
        self.result = result
        self.error = error
        self.worker = worker
        self.attempts = attempts
        self.createdAt = createdAt
        self.heartbeatAt = heartbeatAt
        self.finishedAt = finishedAt
    }
}
