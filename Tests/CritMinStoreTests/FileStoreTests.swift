import CritMinCore
import CritMinStore
import Foundation
import Testing

@Suite("SQLite files")
struct FileStoreTests {
    @Test("opening a path creates its folder and a database file in WAL mode")
    func createsWALFile() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("nested/data/critmin.sqlite").path

        let store = try SQLiteStore(path: path)
        _ = try await store.apply(Fixture.catalogue(), importedBy: "tests")

        // SQLite's file header records WAL mode (PRAGMA journal_mode = wal) as file format versions 2 at offsets 18 and 19.
        let header = try #require(FileManager.default.contents(atPath: path)).prefix(20)
        #expect(header.prefix(16) == Data("SQLite format 3\0".utf8))
        #expect(Array(header.suffix(2)) == [2, 2])
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("a reopened store keeps its data, and reopening runs no migration twice")
    func reopen() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("critmin.sqlite").path
        let ids: Set<CitationID> = [Fixture.referenceCitation.id, Fixture.usgsCitation.id, Fixture.wgiCitation.id]
        let written: StoreSnapshot
        do {
            let store = try SQLiteStore(path: path)
            for batch in [Fixture.catalogue(), Fixture.observations(), Fixture.governance()] { _ = try await store.apply(batch, importedBy: "tests") }
            written = try await StoreSnapshot(store, citationIDs: ids)
        }

        for _ in 1...2 {
            let reopened = try SQLiteStore(path: path)
            #expect(try await StoreSnapshot(reopened, citationIDs: ids) == written)
            let outcome = try await reopened.apply(Fixture.observations(), importedBy: "tests")
            #expect(outcome == .unchanged(written.versions[1]))
        }
    }

    @Test("a path that cannot be a database is a storage error naming it")
    func unopenable() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(at: folder.url, withIntermediateDirectories: true)
        let path = folder.url.appendingPathComponent("not-a-database.sqlite").path
        try Data("this is a text file, not SQLite".utf8).write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: CritMinError.self) { try SQLiteStore(path: path) }
        #expect(error?.code == .storage)
        #expect(error?.message.hasPrefix("cannot open the database at \(path): ") == true)
    }
}
