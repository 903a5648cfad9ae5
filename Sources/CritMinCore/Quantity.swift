import Foundation

/// A figure as a source states it: a number, a bound, a range, or one of the USGS symbols that stand
/// where no number is published. Never turned into a number silently.
public enum Amount: Hashable, Sendable {
    /// A number ("3,500").
    case value(Double)
    /// A lower bound (">95").
    case greaterThan(Double)
    /// An upper bound ("<25").
    case lessThan(Double)
    /// A range ("890–1,000").
    case range(Double, Double)
    /// USGS "—": zero.
    case zero
    /// USGS "W": withheld to avoid disclosing company proprietary data.
    case withheld
    /// "NA": not available.
    case notAvailable
    /// USGS "XX": not applicable.
    case notApplicable
    /// USGS "E": net exporter (in net-import-reliance rows).
    case netExporter
    /// Words in place of a number ("Small", "Large"), kept verbatim.
    case text(String)

    /// The number when the source states one exactly ("—" is exactly zero).
    public var exactValue: Double? {
        switch self {
        case .value(let number): number
        case .zero: 0
        default: nil
        }
    }

    /// The number to compute with under an explicit convention: exact values as they are, a bound at the
    /// bound (">95" → 95, "<25" → 25), a range at its midpoint; `nil` where no number is published.
    public var boundValue: Double? {
        switch self {
        case .value(let number): number
        case .zero: 0
        case .greaterThan(let bound), .lessThan(let bound): bound
        case .range(let low, let high): (low + high) / 2
        default: nil
        }
    }

    /// Whether the amount is a number, a bound or a range rather than a symbol or words.
    public var isNumeric: Bool { boundValue != nil }

    /// Reads USGS notation: "1,234", "3.9", ">95", "<100,000", "890–1,000", "—", "W", "NA", "XX", "E".
    ///
    /// "( )" (a USGS footnote marker with no figure) reads as not available. Any other words are kept as
    /// ``text(_:)``; an empty string is not an amount.
    /// - Returns: `nil` for an empty or blank string.
    public init?(notation: String) {
        let text = notation.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        switch text {
        case "—", "–", "-", "--":
            self = .zero
            return
        case "W":
            self = .withheld
            return
        case "NA", "N/A", "n.a.":
            self = .notAvailable
            return
        case "XX":
            self = .notApplicable
            return
        case "E":
            self = .netExporter
            return
        case "( )", "()":
            self = .notAvailable
            return
        default: break
        }
        if let number = Amount.number(text) {
            self = .value(number)
        } else if text.hasPrefix(">"), let bound = Amount.number(String(text.dropFirst())) {
            self = .greaterThan(bound)
        } else if text.hasPrefix("<"), let bound = Amount.number(String(text.dropFirst())) {
            self = .lessThan(bound)
        } else if let range = Amount.range(text) {
            self = .range(range.0, range.1)
        } else {
            self = .text(text)
        }
    }

    /// The amount in USGS notation, numbers grouped by thousands: "3,500", ">95", "W", "890–1,000".
    public var notation: String {
        switch self {
        case .value(let number): NumberFormat.grouped(number)
        case .greaterThan(let bound): ">" + NumberFormat.grouped(bound)
        case .lessThan(let bound): "<" + NumberFormat.grouped(bound)
        case .range(let low, let high): NumberFormat.grouped(low) + "–" + NumberFormat.grouped(high)
        case .zero: "—"
        case .withheld: "W"
        case .notAvailable: "NA"
        case .notApplicable: "XX"
        case .netExporter: "E"
        case .text(let words): words
        }
    }

    private static func number(_ text: String) -> Double? {
        let plain = text.replacingOccurrences(of: ",", with: "")
        guard let first = plain.first, first.isNumber || first == "." || (first == "-" && plain.count > 1) else { return nil }
        // "1e999" reads as infinity: no figure is infinite, so it stays words and the importers refuse it.
        return Double(plain).flatMap { $0.isFinite ? $0 : nil }
    }

    private static func range(_ text: String) -> (Double, Double)? {
        for separator in ["–", "—", " - ", "-"] {
            let parts = text.components(separatedBy: separator)
            if parts.count == 2, let low = number(parts[0].trimmingCharacters(in: .whitespaces)),
                let high = number(parts[1].trimmingCharacters(in: .whitespaces)), low <= high
            {
                return (low, high)
            }
        }
        return nil
    }
}

/// A unit of measure: a short symbol ("t", "kt", "%", "USD/lb") and what is counted ("cobalt content").
public struct MeasureUnit: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The symbol shown next to figures: "t", "kt", "Mt", "kg", "%", "USD/lb", "persons", "index".
    public var symbol: String
    /// What the figure counts, when the source says ("cobalt content", "gross weight", "K2O equivalent").
    public var basis: String?

    public init(_ symbol: String, basis: String? = nil) {
        self.symbol = symbol
        self.basis = basis
    }

    public var description: String {
        guard let basis, !basis.isEmpty else { return symbol }
        return "\(symbol), \(basis)"
    }

    public static let percent = MeasureUnit("%")
    public static let metricTons = MeasureUnit("t")
    public static let thousandMetricTons = MeasureUnit("kt")

    /// Metric tons in one of the unit, for the mass units "kg", "t", "kt", "Mt", troy ounces ("oz", "koz", "Moz", as
    /// precious metals are reported), pounds ("lb", "klb", "Mlb", "Mlbs", as uranium oxide and base metals are) and short
    /// tons; `nil` for any other unit.
    public var metricTons: Double? {
        switch symbol {
        case "kg": 0.001
        case "t": 1
        case "kt": 1_000
        case "Mt": 1_000_000
        case "oz": Self.troyOunceTons
        case "koz": Self.troyOunceTons * 1_000
        case "Moz": Self.troyOunceTons * 1_000_000
        case "lb", "lbs": Self.poundTons
        case "klb", "klbs": Self.poundTons * 1_000
        case "Mlb", "Mlbs": Self.poundTons * 1_000_000
        case "short ton", "short tons", "st": Self.shortTonTons
        case "million short tons": Self.shortTonTons * 1_000_000
        default: nil
        }
    }

    /// Exact by definition (international yard and pound agreement, 1959).
    static let troyOunceTons = 31.103_476_8e-6
    static let poundTons = 0.453_592_37e-3
    static let shortTonTons = 2_000 * poundTons
}

/// A figure with its unit and qualifiers, and the text the source printed.
public struct Quantity: Hashable, Sendable, Codable {
    public var amount: Amount
    public var unit: MeasureUnit
    /// The source marks the figure as an estimate (USGS "e").
    public var estimated: Bool
    /// The source text verbatim, when it differs from what ``amount`` prints ("( )", "China3").
    public var raw: String?

    public init(_ amount: Amount, unit: MeasureUnit, estimated: Bool = false, raw: String? = nil) {
        self.amount = amount
        self.unit = unit
        self.estimated = estimated
        self.raw = raw
    }

    /// The figure as USGS shows it, with "e" after estimates: "3,500", ">95", "W", "300e".
    public var notation: String { amount.notation + (estimated ? "e" : "") }
}

/// Number formatting shared by every output (no locale, so output is the same on every machine).
public enum NumberFormat {
    /// Groups thousands with commas and keeps up to `maximumFractionDigits` decimals, trailing zeros dropped:
    /// 1234567 → "1,234,567", 3.90 → "3.9", 0.08 → "0.08".
    public static func grouped(_ number: Double, maximumFractionDigits: Int = 6) -> String {
        guard number.isFinite else { return String(number) }
        let negative = number < 0
        var text = fixed(abs(number), fractionDigits: maximumFractionDigits)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var groups: [Substring] = []
        while integer.count > 3 {
            groups.insert(integer.suffix(3), at: 0)
            integer.removeLast(3)
        }
        groups.insert(Substring(integer), at: 0)
        var result = groups.joined(separator: ",")
        if parts.count == 2 { result += "." + parts[1] }
        return (negative && result != "0" ? "-" : "") + result
    }

    /// A fixed number of decimals: fixed(12.345, fractionDigits: 1) → "12.3".
    public static func fixed(_ number: Double, fractionDigits: Int) -> String {
        let text = String(format: "%.\(fractionDigits)f", number)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}

extension Amount {
    /// The amount as four plain fields for tables and files: a kind word, a value, an upper value and text.
    /// ``init(kind:value:high:text:)`` reads them back exactly.
    public var storageForm: (kind: String, value: Double?, high: Double?, text: String?) {
        switch self {
        case .value(let number): ("value", number, nil, nil)
        case .greaterThan(let bound): ("greater-than", bound, nil, nil)
        case .lessThan(let bound): ("less-than", bound, nil, nil)
        case .range(let low, let high): ("range", low, high, nil)
        case .zero: ("zero", nil, nil, nil)
        case .withheld: ("withheld", nil, nil, nil)
        case .notAvailable: ("not-available", nil, nil, nil)
        case .notApplicable: ("not-applicable", nil, nil, nil)
        case .netExporter: ("net-exporter", nil, nil, nil)
        case .text(let words): ("text", nil, nil, words)
        }
    }

    /// Rebuilds an amount from ``storageForm``.
    /// - Throws: ``CritMinError`` `.invalidValue` for an unknown kind or a kind missing its value.
    public init(kind: String, value: Double?, high: Double?, text: String?) throws(CritMinError) {
        func required(_ number: Double?) throws(CritMinError) -> Double {
            guard let number else { throw CritMinError(.invalidValue, "amount kind '\(kind)' needs a value", field: "value") }
            return number
        }
        switch kind {
        case "value": self = .value(try required(value))
        case "greater-than": self = .greaterThan(try required(value))
        case "less-than": self = .lessThan(try required(value))
        case "range": self = .range(try required(value), try required(high))
        case "zero": self = .zero
        case "withheld": self = .withheld
        case "not-available": self = .notAvailable
        case "not-applicable": self = .notApplicable
        case "net-exporter": self = .netExporter
        case "text": self = .text(text ?? "")
        default: throw CritMinError(.invalidValue, "unknown amount kind", field: "amount_kind", value: kind)
        }
    }
}

/// An amount in JSON: ``Amount/storageForm``'s four fields, the empty ones left out (`{"kind": "greater-than", "value": 95}`).
extension Amount: Codable {
    private enum CodingKeys: String, CodingKey { case kind, value, high, text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = try Amount(
            kind: try container.decode(String.self, forKey: .kind), value: try container.decodeIfPresent(Double.self, forKey: .value),
            high: try container.decodeIfPresent(Double.self, forKey: .high), text: try container.decodeIfPresent(String.self, forKey: .text))
    }

    public func encode(to encoder: any Encoder) throws {
        let form = storageForm
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(form.kind, forKey: .kind)
        try container.encodeIfPresent(form.value, forKey: .value)
        try container.encodeIfPresent(form.high, forKey: .high)
        try container.encodeIfPresent(form.text, forKey: .text)
    }
}
