import CritMinCore
import Foundation

/// Units as USGS states them in words: a chapter's units note, and the unit of a price in a salient statistics title.
enum USGSUnits {
    private static let quantityWords: [String: String] = [
        "metric tons": "t", "thousand metric tons": "kt", "million metric tons": "Mt", "kilograms": "kg", "million carats": "Mct",
    ]

    /// Longest first, so that "metric ton unit" is not read as "metric ton".
    private static let priceDenominators: [(words: String, symbol: String)] = [
        ("metric ton unit", "mtu"), ("metric ton", "t"), ("troy ounce", "ozt"), ("pound", "lb"), ("kilogram", "kg"), ("carat", "ct"),
    ]

    /// The unit of a chapter's quantities from its units note: "(Data in metric tons, cobalt content, unless otherwise
    /// specified)" → t, cobalt content; "[Data in thousand metric tons, potassium oxide (K2O) equivalent, unless
    /// otherwise specified]" → kt, potassium oxide (K2O) equivalent.
    /// - Returns: `nil` when the note is not of that form or names an unknown unit.
    static func chapterUnit(unitsNote: String) -> MeasureUnit? {
        var text = unitsNote.trimmingCharacters(in: .whitespaces)
        guard let first = text.first, let last = text.last, "([".contains(first), ")]".contains(last) else { return nil }
        text = String(text.dropFirst().dropLast())
        guard text.hasPrefix("Data in ") else { return nil }
        text.removeFirst("Data in ".count)
        if let qualifier = text.range(of: "unless otherwise specified") { text = String(text[..<qualifier.lowerBound]) }
        let parts = text.components(separatedBy: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let words = parts.first, let symbol = quantityWords[words] else { return nil }
        let basis = parts.dropFirst().joined(separator: ", ")
        return MeasureUnit(symbol, basis: basis.isEmpty ? nil : basis)
    }

    /// The unit of a price named in a title: "dollars per pound" → USD/lb, "cents per pound of silicon" → USc/lb
    /// (silicon), "dollars per dry metric ton unit of tungsten trioxide" → USD/mtu (tungsten trioxide, dry),
    /// "Producer price index, steel mill products (1982=100)" → index (1982=100).
    /// - Returns: `nil` when the text names no price unit.
    static func priceUnit(in text: String) -> MeasureUnit? {
        if text.range(of: "price index", options: .caseInsensitive) != nil, let open = text.lastIndex(of: "("), text.hasSuffix(")"),
            text[open...].contains("=100")
        {
            return MeasureUnit("index", basis: String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
        }
        for (currencyWords, currency) in [("dollars per ", "USD"), ("cents per ", "USc")] {
            guard let currencyRange = text.range(of: currencyWords, options: .caseInsensitive) else { continue }
            var rest = text[currencyRange.upperBound...]
            let dry = rest.hasPrefix("dry ")
            if dry { rest = rest.dropFirst("dry ".count) }
            guard let denominator = priceDenominators.first(where: { rest.hasPrefix($0.words) }) else { return nil }
            rest = rest.dropFirst(denominator.words.count)
            var basis: String?
            if rest.hasPrefix(" of ") {
                basis = rest.dropFirst(" of ".count).prefix { $0 != "," }.trimmingCharacters(in: .whitespaces)
            } else if rest.hasPrefix(" ("), let close = rest.firstIndex(of: ")") {
                basis = String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close])
            }
            if dry { basis = [basis, "dry"].compactMap { $0 }.joined(separator: ", ") }
            return MeasureUnit("\(currency)/\(denominator.symbol)", basis: basis)
        }
        return nil
    }
}

extension USGSUnits {
    /// What a row title says its quantities count, overriding the chapter's units note: "gross weight" ("Tin alloys,
    /// gross weight", "Refined metal, unwrought (gross weight)"), or "… content" ("Consumption, apparent, manganese
    /// content" → manganese content; "[zirconium oxide (ZrO2) content]" → zirconium oxide (ZrO2) content).
    static func statedBasis(in text: String) -> String? {
        if text.range(of: "gross weight", options: .caseInsensitive) != nil { return "gross weight" }
        guard let content = text.range(of: " content") else { return nil }
        var start = content.lowerBound
        var depth = 0
        while start > text.startIndex {
            let previous = text.index(before: start)
            let character = text[previous]
            if character == ")" || character == "]" { depth += 1 }
            if character == "(" || character == "[" {
                if depth == 0 { break }
                depth -= 1
            }
            if character == ",", depth == 0 { break }
            start = previous
        }
        let basis = text[start..<content.upperBound].trimmingCharacters(in: .whitespaces)
        return basis.isEmpty ? nil : basis
    }
}

/// Figures as USGS prints them, read without guessing.
enum USGSFigure {
    /// The amount a cell states in USGS notation ("3,500", ">95", "W", "—", "( )", "890–1,000"); words without digits
    /// ("Small", "Large") are kept as text.
    /// - Returns: `nil` for an empty cell.
    /// - Throws: ``CritMinError`` `.invalidValue` naming the row and column when the cell has digits but is no figure.
    static func amount(_ text: String, row: CSVRow, column: String) throws(CritMinError) -> Amount? {
        guard let amount = Amount(notation: text) else { return nil }
        if case .text(let words) = amount, words.contains(where: \.isNumber) {
            throw row.error(.invalidValue, "not a number or a USGS symbol (W, NA, XX, E, —)", column: column, value: text)
        }
        return amount
    }

    /// A quantity keeping the cell's text when it prints differently from the amount ("1310.0", "( )"). Only a number can
    /// be an estimate: a "W" or "—" in an estimated year's column stays what it is.
    static func quantity(_ amount: Amount, text: String, unit: MeasureUnit, estimated: Bool = false) -> Quantity {
        let verbatim = text.trimmingCharacters(in: .whitespaces)
        return Quantity(amount, unit: unit, estimated: estimated && amount.isNumeric, raw: verbatim == amount.notation ? nil : verbatim)
    }
}
