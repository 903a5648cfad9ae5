import CritMinCore
import Foundation
import Testing

@testable import CritMinIngest

/// Catalogues and temporary files for the tests of the lists, WGI, WMD, HS and observations importers.
enum ReferenceImportFixtures {
    /// ISO 3166 from the shared data, then critmin's shipped reference catalogue: what the real files resolve against.
    static func sharedCatalogue() throws -> Catalogue {
        var catalogue = Catalogue()
        let countries = try ISO3166Importer().read(SharedData.url("iso3166"), catalogue: catalogue)
        countries.countries.forEach { catalogue.add($0) }
        let reference = try ReferenceCatalogueImporter().readShipped(catalogue: catalogue)
        catalogue.add(entriesOf: reference)
        return catalogue
    }

    /// A hand-made catalogue for bad-input tests, needing no shared data.
    static func smallCatalogue() -> Catalogue {
        Catalogue(
            commodities: [
                Commodity(id: "cobalt", name: "Cobalt", symbol: "Co", kind: .element),
                Commodity(id: "nickel", name: "Nickel", symbol: "Ni", kind: .element),
                Commodity(id: "potash", name: "Potash", symbol: "K2O", kind: .compound),
                Commodity(id: "aluminum", name: "Aluminum", symbol: "Al", kind: .element, aliases: ["aluminium"]),
                Commodity(id: "bauxite", name: "Bauxite", kind: .mineral),
                Commodity(id: "rare-earths", name: "Rare earths", symbol: "REE", kind: .group, aliases: ["rare earth elements"]),
            ],
            countries: [
                Country(code: "CAN", alpha2: "CA", numeric: "124", name: "Canada"),
                Country(code: "USA", alpha2: "US", numeric: "840", name: "United States"),
                Country(code: "COD", alpha2: "CD", numeric: "180", name: "Congo, The Democratic Republic of the",
                    aliases: [CountryAlias(scheme: "wgi", name: "ZAR"), CountryAlias(scheme: "wmd", name: "Congo, D.R.")]),
                Country(code: "GUY", alpha2: "GY", numeric: "328", name: "Guyana"),
                Country(code: "GUF", alpha2: "GF", numeric: "254", name: "French Guiana"),
                Country(code: "ANT", alpha2: "AN", numeric: "530", name: "Netherlands Antilles", withdrawn: "2011-12-13"),
            ])
    }

    /// A new empty folder under the temporary directory.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("critmin-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Writes `text` to a file named `name` in a new temporary folder (or in `folder`).
    @discardableResult
    static func write(_ text: String, named name: String, in folder: URL? = nil) throws -> URL {
        let url = try (folder ?? temporaryFolder()).appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// The test fixture file by name.
    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }
}

extension ReferenceImportFixtures {
    /// Expects `error` to have `code` and each location part that is given.
    static func check(
        _ error: CritMinError, _ code: CritMinError.Code, file: String? = nil, line: Int? = nil, field: String? = nil, value: String? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(error.code == code, sourceLocation: sourceLocation)
        if let file { #expect(error.file == file, sourceLocation: sourceLocation) }
        if let line { #expect(error.line == line, sourceLocation: sourceLocation) }
        if let field { #expect(error.field == field, sourceLocation: sourceLocation) }
        if let value { #expect(error.value == value, sourceLocation: sourceLocation) }
    }
}
