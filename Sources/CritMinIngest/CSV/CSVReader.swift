import CritMinCore
import Foundation

/// One CSV record with the line it starts on.
public struct CSVRecord: Sendable {
    /// 1-based physical line of the record's first character.
    public let line: Int
    public let fields: [String]
}

/// A streaming RFC 4180 reader over bytes: quoted fields, doubled quotes, CRLF or LF, a leading UTF-8 BOM.
///
/// It reads the file in chunks, so memory stays flat on large trade files, and counts physical lines so that
/// every error can name the line a user must open.
public struct CSVReader: Sendable {
    public let fileName: String
    private let handle: FileHandle?
    private var buffer: [UInt8]
    private var position = 0
    private var line = 1
    private var exhausted: Bool
    /// Whether any byte read so far is NUL: fields are searched for one only then (one memchr per chunk instead of a scan
    /// per field).
    private var holdsNUL = false
    private static let chunkSize = 1 << 20

    /// Reads a file. The error names the file when it cannot be opened.
    public init(url: URL) throws(CritMinError) {
        fileName = url.lastPathComponent
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw CritMinError(.io, "cannot open file: \(error.localizedDescription)", file: url.path)
        }
        buffer = []
        exhausted = false
        skipByteOrderMark()
    }

    /// Reads bytes already in memory; `fileName` is used in errors.
    public init(data: Data, fileName: String) {
        self.fileName = fileName
        handle = nil
        buffer = [UInt8](data)
        holdsNUL = Self.containsNUL(buffer[...])
        exhausted = true
        skipByteOrderMark()
    }

    /// The next record, or `nil` at the end of the input. Blank lines are skipped.
    /// - Throws: ``CritMinError`` `.invalidFormat` for a quote that is never closed.
    public mutating func next() throws(CritMinError) -> CSVRecord? {
        while true {
            guard let record = try readRecord() else { return nil }
            if record.fields.count == 1, record.fields[0].isEmpty { continue }
            return record
        }
    }

    private mutating func skipByteOrderMark() {
        if peek() == 0xEF, peek(1) == 0xBB, peek(2) == 0xBF { position += 3 }
    }

    private mutating func peek(_ offset: Int = 0) -> UInt8? {
        while position + offset >= buffer.count {
            if !refill() { return nil }
        }
        return buffer[position + offset]
    }

    /// Appends the next chunk, dropping consumed bytes; false at end of file.
    private mutating func refill() -> Bool {
        guard !exhausted, let handle else { return false }
        let chunk = handle.readData(ofLength: Self.chunkSize)
        if chunk.isEmpty {
            exhausted = true
            try? handle.close()
            return false
        }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: chunk)
        holdsNUL = holdsNUL || Self.containsNUL(buffer[(buffer.count - chunk.count)...])
        return true
    }

    private static func containsNUL(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBytes { raw in raw.baseAddress.map { memchr($0, 0, raw.count) != nil } ?? false }
    }

    /// Decodes a field's bytes (invalid UTF-8 is repaired with U+FFFD) through the buffer fast path.
    /// - Throws: ``CritMinError`` `.invalidFormat` for a NUL byte, which no text file holds and no database stores.
    private func text(_ bytes: [UInt8], line: Int, column: Int) throws(CritMinError) -> String {
        guard !holdsNUL || !bytes.contains(0) else {
            throw CritMinError(.invalidFormat, "column \(column) holds a NUL byte: this is not a text file", file: fileName, line: line)
        }
        return bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }

    private mutating func readRecord() throws(CritMinError) -> CSVRecord? {
        guard peek() != nil else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var fieldStarted = false
        while let byte = peek() {
            position += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if peek() == UInt8(ascii: "\"") {
                        field.append(byte)
                        position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where !fieldStarted:
                quoted = true
                fieldStarted = true
            case UInt8(ascii: ","):
                fields.append(try text(field, line: startLine, column: fields.count + 1))
                field.removeAll(keepingCapacity: true)
                fieldStarted = false
            case UInt8(ascii: "\n"):
                line += 1
                fields.append(try text(field, line: startLine, column: fields.count + 1))
                return CSVRecord(line: startLine, fields: fields)
            case UInt8(ascii: "\r") where peek() == UInt8(ascii: "\n"):
                continue
            default:
                field.append(byte)
                fieldStarted = true
                // The rest of the field up to the next delimiter in the buffer, copied in one step rather than byte by byte.
                let end =
                    buffer[position...].firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
                    ?? buffer.count
                field.append(contentsOf: buffer[position..<end])
                position = end
            }
        }
        if quoted {
            throw CritMinError(.invalidFormat, "a quoted field is never closed", file: fileName, line: startLine)
        }
        fields.append(try text(field, line: startLine, column: fields.count + 1))
        return CSVRecord(line: startLine, fields: fields)
    }
}
