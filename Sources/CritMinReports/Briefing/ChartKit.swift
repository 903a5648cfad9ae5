import CritMinCore
import Foundation

/// Numbers as charts print them (no locale: the same text on every machine).
enum ChartNumber {
    /// Grouped by thousands, at most `decimals` decimals, trailing zeros dropped: 1234.5 → "1,234.5", 95.0 → "95".
    static func text(_ number: Double, decimals: Int) -> String {
        NumberFormat.grouped(number, maximumFractionDigits: decimals)
    }

    /// Enough decimals for three significant digits of the largest magnitude (100 → 0, 45.6 → 1, 0.452 → 3), at most 4.
    static func decimals(forLargest numbers: [Double]) -> Int {
        guard let largest = numbers.map(abs).max(), largest > 0 else { return 0 }
        return min(4, max(0, 2 - Int(log10(largest).rounded(.down))))
    }

    /// A figure in source notation at `decimals`, with "e" for estimates; for symbols, the word they stand for.
    static func figure(_ amount: Amount, estimated: Bool, decimals: Int) -> String {
        let number = { text($0, decimals: decimals) }
        let words: String
        switch amount {
        case .value(let value): words = number(value)
        case .greaterThan(let bound): words = ">" + number(bound)
        case .lessThan(let bound): words = "<" + number(bound)
        case .range(let low, let high): words = number(low) + "–" + number(high)
        case .zero: words = "0"
        case .withheld: words = "withheld"
        case .notAvailable: words = "not available"
        case .notApplicable: words = "not applicable"
        case .netExporter: words = "net exporter"
        case .text(let text): words = text
        }
        return estimated ? words + "e" : words
    }
}

/// A linear axis with ticks at round values (1, 2, 2.5 or 5 × a power of ten).
struct AxisScale {
    let lower: Double
    let upper: Double
    let step: Double

    /// An axis from `fixed` when given, else from the data's extent (NaN and infinities ignored) widened to include zero
    /// and rounded out to ticks.
    init(covering values: [Double], fixed: ClosedRange<Double>?, targetTicks: Int = 5) {
        if let fixed, fixed.upperBound > fixed.lowerBound {
            step = AxisScale.roundStep((fixed.upperBound - fixed.lowerBound) / Double(targetTicks))
            lower = fixed.lowerBound
            upper = fixed.upperBound
            return
        }
        let finite = values.filter(\.isFinite)
        let low = min(0, finite.min() ?? 0)
        var high = max(0, finite.max() ?? 0)
        if high == low { high = low + 1 }
        step = AxisScale.roundStep((high - low) / Double(targetTicks))
        lower = (low / step).rounded(.down) * step
        upper = (high / step).rounded(.up) * step
    }

    /// The tick values from the first round value at or above the lower end to the upper end.
    var ticks: [Double] {
        let first = (lower / step - 1e-9).rounded(.up)
        let count = Int(((upper - first * step) / step + 1e-9).rounded(.down))
        return (0...max(0, count)).map { (first + Double($0)) * step }
    }

    /// A tick's label at the decimals the step needs.
    func label(_ tick: Double) -> String { ChartNumber.text(tick, decimals: tickDecimals) }

    /// Decimals the step needs (0.25 → 2, 20 → 0).
    var tickDecimals: Int {
        var decimals = 0
        while decimals < 6, abs(step * pow(10, Double(decimals)) - (step * pow(10, Double(decimals))).rounded()) > 1e-6 { decimals += 1 }
        return decimals
    }

    /// Where a value falls on an axis drawn from `start` over `length`, clamped to the axis.
    func position(_ value: Double, start: Double, length: Double) -> Double {
        start + (min(max(value, lower), upper) - lower) / (upper - lower) * length
    }

    private static func roundStep(_ raw: Double) -> Double {
        let magnitude = pow(10, log10(raw).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double =
            switch fraction {
            case ...1: 1
            case ...2: 2
            case ...2.5: 2.5
            case ...5: 5
            default: 10
            }
        return nice * magnitude
    }
}

/// Approximate text widths in a Helvetica/Arial-metric font, so labels can be wrapped or shortened before they
/// collide. Widths are Arial's advance widths in thousandths of an em.
enum TextMetrics {
    static func width(_ text: String, fontSize: Double, bold: Bool = false) -> Double {
        let units = text.unicodeScalars.reduce(0) { $0 + advance($1) }
        return Double(units) / 1000 * fontSize * (bold ? 1.07 : 1)
    }

    /// The text in lines no wider than `width`, broken at spaces; a word too long for a line, or text beyond
    /// `maxLines`, is cut with "…".
    static func wrap(_ text: String, width: Double, fontSize: Double, maxLines: Int, bold: Bool = false) -> [String] {
        var lines: [String] = []
        var current = ""
        var truncated = false
        for word in text.split(separator: " ").map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if TextMetrics.width(candidate, fontSize: fontSize, bold: bold) <= width {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            current = word
            if lines.count == maxLines {
                truncated = true
                break
            }
        }
        if !truncated, !current.isEmpty {
            if lines.count < maxLines { lines.append(current) } else { truncated = true }
        }
        if lines.isEmpty { lines = [""] }
        lines = lines.map { fitted($0, width: width, fontSize: fontSize, bold: bold) }
        if truncated, let last = lines.last, !last.hasSuffix("…") {
            lines[lines.count - 1] = fitted(last + "…", width: width, fontSize: fontSize, bold: bold, forceEllipsis: true)
        }
        return lines
    }

    /// The text, shortened with "…" until it fits.
    static func fitted(_ text: String, width: Double, fontSize: Double, bold: Bool = false, forceEllipsis: Bool = false) -> String {
        guard forceEllipsis || TextMetrics.width(text, fontSize: fontSize, bold: bold) > width else { return text }
        var base = forceEllipsis && text.hasSuffix("…") ? String(text.dropLast()) : text
        while !base.isEmpty, TextMetrics.width(base + "…", fontSize: fontSize, bold: bold) > width { base.removeLast() }
        while base.last == " " { base.removeLast() }
        return base + "…"
    }

    private static func advance(_ scalar: Unicode.Scalar) -> Int {
        switch scalar {
        case "i", "j", "l", "'", "|": 222
        case " ", ".", ",", ":", ";", "!", "f", "t", "/", "\\", "I", "[", "]", "·": 278
        case "r", "(", ")", "-", "`": 333
        case "\"": 355
        case "c", "k", "s", "v", "x", "y", "z", "J", "_": 500
        case "F", "T", "Z": 611
        case "+", "<", ">", "=", "~", "×": 584
        case "A", "B", "E", "K", "P", "S", "V", "X", "Y", "&": 667
        case "C", "D", "H", "N", "R", "U", "w": 722
        case "G", "O", "Q": 778
        case "m", "M": 833
        case "%": 889
        case "W": 944
        case "—", "…", "@": 1000
        default: 556
        }
    }
}

/// Colours: a colour-blind-safe categorical palette (Okabe–Ito without black, ordered so the first four reach 3:1
/// against white)
/// and a sequential light-to-dark orange–red scale (ColorBrewer OrRd) for 0…1 values.
enum ChartPalette {
    static let categorical = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"]
    /// For "other" series and bars without a category when others have one.
    static let neutral = "#8C8C8C"
    /// For stacked-bar segments of series the legend does not list.
    static let unlisted = "#D9D9D9"
    static let ink = "#1A1A1A"
    static let mutedInk = "#555555"
    static let gridLine = "#DDDDDD"
    static let axisLine = "#767676"
    static let noDataFill = "#EEEEEE"
    static let noDataHatch = "#B0B0B0"

    static func categorical(_ index: Int) -> String { categorical[index % categorical.count] }

    private static let sequentialStops: [(Double, Double, Double)] = [
        (255, 247, 236), (254, 232, 200), (253, 212, 158), (253, 187, 132), (252, 141, 89), (239, 101, 72), (215, 48, 31), (179, 0, 0),
        (127, 0, 0),
    ]

    /// The scale's colour for a value in 0…1 (clamped), interpolated between ColorBrewer OrRd's nine classes.
    static func sequential(_ value: Double) -> String {
        let position = min(max(value, 0), 1) * Double(sequentialStops.count - 1)
        let index = min(Int(position), sequentialStops.count - 2)
        let fraction = position - Double(index)
        let (low, high) = (sequentialStops[index], sequentialStops[index + 1])
        func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * fraction).rounded()) }
        return hex(mix(low.0, high.0), mix(low.1, high.1), mix(low.2, high.2))
    }

    /// Near-black or white, whichever contrasts more with the fill (WCAG relative luminance).
    static func text(on fill: String) -> String {
        let luminance = relativeLuminance(fill)
        let onWhite = 1.05 / (luminance + 0.05)
        let onBlack = (luminance + 0.05) / 0.05
        return onWhite >= onBlack ? "#FFFFFF" : ink
    }

    private static func relativeLuminance(_ colour: String) -> Double {
        let digits = Array(colour.dropFirst())
        let channels = stride(from: 0, to: 6, by: 2).map { Double(Int(String(digits[$0...$0 + 1]), radix: 16) ?? 0) / 255 }
        let linear = channels.map { $0 <= 0.03928 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    }

    private static func hex(_ red: Int, _ green: Int, _ blue: Int) -> String {
        "#" + [red, green, blue].map { String(format: "%02X", $0) }.joined()
    }
}

/// Escaping for HTML and SVG text and attribute values.
enum Markup {
    /// The text with & < > " ' replaced by entities and control characters XML forbids replaced by spaces.
    static func escape(_ text: String) -> String {
        // Most labels need nothing replaced; pages escape thousands of them.
        if text.utf8.allSatisfy(isPlain) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case let control where control.value < 0x20 || (0x7F...0x9F).contains(control.value): out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A UTF-8 byte that `escape` keeps as it is. 0xC2 leads the C1 controls (U+0080…U+009F), so it takes the slow path.
    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), 0x7F, 0xC2: false
        case UInt8(ascii: "\n"), UInt8(ascii: "\t"): true
        default: byte >= 0x20
        }
    }
}

/// SVG elements written as text, coordinates rounded to a tenth of a unit.
struct SVGCanvas {
    let width: Double
    private(set) var height: Double = 0
    private var elements: [String] = []
    private var definitions: [String] = []

    init(width: Double) { self.width = width }

    /// Grows the drawing to at least `height`.
    mutating func extend(to height: Double) { self.height = max(self.height, height) }

    mutating func define(_ element: String) { definitions.append(element) }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, _ attributes: [(String, String)] = []) {
        elements.append(
            SVGCanvas.element(
                "rect",
                [
                    ("x", SVGCanvas.number(x)), ("y", SVGCanvas.number(y)), ("width", SVGCanvas.number(max(0, width))),
                    ("height", SVGCanvas.number(max(0, height))),
                ] + attributes))
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, _ attributes: [(String, String)] = []) {
        elements.append(
            SVGCanvas.element(
                "line",
                [("x1", SVGCanvas.number(x1)), ("y1", SVGCanvas.number(y1)), ("x2", SVGCanvas.number(x2)), ("y2", SVGCanvas.number(y2))] + attributes)
        )
    }

    mutating func polygon(_ points: [(Double, Double)], _ attributes: [(String, String)] = []) {
        elements.append(SVGCanvas.element("polygon", [("points", SVGCanvas.pointList(points))] + attributes))
    }

    mutating func polyline(_ points: [(Double, Double)], _ attributes: [(String, String)] = []) {
        elements.append(SVGCanvas.element("polyline", [("points", SVGCanvas.pointList(points))] + attributes))
    }

    private static func pointList(_ points: [(Double, Double)]) -> String {
        points.map { SVGCanvas.number($0.0) + "," + SVGCanvas.number($0.1) }.joined(separator: " ")
    }

    /// A path from SVG path data, with an optional `<title>` child (a tooltip, and the name screen readers give it).
    mutating func path(_ d: String, _ attributes: [(String, String)] = [], title: String? = nil) {
        elements.append(SVGCanvas.element("path", [("d", d)] + attributes, content: title.map { "<title>\(Markup.escape($0))</title>" }))
    }

    /// A link around a path: the dashboard's map symbols open their site's page.
    mutating func linkedPath(href: String, _ d: String, _ attributes: [(String, String)], title: String) {
        let path = SVGCanvas.element("path", [("d", d)] + attributes, content: "<title>\(Markup.escape(title))</title>")
        elements.append(SVGCanvas.element("a", [("href", href)], content: path))
    }

    /// Text at a baseline point; `anchor` is start, middle or end.
    mutating func text(_ content: String, x: Double, y: Double, size: Double, anchor: String = "start", _ attributes: [(String, String)] = []) {
        var all = [("x", SVGCanvas.number(x)), ("y", SVGCanvas.number(y)), ("font-size", SVGCanvas.number(size))]
        if anchor != "start" { all.append(("text-anchor", anchor)) }
        elements.append(SVGCanvas.element("text", all + attributes, content: Markup.escape(content)))
    }

    /// The `<svg>` element: scales with its container through the viewBox, labelled for assistive technology by its
    /// `<title>` and `<desc>`.
    func rendered(id: String, title: String, description: String) -> String {
        let height = SVGCanvas.number(height)
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVGCanvas.number(width)) \(height)\" width=\"100%\" "
            + "role=\"img\" aria-labelledby=\"\(Markup.escape(id))-title \(Markup.escape(id))-desc\" "
            + "font-family=\"Arial, 'Liberation Sans', Helvetica, sans-serif\" class=\"chart\">\n"
        out += "<title id=\"\(Markup.escape(id))-title\">\(Markup.escape(title))</title>\n"
        out += "<desc id=\"\(Markup.escape(id))-desc\">\(Markup.escape(description))</desc>\n"
        if !definitions.isEmpty { out += "<defs>" + definitions.joined() + "</defs>\n" }
        out += elements.joined(separator: "\n") + "\n</svg>"
        return out
    }

    static func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) -> String {
        let attributeText = attributes.map { " \($0.0)=\"\(Markup.escape($0.1))\"" }.joined()
        guard let content else { return "<\(name)\(attributeText)/>" }
        return "<\(name)\(attributeText)>\(content)</\(name)>"
    }

    /// A coordinate with at most one decimal ("12", "12.5"); 0 for NaN or infinity, which SVG cannot draw.
    /// Integer arithmetic, not `String(format:)`: a world map writes some 11,000 coordinates.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        guard abs(value) < 1e14 else { return NumberFormat.fixed(value, fractionDigits: 0) }
        let tenths = Int((value * 10).rounded())
        let whole = tenths / 10
        let fraction = abs(tenths % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return fraction == 0 ? "\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}

/// Pieces the charts share: legends, wrapped row labels, grids and axes.
extension SVGCanvas {
    /// Every chart is drawn 720 units wide, so that text is the same size in all of them once they fill a column.
    static let chartWidth = 720.0
    static let margin = 8.0
    static let labelSize = 12.0
    static let smallSize = 11.0
    static let lineHeight = 14.0

    /// Colour swatches with names, flowing into as many lines as needed from `y`; returns the y below the legend.
    /// A fill may be a pattern reference ("url(#…)"). `swatch`, when given, draws item `index`'s key in the
    /// `swatchWidth` from `x` around `centerY` instead of a square (line charts key their lines' dashes and markers).
    mutating func legend(
        _ items: [(name: String, fill: String)], x: Double, y: Double, maxWidth: Double, swatchWidth: Double = 10,
        swatch: ((_ index: Int, _ x: Double, _ centerY: Double, _ canvas: inout SVGCanvas) -> Void)? = nil
    ) -> Double {
        var cursorX = x
        var baseline = y + 11
        for (index, item) in items.enumerated() {
            let text = TextMetrics.fitted(item.name, width: maxWidth - swatchWidth - 6, fontSize: SVGCanvas.smallSize)
            let itemWidth = swatchWidth + 4 + TextMetrics.width(text, fontSize: SVGCanvas.smallSize) + 16
            if cursorX > x, cursorX + itemWidth > x + maxWidth {
                cursorX = x
                baseline += 18
            }
            if let swatch {
                swatch(index, cursorX, baseline - 5, &self)
            } else {
                rect(x: cursorX, y: baseline - 10, width: 10, height: 10, [("fill", item.fill)])
            }
            self.text(text, x: cursorX + swatchWidth + 4, y: baseline, size: SVGCanvas.smallSize, [("fill", ChartPalette.ink)])
            cursorX += itemWidth
        }
        extend(to: baseline + 6)
        return baseline + 10
    }

    /// Row labels wrapped to at most two lines, right-aligned at `rightX`, centred on `centerY`.
    mutating func rowLabel(_ lines: [String], rightX: Double, centerY: Double) {
        let firstBaseline = centerY - Double(lines.count - 1) * SVGCanvas.lineHeight / 2 + 4
        for (index, line) in lines.enumerated() {
            text(
                line, x: rightX, y: firstBaseline + Double(index) * SVGCanvas.lineHeight, size: SVGCanvas.labelSize, anchor: "end",
                [("fill", ChartPalette.ink)])
        }
    }

    /// Vertical grid lines at the scale's ticks between `top` and `bottom`.
    mutating func grid(_ scale: AxisScale, plotLeft: Double, plotWidth: Double, top: Double, bottom: Double) {
        for tick in scale.ticks {
            let x = scale.position(tick, start: plotLeft, length: plotWidth)
            line(x1: x, y1: top, x2: x, y2: bottom, [("stroke", ChartPalette.gridLine), ("stroke-width", "1")])
        }
    }

    /// The axis line, tick labels and the axis label under the plot; returns the y below it.
    mutating func horizontalAxis(_ scale: AxisScale, label: String, plotLeft: Double, plotWidth: Double, y: Double) -> Double {
        horizontalAxis(ticks: scale.ticks.map { ($0, scale.label($0)) }, scale: scale, label: label, plotLeft: plotLeft, plotWidth: plotWidth, y: y)
    }

    /// The axis with ticks of the caller's choosing (years, months); a tick label that would touch the one before
    /// it is left out, its tick mark kept.
    mutating func horizontalAxis(
        ticks: [(value: Double, label: String)], scale: AxisScale, label: String, plotLeft: Double, plotWidth: Double, y: Double
    ) -> Double {
        line(x1: plotLeft, y1: y, x2: plotLeft + plotWidth, y2: y, [("stroke", ChartPalette.axisLine), ("stroke-width", "1")])
        var lastLabelEnd = -Double.infinity
        for tick in ticks {
            let x = scale.position(tick.value, start: plotLeft, length: plotWidth)
            line(x1: x, y1: y, x2: x, y2: y + 4, [("stroke", ChartPalette.axisLine), ("stroke-width", "1")])
            let halfWidth = TextMetrics.width(tick.label, fontSize: SVGCanvas.smallSize) / 2
            guard x - halfWidth >= lastLabelEnd + 4 else { continue }
            text(tick.label, x: x, y: y + 16, size: SVGCanvas.smallSize, anchor: "middle", [("fill", ChartPalette.mutedInk)])
            lastLabelEnd = x + halfWidth
        }
        let axisLabel = TextMetrics.fitted(label, width: width - 2 * SVGCanvas.margin, fontSize: SVGCanvas.smallSize)
        let labelX = min(
            max(plotLeft + plotWidth / 2, SVGCanvas.margin + TextMetrics.width(axisLabel, fontSize: SVGCanvas.smallSize) / 2),
            width - SVGCanvas.margin - TextMetrics.width(axisLabel, fontSize: SVGCanvas.smallSize) / 2)
        text(axisLabel, x: labelX, y: y + 34, size: SVGCanvas.smallSize, anchor: "middle", [("fill", ChartPalette.ink)])
        extend(to: y + 42)
        return y + 42
    }

    /// How far the vertical axis's tick labels reach left of the plot.
    static func verticalAxisWidth(_ scale: AxisScale) -> Double {
        (scale.ticks.map { TextMetrics.width(scale.label($0), fontSize: SVGCanvas.smallSize) }.max() ?? 0) + 6
    }

    /// A value axis running up the plot: horizontal grid lines at the scale's ticks, their labels right-aligned
    /// left of the plot, and the axis label (with its unit) on one line above the plot, where it needs no rotation.
    mutating func verticalAxis(
        _ scale: AxisScale, label: String, labelY: Double, plotLeft: Double, plotWidth: Double, top: Double, bottom: Double
    ) {
        let fitted = TextMetrics.fitted(label, width: width - 2 * SVGCanvas.margin, fontSize: SVGCanvas.smallSize)
        text(fitted, x: SVGCanvas.margin, y: labelY, size: SVGCanvas.smallSize, [("fill", ChartPalette.ink)])
        for tick in scale.ticks {
            let y = scale.position(tick, start: bottom, length: top - bottom)
            line(x1: plotLeft, y1: y, x2: plotLeft + plotWidth, y2: y, [("stroke", ChartPalette.gridLine), ("stroke-width", "1")])
            text(scale.label(tick), x: plotLeft - 6, y: y + 4, size: SVGCanvas.smallSize, anchor: "end", [("fill", ChartPalette.mutedInk)])
        }
    }

    /// The note a chart shows where it has no number to draw.
    mutating func noFiguresNote(centerX: Double, centerY: Double) {
        text(
            "No figures to draw", x: centerX, y: centerY + 4, size: SVGCanvas.labelSize, anchor: "middle",
            [("fill", ChartPalette.mutedInk), ("font-style", "italic")])
    }

    /// Vertical reference lines (thresholds, percentiles): dashed from their label down to `bottom`.
    mutating func referenceLines(_ labels: ReferenceLabels, top: Double, bottom: Double) {
        for label in labels.placed {
            let baselineY = top + Double(label.row + 1) * SVGCanvas.lineHeight - 3
            line(
                x1: label.lineX, y1: baselineY + 3, x2: label.lineX, y2: bottom,
                [("stroke", ChartPalette.ink), ("stroke-width", "1.2"), ("stroke-dasharray", "4 3")])
            text(label.text, x: label.x, y: baselineY, size: SVGCanvas.smallSize, [("fill", ChartPalette.ink)])
        }
    }

    /// The sequential colour scale in ten steps with its end labels under it and its label above, and a swatch
    /// for cells or regions without data when `noDataFill` is given; returns the y below it.
    mutating func sequentialLegend(label: String, low: String, high: String, noDataFill: String?, y top: Double) -> Double {
        let steps = 10
        let stepWidth = 22.0
        let margin = SVGCanvas.margin
        text(
            TextMetrics.fitted(label, width: width - 2 * margin, fontSize: SVGCanvas.smallSize), x: margin, y: top, size: SVGCanvas.smallSize,
            [("fill", ChartPalette.ink)])
        let y = top + 6
        for step in 0..<steps {
            let value = (Double(step) + 0.5) / Double(steps)
            rect(x: margin + Double(step) * stepWidth, y: y, width: stepWidth, height: 12, [("fill", ChartPalette.sequential(value))])
        }
        let scaleEnd = margin + Double(steps) * stepWidth
        text(low, x: margin, y: y + 26, size: SVGCanvas.smallSize, [("fill", ChartPalette.mutedInk)])
        text(high, x: scaleEnd, y: y + 26, size: SVGCanvas.smallSize, anchor: "end", [("fill", ChartPalette.mutedInk)])
        if let noDataFill {
            rect(
                x: scaleEnd + 24, y: y, width: stepWidth, height: 12,
                [("fill", noDataFill), ("stroke", ChartPalette.noDataHatch), ("stroke-width", "0.5")])
            text("No data", x: scaleEnd + 24 + stepWidth + 6, y: y + 10, size: SVGCanvas.smallSize, [("fill", ChartPalette.ink)])
        }
        extend(to: y + 34)
        return y + 34
    }

    /// The no-data hatch, defined once per chart under `id`.
    mutating func defineNoDataHatch(id: String) {
        define(
            "<pattern id=\"\(Markup.escape(id))\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                + "<rect width=\"6\" height=\"6\" fill=\"\(ChartPalette.noDataFill)\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"\(ChartPalette.noDataHatch)\" stroke-width=\"2\"/></pattern>")
    }
}

extension Amount {
    /// The numbers a chart draws for the amount (a bar's end, a marker, a whisker's ends), which its axis must include.
    var drawnExtent: [Double] {
        switch self {
        case .value(let number), .greaterThan(let number), .lessThan(let number): [number]
        case .range(let low, let high): [low, high]
        default: []
        }
    }
}

/// Labels of vertical reference lines placed above the plot, each on the first line where it touches no other.
struct ReferenceLabels {
    private(set) var placed: [(text: String, x: Double, lineX: Double, row: Int)] = []
    private(set) var rowCount = 0

    /// - Parameter lines: each label's text and the x of its line; a label is centred on its line, kept on the canvas.
    init(_ lines: [(text: String, x: Double)], canvasWidth: Double) {
        var rows: [[ClosedRange<Double>]] = []
        for line in lines {
            let text = TextMetrics.fitted(line.text, width: canvasWidth - 2 * SVGCanvas.margin, fontSize: SVGCanvas.smallSize)
            let width = TextMetrics.width(text, fontSize: SVGCanvas.smallSize)
            let start = min(max(line.x - width / 2, SVGCanvas.margin), canvasWidth - SVGCanvas.margin - width)
            let extent = (start - 6)...(start + width + 6)
            let row = rows.firstIndex { $0.allSatisfy { !$0.overlaps(extent) } } ?? rows.count
            if row == rows.count { rows.append([]) }
            rows[row].append(extent)
            placed.append((text, start, line.x, row))
        }
        rowCount = rows.count
    }

    /// The height the labels take above the plot.
    var height: Double { rowCount == 0 ? 0 : Double(rowCount) * SVGCanvas.lineHeight + 6 }
}

extension Chart {
    /// The chart as an `<svg>` element that scales with its container, with `<title>` and a `<desc>` giving the
    /// caption and every figure.
    /// - Parameter id: a name unique in the document (letters, digits, hyphens); the chart's own element ids start with it.
    public func svg(id: String) -> String {
        switch self {
        case .bars(let chart): chart.svg(id: id, description: textDescription)
        case .stackedBars(let chart): chart.svg(id: id, description: textDescription)
        case .matrix(let chart): chart.svg(id: id, description: textDescription)
        case .line(let chart): chart.svg(id: id, description: textDescription)
        case .histogram(let chart): chart.svg(id: id, description: textDescription)
        case .map(let chart): chart.svg(id: id, description: textDescription)
        case .sites(let chart): chart.svg(id: id, description: textDescription)
        }
    }

    /// The caption and the data in words: "Gallium: 100; Graphite: 100; …".
    private var textDescription: String {
        let table = dataTable
        let data = table.rows.map { row in
            let figures = zip(table.columns.dropFirst(), row.dropFirst()).filter { !$0.1.text.isEmpty }
            let text = figures.count == 1 ? figures[0].1.text : figures.map { "\($0.0.title) \($0.1.text)" }.joined(separator: ", ")
            return "\(row.first?.text ?? ""): \(text)"
        }
        return ([caption] + table.notes + ["Data: " + data.joined(separator: "; ") + "."]).joined(separator: " ")
    }
}
