import CritMinCore
import CritMinStore
import CritMinTestSupport
import Foundation
import Testing

/// Several stores (as several server instances or workers would open) over one database at once.
@Suite("One database, several stores")
struct SharedDatabaseTests {
    /// Two stores over one new database holding the fixture catalogue.
    private func twoStores(_ engine: StoreEngine) async throws -> (any TestStore, any TestStore) {
        let location = try await engine.newDatabaseLocation(in: FileManager.default.temporaryDirectory)
        let first = try await engine.open(location)
        _ = try await first.apply(Fixture.catalogue(), importedBy: "tests")
        try await first.createOrganisation(
            Organisation(id: "usgs", name: "USGS", country: "USA"), audit: AccessStoreTests.event("organisation.create"))
        return (first, try await engine.open(location))
    }

    private let bob = Principal(user: "bob", organisation: "usgs", country: "USA", role: .analyst)

    @Test("each store sees what the other writes, and the change generation moves for both", arguments: StoreEngine.available)
    func writesAreShared(engine: StoreEngine) async throws {
        let (first, second) = try await twoStores(engine)
        let before = try await second.generation()
        _ = try await first.apply(Fixture.observations(), importedBy: "first")
        #expect(try await second.observations(ObservationQuery()).count == Fixture.everyAmount.count)
        #expect(try await second.generation() > before)
        try await second.grant(Grant(grantor: "usgs", grantee: "critmin", dataset: nil), audit: AccessStoreTests.event("grant.create"))
        #expect(try await first.grants() == [Grant(grantor: "usgs", grantee: "critmin", dataset: nil)])
    }

    @Test("workers claiming at once from two stores run every job exactly once", arguments: StoreEngine.available)
    func concurrentClaims(engine: StoreEngine) async throws {
        let (first, second) = try await twoStores(engine)
        var queued = Set<String>()
        for _ in 0..<24 {
            queued.insert(try await first.enqueue(kind: "simulation", input: "{}", submittedBy: bob, audit: AccessStoreTests.event("job.submit")).id)
        }
        let now = Date()
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for worker in 0..<8 {
                let store = worker.isMultiple(of: 2) ? first : second
                group.addTask {
                    var mine: [String] = []
                    while let job = try await store.claimJob(worker: "w\(worker)", now: now, staleBefore: now.addingTimeInterval(-30)) {
                        mine.append(job.id)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == queued.count)
        #expect(Set(claimed) == queued)
        for id in queued { #expect(try await second.job(id)?.attempts == 1) }
    }

    @Test("a job whose worker stops beating is taken over through the other store", arguments: StoreEngine.available)
    func takeover(engine: StoreEngine) async throws {
        let (first, second) = try await twoStores(engine)
        let job = try await first.enqueue(kind: "simulation", input: "{}", submittedBy: bob, audit: AccessStoreTests.event("job.submit"))
        let start = Date()
        #expect(try await first.claimJob(worker: "dies", now: start, staleBefore: start.addingTimeInterval(-30))?.id == job.id)
        #expect(try await second.claimJob(worker: "lives", now: start.addingTimeInterval(10), staleBefore: start.addingTimeInterval(-20)) == nil)
        let later = start.addingTimeInterval(60)
        let retaken = try #require(try await second.claimJob(worker: "lives", now: later, staleBefore: later.addingTimeInterval(-30)))
        #expect(retaken.id == job.id && retaken.worker == "lives" && retaken.attempts == 2)
        #expect(try await first.finishJob(job.id, worker: "dies", outcome: .succeeded(result: "late"), now: later) == false)
        #expect(try await second.finishJob(job.id, worker: "lives", outcome: .succeeded(result: "{}"), now: later))
        #expect(try await first.job(job.id)?.state == .succeeded)
    }

    @Test("the same batch imported through both stores at once makes one version", arguments: StoreEngine.available)
    func concurrentImportsOfOneDataset(engine: StoreEngine) async throws {
        let (first, second) = try await twoStores(engine)
        async let one = first.apply(Fixture.observations(), importedBy: "first")
        async let other = second.apply(Fixture.observations(), importedBy: "second")
        let outcomes = try await [one, other]
        #expect(outcomes.map(\.version.version) == [1, 1])
        #expect(outcomes.filter { if case .created = $0 { true } else { false } }.count == 1)
        #expect(try await first.datasetVersions(latestOnly: false).filter { $0.descriptor.id == "test-usgs" }.count == 1)
    }

    @Test("audit entries appended through both stores at once form one intact chain", arguments: StoreEngine.available)
    func concurrentAuditAppends(engine: StoreEngine) async throws {
        let (first, second) = try await twoStores(engine)
        let before = try await first.auditEntries(after: 0, limit: 1_000, organisation: nil).count
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                let store = index.isMultiple(of: 2) ? first : second
                group.addTask { try await store.appendAudit([AccessStoreTests.event("dataset.read", "d\(index)")]) }
            }
            try await group.waitForAll()
        }
        #expect(
            try await second.verifyAudit()
                == .intact(entries: before + 20, head: try await first.auditEntries(after: 0, limit: 1_000, organisation: nil).last!.hash))
    }
}
