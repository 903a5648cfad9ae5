import CritMinCore
import Foundation
import GRDB

extension SQLiteStore: JobQueue {
    public func enqueue(kind: String, input: String, submittedBy: Principal, audit: AuditEvent) async throws -> Job {
        let id = "job_" + UUID().uuidString.lowercased()
        return try await write("cannot queue a \(kind) job") { db in
            try db.execute(
                sql: """
                    INSERT INTO jobs (id, kind, input, organisation, submitted_by, state, progress, attempts, created_at)
                    VALUES (?, ?, ?, ?, ?, 'queued', 0, 0, ?)
                    """, arguments: [id, kind, input, submittedBy.organisation.rawValue, submittedBy.user, Date()])
            var event = audit
            event.target = id
            try AuditLog.append(db, [event])
            return try Self.fetchJob(db, id)!
        }
    }

    public func claimJob(worker: String, now: Date, staleBefore: Date) async throws -> Job? {
        // SQLite has one writer at a time, so the select and the update of one transaction cannot race another claim.
        try await write("cannot claim a job") { db in
            guard
                let id = try String.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM jobs WHERE state = 'queued' OR (state = 'running' AND heartbeat_at < ?)
                        ORDER BY created_at, id LIMIT 1
                        """, arguments: [staleBefore])
            else { return nil }
            try db.execute(
                sql: "UPDATE jobs SET state = 'running', worker = ?, attempts = attempts + 1, heartbeat_at = ? WHERE id = ?",
                arguments: [worker, now, id])
            return try Self.fetchJob(db, id)
        }
    }

    public func reportProgress(_ id: String, worker: String, progress: Double, now: Date) async throws -> Bool {
        try await write("cannot record the progress of job \(id)") { db in
            try db.execute(
                sql: "UPDATE jobs SET progress = ?, heartbeat_at = ? WHERE id = ? AND worker = ? AND state = 'running'",
                arguments: [min(max(progress, 0), 1), now, id, worker])
            return db.changesCount == 1
        }
    }

    public func finishJob(_ id: String, worker: String, outcome: JobOutcome, now: Date) async throws -> Bool {
        try await write("cannot finish job \(id)") { db in
            let (state, result, error): (Job.State, String?, String?) =
                switch outcome {
                case .succeeded(let result): (.succeeded, result, nil)
                case .failed(let message): (.failed, nil, message)
                }
            try db.execute(
                sql: """
                    UPDATE jobs SET state = ?, result = ?, error = ?, progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END,
                    finished_at = ?, heartbeat_at = ? WHERE id = ? AND worker = ? AND state = 'running'
                    """, arguments: [state.rawValue, result, error, state.rawValue, now, now, id, worker])
            return db.changesCount == 1
        }
    }

    public func job(_ id: String) async throws -> Job? {
        try await read("cannot read job \(id)") { db in try Self.fetchJob(db, id) }
    }

    public func jobs(of organisation: OrganisationID, limit: Int) async throws -> [Job] {
        try await read("cannot read the jobs of '\(organisation)'") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM jobs WHERE organisation = ? ORDER BY created_at DESC, id LIMIT ?", arguments: [organisation.rawValue, limit]
            ).map(Job.init(row:))
        }
    }

    private static func fetchJob(_ db: Database, _ id: String) throws -> Job? {
        try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(Job.init(row:))
    }
}

extension Job {
    init(row: Row) throws {
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
