import CritMinCore
import Foundation
import Yams

/// A node of a YAML (or JSON) file with its field path ("shocks[0].limit"): typed reads whose errors name the file, the
/// node's line and the path.
struct YAMLValue {
    let node: Node
    /// The field path from the document root; "" for the root.
    let path: String
    let file: String

    /// Parses the first document of `text`.
    /// - Throws: ``CritMinError`` `.invalidFormat` with the line of a syntax error, or for an empty document.
    static func document(_ text: String, file: String) throws(CritMinError) -> YAMLValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw CritMinError(.invalidFormat, "not valid YAML or JSON: \(problem)", file: file, line: mark.line)
            default:
                throw CritMinError(.invalidFormat, "not valid YAML or JSON: \(error)", file: file)
            }
        } catch {
            throw CritMinError(.invalidFormat, "not valid YAML or JSON: \(error)", file: file)
        }
        guard let root else { throw CritMinError(.invalidFormat, "the file is empty", file: file, line: 1) }
        return YAMLValue(node: root, path: "", file: file)
    }

    /// Reads a file as UTF-8 and parses it.
    static func document(at url: URL) throws(CritMinError) -> YAMLValue {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CritMinError(.io, "cannot read the file: \(error.localizedDescription)", file: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CritMinError(.invalidFormat, "the file is not UTF-8 text", file: url.lastPathComponent)
        }
        return try document(text, file: url.lastPathComponent)
    }

    var line: Int? { node.mark?.line }

    /// An error at this node.
    func error(_ code: CritMinError.Code, _ message: String, value: String? = nil) -> CritMinError {
        CritMinError(code, message, file: file, line: line, field: path.isEmpty ? nil : path, value: value)
    }

    /// The node's text, for error values.
    var text: String {
        switch node {
        case .scalar(let scalar): scalar.string
        case .mapping: "(a mapping)"
        case .sequence: "(a list)"
        case .alias: "(an alias)"
        }
    }

    // MARK: Typed reads

    /// The node as a mapping whose keys are all among `keys`.
    /// - Throws: `.invalidValue` for another node; `.invalidFormat` naming the first unknown key and the keys allowed.
    func object(keys: [String]) throws(CritMinError) -> YAMLObject {
        guard case .mapping(let mapping) = node else {
            throw error(.invalidValue, "expected a mapping with keys \(keys.joined(separator: ", "))", value: text)
        }
        var entries: [String: YAMLValue] = [:]
        for (key, value) in mapping {
            guard case .scalar(let name) = key else {
                throw CritMinError(.invalidFormat, "a key must be a word", file: file, line: key.mark?.line, field: path.isEmpty ? nil : path)
            }
            let child = YAMLValue(node: value, path: path.isEmpty ? name.string : "\(path).\(name.string)", file: file)
            guard keys.contains(name.string) else {
                throw CritMinError(
                    .invalidFormat, "unknown key '\(name.string)'; allowed: \(keys.joined(separator: ", "))", file: file,
                    line: key.mark?.line, field: child.path, value: name.string)
            }
            entries[name.string] = child
        }
        return YAMLObject(value: self, entries: entries)
    }

    func string() throws(CritMinError) -> String {
        guard case .scalar(let scalar) = node, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw error(.invalidValue, "expected text", value: text)
        }
        return scalar.string
    }

    func number() throws(CritMinError) -> Double {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any, let number = node.float, number.isFinite else {
            throw error(.invalidValue, "expected a number", value: text)
        }
        return number
    }

    func integer() throws(CritMinError) -> Int {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any, let number = node.int else {
            throw error(.invalidValue, "expected a whole number", value: text)
        }
        return number
    }

    func bool() throws(CritMinError) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any, let flag = node.bool else {
            throw error(.invalidValue, "expected true or false", value: text)
        }
        return flag
    }

    /// A number from 0 to 1.
    func fraction() throws(CritMinError) -> Double {
        let number = try number()
        guard (0...1).contains(number) else { throw error(.invalidValue, "a fraction must be from 0 to 1", value: text) }
        return number
    }

    /// A number of 0 or more.
    func nonNegative() throws(CritMinError) -> Double {
        let number = try number()
        guard number >= 0 else { throw error(.invalidValue, "must not be negative", value: text) }
        return number
    }

    /// A whole number of months counted from 1 within `horizon` (or of 1 or more without one).
    func month(horizon: Int?) throws(CritMinError) -> Int {
        let month = try integer()
        guard month >= 1, horizon.map({ month <= $0 }) ?? true else {
            throw error(
                .invalidValue, "month \(month) is outside the horizon (1…\(horizon.map(String.init) ?? "")); months count from 1", value: text)
        }
        return month
    }

    /// The items of a list.
    func list() throws(CritMinError) -> [YAMLValue] {
        guard case .sequence(let sequence) = node else { throw error(.invalidValue, "expected a list", value: text) }
        return sequence.enumerated().map { YAMLValue(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    /// A scalar's text when the node is one (for words standing in place of a mapping: `limit: ban`).
    var word: String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }
}

/// A YAML mapping whose keys were checked.
struct YAMLObject {
    let value: YAMLValue
    let entries: [String: YAMLValue]

    func optional(_ key: String) -> YAMLValue? {
        guard let entry = entries[key] else { return nil }
        if case .scalar(let scalar) = entry.node, scalar.style == .plain, entry.node.null != nil { return nil }
        return entry
    }

    /// - Throws: `.missingField` naming the mapping's line and the field's path.
    func required(_ key: String) throws(CritMinError) -> YAMLValue {
        guard let entry = optional(key) else {
            let path = value.path.isEmpty ? key : "\(value.path).\(key)"
            throw CritMinError(.missingField, "required field '\(key)' is missing", file: value.file, line: value.line, field: path)
        }
        return entry
    }
}

/// Country and commodity names of a file resolved through the catalogue; unknown ones are collected and reported together.
struct ScenarioNames {
    let catalogue: Catalogue
    private var unknown = UnknownNames()
    private var first: YAMLValue?

    init(catalogue: Catalogue) {
        self.catalogue = catalogue
    }

    mutating func country(_ value: YAMLValue) throws(CritMinError) -> CountryCode {
        let name = try value.string()
        if let code = catalogue.country(named: name) { return code }
        note(name, value)
        return CountryCode(name)
    }

    mutating func commodity(_ value: YAMLValue) throws(CritMinError) -> CommodityID {
        let name = try value.string()
        if let id = catalogue.commodity(named: name) { return id }
        note(name, value)
        return CommodityID(name)
    }

    mutating func countries(_ value: YAMLValue) throws(CritMinError) -> [CountryCode] {
        var result: [CountryCode] = []
        for item in try value.list() { result.append(try country(item)) }
        return result
    }

    private mutating func note(_ name: String, _ value: YAMLValue) {
        if first == nil { first = value }
        unknown.add(name, at: "line \(value.line.map(String.init) ?? "?") \(value.path)")
    }

    /// Throws one `.unknownNames` error listing every name, located at the first one.
    func check() throws(CritMinError) {
        guard let first else { return }
        throw CritMinError(
            .unknownNames,
            "names the catalogue does not know (`critmin commodities` lists commodity names and aliases; countries go by ISO 3166 code or name): \(unknown.listing)",
            file: first.file, line: first.line, field: first.path, value: first.text)
    }
}
