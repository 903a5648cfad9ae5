import CritMinAnalysis
import CritMinCore
import Testing

@Suite struct DependenceTests {
    @Test func publishedRelianceBecomesAnInterval() throws {
        let above = try #require(NetImportReliance(percent: .greaterThan(95)))
        #expect(above.interval == FractionInterval(low: 0.95, high: 1))
        #expect(above.notation == ">95")
        let below = try #require(NetImportReliance(percent: .lessThan(25)))
        #expect(below.interval == FractionInterval(low: 0, high: 0.25))
        let exporter = try #require(NetImportReliance(percent: .netExporter))
        #expect(exporter.isNetExporter && exporter.interval.isPoint && exporter.interval.low == 0)
        #expect(try #require(NetImportReliance(percent: .value(76))).interval == FractionInterval(exactly: 0.76))
        #expect(NetImportReliance(percent: .withheld) == nil)
    }

    @Test func relianceFromTradeTotals() throws {
        // P 40, M 80, X 20: (80 − 20) / (40 + 80 − 20) = 60 / 100 = 0.6.
        let reliance = try #require(NetImportReliance(production: 40, imports: 80, exports: 20))
        #expect(reliance.interval.low == 0.6 && reliance.notation == "60")
        // X > M: net exporter, 0.
        let exporter = try #require(NetImportReliance(production: 100, imports: 10, exports: 30))
        #expect(exporter.isNetExporter && exporter.interval.low == 0)
        #expect(NetImportReliance(production: 0, imports: 10, exports: 10) == nil)
        // Exports above production plus imports (re-exports): no consumption to divide by, but clearly no reliance.
        let reexporter = try #require(NetImportReliance(production: 5, imports: 10, exports: 40))
        #expect(reexporter.isNetExporter && reexporter.interval.low == 0)
    }

    @Test func groupDependenceWithResidual() {
        // Shares CAN 0.4, CHN 0.3, MEX 0.1, "Other" 0.2: USMCA (CAN, MEX) 0.5 … 0.7.
        let shares = [
            SupplierShare(supplier: "CAN", share: 0.4), SupplierShare(supplier: "CHN", share: 0.3), SupplierShare(supplier: "MEX", share: 0.1),
        ]
        let dependence = GroupDependence(shares: shares, members: ["CAN", "MEX", "USA"], residual: 0.2)
        #expect(abs(dependence.share - 0.5) < 1e-15)
        #expect(abs(dependence.upperBound - 0.7) < 1e-15)
        #expect(dependence.suppliers.map(\.supplier) == ["CAN", "MEX"])
    }

    @Test func tradeSharesByBasis() throws {
        // Two HS codes from CHN (3 t + 1 t, 10 + 30 kUSD), CAN 4 t / 60 kUSD, COD quantity NA / 100 kUSD.
        let flows = [
            PartnerFlow(partner: "CHN", quantity: 3, value: 10), PartnerFlow(partner: "CHN", quantity: 1, value: 30),
            PartnerFlow(partner: "CAN", quantity: 4, value: 60), PartnerFlow(partner: "COD", quantity: nil, value: 100),
        ]
        // By quantity: CHN 4/8 = 0.5, CAN 0.5, COD left out (no figure).
        let byQuantity = try #require(TradeDependence(flows: flows, basis: .quantity))
        #expect(byQuantity.total == 8 && byQuantity.flowsWithoutFigure == 1)
        #expect(byQuantity.shares.map(\.share) == [0.5, 0.5])
        // By value: COD 100/200 = 0.5, CAN 0.3, CHN 0.2.
        let byValue = try #require(TradeDependence(flows: flows, basis: .value))
        #expect(byValue.shares.map(\.supplier) == ["COD", "CAN", "CHN"])
        #expect(abs(byValue.dependence(on: ["CAN", "CHN"]).share - 0.5) < 1e-15)
        #expect(TradeDependence(flows: [PartnerFlow(partner: "CHN", quantity: nil, value: 1)], basis: .quantity) == nil)
    }

    @Test(arguments: 0..<40) func tradeSharesSumToOne(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed))
        let partners: [CountryCode] = ["CHN", "CAN", "MEX", "DEU", "JPN", "AUS"]
        let flows = (0..<20).map { _ in
            PartnerFlow(partner: partners.randomElement(using: &generator)!, quantity: Double.random(in: 0...100, using: &generator), value: nil)
        }
        let dependence = try #require(TradeDependence(flows: flows, basis: .quantity))
        #expect(abs(dependence.shares.reduce(0) { $0 + $1.share } - 1) < 1e-12)
        #expect(zip(dependence.shares, dependence.shares.dropFirst()).allSatisfy { $0.share >= $1.share })
    }
}
