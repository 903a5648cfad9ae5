import CritMinCore
import Foundation

/// The Equal Earth projection (Šavrič, Patterson & Jenny 2018; EPSG:8857) on the unit sphere: equal-area, so a
/// country's colour covers as much of the page as the country covers of the world.
enum EqualEarth {
    private static let a1 = 1.340264
    private static let a2 = -0.081106
    private static let a3 = 0.000893
    private static let a4 = 0.003796
    private static let m = 3.0.squareRoot() / 2

    static func project(longitude: Double, latitude: Double) -> (x: Double, y: Double) {
        let lambda = longitude * .pi / 180
        let theta = asin(m * sin(latitude * .pi / 180))
        let theta2 = theta * theta
        let theta6 = theta2 * theta2 * theta2
        let x = lambda * cos(theta) / (m * (a1 + 3 * a2 * theta2 + theta6 * (7 * a3 + 9 * a4 * theta2)))
        let y = theta * (a1 + a2 * theta2 + theta6 * (a3 + a4 * theta2))
        return (x, y)
    }
}

extension MapChart {
    /// Antarctica is cut off to save space; nothing the briefings map lies further south.
    static let southernLimit = -58.0
    private static let scale = (SVGCanvas.chartWidth - 2 * SVGCanvas.margin) / (2 * EqualEarth.project(longitude: 180, latitude: 0).x)
    private static let northernY = EqualEarth.project(longitude: 0, latitude: 90).y
    static let mapHeight = (northernY - EqualEarth.project(longitude: 0, latitude: southernLimit).y) * scale

    /// Where a point falls on the canvas: the map fills the width between the margins, the North Pole at the top.
    static func canvasPoint(longitude: Double, latitude: Double) -> (x: Double, y: Double) {
        let projected = EqualEarth.project(longitude: min(max(longitude, -180), 180), latitude: min(max(latitude, southernLimit), 90))
        return (SVGCanvas.chartWidth / 2 + projected.x * scale, SVGCanvas.margin + (northernY - projected.y) * scale)
    }

    /// Path data for the shape's rings: rings wholly south of the limit left out, the rest clamped to it, points
    /// that round to the one before dropped (they only add bytes); `nil` when nothing is left to draw.
    static func pathData(_ shape: WorldMap.Shape, project: (Double, Double) -> (x: Double, y: Double) = canvasPoint) -> String? {
        var data = ""
        for ring in shape.rings where ring.contains(where: { $0.latitude >= southernLimit }) {
            var points: [String] = []
            for point in ring {
                let at = project(point.longitude, point.latitude)
                let text = SVGCanvas.number(at.x) + "," + SVGCanvas.number(at.y)
                if text != points.last { points.append(text) }
            }
            if points.count > 1, points.first == points.last { points.removeLast() }
            guard points.count >= 3 else { continue }
            data += "M" + points[0] + "L" + points.dropFirst().joined(separator: " ") + "Z"
        }
        return data.isEmpty ? nil : data
    }

    func svg(id: String, description: String) -> String {
        let width = SVGCanvas.chartWidth
        var canvas = SVGCanvas(width: width)
        let margin = SVGCanvas.margin
        let byCountry = Dictionary(regions.map { ($0.country, $0) }, uniquingKeysWith: { first, _ in first })
        let outlined = Set(highlighted)
        func isOutlined(_ shape: WorldMap.Shape) -> Bool { shape.country.map(outlined.contains) ?? false }

        // Outlined countries last, so their neighbours' white borders do not cover the outline.
        let shapes = map.shapes.filter { !isOutlined($0) } + map.shapes.filter(isOutlined)
        for shape in shapes {
            guard let data = Self.pathData(shape) else { continue }
            let region = shape.country.flatMap { byCountry[$0] }
            let value = region?.value.flatMap { $0.isFinite ? $0 : nil }
            let fill = value.map { ChartPalette.sequential($0 / colourMaximum) } ?? ChartPalette.noDataFill
            let border: [(String, String)] =
                isOutlined(shape)
                ? [("stroke", ChartPalette.ink), ("stroke-width", "1.5"), ("stroke-linejoin", "round")]
                : [("stroke", "#FFFFFF"), ("stroke-width", "0.5")]
            let text = region.map(\.text).flatMap { $0.isEmpty ? nil : $0 } ?? MatrixChart.noDataText
            canvas.path(data, [("fill", fill), ("fill-rule", "evenodd")] + border, title: "\(shape.name): \(text)")
        }
        canvas.extend(to: margin + Self.mapHeight)

        let legendTop = margin + Self.mapHeight + 18
        _ = canvas.sequentialLegend(label: scaleLabel, low: "0", high: maximumText, noDataFill: ChartPalette.noDataFill, y: legendTop)
        if !highlighted.isEmpty {
            // The outline's key, right of the no-data swatch.
            let keyX = 360.0
            canvas.rect(
                x: keyX, y: legendTop + 6, width: 22, height: 12,
                [("fill", "#FFFFFF"), ("stroke", ChartPalette.ink), ("stroke-width", "1.5")])
            let names = "Outlined: " + highlighted.map(name).joined(separator: ", ")
            canvas.text(
                TextMetrics.fitted(names, width: width - margin - keyX - 28, fontSize: SVGCanvas.smallSize), x: keyX + 28, y: legendTop + 16,
                size: SVGCanvas.smallSize, [("fill", ChartPalette.ink)])
        }
        return canvas.rendered(id: id, title: title, description: description)
    }
}
