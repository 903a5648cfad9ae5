import CritMinCore
import CritMinStore

/// Puts a partner's own production figures in place of the base dataset's for their country: in the series of the
/// same commodity, stage and year, the country's row becomes the overlay's observation (with its citation), and a
/// numeric world total moves by the difference, noted on the row, so that shares still add up.
struct ProductionOverlay {
    let builder: ReportBuilder

    func apply(to production: inout [CommodityID: [ReportBuilder.StageProduction]], scope: [CommodityID], years: ClosedRange<Int>) async throws {
        guard !builder.productionOverlays.isEmpty else { return }
        for id in builder.productionOverlays { _ = try builder.dataset(named: id) }
        let rows = try await builder.store.observations(
            ObservationQuery(commodities: Set(scope), measures: [.production], years: years, datasets: Set(builder.productionOverlays)))
        for stored in rows {
            let figure = stored.observation
            guard case .country = figure.area, figure.label == nil, figure.period.isSingleYear, let stage = figure.stage,
                let index = production[figure.commodity]?.firstIndex(where: { $0.stage == stage && $0.year == figure.period.start })
            else { continue }
            try replace(stored, in: &production[figure.commodity]![index])
        }
    }

    private func replace(_ stored: StoredObservation, in series: inout ReportBuilder.StageProduction) throws(CritMinError) {
        let figure = stored.observation
        if let base = series.observations.first(where: { $0.observation.area == .world }) ?? series.observations.first,
            base.observation.quantity.unit != figure.quantity.unit
        {
            throw CritMinError(
                .invalidValue,
                "\(stored.dataset) gives \(figure.commodity) \(figure.stage?.rawValue ?? "") production in \(figure.quantity.unit), the base series in "
                    + "\(base.observation.quantity.unit): an overlay must use the base's unit and basis",
                file: figure.source.file, line: figure.source.line, field: "unit")
        }
        let previous = series.observations.firstIndex { $0.observation.area == figure.area }
        let before = previous.map { series.observations[$0].observation.quantity.amount.exactValue } ?? 0
        if let previous { series.observations[previous] = stored } else { series.observations.append(stored) }
        guard let world = series.observations.firstIndex(where: { $0.observation.area == .world }),
            let total = series.observations[world].observation.quantity.amount.exactValue, let before,
            let after = figure.quantity.amount.exactValue
        else { return }
        var adjusted = series.observations[world]
        adjusted.observation.quantity.amount = .value(total - before + after)
        let note = "world total adjusted by \(stored.dataset)'s figure for \(figure.area.code) (\(before) → \(after))"
        adjusted.observation.note = adjusted.observation.note.map { $0 + "; " + note } ?? note
        series.observations[world] = adjusted
    }
}
