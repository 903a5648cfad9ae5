import CritMinCore

extension BarChart {
    private static let barThickness = 14.0
    private static let arrowLength = 7.0

    func svg(id: String, description: String) -> String {
        var canvas = SVGCanvas(width: SVGCanvas.chartWidth)
        let margin = SVGCanvas.margin
        let labelSize = SVGCanvas.labelSize

        // Columns: wrapped labels on the left, value labels to the right of the longest bar.
        let labelLines = bars.map { TextMetrics.wrap($0.label, width: SVGCanvas.chartWidth * 0.3, fontSize: labelSize, maxLines: 2) }
        let labelWidth = labelLines.flatMap { $0 }.map { TextMetrics.width($0, fontSize: labelSize) }.max() ?? 0
        let valueTexts = bars.map(valueText)
        let valueWidth = valueTexts.map { TextMetrics.width($0, fontSize: labelSize) }.max() ?? 0
        let plotLeft = margin + labelWidth + 10
        let plotWidth = SVGCanvas.chartWidth - margin - valueWidth - 8 - Self.arrowLength - plotLeft
        let scale = AxisScale(
            covering: bars.flatMap { $0.amount.drawnExtent + [$0.interval?.lowerBound, $0.interval?.upperBound].compactMap { $0 } }
                + thresholds.map(\.value),
            fixed: axisRange)
        func x(_ value: Double) -> Double { scale.position(value, start: plotLeft, length: plotWidth) }

        var y = margin
        let categories = categories
        if !categories.isEmpty {
            let items = categories.enumerated().map { (name: $0.element, fill: ChartPalette.categorical($0.offset)) }
            y = canvas.legend(items, x: margin, y: y, maxWidth: SVGCanvas.chartWidth - 2 * margin) + 4
        }

        // Threshold labels above the plot, each on the first line where it does not touch another.
        let thresholdLabels = ReferenceLabels(
            thresholds.map { (text: "\($0.label) (\(ChartNumber.text($0.value, decimals: figureDecimals)))", x: x($0.value)) },
            canvasWidth: SVGCanvas.chartWidth)
        let labelTop = y
        let plotTop = y + thresholdLabels.height

        let rowHeights = labelLines.map { max(26, Double($0.count) * SVGCanvas.lineHeight + 10) }
        let plotBottom = plotTop + rowHeights.reduce(0, +)
        canvas.grid(scale, plotLeft: plotLeft, plotWidth: plotWidth, top: plotTop, bottom: plotBottom)

        var rowTop = plotTop
        for (index, bar) in bars.enumerated() {
            let centerY = rowTop + rowHeights[index] / 2
            canvas.rowLabel(labelLines[index], rightX: plotLeft - 8, centerY: centerY)
            let fill =
                categories.isEmpty
                ? ChartPalette.categorical(0)
                : bar.category.flatMap { categories.firstIndex(of: $0) }.map(ChartPalette.categorical) ?? ChartPalette.neutral
            var end = drawBar(bar.amount, fill: fill, centerY: centerY, x: x, canvas: &canvas)
            if let interval = bar.interval {
                let (low, high) = (x(interval.lowerBound), x(interval.upperBound))
                let whisker: [(String, String)] = [("stroke", ChartPalette.ink), ("stroke-width", "1.5")]
                canvas.line(x1: low, y1: centerY, x2: high, y2: centerY, whisker)
                canvas.line(x1: low, y1: centerY - 5, x2: low, y2: centerY + 5, whisker)
                canvas.line(x1: high, y1: centerY - 5, x2: high, y2: centerY + 5, whisker)
                end = max(end ?? x(0), high)
            }
            let valueStyle: [(String, String)] =
                end == nil ? [("fill", ChartPalette.mutedInk), ("font-style", "italic")] : [("fill", ChartPalette.ink)]
            canvas.text(valueTexts[index], x: (end ?? x(0)) + 6, y: centerY + 4, size: labelSize, valueStyle)
            rowTop += rowHeights[index]
        }

        // The zero line, darker than the grid, when the axis starts elsewhere; else the left edge of the plot.
        let baseline = x(max(scale.lower, min(0, scale.upper)))
        canvas.line(x1: baseline, y1: plotTop, x2: baseline, y2: plotBottom, [("stroke", ChartPalette.axisLine), ("stroke-width", "1")])

        canvas.referenceLines(thresholdLabels, top: labelTop, bottom: plotBottom)

        _ = canvas.horizontalAxis(scale, label: axisLabel, plotLeft: plotLeft, plotWidth: plotWidth, y: plotBottom)
        return canvas.rendered(id: id, title: title, description: description)
    }

    /// Draws a bar for the amount and returns where it ends on the right, `nil` when there is no number to draw.
    private func drawBar(_ amount: Amount, fill: String, centerY: Double, x: (Double) -> Double, canvas: inout SVGCanvas) -> Double? {
        let top = centerY - Self.barThickness / 2
        let zero = x(0)
        func solid(to value: Double) {
            canvas.rect(x: min(zero, x(value)), y: top, width: abs(x(value) - zero), height: Self.barThickness, [("fill", fill)])
        }
        func open(from low: Double, to high: Double) {
            canvas.rect(
                x: min(x(low), x(high)) + 0.75, y: top + 0.75, width: abs(x(high) - x(low)) - 1.5, height: Self.barThickness - 1.5,
                [("fill", "#FFFFFF"), ("stroke", fill), ("stroke-width", "1.5")])
        }
        switch amount {
        case .value(let value):
            solid(to: value)
            return max(zero, x(value))
        case .zero:
            return zero
        case .greaterThan(let bound):
            // The bar reaches the bound; the arrowhead says the figure lies beyond it.
            solid(to: bound)
            let end = x(bound)
            canvas.polygon([(end, top - 2), (end + Self.arrowLength, centerY), (end, top + Self.barThickness + 2)], [("fill", fill)])
            return end + Self.arrowLength
        case .lessThan(let bound):
            // An open bar: the figure lies somewhere below the bound.
            open(from: 0, to: bound)
            return max(zero, x(bound))
        case .range(let low, let high):
            solid(to: low)
            open(from: low, to: high)
            return max(zero, x(high))
        case .withheld, .notAvailable, .notApplicable, .netExporter, .text:
            return nil
        }
    }
}
