import CritMinCore
import Foundation
import Testing

@testable import CritMinIngest

@Suite("Country groups shipped in country-groups.csv")
struct CountryGroupsTests {
    @Test("every group resolves to catalogue countries, with the expected sizes", .enabled(if: SharedData.available))
    func groupsResolve() throws {
        let catalogue = try ReferenceImportFixtures.sharedCatalogue()
        let groups = catalogue.groups
        let sizes = groups.mapValues(\.members.count)
        // USMCA 3; G7 7; EU 27 (as of 2025); NATO 32 (Finland 2023, Sweden 2024); MSP 14 countries (the EU is a partner
        // too, not a country); US free-trade partners 20; covered nations of 10 U.S.C. 4872: 4. Canada's free-trade partners
        // 51: CUSMA 2 + CETA 27 + the other CPTPP parties 10 (AUS BRN CHL JPN MYS NZL PER SGP VNM GBR) + COL CRI + EFTA 4
        // + HND ISR JOR KOR PAN UKR 6. CONCERN starts as the covered nations; ALLIES is NATO ∪ MSP ∪ US-FTA ∪ CA-FTA (64).
        #expect(
            sizes == [
                "USMCA": 3, "G7": 7, "EU": 27, "NATO": 32, "MSP": 14, "US-FTA": 20, "US-COVERED": 4, "CA-FTA": 51, "CONCERN": 4, "ALLIES": 64,
            ])
        let union = ["NATO", "MSP", "US-FTA", "CA-FTA"].reduce(into: Set<CountryCode>()) { $0.formUnion(groups[$1]?.members ?? []) }
        #expect(Set(groups["ALLIES"]?.members ?? []) == union)
        #expect(groups["CONCERN"]?.members == groups["US-COVERED"]?.members)
        for group in groups.values {
            #expect(Set(group.members).count == group.members.count, "\(group.id) lists a member twice")
            let unknown = group.members.filter { catalogue.countries[$0] == nil || catalogue.countries[$0]?.withdrawn != nil }
            #expect(unknown.isEmpty, "\(group.id): \(unknown)")
            #expect(!group.source.isEmpty)
        }
        #expect(groups["NATO"]?.members.contains("FIN") == true && groups["NATO"]?.members.contains("SWE") == true)
        #expect(groups["MSP"]?.members.contains("EST") == true)
        let covered: Set<CountryCode> = Set(groups["US-COVERED"]?.members ?? [])
        #expect(covered == ["CHN", "PRK", "RUS", "IRN"])
        #expect(catalogue.area(named: "Minerals Security Partnership") == .group("MSP"))
    }

    @Test("four EU members are outside NATO; the USMCA partners are US free-trade partners", .enabled(if: SharedData.available))
    func overlaps() throws {
        let groups = try ReferenceImportFixtures.sharedCatalogue().groups
        let eu: Set<CountryCode> = Set(groups["EU"]?.members ?? [])
        let nato: Set<CountryCode> = Set(groups["NATO"]?.members ?? [])
        // EU members outside NATO: Austria, Cyprus, Ireland, Malta.
        #expect(eu.subtracting(nato) == ["AUT", "CYP", "IRL", "MLT"])
        let usmca: Set<CountryCode> = Set(groups["USMCA"]?.members ?? [])
        let freeTradePartners: Set<CountryCode> = Set(groups["US-FTA"]?.members ?? [])
        #expect(usmca.subtracting(freeTradePartners) == ["USA"])
    }
}
