import CritMinCore
import CritMinReports
import CritMinStore
import Foundation
import Hummingbird
import Synchronization

/// The store a server runs over: datasets, access facts and the job queue.
public typealias ServerStore = AccessStore & JobQueue & Store

/// The access facts every request needs (datasets' classification, grants, checked tokens), kept in memory and
/// reloaded when the store's change generation moves: at once after this process's own changes, and within
/// ``ServerSettings/changeCheckInterval`` after another process's.
final class AccessState: Sendable {
    struct Snapshot: Sendable {
        var generation: Int
        var datasets: [DatasetAccess]
        var byID: [DatasetID: DatasetAccess]
        var policy: AccessPolicy

        /// The datasets `principal` may read, and a key naming them that caches share: the non-public ones, sorted.
        func scope(for principal: Principal?) -> Scope {
            let readable = policy.readableDatasets(datasets, by: principal)
            let restricted = readable.filter { byID[$0]?.classification != .public }.map(\.rawValue).sorted()
            return Scope(readable: readable, key: restricted.joined(separator: ","))
        }

        /// The datasets among `datasets` that are not public.
        func restricted(_ datasets: some Sequence<DatasetID>) -> [DatasetID] {
            datasets.filter { byID[$0]?.classification != .public }.sorted()
        }
    }

    /// What a caller may read.
    struct Scope: Sendable {
        var readable: Set<DatasetID>
        var key: String
    }

    private struct Cached {
        var snapshot: Snapshot?
        var checkedAt: ContinuousClock.Instant
        /// Whether a request is checking the generation now; the others meanwhile go on with the snapshot they have.
        var checking = false
        /// Principals by token hash, with when they were looked up: valid for the snapshot's generation and, so that
        /// a token's expiry is honoured, for one interval.
        var principals: [String: (principal: Principal, at: ContinuousClock.Instant)] = [:]
        /// Scopes by organisation ("" for anonymous callers): what one may read depends only on it and its country.
        var scopes: [String: Scope] = [:]
    }

    /// Bounds the token cache, which a client sending many tokens would otherwise grow.
    private static let cachedPrincipals = 10_000

    private let store: any ServerStore
    private let interval: Duration
    private let cached: Mutex<Cached>

    init(store: any ServerStore, interval: Duration) {
        self.store = store
        self.interval = interval
        cached = Mutex(Cached(snapshot: nil, checkedAt: .now))
    }

    /// The current facts; reads the store's generation when the last check is older than the interval.
    ///
    /// One request checks; those arriving meanwhile keep the snapshot of the last check (at most an interval and a
    /// database round trip old), rather than all waiting on the database at once, which put a stall into the latency of
    /// every request in flight once per interval. With a zero interval (tests) every request checks.
    func snapshot() async throws -> Snapshot {
        let now = ContinuousClock.now
        let (current, checks): (Snapshot?, Bool) = cached.withLock { state in
            guard let snapshot = state.snapshot else { return (nil, true) }
            if now - state.checkedAt < interval || (state.checking && interval > .zero) { return (snapshot, false) }
            state.checking = true
            return (snapshot, true)
        }
        if let current, !checks { return current }
        defer { if checks { cached.withLock { $0.checking = false } } }
        let generation = try await store.generation()
        if let same = cached.withLock({ state -> Snapshot? in
            guard let snapshot = state.snapshot, snapshot.generation == generation else { return nil }
            state.checkedAt = now
            return snapshot
        }) {
            return same
        }
        // Read the generation before the facts: a change in between leaves the snapshot older than the generation
        // and the next check reloads it.
        let datasets = try await store.datasetAccess()
        let snapshot = Snapshot(
            generation: generation, datasets: datasets, byID: Dictionary(datasets.map { ($0.dataset, $0) }, uniquingKeysWith: { $1 }),
            policy: AccessPolicy(grants: try await store.grants()))
        cached.withLock { $0 = Cached(snapshot: snapshot, checkedAt: now) }
        return snapshot
    }

    /// Who holds a bearer token; `nil` for an unknown, expired or revoked one.
    func principal(token: String) async throws -> Principal? {
        let snapshot = try await snapshot()
        let hash = APIToken.hash(token)
        let now = ContinuousClock.now
        let known = cached.withLock { state in
            state.snapshot?.generation == snapshot.generation ? state.principals[hash].flatMap { now - $0.at < interval ? $0 : nil } : nil
        }
        if let known { return known.principal }
        // Unknown tokens are not cached: each costs a look-up, but cannot fill the cache.
        guard let principal = try await store.principal(tokenHash: hash, at: Date()) else { return nil }
        cached.withLock { state in
            guard state.snapshot?.generation == snapshot.generation else { return }
            if state.principals.count >= Self.cachedPrincipals { state.principals.removeAll() }
            state.principals[hash] = (principal, now)
        }
        return principal
    }

    /// What `principal` may read under `snapshot`, worked out once per organisation and generation.
    func scope(for principal: Principal?, in snapshot: Snapshot) -> Scope {
        let key = principal.map { "\($0.organisation)|\($0.country?.rawValue ?? "")" } ?? ""
        if let known = cached.withLock({ $0.snapshot?.generation == snapshot.generation ? $0.scopes[key] : nil }) { return known }
        let scope = snapshot.scope(for: principal)
        cached.withLock { state in
            if state.snapshot?.generation == snapshot.generation { state.scopes[key] = scope }
        }
        return scope
    }

    /// Forgets the facts after this process changed them.
    func invalidate() {
        cached.withLock { $0.snapshot = nil }
    }
}
