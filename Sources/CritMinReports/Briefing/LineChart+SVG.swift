import CritMinCore

extension LineChart {
    private static let plotHeight = 240.0
    private static let endLabelWidth = 110.0
    private static let markerSize = 3.5
    private static let keyWidth = 24.0
    /// Dash patterns by series, with the marker shapes, so lines can be told apart without colour.
    private static let dashes: [String?] = [nil, "6 3", "2 3", "8 3 2 3"]

    func svg(id: String, description: String) -> String {
        let width = SVGCanvas.chartWidth
        var canvas = SVGCanvas(width: width)
        let margin = SVGCanvas.margin

        var y = margin
        if series.count > 1 {
            let items = series.enumerated().map { (name: $0.element.name, fill: ChartPalette.categorical($0.offset)) }
            y =
                canvas.legend(items, x: margin, y: y, maxWidth: width - 2 * margin, swatchWidth: Self.keyWidth) { index, x, centerY, canvas in
                    Self.drawKey(series: index, x: x, y: centerY, canvas: &canvas)
                } + 4
        }
        let plotTop = y + 22
        let plotBottom = plotTop + Self.plotHeight
        let yScale = AxisScale(covering: series.flatMap(\.points).flatMap(\.amount.drawnExtent), fixed: yRange)
        let plotLeft = margin + SVGCanvas.verticalAxisWidth(yScale)
        // Room on the right for the series names at the ends of their lines.
        let names = series.map { TextMetrics.fitted($0.name, width: Self.endLabelWidth, fontSize: SVGCanvas.smallSize) }
        let nameRoom = (names.map { TextMetrics.width($0, fontSize: SVGCanvas.smallSize) }.max() ?? 0) + 10
        let plotWidth = width - margin - max(nameRoom, 16) - plotLeft
        let xScale = xScale
        func position(_ x: Double, _ y: Double) -> (Double, Double) {
            (xScale.position(x, start: plotLeft, length: plotWidth), yScale.position(y, start: plotBottom, length: plotTop - plotBottom))
        }

        canvas.verticalAxis(
            yScale, label: yAxisLabel, labelY: plotTop - 8, plotLeft: plotLeft, plotWidth: plotWidth, top: plotTop, bottom: plotBottom)

        var lineEnds: [(series: Int, x: Double, y: Double)] = []
        for (index, line) in series.enumerated() {
            let colour = ChartPalette.categorical(index)
            let stroke = [("fill", "none")] + Self.lineStyle(series: index) + [("stroke-linejoin", "round")]
            let open: [(String, String)] = [("fill", "#FFFFFF"), ("stroke", colour), ("stroke-width", "1.5")]
            // The line joins runs of exact figures only: anything else breaks it, so it never passes through a
            // number the source does not state.
            var run: [(Double, Double)] = []
            var markers: [(point: (Double, Double), open: Bool)] = []
            var lastDrawn: (Double, Double)?
            func endRun() {
                if run.count >= 2 { canvas.polyline(run, stroke) }
                run = []
            }
            for point in line.points where point.x.isFinite {
                switch point.amount {
                case .value, .zero:
                    guard let value = point.amount.exactValue, value.isFinite else {
                        endRun()
                        continue
                    }
                    let at = position(point.x, value)
                    run.append(at)
                    markers.append((at, false))
                    lastDrawn = at
                case .greaterThan(let bound) where bound.isFinite, .lessThan(let bound) where bound.isFinite:
                    endRun()
                    // A stub from the open marker points the way the figure lies.
                    let at = position(point.x, bound)
                    let direction: Double = if case .greaterThan = point.amount { -1 } else { 1 }
                    canvas.line(x1: at.0, y1: at.1 + direction * Self.markerSize, x2: at.0, y2: at.1 + direction * 10, open)
                    markers.append((at, true))
                    lastDrawn = at
                case .range(let low, let high) where low.isFinite && high.isFinite:
                    endRun()
                    let (bottom, top) = (position(point.x, low), position(point.x, high))
                    canvas.line(x1: bottom.0, y1: bottom.1, x2: top.0, y2: top.1, open)
                    for end in [bottom, top] { canvas.line(x1: end.0 - 4, y1: end.1, x2: end.0 + 4, y2: end.1, open) }
                    lastDrawn = (top.0, (top.1 + bottom.1) / 2)
                default:
                    endRun()
                }
            }
            endRun()
            for marker in markers {
                canvas.polygon(Self.markerShape(series: index, x: marker.point.0, y: marker.point.1), marker.open ? open : [("fill", colour)])
            }
            if let lastDrawn { lineEnds.append((index, lastDrawn.0, lastDrawn.1)) }
        }

        // Each series' name beside its last figure, moved down to clear the name above; names that would leave the
        // plot are left to the legend.
        var lastBaseline = -Double.infinity
        for end in lineEnds.sorted(by: { ($0.y, $0.series) < ($1.y, $1.series) }) {
            let baseline = max(end.y + 4, lastBaseline + SVGCanvas.lineHeight)
            guard baseline <= plotBottom + 4 else { continue }
            let name = TextMetrics.fitted(names[end.series], width: width - margin - end.x - 8, fontSize: SVGCanvas.smallSize)
            canvas.text(name, x: end.x + 8, y: baseline, size: SVGCanvas.smallSize, [("fill", ChartPalette.ink)])
            lastBaseline = baseline
        }
        if lineEnds.isEmpty { canvas.noFiguresNote(centerX: plotLeft + plotWidth / 2, centerY: (plotTop + plotBottom) / 2) }

        let ticks = xTicks.isEmpty ? xScale.ticks.map { (value: $0, label: xText($0)) } : xTicks.map { (value: $0.value, label: $0.label) }
        _ = canvas.horizontalAxis(ticks: ticks, scale: xScale, label: xAxisLabel, plotLeft: plotLeft, plotWidth: plotWidth, y: plotBottom)
        return canvas.rendered(id: id, title: title, description: description)
    }

    /// The x axis spans the ticks and every point; a single position gets a unit either side.
    private var xScale: AxisScale {
        let xs = (xTicks.map(\.value) + series.flatMap { $0.points.map(\.x) }).filter(\.isFinite)
        guard let low = xs.min(), let high = xs.max() else { return AxisScale(covering: [], fixed: 0...1) }
        return AxisScale(covering: [], fixed: low < high ? low...high : (low - 1)...(high + 1))
    }

    /// The series' marker: square, triangle, diamond or inverted triangle, in turn.
    private static func markerShape(series: Int, x: Double, y: Double) -> [(Double, Double)] {
        let size = markerSize
        switch series % 4 {
        case 0: return [(x - size, y - size), (x + size, y - size), (x + size, y + size), (x - size, y + size)]
        case 1: return [(x, y - size * 1.3), (x + size * 1.3, y + size), (x - size * 1.3, y + size)]
        case 2: return [(x, y - size * 1.4), (x + size * 1.4, y), (x, y + size * 1.4), (x - size * 1.4, y)]
        default: return [(x - size * 1.3, y - size), (x + size * 1.3, y - size), (x, y + size * 1.3)]
        }
    }

    /// The legend key: a stretch of the series' line with its marker.
    private static func drawKey(series: Int, x: Double, y: Double, canvas: inout SVGCanvas) {
        canvas.line(x1: x, y1: y, x2: x + keyWidth, y2: y, lineStyle(series: series))
        canvas.polygon(markerShape(series: series, x: x + keyWidth / 2, y: y), [("fill", ChartPalette.categorical(series))])
    }

    /// The series' colour, width and dash.
    private static func lineStyle(series: Int) -> [(String, String)] {
        let style = [("stroke", ChartPalette.categorical(series)), ("stroke-width", "2")]
        return dashes[series % dashes.count].map { style + [("stroke-dasharray", $0)] } ?? style
    }
}
