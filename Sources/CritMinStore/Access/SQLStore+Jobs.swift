import CritMinCore
import Foundation
import GRDB

extension SQLStore {
    public func enqueue(kind: String, input: String, submittedBy: Principal, audit: AuditEvent) async throws -> Job {
        let id = "job_" + UUID().uuidString.lowercased()
        return try await write("cannot queue a \(kind) job") { db in
            try db.execute(
                """
                INSERT INTO jobs (id, kind, input, organisation, submitted_by, state, progress, attempts, created_at)
                VALUES (?, ?, ?, ?, ?, 'queued', 0, 0, ?)
                """, [id, kind, input, submittedBy.organisation.rawValue, submittedBy.user, Date()])
            var event = audit
            event.target = id
            try AuditLog.append(db, [event])
            return try Self.fetchJob(db, id)!
        }
    }

    public func claimJob(worker: String, now: Date, staleBefore: Date) async throws -> Job? {
        // The select locks the job it returns until the update commits; a concurrent claim passes over it (see
        // `SQLDialect.claimingRows`), so no job is claimed twice and no claim waits for another.
        try await write("cannot claim a job") { db in
            guard
                let id = try db.value(
                    String.self,
                    """
                    SELECT id FROM jobs WHERE state = 'queued' OR (state = 'running' AND heartbeat_at < ?)
                    ORDER BY created_at, id LIMIT 1\(db.dialect.claimingRows)
                    """, [staleBefore])
            else { return nil }
            try db.execute(
                "UPDATE jobs SET state = 'running', worker = ?, attempts = attempts + 1, heartbeat_at = ? WHERE id = ?", [worker, now, id])
            return try Self.fetchJob(db, id)
        }
    }

    public func reportProgress(_ id: String, worker: String, progress: Double, now: Date) async throws -> Bool {
        try await write("cannot record the progress of job \(id)") { db in
            try db.execute(
                "UPDATE jobs SET progress = ?, heartbeat_at = ? WHERE id = ? AND worker = ? AND state = 'running'",
                [min(max(progress, 0), 1), now, id, worker]) == 1
        }
    }

    public func finishJob(_ id: String, worker: String, outcome: JobOutcome, now: Date) async throws -> Bool {
        try await write("cannot finish job \(id)") { db in
            let (state, result, error): (Job.State, String?, String?) =
                switch outcome {
                case .succeeded(let result): (.succeeded, result, nil)
                case .failed(let message): (.failed, nil, message)
                }
            return try db.execute(
                """
                UPDATE jobs SET state = ?, result = ?, error = ?, progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END,
                finished_at = ?, heartbeat_at = ? WHERE id = ? AND worker = ? AND state = 'running'
                """, [state.rawValue, result, error, state.rawValue, now, now, id, worker]) == 1
        }
    }

    public func job(_ id: String) async throws -> Job? {
        try await read("cannot read job \(id)") { db in try Self.fetchJob(db, id) }
    }

    public func jobs(of organisation: OrganisationID, limit: Int) async throws -> [Job] {
        try await read("cannot read the jobs of '\(organisation)'") { db in
            try db.rows("SELECT * FROM jobs WHERE organisation = ? ORDER BY created_at DESC, id LIMIT ?", [organisation.rawValue, limit])
                .map { try Job(row: $0) }
        }
    }

    private static func fetchJob(_ db: some SQLDatabase, _ id: String) throws -> Job? {
        try db.row("SELECT * FROM jobs WHERE id = ?", [id]).map { try Job(row: $0) }
    }
}

extension Job {
    init(row: some SQLRow) throws {
        self.init(
            id: try row.decode(String.self, forColumn: "id"), kind: try row.decode(String.self, forColumn: "kind"),
            input: try row.decode(String.self, forColumn: "input"),
            organisation: OrganisationID(try row.decode(String.self, forColumn: "organisation")),
            submittedBy: try row.decode(String.self, forColumn: "submitted_by"), state: try row.decodeCase(State.self, forColumn: "state"),
            progress: try row.decode(Double.self, forColumn: "progress"), result: try row.decode(String?.self, forColumn: "result"),
            error: try row.decode(String?.self, forColumn: "error"), worker: try row.decode(String?.self, forColumn: "worker"),
            attempts: try row.decode(Int.self, forColumn: "attempts"), createdAt: try row.decode(Date.self, forColumn: "created_at"),
            heartbeatAt: try row.decode(Date?.self, forColumn: "heartbeat_at"), finishedAt: try row.decode(Date?.self, forColumn: "finished_at"))
    }
}
