import CritMinCore
import CritMinIngest
import Foundation
import Testing

/// EndUseParser on sentences of real MCS 2026 chapters (copied from their "Domestic Production and Use" text), each
/// expectation read off the sentence by hand.
@Suite struct USGSEndUseParserTests {
    private func shares(_ text: String) -> [String: Amount] {
        Dictionary(EndUseParser.parse(text).map { ($0.sector, $0.amount) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func aluminum() {
        let parsed = EndUseParser.parse(
            "Based on published prices, the value of primary aluminum production was an estimated $2.6 billion, 35% more than that "
                + "in 2024. The estimated average annual U.S. market price increased by 39% from that in 2024. Transportation "
                + "applications accounted for 36% of domestic consumption; the remainder was used in packaging, 24%; building, 13%; "
                + "electrical, 9%; consumer durables and machinery, 8% each; and other, 2%.")
        // The price and value sentences are not about use; "8% each" goes to both sectors. 36+24+13+9+8+8+2 = 100.
        #expect(parsed.map(\.sector) == [
            "transportation applications", "packaging", "building", "electrical", "consumer durables", "machinery", "other",
        ])
        #expect(parsed.map(\.amount) == [36, 24, 13, 9, 8, 8, 2].map { .value($0) })
        #expect(parsed[1].text == "the remainder was used in packaging, 24%")
        #expect(parsed.allSatisfy { !$0.isGlobal })
    }

    @Test func antimony() {
        let parsed = shares(
            "Recycling supplied 12% of estimated domestic apparent consumption, and the remainder came from imports. In the United "
                + "States, the leading uses of antimony were metal products, including flame retardants, 49%; antimonial lead and "
                + "ammunition, 40%; and nonmetal products, including ceramics and glass and rubber products, 11%.")
        // Recycling's 12% is a share of supply, not an end use. 49+40+11 = 100.
        #expect(parsed == [
            "metal products, including flame retardants": .value(49), "antimonial lead and ammunition": .value(40),
            "nonmetal products, including ceramics and glass and rubber products": .value(11),
        ])
    }

    @Test func arsenicBoundAndPurity() {
        let parsed = shares(
            "High-purity (99.9999%) arsenic metal was used to produce gallium-arsenide (GaAs) semiconductors for solar cells. "
                + "Domestically, the leading use of arsenic was for the production of herbicides, insecticides, and wood preservatives "
                + "(more than 80%), followed by metallurgical and semiconductor applications.")
        // "(99.9999%)" is a purity; "(more than 80%)" a lower bound.
        #expect(parsed == ["production of herbicides, insecticides, and wood preservatives": .greaterThan(80)])
    }

    @Test func beryllium() {
        let parsed = shares(
            "Based on sales revenues, approximately 29% of beryllium products were used in consumer electronics, 24% in aerospace "
                + "and defense applications, 17% in industrial components, 9% in automotive electronics, 8% in energy applications, "
                + "2% in semiconductor applications, and 11% in other applications.")
        // 29+24+17+9+8+2+11 = 100.
        #expect(parsed == [
            "consumer electronics": .value(29), "aerospace and defense applications": .value(24), "industrial components": .value(17),
            "automotive electronics": .value(9), "energy applications": .value(8), "semiconductor applications": .value(2),
            "other applications": .value(11),
        ])
    }

    @Test func cobalt() {
        let parsed = shares(
            "An estimated 51% of cobalt consumed in the United States was used in superalloys, mainly for aircraft gas turbine "
                + "engines; 25% in a variety of chemical applications; 15% in various other metallic applications; and 9% in cemented "
                + "carbides for cutting and wear-resistant applications.")
        // 51+25+15+9 = 100.
        #expect(parsed == [
            "superalloys": .value(51), "a variety of chemical applications": .value(25), "various other metallic applications": .value(15),
            "cemented carbides for cutting and wear-resistant applications": .value(9),
        ])
    }

    @Test func copperNotStateShares() {
        let parsed = shares(
            "Arizona was the leading copper-producing State and accounted for approximately 70% of domestic output; copper was also "
                + "mined in Alaska, Michigan, and Utah. According to the Copper Development Association, copper and copper alloy "
                + "products were used in building construction, 42%; electrical and electronic products, 23%; transportation equipment, "
                + "18%; consumer and general products, 10%; and industrial machinery and equipment, 7%.")
        // Arizona's 70% is a share of output, not of use. 42+23+18+10+7 = 100.
        #expect(parsed == [
            "building construction": .value(42), "electrical and electronic products": .value(23), "transportation equipment": .value(18),
            "consumer and general products": .value(10), "industrial machinery and equipment": .value(7),
        ])
    }

    @Test func gallium() {
        let parsed = shares(
            "Gallium nitride (GaN) was used to manufacture ICs and optoelectronic devices; ICs accounted for 73% of domestic gallium "
                + "consumption, and optoelectronic devices accounted for 26%.")
        #expect(parsed == ["ics": .value(73), "optoelectronic devices": .value(26)])  // 73 + 26 = 99 as printed
    }

    @Test func ironAndSteelShipmentsNotStateProduction() {
        let parsed = shares(
            "Indiana accounted for an estimated 19% of total raw steel production, followed by Ohio, 8%; Texas, 5%; and Pennsylvania, "
                + "4%; no other individual State accounted for more than 4% of total domestic raw steel production. Construction "
                + "accounted for an estimated 31% of net shipments by market classification, followed by steel service centers and "
                + "distributors, 26%; automotive, 15%; and steel for converting and processing, 11%; all other applications accounted "
                + "for 17% of net shipments.")
        // The States' shares of production are not end uses. 31+26+15+11+17 = 100.
        #expect(parsed == [
            "construction": .value(31), "steel service centers and distributors": .value(26), "automotive": .value(15),
            "steel for converting and processing": .value(11), "all other applications": .value(17),
        ])
    }

    @Test func lithiumIsGlobal() {
        let parsed = EndUseParser.parse(
            "Although lithium uses vary by location, global end uses were estimated as follows: batteries, 88%; ceramics and glass, "
                + "4%; lubricating greases, 2%; air treatment, 1%; continuous casting mold flux powders, 1%; medical, 1%; and other "
                + "uses, 3%.")
        // 88+4+2+1+1+1+3 = 100.
        #expect(parsed.map(\.sector) == [
            "batteries", "ceramics and glass", "lubricating greases", "air treatment", "continuous casting mold flux powders", "medical",
            "other uses",
        ])
        #expect(parsed.compactMap(\.amount.exactValue).reduce(0, +) == 100)
        #expect(parsed.allSatisfy { $0.isGlobal })
    }

    @Test func magnesiumNickelNiobium() {
        // Only the primary-magnesium shares are read: "was estimated to be used in" and "was consumed for" are not the
        // explicit patterns. 69+15+9+7 = 100.
        #expect(shares(
            "In 2025, an estimated 69% of primary magnesium consumption was used in castings, principally for the automotive "
                + "industry. Aluminum-base alloys that were used for packaging, transportation, and other applications accounted for "
                + "an estimated 15% of consumption; desulfurization of iron and steel, 9%; and all other uses, 7%. About 58% of "
                + "secondary magnesium was estimated to be used in aluminum alloys, and about 42% was consumed for structural uses.")
            == [
                "castings": .value(69), "aluminum-base alloys that were used for packaging, transportation, and other applications": .value(15),
                "desulfurization of iron and steel": .value(9), "all other uses": .value(7),
            ])
        #expect(shares("Stainless and alloy steel and nickel-containing alloys typically account for more than 85% of domestic consumption.")
            == ["stainless and alloy steel and nickel-containing alloys": .greaterThan(85)])
        #expect(shares(
            "Major end-use distribution of domestic niobium consumption was estimated as follows: steels, about 77%, and superalloys, "
                + "about 23%.") == ["steels": .value(77), "superalloys": .value(23)])
    }

    @Test func sentencesWithoutExplicitShares() {
        // Tin: 94% is a share of firms; potash: "used about 85% of … sales" and rhenium's "respectively" are not read;
        // graphite: an import mix; chromium: a share of world production.
        #expect(shares("Twenty-five firms accounted for more than 94% of the primary tin consumed domestically in 2025.").isEmpty)
        #expect(shares(
            "The fertilizer industry used about 85% of U.S. potash sales, and the remainder was used for chemical and industrial "
                + "applications.").isEmpty)
        #expect(shares(
            "The major uses of rhenium were in superalloys used in high-temperature turbine engine components and in "
                + "petroleum-reforming catalysts, representing an estimated 80% and 15%, respectively, of end uses.").isEmpty)
        #expect(shares(
            "During 2025, U.S. natural graphite imports were an estimated 79,000 tons, consisting of 73.4% flake and high-purity, "
                + "26.2% amorphous, and 0.4% lump and chip graphite.").isEmpty)
        #expect(shares(
            "In 2025, the United States consumed an estimated 4% of world chromite ore production in various forms of imported "
                + "materials, such as chromite ore, chromium chemicals, ferrochromium, chromium metal, and stainless steel.").isEmpty)
    }
}
