extension StackedBarChart {
    private static let barThickness = 16.0

    func svg(id: String, description: String) -> String {
        let width = SVGCanvas.chartWidth
        var canvas = SVGCanvas(width: width)
        let margin = SVGCanvas.margin

        let fills = series.enumerated().map { index, entry in
            entry.isOther ? ChartPalette.neutral : ChartPalette.categorical(series[..<index].filter { !$0.isOther }.count)
        }
        var legendItems = zip(series, fills).map { (name: $0.name, fill: $1) }
        let hasUnlisted = bars.flatMap(\.segments).contains { segment in !series.contains { $0.name == segment.series } }
        if hasUnlisted { legendItems.append((name: "Others, named in the bar where space allows", fill: ChartPalette.unlisted)) }
        var y = legendItems.isEmpty ? margin : canvas.legend(legendItems, x: margin, y: margin, maxWidth: width - 2 * margin) + 6

        let labelLines = bars.map { TextMetrics.wrap($0.label, width: width * 0.3, fontSize: SVGCanvas.labelSize, maxLines: 2) }
        let labelWidth = labelLines.flatMap { $0 }.map { TextMetrics.width($0, fontSize: SVGCanvas.labelSize) }.max() ?? 0
        let plotLeft = margin + labelWidth + 10
        let plotWidth = width - margin - 12 - plotLeft
        let scale = AxisScale(covering: [], fixed: 0...100, targetTicks: 4)
        func x(_ share: Double) -> Double { scale.position(share * 100, start: plotLeft, length: plotWidth) }

        let rowHeights = labelLines.map { max(28, Double($0.count) * SVGCanvas.lineHeight + 10) }
        let plotTop = y
        let plotBottom = plotTop + rowHeights.reduce(0, +)
        canvas.grid(scale, plotLeft: plotLeft, plotWidth: plotWidth, top: plotTop, bottom: plotBottom)

        for (index, bar) in bars.enumerated() {
            let centerY = y + rowHeights[index] / 2
            let top = centerY - Self.barThickness / 2
            canvas.rowLabel(labelLines[index], rightX: plotLeft - 8, centerY: centerY)
            // The track shows the whole (100 %); shares not allocated to a series leave it empty.
            canvas.rect(
                x: plotLeft, y: top, width: plotWidth, height: Self.barThickness,
                [("fill", "#FFFFFF"), ("stroke", "#BBBBBB"), ("stroke-width", "0.8")])
            var cumulative = 0.0
            for segment in bar.segments where segment.share > 0 {
                let listed = series.firstIndex { $0.name == segment.series }
                let fill = listed.map { fills[$0] } ?? ChartPalette.unlisted
                let (start, end) = (x(cumulative), x(cumulative + segment.share))
                canvas.rect(
                    x: start, y: top, width: end - start, height: Self.barThickness, [("fill", fill), ("stroke", "#FFFFFF"), ("stroke-width", "1")])
                // The share inside the segment; an unlisted series also gets its name when both fit.
                let share = percentText(segment.share)
                let candidates = listed == nil ? [segment.series + " " + share, share] : [share]
                if let text = candidates.first(where: { TextMetrics.width($0, fontSize: SVGCanvas.smallSize) + 6 <= end - start }) {
                    canvas.text(
                        text, x: (start + end) / 2, y: centerY + 4, size: SVGCanvas.smallSize, anchor: "middle",
                        [("fill", ChartPalette.text(on: fill))])
                }
                cumulative += segment.share
            }
            y += rowHeights[index]
        }

        _ = canvas.horizontalAxis(scale, label: axisLabel, plotLeft: plotLeft, plotWidth: plotWidth, y: plotBottom)
        return canvas.rendered(id: id, title: title, description: description)
    }
}
