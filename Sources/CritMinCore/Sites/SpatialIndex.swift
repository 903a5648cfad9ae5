import Foundation

/// Points in a grid of latitude–longitude cells, for box, radius and nearest-neighbour queries that look at a few
/// cells instead of every point.
public struct SpatialIndex<Element: Sendable>: Sendable {
    public struct Hit: Sendable {
        public var element: Element
        public var point: GeoPoint
        public var distanceKm: Double
    }

    private let points: [GeoPoint]
    private let elements: [Element]
    private let grid: Grid
    /// Cell key → indices into `points`.
    private let cells: [Int: [Int]]

    /// - Parameter cellDegrees: The cell size; 1° holds a few hundred sites even in the densest districts.
    public init(_ entries: [(point: GeoPoint, element: Element)], cellDegrees: Double = 1) {
        let grid = Grid(cellDegrees: cellDegrees)
        var cells: [Int: [Int]] = [:]
        for (index, entry) in entries.enumerated() {
            cells[grid.key(grid.row(entry.point.latitude), grid.column(entry.point.longitude)), default: []].append(index)
        }
        self.grid = grid
        self.cells = cells
        points = entries.map(\.point)
        elements = entries.map(\.element)
    }

    public var count: Int { points.count }

    /// The elements inside the box, in the order they were given.
    public func within(_ box: GeoBox) -> [Element] {
        var found: [Int] = []
        for range in box.longitudeRanges {
            forEachPoint(rows: grid.row(box.south)...grid.row(box.north), columns: grid.column(range.lowerBound)...grid.column(range.upperBound)) {
                if box.contains(points[$0]) { found.append($0) }
            }
        }
        // The two ranges of a box across the 180th meridian can share the cells at ±180°.
        return Array(Set(found)).sorted().map { elements[$0] }
    }

    /// The elements within `radiusKm` of the point, nearest first.
    public func within(_ radiusKm: Double, of center: GeoPoint) -> [Hit] {
        let angle = radiusKm / GeoPoint.earthRadiusKm * 180 / .pi
        let spread = Self.longitudeSpread(angle, at: center.latitude)
        let columns = spread >= 180 ? 0...(grid.columns - 1) : grid.column(center.longitude - spread)...grid.column(center.longitude + spread)
        var hits: [Hit] = []
        forEachPoint(rows: grid.row(max(-90, center.latitude - angle))...grid.row(min(90, center.latitude + angle)), columns: columns) {
            let distance = center.distanceKm(to: points[$0])
            if distance <= radiusKm { hits.append(Hit(element: elements[$0], point: points[$0], distanceKm: distance)) }
        }
        return hits.sorted { $0.distanceKm < $1.distanceKm }
    }

    /// The `count` elements nearest the point, nearest first: rings of cells around it are searched until no point
    /// outside them can be nearer than the `count`-th found.
    public func nearest(_ count: Int, to center: GeoPoint) -> [Hit] {
        guard count > 0, !points.isEmpty else { return [] }
        let centerRow = grid.row(center.latitude)
        let centerColumn = grid.column(center.longitude)
        var visited = Set<Int>()
        var best: [(index: Int, distance: Double)] = []
        var ring = 0
        while true {
            for dRow in -ring...ring {
                let row = centerRow + dRow
                guard (0..<grid.rows).contains(row) else { continue }
                for dColumn in -ring...ring where max(abs(dRow), abs(dColumn)) == ring {
                    let key = grid.key(row, centerColumn + dColumn)
                    guard visited.insert(key).inserted else { continue }
                    for index in cells[key] ?? [] { best.append((index, center.distanceKm(to: points[index]))) }
                }
            }
            best.sort { $0.distance < $1.distance }
            if best.count > count { best.removeLast(best.count - count) }
            let bound = lowerBoundKm(outsideRing: ring, row: centerRow, column: centerColumn, from: center)
            if bound.isInfinite || (best.count == count && best[count - 1].distance <= bound) { break }
            ring += 1
        }
        return best.map { Hit(element: elements[$0.index], point: points[$0.index], distanceKm: $0.distance) }
    }

    /// Each point in the cells of the rows and columns (columns wrap around the 180th meridian), each once.
    private func forEachPoint(rows: ClosedRange<Int>, columns: ClosedRange<Int>, _ body: (Int) -> Void) {
        let lastColumn = min(columns.upperBound, columns.lowerBound + grid.columns - 1)
        for row in rows {
            for column in columns.lowerBound...lastColumn {
                for index in cells[grid.key(row, column)] ?? [] { body(index) }
            }
        }
    }

    /// The least distance from the centre to any point outside the square of cells searched so far; infinite once the
    /// square covers the globe.
    private func lowerBoundKm(outsideRing ring: Int, row: Int, column: Int, from center: GeoPoint) -> Double {
        let south = Double(row - ring) * grid.cellDegrees - 90
        let north = Double(row + ring + 1) * grid.cellDegrees - 90
        var bound = Double.infinity
        if south > -90 { bound = min(bound, (center.latitude - south) * .pi / 180 * GeoPoint.earthRadiusKm) }
        if north < 90 { bound = min(bound, (north - center.latitude) * .pi / 180 * GeoPoint.earthRadiusKm) }
        if 2 * ring + 1 < grid.columns {
            let west = Double(column - ring) * grid.cellDegrees - 180
            let east = Double(column + ring + 1) * grid.cellDegrees - 180
            for difference in [center.longitude - west, east - center.longitude] {
                // The nearest point of the meridian at this difference in longitude, on the sphere: the foot of the
                // perpendicular within 90°, the nearer pole beyond.
                let angle =
                    difference <= 90
                    ? asin(min(1, cos(center.latitude * .pi / 180) * sin(difference * .pi / 180))) : (90 - abs(center.latitude)) * .pi / 180
                bound = min(bound, angle * GeoPoint.earthRadiusKm)
            }
        }
        return bound
    }

    /// The half-width in longitude, degrees, of a circle of `angle` degrees around a point at `latitude`; 180 when the
    /// circle reaches a pole.
    private static func longitudeSpread(_ angle: Double, at latitude: Double) -> Double {
        guard abs(latitude) + angle < 90 else { return 180 }
        let ratio = sin(angle * .pi / 180) / cos(latitude * .pi / 180)
        return ratio >= 1 ? 180 : asin(ratio) * 180 / .pi
    }

    /// Row and column numbers of the cells; a column number outside 0..<columns wraps.
    private struct Grid: Sendable {
        let cellDegrees: Double
        let rows: Int
        let columns: Int

        init(cellDegrees: Double) {
            precondition(cellDegrees > 0 && cellDegrees <= 90, "cell size out of range")
            self.cellDegrees = cellDegrees
            rows = Int((180 / cellDegrees).rounded(.up))
            columns = Int((360 / cellDegrees).rounded(.up))
        }

        func row(_ latitude: Double) -> Int { min(rows - 1, max(0, Int(((latitude + 90) / cellDegrees).rounded(.down)))) }
        func column(_ longitude: Double) -> Int { Int(((longitude + 180) / cellDegrees).rounded(.down)) }
        func key(_ row: Int, _ column: Int) -> Int { row * columns + ((column % columns) + columns) % columns }
    }
}
