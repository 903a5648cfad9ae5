extension HistogramChart {
    private static let plotHeight = 220.0

    func svg(id: String, description: String) -> String {
        let width = SVGCanvas.chartWidth
        var canvas = SVGCanvas(width: width)
        let margin = SVGCanvas.margin

        let countScale = AxisScale(
            covering: bins.map { Double($0.count) }, fixed: nil, targetTicks: max(1, min(5, bins.map(\.count).max() ?? 0)))
        let plotLeft = margin + SVGCanvas.verticalAxisWidth(countScale)
        let plotWidth = width - margin - 12 - plotLeft
        let valueScale = valueScale
        func x(_ value: Double) -> Double { valueScale.position(value, start: plotLeft, length: plotWidth) }

        // The count label on the first line, marker labels under it, then the plot.
        let markerLabels = ReferenceLabels(markers.map { (text: "\($0.label) (\(number($0.value)))", x: x($0.value)) }, canvasWidth: width)
        let labelTop = margin + 18
        let plotTop = labelTop + markerLabels.height + 6
        let plotBottom = plotTop + Self.plotHeight
        func y(_ count: Int) -> Double { countScale.position(Double(count), start: plotBottom, length: plotTop - plotBottom) }
        canvas.verticalAxis(
            countScale, label: countLabel, labelY: margin + 11, plotLeft: plotLeft, plotWidth: plotWidth, top: plotTop, bottom: plotBottom)

        for bin in bins {
            // A bin of no width (all draws equal) still shows as a narrow bar.
            let (left, right) = (x(bin.lower), x(bin.upper))
            let barWidth = max(right - left, 2)
            canvas.rect(
                x: (left + right - barWidth) / 2, y: y(bin.count), width: barWidth, height: plotBottom - y(bin.count),
                [("fill", ChartPalette.categorical(0)), ("stroke", "#FFFFFF"), ("stroke-width", "0.5")])
        }
        if bins.isEmpty { canvas.noFiguresNote(centerX: plotLeft + plotWidth / 2, centerY: (plotTop + plotBottom) / 2) }
        canvas.referenceLines(markerLabels, top: labelTop, bottom: plotBottom)

        _ = canvas.horizontalAxis(valueScale, label: axisLabel, plotLeft: plotLeft, plotWidth: plotWidth, y: plotBottom)
        return canvas.rendered(id: id, title: title, description: description)
    }

    /// The value axis spans the bins and markers (not widened to zero: a distribution sits where it sits); a single
    /// value gets room either side.
    private var valueScale: AxisScale {
        let values = (bins.flatMap { [$0.lower, $0.upper] } + markers.map(\.value)).filter(\.isFinite)
        guard let low = values.min(), let high = values.max() else { return AxisScale(covering: [], fixed: 0...1) }
        let pad = high > low ? 0 : max(abs(low) * 0.05, 0.5)
        return AxisScale(covering: [], fixed: (low - pad)...(high + pad))
    }
}
