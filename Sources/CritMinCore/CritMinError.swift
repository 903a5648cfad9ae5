/// The one error type of critmin: a code, a message, and where the problem is (file, line, field, value).
///
/// Importers fill in the location so that a user can open the file at the line and fix the field.
public struct CritMinError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is; extensible without breaking callers.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A field holds a value that cannot be read (not a number, an unknown code…).
        public static let invalidValue = Code(rawValue: "invalid-value")
        /// A required column or field is missing.
        public static let missingField = Code(rawValue: "missing-field")
        /// The file is not in the layout the importer expects (header, columns, tables).
        public static let invalidFormat = Code(rawValue: "invalid-format")
        /// Names that resolve to no known country or commodity.
        public static let unknownNames = Code(rawValue: "unknown-names")
        /// A referenced entity (commodity, country, list, dataset) does not exist.
        public static let notFound = Code(rawValue: "not-found")
        /// A file cannot be read.
        public static let io = Code(rawValue: "io")
        /// The store refused or failed an operation.
        public static let storage = Code(rawValue: "storage")
        /// Input that contradicts data already stored or itself (duplicate keys…).
        public static let conflict = Code(rawValue: "conflict")
    }

    public var code: Code
    public var message: String
    public var file: String?
    public var line: Int?
    public var field: String?
    public var value: String?

    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, field: String? = nil, value: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.value = value
    }

    /// The same error with its location filled in where it was not known yet.
    public func located(file: String? = nil, line: Int? = nil, field: String? = nil) -> CritMinError {
        var copy = self
        copy.file = copy.file ?? file
        copy.line = copy.line ?? line
        copy.field = copy.field ?? field
        return copy
    }

    /// "file:line: field 'x': message (value: "v")", leaving out what is unknown.
    public var description: String {
        var location = ""
        if let file { location += file }
        if let line { location += ":\(line)" }
        var text = location.isEmpty ? "" : "\(location): "
        if let field { text += "field '\(field)': " }
        text += message
        if let value { text += " (value: \"\(value)\")" }
        return text
    }
}
