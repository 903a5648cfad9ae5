import CritMinCore
import Foundation
import GRDB

extension SQLStore {
    public func createOrganisation(_ organisation: Organisation, audit: AuditEvent) async throws {
        try await change("cannot create organisation '\(organisation.id)'", audit) { db in
            if try db.exists("SELECT 1 FROM organisations WHERE id = ?", [organisation.id.rawValue]) {
                throw CritMinError(.conflict, "organisation '\(organisation.id)' exists already", field: "id", value: organisation.id.rawValue)
            }
            if let country = organisation.country,
                !(try db.exists("SELECT 1 FROM countries WHERE code = ?", [country.rawValue]))
            {
                throw CritMinError(.notFound, "no country has the code '\(country)'", field: "country", value: country.rawValue)
            }
            try db.execute(
                "INSERT INTO organisations (id, name, country) VALUES (?, ?, ?)",
                [organisation.id.rawValue, organisation.name, organisation.country?.rawValue])
        }
    }

    public func organisations() async throws -> [Organisation] {
        try await read("cannot read the organisations") { db in
            try db.rows("SELECT id, name, country FROM organisations ORDER BY id", []).map { row in
                Organisation(
                    id: OrganisationID(try row.decode(String.self, forColumn: "id")), name: try row.decode(String.self, forColumn: "name"),
                    country: try row.decode(String?.self, forColumn: "country").map(CountryCode.init(rawValue:)))
            }
        }
    }

    public func createUser(_ user: UserAccount, passwordHash: String?, audit: AuditEvent) async throws {
        try await change("cannot create user '\(user.name)'", audit) { db in
            try Self.requireOrganisation(db, user.organisation)
            if try db.exists("SELECT 1 FROM users WHERE name = ?", [user.name]) {
                throw CritMinError(.conflict, "a user '\(user.name)' exists already", field: "name", value: user.name)
            }
            try db.execute(
                "INSERT INTO users (name, organisation, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                [user.name, user.organisation.rawValue, user.role.rawValue, passwordHash, Date()])
        }
    }

    public func user(named name: String) async throws -> (account: UserAccount, passwordHash: String?)? {
        try await read("cannot read user '\(name)'") { db in
            try db.row("SELECT name, organisation, role, password_hash FROM users WHERE name = ?", [name]).map {
                (try UserAccount(row: $0), try $0.decode(String?.self, forColumn: "password_hash"))
            }
        }
    }

    public func users(of organisation: OrganisationID) async throws -> [UserAccount] {
        try await read("cannot read the users of '\(organisation)'") { db in
            try db.rows("SELECT name, organisation, role FROM users WHERE organisation = ? ORDER BY name", [organisation.rawValue])
                .map { try UserAccount(row: $0) }
        }
    }

    public func createToken(_ token: TokenRecord, hash: String, audit: AuditEvent) async throws {
        try await change("cannot create a token for '\(token.user)'", audit) { db in
            guard try db.exists("SELECT 1 FROM users WHERE name = ?", [token.user]) else {
                throw CritMinError(.notFound, "no user is called '\(token.user)'", field: "user", value: token.user)
            }
            try db.execute(
                #"INSERT INTO api_tokens (id, "user", hash, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"#,
                [token.id, token.user, hash, token.label, token.createdAt, token.expiresAt])
        }
    }

    public func principal(tokenHash: String, at now: Date) async throws -> Principal? {
        try await read("cannot check a token") { db in
            try db.row(
                """
                SELECT u.name, u.organisation, u.role, o.country FROM api_tokens t
                JOIN users u ON u.name = t."user" JOIN organisations o ON o.id = u.organisation
                WHERE t.hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?
                """, [tokenHash, now]
            ).map { row in
                Principal(
                    user: try row.decode(String.self, forColumn: "name"),
                    organisation: OrganisationID(try row.decode(String.self, forColumn: "organisation")),
                    country: try row.decode(String?.self, forColumn: "country").map(CountryCode.init(rawValue:)),
                    role: try row.decodeCase(Role.self, forColumn: "role"))
            }
        }
    }

    public func tokens(of user: String) async throws -> [TokenRecord] {
        try await read("cannot read the tokens of '\(user)'") { db in
            try db.rows(
                #"SELECT id, "user", label, created_at, expires_at, revoked_at FROM api_tokens WHERE "user" = ? ORDER BY created_at, id"#, [user]
            ).map { row in
                TokenRecord(
                    id: try row.decode(String.self, forColumn: "id"), user: try row.decode(String.self, forColumn: "user"),
                    label: try row.decode(String.self, forColumn: "label"), createdAt: try row.decode(Date.self, forColumn: "created_at"),
                    expiresAt: try row.decode(Date.self, forColumn: "expires_at"),
                    revokedAt: try row.decode(Date?.self, forColumn: "revoked_at"))
            }
        }
    }

    public func revokeToken(_ id: String, organisation: OrganisationID, audit: AuditEvent) async throws {
        try await change("cannot revoke token '\(id)'", audit) { db in
            let revoked = try db.execute(
                """
                UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL
                AND "user" IN (SELECT name FROM users WHERE organisation = ?)
                """, [Date(), id, organisation.rawValue])
            guard revoked == 1 else {
                throw CritMinError(.notFound, "no active token '\(id)' in organisation '\(organisation)'", field: "token", value: id)
            }
        }
    }

    public func grant(_ grant: Grant, audit: AuditEvent) async throws {
        try await change("cannot grant '\(grant.grantee)' access to the data of '\(grant.grantor)'", audit) { db in
            try Self.requireOrganisation(db, grant.grantor)
            try Self.requireOrganisation(db, grant.grantee)
            guard grant.grantor != grant.grantee else {
                throw CritMinError(.invalidValue, "an organisation always reads its own datasets", field: "grantee", value: grant.grantee.rawValue)
            }
            if let dataset = grant.dataset,
                try db.value(String.self, "SELECT owner FROM datasets WHERE id = ?", [dataset.rawValue]) != grant.grantor.rawValue
            {
                throw CritMinError(.notFound, "'\(grant.grantor)' owns no dataset '\(dataset)'", field: "dataset", value: dataset.rawValue)
            }
            try db.execute(
                "INSERT INTO grants (grantor, grantee, dataset, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [grant.grantor.rawValue, grant.grantee.rawValue, grant.dataset?.rawValue ?? "", Date()])
        }
    }

    public func revokeGrant(_ grant: Grant, audit: AuditEvent) async throws {
        try await change("cannot revoke the grant of '\(grant.grantor)' to '\(grant.grantee)'", audit) { db in
            let revoked = try db.execute(
                "DELETE FROM grants WHERE grantor = ? AND grantee = ? AND dataset = ?",
                [grant.grantor.rawValue, grant.grantee.rawValue, grant.dataset?.rawValue ?? ""])
            guard revoked == 1 else {
                throw CritMinError(
                    .notFound, "'\(grant.grantor)' has no such grant to '\(grant.grantee)'", field: "grantee", value: grant.grantee.rawValue)
            }
        }
    }

    public func grants() async throws -> [Grant] {
        try await read("cannot read the grants") { db in
            try db.rows("SELECT grantor, grantee, dataset FROM grants ORDER BY grantor, grantee, dataset", []).map { row in
                let dataset = try row.decode(String.self, forColumn: "dataset")
                return Grant(
                    grantor: OrganisationID(try row.decode(String.self, forColumn: "grantor")),
                    grantee: OrganisationID(try row.decode(String.self, forColumn: "grantee")),
                    dataset: dataset.isEmpty ? nil : DatasetID(dataset))
            }
        }
    }

    public func datasetAccess() async throws -> [DatasetAccess] {
        try await read("cannot read the datasets' classification") { db in
            try db.rows(
                "SELECT d.id, d.owner, d.classification, o.country FROM datasets d LEFT JOIN organisations o ON o.id = d.owner ORDER BY d.rowid", []
            ).map { row in
                DatasetAccess(
                    dataset: DatasetID(try row.decode(String.self, forColumn: "id")),
                    owner: OrganisationID(try row.decode(String.self, forColumn: "owner")),
                    ownerCountry: try row.decode(String?.self, forColumn: "country").map(CountryCode.init(rawValue:)),
                    classification: try row.decodeCase(Classification.self, forColumn: "classification"))
            }
        }
    }

    public func setClassification(_ classification: Classification, of dataset: DatasetID, audit: AuditEvent) async throws {
        try await change("cannot classify dataset '\(dataset)'", audit) { db in
            guard try db.execute("UPDATE datasets SET classification = ? WHERE id = ?", [classification.rawValue, dataset.rawValue]) == 1 else {
                throw CritMinError(.notFound, "no dataset '\(dataset)' in the store", field: "dataset", value: dataset.rawValue)
            }
        }
    }

    public func publish(_ batch: ImportBatch, importedBy: String, audit: AuditEvent) async throws -> ImportOutcome {
        try await write("cannot import dataset '\(batch.descriptor.id)'") { db in
            let outcome = try BatchWriter(db: db, batch: batch).apply(importedBy: importedBy)
            if case .created(let version) = outcome {
                var event = audit
                event.detail += (event.detail.isEmpty ? "" : "; ") + "version \(version.version), \(version.recordCount) records"
                try AuditLog.append(db, [event])
            }
            return outcome
        }
    }

    public func appendAudit(_ events: [AuditEvent]) async throws {
        guard !events.isEmpty else { return }
        try await write("cannot append to the audit log") { db in try AuditLog.append(db, events) }
    }

    public func auditEntries(after sequence: Int, limit: Int, organisation: OrganisationID?) async throws -> [AuditEntry] {
        try await read("cannot read the audit log") { db in
            var filter = SQLFilter()
            filter.require("sequence > ?", arguments: [sequence])
            if let organisation {
                filter.require(
                    "(organisation = ? OR target IN (SELECT id FROM datasets WHERE owner = ?))",
                    arguments: [organisation.rawValue, organisation.rawValue])
            }
            return try AuditLog.entries(db, filter: filter, limit: limit)
        }
    }

    public func verifyAudit() async throws -> AuditVerification {
        try await read("cannot read the audit log") { db in
            let head = try db.row("SELECT sequence, hash FROM audit_head WHERE id = 1", []).map {
                (sequence: try $0.decode(Int.self, forColumn: "sequence"), hash: try $0.decode(String.self, forColumn: "hash"))
            }
            return AuditChain.verify(try AuditLog.entries(db, filter: SQLFilter(), limit: nil), head: head)
        }
    }

    public func generation() async throws -> Int {
        try await read("cannot read the change generation") { db in
            try db.value(Int.self, "SELECT value FROM change_generation WHERE id = 1") ?? 0
        }
    }

    /// Runs a change and appends its audit entry in the same transaction.
    private func change(_ context: String, _ audit: AuditEvent, _ body: @escaping @Sendable (Connection) throws -> Void) async throws {
        try await write(context) { db in
            try body(db)
            try AuditLog.append(db, [audit])
        }
    }

    private static func requireOrganisation(_ db: some SQLDatabase, _ organisation: OrganisationID) throws {
        guard try db.exists("SELECT 1 FROM organisations WHERE id = ?", [organisation.rawValue]) else {
            throw CritMinError(.notFound, "no organisation '\(organisation)'", field: "organisation", value: organisation.rawValue)
        }
    }
}

extension UserAccount {
    init(row: some SQLRow) throws {
        self.init(
            name: try row.decode(String.self, forColumn: "name"),
            organisation: OrganisationID(try row.decode(String.self, forColumn: "organisation")),
            role: try row.decodeCase(Role.self, forColumn: "role"))
    }
}

/// The audit log's rows, written inside the transaction of the change they record.
enum AuditLog {
    static func append(_ db: some SQLDatabase, _ events: [AuditEvent]) throws {
        // Appending reads the head and then writes after it: two writers at once would fork the chain.
        if let lock = db.dialect.auditLockSQL { try db.execute(lock, []) }
        let head = try db.row("SELECT sequence, hash FROM audit_head WHERE id = 1", [])
        var sequence = try head?.decode(Int.self, forColumn: "sequence") ?? 0
        var previous = try head?.decode(String.self, forColumn: "hash") ?? AuditChain.genesis
        let time = AuditChain.timestamp(Date())
        for event in events {
            sequence += 1
            let hash = AuditChain.hash(sequence: sequence, time: time, event: event, previous: previous)
            try db.execute(
                """
                INSERT INTO audit_log (sequence, time, actor, organisation, action, target, detail, request_id, previous_hash, hash)
                VALUES (\(placeholders(10)))
                """,
                [
                    sequence, time, event.actor, event.organisation?.rawValue, event.action, event.target, event.detail, event.requestID, previous,
                    hash,
                ])
            previous = hash
        }
        try db.execute(
            "INSERT INTO audit_head (id, sequence, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash",
            [sequence, previous])
    }

    static func entries(_ db: some SQLDatabase, filter: SQLFilter, limit: Int?) throws -> [AuditEntry] {
        let limitClause = limit.map { " LIMIT \($0)" } ?? ""
        return try db.rows("SELECT * FROM audit_log \(filter.whereClause) ORDER BY sequence\(limitClause)", filter.arguments).map { row in
            AuditEntry(
                sequence: try row.decode(Int.self, forColumn: "sequence"), time: try row.decode(String.self, forColumn: "time"),
                event: AuditEvent(
                    actor: try row.decode(String?.self, forColumn: "actor"),
                    organisation: try row.decode(String?.self, forColumn: "organisation").map(OrganisationID.init(rawValue:)),
                    action: try row.decode(String.self, forColumn: "action"), target: try row.decode(String.self, forColumn: "target"),
                    detail: try row.decode(String.self, forColumn: "detail"), requestID: try row.decode(String?.self, forColumn: "request_id")),
                previousHash: try row.decode(String.self, forColumn: "previous_hash"), hash: try row.decode(String.self, forColumn: "hash"))
        }
    }
}
