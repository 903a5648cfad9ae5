import CritMinCore

/// A method input and where it comes from: data, or a documented default that stands in for missing data.
///
/// Results list every defaulted input in their `defaultsUsed` sentences, so a figure computed from defaults never
/// passes for one computed from data.
public struct SourcedValue: Hashable, Sendable {
    /// Where a value comes from.
    public enum Origin: Hashable, Sendable {
        /// Taken from data; the text names it ("USGS MCS 2026 NIR", "EU CRM 2023 factsheet").
        case data(String)
        /// A documented default: why it applies ("no recycling credit") and the source of the convention.
        case defaulted(reason: String, citation: String)
    }

    public var value: Double
    public var origin: Origin

    public init(_ value: Double, origin: Origin) {
        self.value = value
        self.origin = origin
    }

    /// A value taken from data.
    public static func data(_ value: Double, from source: String) -> SourcedValue {
        SourcedValue(value, origin: .data(source))
    }

    /// A documented default standing in for data.
    public static func defaulted(_ value: Double, reason: String, citation: String) -> SourcedValue {
        SourcedValue(value, origin: .defaulted(reason: reason, citation: citation))
    }

    public var isDefaulted: Bool {
        if case .defaulted = origin { return true }
        return false
    }

    /// The sentence a result lists for this value when it is a default: "EoL-RIR defaulted to 0 (no recycling
    /// credit): European Commission 2017 …"; `nil` for data.
    /// - Parameter name: What the value is, as the sentence should name it ("EoL-RIR", "WGI scaled of COD").
    public func defaultNote(named name: String) -> String? {
        guard case .defaulted(let reason, let citation) = origin else { return nil }
        return "\(name) defaulted to \(NumberFormat.grouped(value)) (\(reason)): \(citation)"
    }
}

/// Input checks shared by the criticality methods: a value outside its domain is an error naming the field,
/// never a number silently moved into range.
enum MethodInputCheck {
    /// The value, when it is finite and within `range`.
    /// - Throws: ``CritMinError`` `.invalidValue` naming `field` and the value.
    static func value(_ value: Double, in range: ClosedRange<Double>, field: @autoclosure () -> String) throws(CritMinError) -> Double {
        guard value.isFinite, range.contains(value) else {
            throw CritMinError(
                .invalidValue, "must be a finite number from \(NumberFormat.grouped(range.lowerBound)) to \(NumberFormat.grouped(range.upperBound))",
                field: field(), value: String(value))
        }
        return value
    }

    /// The value, when it is finite.
    /// - Throws: ``CritMinError`` `.invalidValue` naming `field` and the value.
    static func finite(_ value: Double, field: @autoclosure () -> String) throws(CritMinError) -> Double {
        guard value.isFinite else { throw CritMinError(.invalidValue, "must be a finite number", field: field(), value: String(value)) }
        return value
    }

    /// The value, when it is finite and positive.
    /// - Throws: ``CritMinError`` `.invalidValue` naming `field` and the value.
    static func positive(_ value: Double, field: @autoclosure () -> String) throws(CritMinError) -> Double {
        guard value.isFinite, value > 0 else {
            throw CritMinError(.invalidValue, "must be a finite number above 0", field: field(), value: String(value))
        }
        return value
    }
}
