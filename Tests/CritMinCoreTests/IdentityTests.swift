import Foundation
import Testing

@testable import CritMinCore

@Suite("Areas, periods and names")
struct IdentityTests {
    @Test("area codes read back", arguments: ["CAN", "WORLD", "OTHER", "group:EU", "group:CHL+TUR"])
    func areaRoundTrip(code: String) throws {
        #expect(try Area(code: code).code == code)
    }

    @Test("a malformed area code is refused with the value")
    func badArea() {
        #expect(throws: CritMinError.self) { try Area(code: "Canada") }
        do {
            _ = try Area(code: "C4N")
            Issue.record("expected an error")
        } catch {
            #expect(error.value == "C4N")
        }
    }

    @Test("periods read USGS spans")
    func periods() throws {
        #expect(Period(text: "2021-24") == Period(start: 2021, end: 2024))
        #expect(Period(text: "2021–2024") == Period(start: 2021, end: 2024))
        #expect(Period(text: "2025") == Period(2025))
        #expect(Period(text: "2024-21") == nil)
        #expect(Period(text: "soon") == nil)
        #expect(Period(start: 2021, end: 2024).description == "2021–24")
        #expect(Period(start: 1999, end: 2002).description == "1999–2002")
    }

    @Test("name keys fold case, accents and punctuation")
    func nameKeys() {
        #expect(Catalogue.nameKey("Côte d’Ivoire") == Catalogue.nameKey("cote d'ivoire"))
        #expect(Catalogue.nameKey("Korea,  Republic of") == "korea republic of")
        #expect(Catalogue.nameKey("Talc, Steatite & Pyrophyllite") == "talc steatite and pyrophyllite")
    }

    @Test("the catalogue resolves names, aliases, world and residual rows")
    func catalogueResolution() {
        let catalogue = Catalogue(
            commodities: [
                Commodity(id: "rare-earths", name: "Rare earths", kind: .group, aliases: ["Rare earth elements"]),
                Commodity(id: "neodymium", name: "Neodymium", symbol: "Nd", kind: .element, parent: "rare-earths"),
            ],
            countries: [
                Country(
                    code: "COD", name: "Congo, The Democratic Republic of the", aliases: [CountryAlias(scheme: "usgs", name: "Congo (Kinshasa)")]),
                Country(code: "ANT", name: "Netherlands Antilles", withdrawn: "2010-12-15"),
            ],
            groups: [CountryGroup(id: "USMCA", name: "United States–Mexico–Canada Agreement", members: ["CAN", "MEX", "USA"], source: "test")])
        #expect(catalogue.area(named: "congo (kinshasa)") == .country("COD"))
        #expect(catalogue.area(named: "cod") == .country("COD"))
        #expect(catalogue.area(named: "World total (rounded)") == .world)
        #expect(catalogue.area(named: "Other countries") == .otherCountries)
        #expect(catalogue.area(named: "USMCA") == .group("USMCA"))
        #expect(catalogue.area(named: "Atlantis") == nil)
        #expect(catalogue.commodity(named: "RARE EARTH ELEMENTS") == "rare-earths")
        #expect(catalogue.members(of: "rare-earths").map(\.id) == ["neodymium"])
    }

    @Test("errors say where, what and which value")
    func errorDescription() {
        let error = CritMinError(.invalidValue, "not a number", file: "world.csv", line: 12, field: "production", value: "3,5x")
        #expect(error.description == "world.csv:12: field 'production': not a number (value: \"3,5x\")")
    }
}

@Suite("Name keys")
struct NameKeyTests {
    @Test(
        "the ASCII fast path gives the same keys as Foundation's folding",
        arguments: [
            "Talc, Steatite & Pyrophyllite", "Congo (Kinshasa)", "Korea,  Republic of", "  cobalt ", "R&D", "Cote d'Ivoire",
            "St. Kitts and Nevis", "A&B", "&", "x&", "--", "", "World total (rounded)", "MCS2023", "Bosnia-Herzegovina",
        ])
    func asciiMatchesFolding(name: String) throws {
        let fast = try #require(Catalogue.asciiNameKey(name))
        #expect(fast == Catalogue.foldedNameKey(name))
    }

    @Test("names beyond ASCII take the folding path")
    func nonASCII() {
        #expect(Catalogue.asciiNameKey("Türkiye") == nil)
        #expect(Catalogue.nameKey("Türkiye") == "turkiye")
    }
}
