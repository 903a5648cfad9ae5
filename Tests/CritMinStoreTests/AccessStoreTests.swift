import CritMinCore
import CritMinTestSupport
import Foundation
import Testing

@testable import CritMinStore

/// The access facts, audit chain and job queue of the SQLite store.
@Suite struct AccessStoreTests {
    static func event(_ action: String, _ target: String = "t") -> AuditEvent {
        AuditEvent(actor: "tester", organisation: "nrcan", action: action, target: target, detail: "d", requestID: "r")
    }

    /// A store with the fixture catalogue, two organisations and one user each.
    static func store(_ engine: StoreEngine) async throws -> any TestStore {
        let store = try await engine.emptyStore()
        _ = try await store.apply(Fixture.catalogue(), importedBy: "tests")
        try await store.createOrganisation(Organisation(id: "nrcan", name: "NRCan", country: "CAN"), audit: event("organisation.create"))
        try await store.createOrganisation(Organisation(id: "usgs", name: "USGS", country: "USA"), audit: event("organisation.create"))
        try await store.createUser(UserAccount(name: "ana", organisation: "nrcan", role: .steward), passwordHash: nil, audit: event("user.create"))
        try await store.createUser(UserAccount(name: "bob", organisation: "usgs", role: .analyst), passwordHash: nil, audit: event("user.create"))
        return store
    }

    @Test(arguments: StoreEngine.available) func organisationsNeedAKnownCountryAndAUniqueID(engine: StoreEngine) async throws {
        let store = try await Self.store(engine)
        await #expect(throws: CritMinError.self) {
            try await store.createOrganisation(Organisation(id: "nrcan", name: "Again", country: "CAN"), audit: Self.event("x"))
        }
        let error = await #expect(throws: CritMinError.self) {
            try await store.createOrganisation(Organisation(id: "atlantis", name: "Atlantis", country: "ATL"), audit: Self.event("x"))
        }
        #expect(error?.field == "country")
        #expect(try await store.organisations().map(\.id) == ["critmin", "nrcan", "usgs"])
    }

    @Test(arguments: StoreEngine.available) func tokensAreFoundByHashUntilTheyExpireOrAreRevoked(engine: StoreEngine) async throws {
        let store = try await Self.store(engine)
        let (token, hash) = APIToken.generate()
        #expect(token.hasPrefix("cm_") && token.count == 46)  // 32 random bytes, base64url
        #expect(hash != token && hash.count == 64)
        let now = Date()
        let record = TokenRecord(id: "tok_1", user: "ana", label: "laptop", createdAt: now, expiresAt: now.addingTimeInterval(3_600))
        try await store.createToken(record, hash: hash, audit: Self.event("token.create"))
        let principal = try await store.principal(tokenHash: APIToken.hash(token), at: now)
        #expect(principal == Principal(user: "ana", organisation: "nrcan", country: "CAN", role: .steward))
        #expect(try await store.principal(tokenHash: APIToken.hash(token), at: now.addingTimeInterval(7_200)) == nil)
        #expect(try await store.principal(tokenHash: APIToken.hash("cm_other"), at: now) == nil)
        await #expect(throws: CritMinError.self) { try await store.revokeToken("tok_1", organisation: "usgs", audit: Self.event("token.revoke")) }
        try await store.revokeToken("tok_1", organisation: "nrcan", audit: Self.event("token.revoke"))
        #expect(try await store.principal(tokenHash: hash, at: now) == nil)
        #expect(try await store.tokens(of: "ana").first?.revokedAt != nil)
    }

    @Test(arguments: StoreEngine.available) func grantsAndClassificationMoveTheGeneration(engine: StoreEngine) async throws {
        let store = try await Self.store(engine)
        let before = try await store.generation()
        try await store.grant(Grant(grantor: "nrcan", grantee: "usgs", dataset: nil), audit: Self.event("grant.create"))
        #expect(try await store.grants() == [Grant(grantor: "nrcan", grantee: "usgs", dataset: nil)])
        #expect(try await store.generation() > before)
        await #expect(throws: CritMinError.self) {
            try await store.grant(Grant(grantor: "nrcan", grantee: "usgs", dataset: "test-catalogue"), audit: Self.event("grant.create"))
        }
        try await store.revokeGrant(Grant(grantor: "nrcan", grantee: "usgs", dataset: nil), audit: Self.event("grant.revoke"))
        #expect(try await store.grants().isEmpty)
        let generation = try await store.generation()
        try await store.setClassification(.bilateral, of: "test-catalogue", audit: Self.event("dataset.classify"))
        #expect(try await store.datasetAccess().first?.classification == .bilateral)
        #expect(try await store.generation() > generation)
    }

    @Test(arguments: StoreEngine.available) func aFailedChangeWritesNoAuditEntry(engine: StoreEngine) async throws {
        let store = try await Self.store(engine)
        let count = try await store.auditEntries(after: 0, limit: 1_000, organisation: nil).count
        await #expect(throws: CritMinError.self) {
            try await store.createUser(
                UserAccount(name: "ana", organisation: "nrcan", role: .viewer), passwordHash: nil, audit: Self.event("user.create"))
        }
        #expect(try await store.auditEntries(after: 0, limit: 1_000, organisation: nil).count == count)
    }

    @Test(arguments: StoreEngine.available) func scopedReadsSeeOnlyTheirDatasetsAndNoteWhatTheyReturned(engine: StoreEngine) async throws {
        let store = try await Self.store(engine)
        _ = try await store.apply(Fixture.observations(), importedBy: "tests")
        let all = try await store.observations(ObservationQuery())
        let dataset = try #require(all.first?.dataset)
        let log = DatasetReadLog()
        let hidden = store.scoped(to: [], log: log)
        #expect(try await hidden.observations(ObservationQuery()).isEmpty)
        #expect(try await hidden.datasetVersions(latestOnly: true).isEmpty)
        await #expect(throws: CritMinError.self) { try await hidden.observations(ObservationQuery(versions: [dataset: 1])) }
        let visible = store.scoped(to: [dataset], log: log)
        #expect(try await visible.observations(ObservationQuery()).count == all.filter { $0.dataset == dataset }.count)
        #expect(log.datasets == [dataset])
    }

    // MARK: Audit chain

    /// A database with a few audit entries, its location, and a store over it.
    private static func audited(_ engine: StoreEngine) async throws -> (any TestStore, String) {
        let location = try await engine.newDatabaseLocation(in: FileManager.default.temporaryDirectory)
        let store = try await engine.open(location)
        try await store.appendAudit((1...5).map { event("data.read", "dataset-\($0)") })
        return (store, location)
    }

    @Test(arguments: StoreEngine.available) func anIntactLogVerifies(engine: StoreEngine) async throws {
        let (store, _) = try await Self.audited(engine)
        guard case .intact(let entries, let head) = try await store.verifyAudit() else {
            Issue.record("an untouched log must verify")
            return
        }
        #expect(entries == 5)
        #expect(try await store.auditEntries(after: 4, limit: 1, organisation: nil).first?.hash == head)
    }

    @Test(arguments: [
        ("altered", "UPDATE audit_log SET target = 'other' WHERE sequence = 3", 3),
        ("removed", "DELETE FROM audit_log WHERE sequence = 2", 3),
        (
            "reordered",
            "UPDATE audit_log SET sequence = sequence + 100 WHERE sequence IN (2, 3); UPDATE audit_log SET sequence = 5 - (sequence - 100) WHERE sequence IN (102, 103)",
            2
        ),
        ("truncated", "DELETE FROM audit_log WHERE sequence = 5", 4),
        ("rehashed", "UPDATE audit_log SET detail = 'x', hash = 'f00' WHERE sequence = 4", 4),
    ])
    func tamperingIsDetected(_ kind: String, _ sql: String, _ brokenAt: Int) async throws {
        for engine in StoreEngine.available {
            let (store, location) = try await Self.audited(engine)
            // Behind the store's back, as someone with access to the database itself would.
            try await engine.executeRaw(sql, at: location)
            guard case .broken(let sequence, let reason) = try await store.verifyAudit() else {
                Issue.record("\(engine): \(kind) entries were not detected")
                continue
            }
            #expect(sequence == brokenAt, "\(engine), \(kind): \(reason)")
        }
    }

    // MARK: Jobs

    @Test(arguments: StoreEngine.available) func jobsAreClaimedOnceAndTakenOverWhenTheirWorkerStopsBeating(engine: StoreEngine) async throws {
        let store = try await Self.store(engine)
        let bob = Principal(user: "bob", organisation: "usgs", country: "USA", role: .analyst)
        let job = try await store.enqueue(kind: "simulation", input: "{}", submittedBy: bob, audit: Self.event("job.submit"))
        #expect(job.state == .queued)
        let start = Date()
        let claimed = try #require(try await store.claimJob(worker: "a", now: start, staleBefore: start.addingTimeInterval(-30)))
        #expect(claimed.id == job.id && claimed.state == .running && claimed.attempts == 1)
        #expect(try await store.claimJob(worker: "b", now: start, staleBefore: start.addingTimeInterval(-30)) == nil)
        #expect(try await store.reportProgress(job.id, worker: "a", progress: 0.5, now: start))
        // Worker a falls silent; a minute later worker b takes the job over.
        let later = start.addingTimeInterval(60)
        let retaken = try #require(try await store.claimJob(worker: "b", now: later, staleBefore: later.addingTimeInterval(-30)))
        #expect(retaken.id == job.id && retaken.worker == "b" && retaken.attempts == 2)
        #expect(try await store.finishJob(job.id, worker: "a", outcome: .succeeded(result: "late"), now: later) == false)
        #expect(try await store.finishJob(job.id, worker: "b", outcome: .succeeded(result: "{}"), now: later))
        let finished = try #require(try await store.job(job.id))
        #expect(finished.state == .succeeded && finished.result == "{}" && finished.progress == 1)
        #expect(try await store.jobs(of: "usgs", limit: 10).map(\.id) == [job.id])
        #expect(try await store.jobs(of: "nrcan", limit: 10).isEmpty)
    }
}
