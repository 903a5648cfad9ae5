import CritMinCore
import Foundation
import Testing

@testable import CritMinIngest

@Suite("CSV reading")
struct CSVReaderTests {
    static func records(_ text: String) throws(CritMinError) -> [CSVRecord] {
        var reader = CSVReader(data: Data(text.utf8), fileName: "t.csv")
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    @Test("quoted fields, doubled quotes, CRLF, BOM and blank lines, with physical line numbers")
    func rfc4180() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\",3\n4,,\n"
        let records = try Self.records(text)
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "two\nlines", "3"], ["4", "", ""]])
        // The third record starts on line 4 (line 3 is blank) and spans two lines, so the next starts on line 6.
        #expect(records.map(\.line) == [1, 2, 4, 6])
    }

    @Test("a file without a final newline keeps its last record")
    func noFinalNewline() throws {
        #expect(try Self.records("a,b\n1,2").map(\.fields) == [["a", "b"], ["1", "2"]])
    }

    @Test("a NUL byte, quoted or not, is an error naming the line and column")
    func nulByte() throws {
        for text in ["a,b\n1,x\u{0}y\n", "a,b\n1,\"x\u{0}\"\n"] {
            let error = #expect(throws: CritMinError.self) { try Self.records(text) }
            #expect(error?.code == .invalidFormat && error?.file == "t.csv" && error?.line == 2)
            #expect(error?.message.contains("column 2") == true)
        }
    }

    @Test("an unclosed quote is an error naming the line where the record starts")
    func unclosedQuote() throws {
        do {
            _ = try Self.records("a,b\n1,\"open\n2,3\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidFormat)
            #expect(error.file == "t.csv")
            #expect(error.line == 2)
        }
    }

    @Test("reads a file larger than one chunk, streaming, with the same records")
    func chunked() throws {
        let rows = (0..<60_000).map { "\($0),\"name \($0), with comma\",\($0 * 2)" }
        let text = "id,name,double\n" + rows.joined(separator: "\n") + "\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chunked-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(text.utf8.count > 1 << 20)
        var table = try CSVTable(url: url, required: ["id", "name", "double"])
        var count = 0
        while let row = try table.next() {
            #expect(try row.int("id") == count)
            #expect(row.line == count + 2)
            count += 1
        }
        #expect(count == 60_000)
    }

    @Test("typed fields: trimmed text, numbers with thousands separators, errors with file, line, column and value")
    func typedFields() throws {
        var table = try CSVTable(data: Data("name,count,value\n  Canada ,12,\"3,500.5\"\nX,twelve,\n".utf8), fileName: "t.csv", required: ["name"])
        let first = try #require(try table.next())
        #expect(first["name"] == "Canada")
        #expect(first.verbatim("name") == "  Canada ")
        #expect(try first.int("count") == 12)
        #expect(try first.double("value") == 3_500.5)
        #expect(first["missing"] == "")
        let second = try #require(try table.next())
        #expect(try second.optionalDouble("value") == nil)
        do {
            _ = try second.int("count")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "t.csv:3: field 'count': not a whole number (value: \"twelve\")")
        }
        #expect(throws: CritMinError.self) { try second.double("value") }
    }

    @Test("missing columns are all named with the header the file has")
    func missingColumns() {
        do {
            _ = try CSVTable(data: Data("a,b\n1,2\n".utf8), fileName: "t.csv", required: ["a", "c", "d"])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .missingField)
            #expect(error.message.contains("c, d"))
            #expect(error.message.contains("a, b"))
            #expect(error.line == 1)
        }
        #expect(throws: CritMinError.self) { try CSVTable(data: Data(), fileName: "empty.csv", required: ["a"]) }
    }

    @Test("an unreadable file names its path")
    func unreadable() {
        do {
            _ = try CSVReader(url: URL(fileURLWithPath: "/nonexistent/x.csv"))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .io)
            #expect(error.file == "/nonexistent/x.csv")
        }
    }
}
