import CritMinCore
import CritMinIngest
import CritMinStore
import Foundation

/// Creates a database from a dataset bundle.
enum DefaultDatabase {
    /// Builds the database in a temporary file beside `path` and moves it into place only when complete, so an
    /// interrupted build never leaves a half-filled database behind. A database already at `path` is replaced in one
    /// step (rename(2)): readers see the old database or the new one, never a mix.
    static func create(at path: String, from bundle: URL, progress: (String) -> Void) async throws {
        let target = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = target.deletingLastPathComponent().appendingPathComponent(
            ".\(target.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        let exists = FileManager.default.fileExists(atPath: path)
        progress(
            exists
                ? "critmin: rebuilding the database at \(path) from the bundle"
                : "critmin: no database at \(path); creating it from the bundled default dataset")
        defer { removeDatabaseFiles(partial.path) }
        let store = try SQLiteStore(path: partial.path)
        try await fill(store, from: bundle, progress: progress)
        try store.close()
        // The old database's journal files would be replayed into the new file: remove them first.
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        guard rename(partial.path, path) == 0 else {
            throw CritMinError(.io, "cannot move the new database into place: \(String(cString: strerror(errno)))", file: path)
        }
        progress("critmin: database ready at \(path)")
    }

    /// Imports the bundle's datasets that `store` does not hold, each in its own transaction: run again after an
    /// interruption, it imports the rest, and it never puts a bundle version over one imported since.
    static func fill(_ store: any Store, from bundle: URL, progress: (String) -> Void) async throws {
        let held = Set(try await store.datasetVersions(latestOnly: true).map(\.descriptor.id))
        let batches = try DatasetBundle.read(bundle)
        for (index, batch) in batches.enumerated() {
            let step = "  [\(index + 1)/\(batches.count)] \(batch.descriptor.id)"
            if held.contains(batch.descriptor.id) {
                progress("\(step): held already")
                continue
            }
            let catalogue =
                batch.countries.isEmpty && batch.commodities.isEmpty
                ? "" : ", \(batch.countries.count) countries, \(batch.commodities.count) commodities"
            progress("\(step): \(NumberFormat.grouped(Double(batch.recordCount))) records\(catalogue)")
            _ = try await store.apply(batch, importedBy: "critmin bundle")
        }
    }

    private static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
