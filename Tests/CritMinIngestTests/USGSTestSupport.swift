import CritMinCore
import CritMinIngest
import Foundation

/// The catalogue the USGS tests resolve names against: ISO 3166 countries plus critmin's shipped reference catalogue.
enum USGSTestSupport {
    static let mcsFolder = SharedData.url("usgs-mcs2026")

    static func nirFile(_ year: Int) -> URL {
        SharedData.url("usgs-mcs-trends/mcs\(year)/MCS\(year)_Fig2_Net_Import_Reliance.csv")
    }

    static func catalogue() throws -> Catalogue {
        let iso = try ISO3166Importer().read(SharedData.url("iso3166"), catalogue: Catalogue())
        var catalogue = Catalogue(countries: iso.countries)
        let reference = try ReferenceCatalogueImporter().readShipped(catalogue: catalogue)
        catalogue.add(entriesOf: reference)
        return catalogue
    }
}
