import CritMinCore
import CritMinReports
import Foundation
import Testing

@Suite("Report rendering")
struct RendererTests {
    static let report = Report(
        title: "Cobalt",
        facts: [("Id", "cobalt"), ("Kind", "element")],
        tables: [
            ReportTable(
                title: "World mine production",
                columns: [Column("Country"), .figure("2025", key: "y2025"), .figure("Share %", key: "share")],
                rows: [
                    [
                        Cell("Congo (Kinshasa)", json: .string("COD")), .quantity(Quantity(.value(230_000), unit: .metricTons, estimated: true)),
                        .percent(230_000.0 / 310_000),
                    ],
                    [Cell("United States", json: .string("USA")), .quantity(Quantity(.withheld, unit: .metricTons)), .empty],
                    [Cell("Niobium, \"quoted\"", json: .string("X")), .quantity(Quantity(.greaterThan(95), unit: .percent)), .empty],
                ],
                notes: ["e = estimated."],
                citations: ["U.S. Geological Survey, Mineral Commodity Summaries 2026"])
        ])

    @Test("text: aligned columns, figures right-aligned, notes and sources under the table")
    func text() {
        let text = Self.report.rendered(as: .table)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Cobalt")
        #expect(lines[1] == "======")
        #expect(lines[2] == "Id    cobalt")
        // Column widths: Country 17 ("Niobium, "quoted""), 2025 = 8 ("230,000e"), Share % = 7.
        #expect(lines.contains("Country                2025  Share %"))
        #expect(lines.contains("Congo (Kinshasa)   230,000e     74.2"))
        #expect(lines.contains("United States             W"))
        #expect(lines.contains("Note: e = estimated."))
        #expect(lines.contains("Source: U.S. Geological Survey, Mineral Commodity Summaries 2026"))
    }

    @Test("json: rows keyed by column, figures with notation, value and unit")
    func json() throws {
        let text = Self.report.rendered(as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let tables = try #require(object["tables"] as? [[String: Any]])
        let rows = try #require(tables[0]["rows"] as? [[String: Any]])
        let figure = try #require(rows[0]["y2025"] as? [String: Any])
        #expect(figure["notation"] as? String == "230,000e")
        #expect(figure["value"] as? Double == 230_000)
        #expect(figure["unit"] as? String == "t")
        #expect(figure["estimated"] as? Bool == true)
        #expect(rows[1]["share"] is NSNull)
        #expect((rows[2]["y2025"] as? [String: Any])?["greaterThan"] as? Double == 95)
        #expect((object["facts"] as? [String: Any])?["kind"] as? String == "element")
    }

    @Test("csv: quoted where needed, one block per table")
    func csv() {
        let lines = Self.report.rendered(as: .csv).split(separator: "\n").map(String.init)
        #expect(lines[0] == "# World mine production")
        #expect(lines[1] == "Country,2025,Share %")
        #expect(lines[2] == "Congo (Kinshasa),\"230,000e\",74.2")
        #expect(lines[4] == "\"Niobium, \"\"quoted\"\"\",>95,")
        #expect(lines.last == "# Source: U.S. Geological Survey, Mineral Commodity Summaries 2026")
    }

    @Test("JSON strings escape quotes and control characters")
    func escaping() {
        #expect(JSONValue.string("a\"b\\c\n\u{1}").rendered == "\"a\\\"b\\\\c\\n\\u0001\"")
        #expect(JSONValue.number(2.5).rendered == "2.5")
        #expect(JSONValue.number(3).rendered == "3")
        #expect(JSONValue.number(.nan).rendered == "null")
    }
}
