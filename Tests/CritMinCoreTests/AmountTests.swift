import CritMinCore
import Testing

@Suite("USGS notation")
struct AmountTests {
    @Test("reads numbers, bounds, ranges and symbols as USGS prints them")
    func readsNotation() {
        #expect(Amount(notation: "3,500") == .value(3_500))
        #expect(Amount(notation: "0.08") == .value(0.08))
        #expect(Amount(notation: ">95") == .greaterThan(95))
        #expect(Amount(notation: "<100,000") == .lessThan(100_000))
        #expect(Amount(notation: "890–1,000") == .range(890, 1_000))
        #expect(Amount(notation: "—") == .zero)
        #expect(Amount(notation: "W") == .withheld)
        #expect(Amount(notation: "NA") == .notAvailable)
        #expect(Amount(notation: "XX") == .notApplicable)
        #expect(Amount(notation: "E") == .netExporter)
        #expect(Amount(notation: "( )") == .notAvailable)
        #expect(Amount(notation: "Small") == .text("Small"))
        #expect(Amount(notation: "  ") == nil)
    }

    @Test("prints what it read", arguments: ["3,500", ">95", "<25", "890–1,000", "—", "W", "NA", "XX", "E", "Large", "1,234,567.5", "0.08"])
    func roundTripsNotation(text: String) throws {
        let amount = try #require(Amount(notation: text))
        #expect(amount.notation == text)
    }

    @Test("computes only with an explicit convention")
    func boundValues() {
        #expect(Amount.withheld.boundValue == nil)
        #expect(Amount.netExporter.exactValue == nil)
        #expect(Amount.greaterThan(95).exactValue == nil)
        #expect(Amount.greaterThan(95).boundValue == 95)
        // midpoint of 890–1,000 = (890 + 1000) / 2 = 945
        #expect(Amount.range(890, 1_000).boundValue == 945)
        #expect(Amount.zero.exactValue == 0)
    }

    @Test("storage form reads back every case exactly")
    func storageRoundTrip() throws {
        let amounts: [Amount] = [
            .value(0.1 + 0.2), .greaterThan(95), .lessThan(25), .range(890, 1_000), .zero, .withheld, .notAvailable, .notApplicable,
            .netExporter, .text("Small"),
        ]
        for amount in amounts {
            let form = amount.storageForm
            #expect(try Amount(kind: form.kind, value: form.value, high: form.high, text: form.text) == amount)
        }
        #expect(throws: CritMinError.self) { try Amount(kind: "bogus", value: nil, high: nil, text: nil) }
        #expect(throws: CritMinError.self) { try Amount(kind: "range", value: 1, high: nil, text: nil) }
    }

    @Test("estimates print with a trailing e")
    func estimatedNotation() {
        #expect(Quantity(.value(300), unit: .metricTons, estimated: true).notation == "300e")
    }

    @Test("groups thousands without locale")
    func numberFormat() {
        #expect(NumberFormat.grouped(1_234_567) == "1,234,567")
        #expect(NumberFormat.grouped(-1_234.5) == "-1,234.5")
        #expect(NumberFormat.grouped(999) == "999")
        #expect(NumberFormat.fixed(74.19354, fractionDigits: 1) == "74.2")
        #expect(NumberFormat.fixed(-0.01, fractionDigits: 1) == "0.0")
    }
}
