import Foundation

/// Checks a JSON value against the subset of JSON Schema the critmin document uses: type (one or several), properties,
/// required, additionalProperties (false or a schema), items, enum, minimum, maximum and $ref into the components.
struct SchemaValidator {
    let components: [String: Any]

    init(document: [String: Any]) {
        components = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
    }

    /// The first violation, with its JSON path; `nil` when the value conforms.
    func violation(_ value: Any, _ schema: [String: Any], path: String = "$") -> String? {
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            guard let target = components[name] as? [String: Any] else { return "\(path): unknown schema \(reference)" }
            return violation(value, target, path: path)
        }
        if let types = schema["type"] {
            let allowed = (types as? [String]) ?? [types as? String ?? ""]
            guard allowed.contains(where: { Self.matches(value, $0) }) else { return "\(path): \(Self.kind(value)) is not \(allowed)" }
        }
        if let options = schema["enum"] as? [String], let text = value as? String, !options.contains(text) {
            return "\(path): '\(text)' is not one of \(options)"
        }
        if let number = value as? NSNumber, !(value is Bool) {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { return "\(path): below \(minimum)" }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum { return "\(path): above \(maximum)" }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil { return "\(path): '\(name)' is missing" }
            for (name, member) in object {
                if let property = properties[name] as? [String: Any] {
                    if let problem = violation(member, property, path: "\(path).\(name)") { return problem }
                } else if let additional = schema["additionalProperties"] {
                    if let closed = additional as? Bool, !closed { return "\(path): '\(name)' is not documented" }
                    if let additional = additional as? [String: Any], let problem = violation(member, additional, path: "\(path).\(name)") {
                        return problem
                    }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() {
                if let problem = violation(item, items, path: "\(path)[\(index)]") { return problem }
            }
        }
        return nil
    }

    private static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "boolean": return isBool(value)
        case "integer": return !isBool(value) && (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": return !isBool(value) && value is NSNumber
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        default: return false
        }
    }

    private static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c" || type(of: number) == type(of: NSNumber(value: true))
    }

    private static func kind(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case is String: "a string"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        default: isBool(value) ? "a boolean" : "a number"
        }
    }
}
