extension MatrixChart {
    private static let maximumColumnWidth = 140.0

    func svg(id: String, description: String) -> String {
        let width = SVGCanvas.chartWidth
        var canvas = SVGCanvas(width: width)
        let margin = SVGCanvas.margin
        let hatchID = id + "-no-data"
        let hatch = "url(#\(hatchID))"
        canvas.defineNoDataHatch(id: hatchID)

        let labelLines = rows.map { TextMetrics.wrap($0.label, width: width * 0.28, fontSize: SVGCanvas.labelSize, maxLines: 2) }
        let labelWidth = labelLines.flatMap { $0 }.map { TextMetrics.width($0, fontSize: SVGCanvas.labelSize) }.max() ?? 0
        let gridLeft = margin + labelWidth + 10
        let columnWidth = min(Self.maximumColumnWidth, (width - margin - gridLeft) / Double(max(1, columns.count)))

        // Column headings wrapped to three lines, bottom-aligned over their column.
        let headings = columns.map { TextMetrics.wrap($0, width: columnWidth - 6, fontSize: SVGCanvas.smallSize, maxLines: 3, bold: true) }
        let headingLines = Double(headings.map(\.count).max() ?? 1)
        let gridTop = margin + headingLines * 13 + 6
        for (column, lines) in headings.enumerated() {
            let centerX = gridLeft + (Double(column) + 0.5) * columnWidth
            for (index, line) in lines.enumerated() {
                let baseline = gridTop - 6 - Double(lines.count - 1 - index) * 13
                canvas.text(
                    line, x: centerX, y: baseline, size: SVGCanvas.smallSize, anchor: "middle", [("fill", ChartPalette.ink), ("font-weight", "bold")])
            }
        }

        var y = gridTop
        var hasNoData = false
        for (rowIndex, row) in rows.enumerated() {
            let rowHeight = max(30, Double(labelLines[rowIndex].count) * SVGCanvas.lineHeight + 10)
            canvas.rowLabel(labelLines[rowIndex], rightX: gridLeft - 8, centerY: y + rowHeight / 2)
            for column in columns.indices {
                let entry = entry(row, column)
                let fill = entry.value.map(ChartPalette.sequential) ?? hatch
                hasNoData = hasNoData || entry.value == nil
                let cellX = gridLeft + Double(column) * columnWidth
                canvas.rect(x: cellX + 1, y: y + 1, width: columnWidth - 2, height: rowHeight - 2, [("fill", fill)])
                let text = TextMetrics.fitted(cellText(entry), width: columnWidth - 8, fontSize: SVGCanvas.smallSize)
                let ink = entry.value.map { ChartPalette.text(on: ChartPalette.sequential($0)) } ?? ChartPalette.mutedInk
                var style: [(String, String)] = [("fill", ink)]
                if entry.value == nil { style.append(("font-style", "italic")) }
                canvas.text(text, x: cellX + columnWidth / 2, y: y + rowHeight / 2 + 4, size: SVGCanvas.smallSize, anchor: "middle", style)
            }
            y += rowHeight
        }

        // Legend: the scale with its end labels, and the hatch when some cells have no data.
        _ = canvas.sequentialLegend(label: scaleLabel, low: lowLabel, high: highLabel, noDataFill: hasNoData ? hatch : nil, y: y + 18)
        return canvas.rendered(id: id, title: title, description: description)
    }
}
