import CritMinIngest
import CritMinStore
import Foundation

/// An in-memory store loaded once from the shipped default bundle, shared by the tests that read real data.
enum ShippedStore {
    private static let loaded = Task { () throws -> SQLiteStore in
        let store = try SQLiteStore.inMemory()
        for batch in try DatasetBundle.read(DatasetBundle.shipped()) {
            _ = try await store.apply(batch, importedBy: "tests")
        }
        return store
    }

    static func get() async throws -> SQLiteStore {
        try await loaded.value
    }
}
