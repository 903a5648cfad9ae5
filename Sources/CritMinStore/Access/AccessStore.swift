import CritMinCore
import Foundation

/// Where critmin keeps who may see what: organisations, users, API tokens, grants, dataset classification, and the
/// hash-chained audit log. Every change is written in one transaction together with its audit entry.
///
/// Every method throws ``CritMinError`` only, as ``Store`` does.
public protocol AccessStore: Sendable {
    func createOrganisation(_ organisation: Organisation, audit: AuditEvent) async throws
    func organisations() async throws -> [Organisation]

    /// Adds a user; `passwordHash` is a bcrypt hash, `nil` for accounts that sign in with tokens only.
    func createUser(_ user: UserAccount, passwordHash: String?, audit: AuditEvent) async throws
    /// The user and their password hash.
    func user(named name: String) async throws -> (account: UserAccount, passwordHash: String?)?
    func users(of organisation: OrganisationID) async throws -> [UserAccount]

    /// Stores a token's hash; the token itself is never stored.
    func createToken(_ token: TokenRecord, hash: String, audit: AuditEvent) async throws
    /// Who holds the token with this hash, unless it is revoked or expired at `now`.
    func principal(tokenHash: String, at now: Date) async throws -> Principal?
    func tokens(of user: String) async throws -> [TokenRecord]
    /// Revokes a token of `user`'s organisation. - Throws: `.notFound` for a token id it does not hold.
    func revokeToken(_ id: String, organisation: OrganisationID, audit: AuditEvent) async throws

    func grant(_ grant: Grant, audit: AuditEvent) async throws
    /// - Throws: `.notFound` when no such grant exists.
    func revokeGrant(_ grant: Grant, audit: AuditEvent) async throws
    func grants() async throws -> [Grant]

    /// Each dataset's owner, its country and classification.
    func datasetAccess() async throws -> [DatasetAccess]
    /// - Throws: `.notFound` for a dataset the store does not hold.
    func setClassification(_ classification: Classification, of dataset: DatasetID, audit: AuditEvent) async throws
    /// Imports a batch as ``Store/apply(_:importedBy:)`` does, with its audit entry in the same transaction.
    func publish(_ batch: ImportBatch, importedBy: String, audit: AuditEvent) async throws -> ImportOutcome

    /// Appends entries (reads of non-public data) to the audit log.
    func appendAudit(_ events: [AuditEvent]) async throws
    /// Entries after `sequence`, oldest first; only those about `organisation` (as actor or owner) when given.
    func auditEntries(after sequence: Int, limit: Int, organisation: OrganisationID?) async throws -> [AuditEntry]
    /// Recomputes the chain from the first entry.
    func verifyAudit() async throws -> AuditVerification
    /// A number that changes whenever access facts or datasets change; caches compare it.
    func generation() async throws -> Int
}

/// One thing that happened, as the audit log records it.
public struct AuditEvent: Hashable, Sendable, Codable {
    /// The user, or "critmin admin" for the operator's command line; `nil` for anonymous.
    public var actor: String?
    public var organisation: OrganisationID?
    /// What was done: "dataset.read", "dataset.publish", "grant.create", ….
    public var action: String
    /// What it was done to: a dataset id, a user, a grant "nrcan→usgs:dataset".
    public var target: String
    /// More facts, as text: the request path, the version written.
    public var detail: String
    public var requestID: String?

    public init(actor: String?, organisation: OrganisationID?, action: String, target: String, detail: String = "", requestID: String? = nil) {
        self.actor = actor
        self.organisation = organisation
        self.action = action
        self.target = target
        self.detail = detail
        self.requestID = requestID
    }
}

/// An entry of the audit log: its place, time, event and the chain's hashes.
public struct AuditEntry: Hashable, Sendable, Codable {
    public var sequence: Int
    /// ISO 8601 with milliseconds, exactly as hashed.
    public var time: String
    public var event: AuditEvent
    public var previousHash: String
    public var hash: String

    public init(sequence: Int, time: String, event: AuditEvent, previousHash: String, hash: String) {
        self.sequence = sequence
        self.time = time
        self.event = event
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// What ``AccessStore/verifyAudit()`` found.
public enum AuditVerification: Hashable, Sendable {
    /// Every entry links to the one before and hashes to what it says; `head` is the last hash (record it elsewhere
    /// to detect a rewrite of the whole log).
    case intact(entries: Int, head: String)
    /// The first entry that does not fit, and why.
    case broken(sequence: Int, reason: String)
}

/// An API token as stored: everything but the secret.
public struct TokenRecord: Hashable, Sendable, Codable {
    /// A public id ("tok_…") to list and revoke it by.
    public var id: String
    public var user: String
    public var label: String
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    public init(id: String, user: String, label: String, createdAt: Date, expiresAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.user = user
        self.label = label
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}
