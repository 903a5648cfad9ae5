import CritMinCore
@testable import CritMinIngest
import Foundation
import Testing

/// Units and corrections as USGS text states them.
@Suite struct USGSUnitsTests {
    @Test(arguments: [
        ("(Data in metric tons, cobalt content, unless otherwise specified)", MeasureUnit("t", basis: "cobalt content")),
        ("(Data in thousand metric tons unless otherwise specified)", MeasureUnit("kt")),
        ("(Data in million metric tons, metal, unless otherwise specified)", MeasureUnit("Mt", basis: "metal")),
        ("(Data in kilograms, gallium content, unless otherwise specified)", MeasureUnit("kg", basis: "gallium content")),
        ("(Data in million carats unless otherwise specified)", MeasureUnit("Mct")),
        ("[Data in metric tons, rare-earth-oxide (REO) equivalent, unless otherwise specified]",
            MeasureUnit("t", basis: "rare-earth-oxide (REO) equivalent")),
    ])
    func chapterUnit(note: String, unit: MeasureUnit) {
        #expect(USGSUnits.chapterUnit(unitsNote: note) == unit)
    }

    @Test func chapterUnitRejectsNotesWithoutAUnit() {
        #expect(USGSUnits.chapterUnit(unitsNote: "(Fused aluminum oxide, silicon carbide, and metallic abrasives)") == nil)
        #expect(USGSUnits.chapterUnit(unitsNote: "") == nil)
        #expect(USGSUnits.chapterUnit(unitsNote: "(Data in barrels unless otherwise specified)") == nil)
    }

    @Test(arguments: [
        ("Price, average, dollars per pound", MeasureUnit("USD/lb")),
        ("Price, annual average, cents per pound", MeasureUnit("USc/lb")),
        ("Price, average, dollars per kilogram", MeasureUnit("USD/kg")),
        ("Price, dollars per troy ounce", MeasureUnit("USD/ozt")),
        ("Price, dollars per metric ton", MeasureUnit("USD/t")),
        ("Price, unit value of imports, dollars per carat", MeasureUnit("USD/ct")),
        ("Price, average, cents per pound of silicon", MeasureUnit("USc/lb", basis: "silicon")),
        ("Zircon, dollars per metric ton (gross weight)", MeasureUnit("USD/t", basis: "gross weight")),
        ("Price, average, manganese content, cost, insurance, and freight, China, dollars per metric ton unit", MeasureUnit("USD/mtu")),
        ("Price, concentrate, average in-warehouse Rotterdam, dollars per dry metric ton unit of tungsten trioxide",
            MeasureUnit("USD/mtu", basis: "tungsten trioxide, dry")),
        ("Producer price index, steel mill products (1982=100)", MeasureUnit("index", basis: "1982=100")),
    ])
    func priceUnit(title: String, unit: MeasureUnit) {
        #expect(USGSUnits.priceUnit(in: title) == unit)
    }

    @Test func statedBasis() {
        #expect(USGSUnits.statedBasis(in: "Tin alloys, gross weight") == "gross weight")
        #expect(USGSUnits.statedBasis(in: "Consumption, apparent, manganese content") == "manganese content")
        #expect(USGSUnits.statedBasis(in: "Production, zirconium ores and concentrates [zirconium oxide (ZrO2) content]")
            == "zirconium oxide (ZrO2) content")
        #expect(USGSUnits.statedBasis(in: "Imports for consumption") == nil)
    }

    @Test func formulasAreRestoredAsWholeWords() throws {
        let corrections = try USGSCorrections(url: ReferenceFiles.url("usgs-corrections.csv"))
        #expect(corrections.restoringFormulas("potassium oxide (KO) equivalent") == "potassium oxide (K2O) equivalent")
        #expect(corrections.restoringFormulas("TiO pigment") == "TiO2 pigment")
        #expect(corrections.restoringFormulas("KOH and TiO2") == "KOH and TiO2")
    }
}
