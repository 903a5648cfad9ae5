import CritMinCore
import Foundation

/// One end use and its share of use, as a USGS chapter's "Domestic Production and Use" text states it.
public struct EndUseShare: Hashable, Sendable {
    /// The end use as written, lower case ("packaging", "superalloys", "metal products, including flame retardants").
    public var sector: String
    /// The share in percent: a value, or a bound for "more than 80%".
    public var amount: Amount
    /// The sentence describes use in the world ("global end uses") rather than in the United States.
    public var isGlobal: Bool
    /// The words the share was read from ("packaging, 24%").
    public var text: String

    public init(sector: String, amount: Amount, isGlobal: Bool, text: String) {
        self.sector = sector
        self.amount = amount
        self.isGlobal = isGlobal
        self.text = text
    }
}

/// Reads end-use shares out of the prose of a USGS chapter, conservatively.
///
/// Only sentences about use are read (they contain "use", "uses", "used", "end-use", "consumption", "consumed" or
/// "shipments"), and in them only these explicit patterns, with "more than" read as a lower bound and "about",
/// "approximately", "an estimated" as the value:
/// - a list item "sector, N%" ("packaging, 24%; building, 13%"), the sector starting after the list's lead-in
///   ("…were used in", "…were", "as follows:", "followed by"); "N% each" gives the share to each sector joined by "and";
/// - "sector accounted for N% [of … consumption / shipments / end uses]" — a share of something else ("of total raw
///   steel production", "of the primary tin consumed") is not an end use and is not read;
/// - "N% of … was used in|for|as sector", and after it "N% in sector";
/// - "sector (more than N%)" — a qualifier is required, so "(99.9999%)" (a purity) is not read.
///
/// Everything else — price changes, shares of production by State, import mixes, "respectively" constructions — is left
/// alone, so a chapter may yield no shares or only some of its uses.
public struct EndUseParser: Sendable {
    private static let useWords: Set<String> = ["use", "uses", "used", "end-use", "consumption", "consumed", "shipments"]
    private static let shareObjects = ["consumption", "shipments", "end uses"]
    private static let accountedFor = [" accounted for ", " account for ", " accounts for "]
    private static let usedFor = [" was used in ", " were used in ", " is used in ", " was used for ", " were used for ",
        " is used for ", " was used as ", " were used as ", " is used as "]
    private static let leadIns = [" were used in ", " was used in ", " were in ", " was for ", " were ", "as follows: ", "followed by "]
    private static let qualifiers: [(words: String, isLowerBound: Bool)] = [
        ("more than ", true), ("about ", false), ("approximately ", false), ("an estimated ", false),
    ]
    private static let droppedAdverbs = [" typically"]

    /// The shares the text states explicitly, in the order written.
    public static func parse(_ text: String) -> [EndUseShare] {
        sentences(of: text).filter(isAboutUse).flatMap(shares)
    }

    /// Sentences end at ". " before a capital letter, except after abbreviations with inner periods ("U.S.").
    private static func sentences(of text: String) -> [String] {
        var sentences: [String] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == ".", next < text.endIndex, text[next] == " " {
                let afterSpace = text.index(after: next)
                let word = text[start..<index].split(separator: " ").last ?? ""
                if afterSpace < text.endIndex, text[afterSpace].isUppercase, !word.contains(".") {
                    sentences.append(String(text[start..<index]))
                    start = afterSpace
                }
            }
            index = next
        }
        let last = text[start...].trimmingCharacters(in: .whitespaces)
        if !last.isEmpty { sentences.append(last.hasSuffix(".") ? String(last.dropLast()) : last) }
        return sentences
    }

    private static func isAboutUse(_ sentence: String) -> Bool {
        sentence.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" }).contains { useWords.contains(String($0)) }
    }

    private struct Percent {
        let start: String.Index
        let end: String.Index
        let value: Double
    }

    private static func shares(in sentence: String) -> [EndUseShare] {
        let isGlobal = sentence.range(of: "global", options: .caseInsensitive) != nil
        var shares: [EndUseShare] = []
        var cursor = sentence.startIndex
        var afterUsedFor = false
        for percent in percents(in: sentence) where percent.start >= cursor {
            var before = sentence[cursor..<percent.start]
            if let semicolon = before.lastIndex(of: ";") { before = before[before.index(after: semicolon)...] }
            var qualifier: (words: String, isLowerBound: Bool)?
            for candidate in qualifiers where before.hasSuffix(candidate.words) {
                before = before.dropLast(candidate.words.count)
                qualifier = candidate
            }
            var after = sentence[percent.end...]
            let each = after.hasPrefix(" each")
            if each { after = after.dropFirst(" each".count) }
            let amount: Amount = qualifier?.isLowerBound == true ? .greaterThan(percent.value) : .value(percent.value)
            guard let match = match(before: before, after: after, qualified: qualifier != nil, afterUsedFor: afterUsedFor) else {
                cursor = after.startIndex
                continue
            }
            afterUsedFor = match.opensUsedForList || (afterUsedFor && match.continuesUsedForList)
            let sectors = each ? match.sector.components(separatedBy: " and ") : [match.sector]
            let words = trimmedLeadingSeparators(sentence[before.startIndex..<match.end])
            for sector in sectors where !sector.isEmpty {
                shares.append(EndUseShare(sector: sector, amount: amount, isGlobal: isGlobal, text: words))
            }
            cursor = match.end
        }
        return shares
    }

    private struct Match {
        let sector: String
        let end: String.Index
        var opensUsedForList = false
        var continuesUsedForList = false
    }

    /// The pattern the words around a percentage form, if any.
    private static func match(before: Substring, after: Substring, qualified: Bool, afterUsedFor: Bool) -> Match? {
        if let phrase = accountedFor.first(where: { before.hasSuffix($0) }) {
            var end = after.startIndex
            if after.hasPrefix(" of ") {
                let object = clause(after)
                guard shareObjects.contains(where: { object.contains($0) }) else { return nil }
                end = object.endIndex
            }
            var subject = String(before.dropLast(phrase.count))
            for adverb in droppedAdverbs where subject.hasSuffix(adverb) { subject.removeLast(adverb.count) }
            return Match(sector: cleaned(subject[...]), end: end)
        }
        if after.hasPrefix(" of ") {
            let object = clause(after)
            guard let used = usedFor.compactMap({ object.range(of: $0) }).first else { return nil }
            return Match(sector: cleaned(object[used.upperBound...]), end: object.endIndex, opensUsedForList: true)
        }
        if afterUsedFor, after.hasPrefix(" in ") {
            let sector = clause(after.dropFirst(" in ".count))
            guard let first = sector.first, !first.isNumber else { return nil }
            return Match(sector: cleaned(sector), end: sector.endIndex, continuesUsedForList: true)
        }
        if qualified, before.hasSuffix("("), after.hasPrefix(")") {
            return Match(sector: cleaned(withoutLeadIn(before.dropLast())), end: after.index(after: after.startIndex))
        }
        if before.hasSuffix(", ") {
            let sector = cleaned(withoutLeadIn(before.dropLast(2)))
            guard !sector.contains(where: \.isNumber) else { return nil }
            return Match(sector: sector, end: after.startIndex)
        }
        return nil
    }

    /// Every "N%" with its number ("36%", "73.4%").
    private static func percents(in sentence: String) -> [Percent] {
        var found: [Percent] = []
        var index = sentence.startIndex
        while let sign = sentence[index...].firstIndex(of: "%") {
            var start = sign
            while start > sentence.startIndex, sentence[sentence.index(before: start)].isNumber || sentence[sentence.index(before: start)] == "." {
                start = sentence.index(before: start)
            }
            if start < sign, let value = Double(sentence[start..<sign]) {
                found.append(Percent(start: start, end: sentence.index(after: sign), value: value))
            }
            index = sentence.index(after: sign)
        }
        return found
    }

    /// The words up to the next comma or semicolon.
    private static func clause(_ text: Substring) -> Substring {
        text.prefix { $0 != "," && $0 != ";" }
    }

    /// The words after the last lead-in of a list ("…the leading uses of antimony were metal products" → "metal products").
    private static func withoutLeadIn(_ text: Substring) -> Substring {
        let ends = leadIns.compactMap { text.range(of: $0, options: .backwards)?.upperBound }
        guard let last = ends.max() else { return text }
        return text[last...]
    }

    private static func trimmedLeadingSeparators(_ text: Substring) -> String {
        String(text.drop { ",;: ".contains($0) }).trimmingCharacters(in: .whitespaces)
    }

    /// Lower case, without list punctuation, a leading "and" or "the".
    private static func cleaned(_ text: Substring) -> String {
        var words = trimmedLeadingSeparators(text).lowercased()
        for prefix in ["and ", "the "] where words.hasPrefix(prefix) { words.removeFirst(prefix.count) }
        while let last = words.last, ",;: ".contains(last) { words.removeLast() }
        return words
    }
}
