import ArgumentParser
import CritMinCore
import CritMinIngest
import CritMinStore
import Foundation

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a source file (or folder) as a new version of its dataset.",
        discussion: """
            KIND is one of:
            \(ImporterRegistry.all.map { "  \(type(of: $0).kind): \(type(of: $0).summary)" }.joined(separator: "\n"))

            The import is all-or-nothing: any error (named by file, line, field and value) leaves the database unchanged. \
            Importing a file identical to the latest version's sources changes nothing.
            Example: critmin import observations my-nrcan-figures.csv
            """)

    @Argument(help: "Importer kind.") var kind: String
    @Argument(help: "File or folder to import.", completion: .file()) var path: String
    @Option(help: "Who imports (recorded with the version).") var by: String = ProcessInfo.processInfo.environment["USER"] ?? "critmin user"
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard ImporterRegistry.kinds.contains(kind) else {
            throw ValidationError("Unknown kind '\(kind)'. Kinds: \(ImporterRegistry.kinds.joined(separator: ", ")).")
        }
    }

    func run() async throws {
        let database = try await store.open()
        let importer = try ImporterRegistry.importer(kind: kind)
        let batch = try importer.read(URL(fileURLWithPath: path), catalogue: try await database.catalogue())
        switch try await database.apply(batch, importedBy: by) {
        case .created(let version):
            let files = version.sourceFiles.joined(separator: ", ")
            print("\(version.descriptor.id) version \(version.version) created: \(version.recordCount) records from \(files)")
        case .unchanged(let version):
            let checksum = version.checksum.prefix(12)
            print("\(version.descriptor.id) unchanged: the sources are identical to version \(version.version) (SHA-256 \(checksum)…)")
        }
    }
}

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the database from the bundled default dataset (or from another bundle).",
        discussion: """
            SQLite: refuses to touch an existing database unless --replace is given; the old file is replaced only once the new one \
            is complete. PostgreSQL: imports the bundle's datasets the database does not hold yet (run it again after an interruption).
            """)

    @Option(help: "A bundle folder (default: the one shipped with critmin).", completion: .directory) var bundle: String?
    @Flag(help: "Replace an existing database.") var replace = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let source = try bundle.map { URL(fileURLWithPath: $0) } ?? DatasetBundle.shipped()
        switch store.location {
        case .sqlite(let path):
            if FileManager.default.fileExists(atPath: path), !replace {
                throw CritMinError(.conflict, "a database already exists at \(path); use --replace to rebuild it")
            }
            try await DefaultDatabase.create(at: path, from: source, progress: StandardError.write)
        case .postgres(let url):
            if replace {
                throw CritMinError(.invalidValue, "--replace rebuilds SQLite files only; a PostgreSQL database keeps what it holds", field: "replace")
            }
            let database = try await PostgresStore.connect(url: url)
            try await DefaultDatabase.fill(database, from: source, progress: StandardError.write)
            await database.close()
        }
    }
}

struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Build the default dataset bundle and the world map from the public sources.",
        subcommands: [Build.self, Map.self])

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Read every public source with critmin's importers and write the bundle critmin ships.",
            discussion: "Example (from the repository root): critmin bundle build --data ../shared/data --output Sources/CritMinIngest/DefaultBundle")

        @Option(help: "The shared data folder.", completion: .directory) var data: String = "../shared/data"
        @Option(help: "Bundle folder to write (replaced atomically).", completion: .directory) var output: String =
            "Sources/CritMinIngest/DefaultBundle"

        func run() async throws {
            StandardError.write("critmin: reading sources from \(data)")
            let batches = try DefaultBundleSources.read(sharedData: URL(fileURLWithPath: data), progress: StandardError.write)
            let verification = try SQLiteStore.inMemory()
            for batch in batches { _ = try await verification.apply(batch, importedBy: "critmin bundle") }
            try DatasetBundle.write(batches, to: URL(fileURLWithPath: output))
            let records = batches.reduce(0) { $0 + $1.recordCount }
            StandardError.write("critmin: wrote \(batches.count) datasets, \(records) records to \(output)")
        }
    }

    struct Map: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "map",
            abstract: "Simplify Natural Earth's 1:110m country outlines into the world map critmin ships.",
            discussion:
                "Example (from the repository root): critmin bundle map --data ../shared/data --output Sources/CritMinIngest/Maps/world-110m.txt")

        @Option(help: "The shared data folder.", completion: .directory) var data: String = "../shared/data"
        @Option(help: "Map file to write (replaced atomically).", completion: .file()) var output: String =
            "Sources/CritMinIngest/Maps/world-110m.txt"
        @Option(help: "Douglas–Peucker tolerance, in degrees.") var tolerance: Double = NaturalEarthMap.defaultTolerance

        func run() async throws {
            let source = URL(fileURLWithPath: data).appendingPathComponent("naturalearth/countries-110m.geojson")
            let map = try NaturalEarthMap.read(geoJSON: source, tolerance: tolerance)
            let text = NaturalEarthMap.encode(map)
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw CritMinError(.io, "cannot write the world map: \(error.localizedDescription)", file: output)
            }
            let rings = map.shapes.reduce(0) { $0 + $1.rings.count }
            let points = map.shapes.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } }
            StandardError.write("critmin: wrote \(map.shapes.count) shapes, \(rings) rings, \(points) points (\(text.utf8.count) bytes) to \(output)")
        }
    }
}
