import CritMinCore

/// The numbers a briefing's sources get: in order of first reference (summary, then sections, block by block), each
/// id one number however often it is cited; sources never cited follow in the order listed.
struct SourceNumbering {
    /// The sources in number order (number = index + 1).
    let ordered: [Citation]
    /// Cited ids with no source, in order of first reference.
    let unresolved: [CitationID]
    private let numbers: [CitationID: Int]

    /// A part of a reference mark: a source number, a run of three or more consecutive numbers ("6–17"), or an id
    /// the sources list lacks.
    enum Mark: Equatable {
        case number(Int)
        case run(ClosedRange<Int>)
        case missing(CitationID)
    }

    init(_ briefing: Briefing) {
        var sourcesByID: [CitationID: Citation] = [:]
        for source in briefing.sources where sourcesByID[source.id] == nil { sourcesByID[source.id] = source }
        var ordered: [Citation] = []
        var numbers: [CitationID: Int] = [:]
        var unresolved: [CitationID] = []
        for id in briefing.citationsInOrder where numbers[id] == nil {
            if let source = sourcesByID[id] {
                ordered.append(source)
                numbers[id] = ordered.count
            } else if !unresolved.contains(id) {
                unresolved.append(id)
            }
        }
        for source in briefing.sources where numbers[source.id] == nil {
            ordered.append(source)
            numbers[source.id] = ordered.count
        }
        self.ordered = ordered
        self.numbers = numbers
        self.unresolved = unresolved
    }

    /// The marks for a list of ids: numbers ascending without repeats, runs joined, then missing ids.
    func marks(_ ids: [CitationID]) -> [Mark] {
        var runs: [ClosedRange<Int>] = []
        for number in Set(ids.compactMap { numbers[$0] }).sorted() {
            if let last = runs.last, last.upperBound + 1 == number {
                runs[runs.count - 1] = last.lowerBound...number
            } else {
                runs.append(number...number)
            }
        }
        let found = runs.flatMap { run in run.count >= 3 ? [Mark.run(run)] : run.map(Mark.number) }
        var missing: [CitationID] = []
        for id in ids where numbers[id] == nil && !missing.contains(id) { missing.append(id) }
        return found + missing.map(Mark.missing)
    }
}

extension Briefing {
    /// Every citation id in reading order, repeats included.
    fileprivate var citationsInOrder: [CitationID] {
        let inlines = { (runs: [Inline]) in
            runs.flatMap { run -> [CitationID] in
                if case .figure(_, let citations) = run { citations } else { [] }
            }
        }
        var ids = inlines(summary ?? [])
        for block in sections.flatMap(\.blocks) {
            switch block {
            case .paragraph(let runs): ids += inlines(runs)
            case .bullets(let items): ids += items.flatMap(inlines)
            case .table: break
            case .chart(let chart): ids += chart.citations
            case .callout(_, let body): ids += inlines(body)
            }
        }
        return ids
    }
}
