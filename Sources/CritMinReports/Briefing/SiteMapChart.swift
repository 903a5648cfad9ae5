import CritMinCore
import Foundation

/// Sites as symbols on the Equal Earth projection of a region (North America, the world): the symbol's shape says what a
/// site is, its colour how far along it is; each links to the site's page.
public struct SiteMapChart: Sendable, Hashable {
    public struct Symbol: Sendable, Hashable {
        public var site: SiteID
        public var name: String
        public var location: GeoPoint
        public var kind: SiteKind
        public var stage: DevelopmentStage?
        public var link: String

        public init(site: SiteID, name: String, location: GeoPoint, kind: SiteKind, stage: DevelopmentStage?, link: String) {
            self.site = site
            self.name = name
            self.location = location
            self.kind = kind
            self.stage = stage
            self.link = link
        }
    }

    public var title: String
    public var symbols: [Symbol]
    public var map: WorldMap
    /// The region drawn (west < east; the antimeridian is not crossed).
    public var view: GeoBox
    public var caption: String
    public var citations: [CitationID]
    /// The site a page is about, drawn larger and last.
    public var highlighted: SiteID?

    public init(
        title: String, symbols: [Symbol], map: WorldMap, view: GeoBox, caption: String, citations: [CitationID], highlighted: SiteID? = nil
    ) {
        self.title = title
        self.symbols = symbols
        self.map = map
        self.view = view
        self.caption = caption
        self.citations = citations
        self.highlighted = highlighted
    }

    /// Canada and the United States with Alaska, Greenland's west coast and the Gulf of Mexico.
    public static let northAmerica = try! GeoBox(south: 18, west: -170, north: 75, east: -50)
    public static let world = try! GeoBox(south: MapChart.southernLimit, west: -180, north: 85, east: 180)

    public var dataTable: ReportTable {
        ReportTable(
            title: title, columns: [Column("Site"), Column("Kind"), Column("Stage"), .figure("Latitude"), .figure("Longitude")],
            rows: symbols.map { symbol in
                [
                    Cell(symbol.name, link: symbol.link), Cell(symbol.kind.rawValue), Cell(symbol.stage?.rawValue ?? "not stated"),
                    .number(symbol.location.latitude, decimals: 4), .number(symbol.location.longitude, decimals: 4),
                ]
            })
    }

    /// Stage groups and their colours (Okabe–Ito, as the other charts).
    static let stageGroups: [(name: String, stages: Set<DevelopmentStage?>, fill: String)] = [
        ("Producing", [.production], "#0072B2"), ("Construction, permitting, feasibility", [.construction, .permitting, .feasibility], "#009E73"),
        ("Advanced project", [.advancedProject], "#E69F00"), ("Exploration, occurrence", [.exploration, .occurrence], "#8C8C8C"),
        ("Past producer", [.pastProducer], "#CC79A7"), ("Stage not stated", [nil], "#D9D9D9"),
    ]

    static func fill(_ stage: DevelopmentStage?) -> String { stageGroups.first { $0.stages.contains(stage) }?.fill ?? "#D9D9D9" }

    /// Path data of the kind's symbol around a point: circle for deposits and occurrences, square for mines, triangle for
    /// plants, diamond for projects.
    static func symbolPath(_ kind: SiteKind, x: Double, y: Double, size: Double = 4) -> String {
        let (cx, cy, r) = (SVGCanvas.number(x), SVGCanvas.number(y), size)
        func point(_ dx: Double, _ dy: Double) -> String { SVGCanvas.number(x + dx) + "," + SVGCanvas.number(y + dy) }
        switch kind {
        case .deposit, .occurrence:
            return
                "M\(SVGCanvas.number(x - r)),\(cy)a\(SVGCanvas.number(r)),\(SVGCanvas.number(r)) 0 1,0 \(SVGCanvas.number(2 * r)),0a\(SVGCanvas.number(r)),\(SVGCanvas.number(r)) 0 1,0 \(SVGCanvas.number(-2 * r)),0Z"
        case .mine: return "M\(point(-r, -r))L\(point(r, -r)) \(point(r, r)) \(point(-r, r))Z"
        case .processingFacility: return "M\(point(0, -r * 1.2))L\(point(r * 1.1, r * 0.9)) \(point(-r * 1.1, r * 0.9))Z"
        case .project: return "M\(cx),\(SVGCanvas.number(y - r * 1.3))L\(point(r * 1.3, 0)) \(point(0, r * 1.3)) \(point(-r * 1.3, 0))Z"
        }
    }

    func svg(id: String, description: String) -> String {
        let width = SVGCanvas.chartWidth
        let margin = SVGCanvas.margin
        // The projected bounds of the region, from points along its edges (Equal Earth bends meridians).
        var xs: [Double] = []
        var ys: [Double] = []
        for step in 0...20 {
            let t = Double(step) / 20
            for (longitude, latitude) in [
                (view.west + t * (view.east - view.west), view.south), (view.west + t * (view.east - view.west), view.north),
                (view.west, view.south + t * (view.north - view.south)), (view.east, view.south + t * (view.north - view.south)),
            ] {
                let projected = EqualEarth.project(longitude: longitude, latitude: latitude)
                xs.append(projected.x)
                ys.append(projected.y)
            }
        }
        let (minX, maxX, minY, maxY) = (xs.min()!, xs.max()!, ys.min()!, ys.max()!)
        let scale = (width - 2 * margin) / (maxX - minX)
        let mapHeight = (maxY - minY) * scale
        func project(_ longitude: Double, _ latitude: Double) -> (x: Double, y: Double) {
            let projected = EqualEarth.project(longitude: min(max(longitude, -180), 180), latitude: min(max(latitude, MapChart.southernLimit), 90))
            return (margin + (projected.x - minX) * scale, margin + (maxY - projected.y) * scale)
        }
        var canvas = SVGCanvas(width: width)
        canvas.define(
            "<clipPath id=\"\(id)-clip\"><rect x=\"\(SVGCanvas.number(margin))\" y=\"\(SVGCanvas.number(margin))\" width=\"\(SVGCanvas.number(width - 2 * margin))\" height=\"\(SVGCanvas.number(mapHeight))\"/></clipPath>"
        )
        canvas.rect(x: margin, y: margin, width: width - 2 * margin, height: mapHeight, [("fill", "#DCEAF4")])
        let margins = 10.0
        for shape in map.shapes {
            let inView = shape.rings.contains { ring in
                ring.contains {
                    $0.longitude >= view.west - margins && $0.longitude <= view.east + margins && $0.latitude >= view.south - margins
                        && $0.latitude <= view.north + margins
                }
            }
            guard inView, let data = MapChart.pathData(shape, project: project) else { continue }
            let focus = shape.country == .canada || shape.country == .unitedStates
            canvas.path(
                data,
                [
                    ("fill", focus ? "#FFFFFF" : ChartPalette.noDataFill), ("stroke", focus ? ChartPalette.axisLine : "#FFFFFF"),
                    ("stroke-width", "0.6"),
                    ("clip-path", "url(#\(id)-clip)"),
                ], title: shape.name)
        }
        // Producing sites last, on top of the projects around them.
        let ordered = symbols.sorted {
            ($0.site == highlighted ? 1 : 0, Self.drawOrder($0.stage), $0.site) < ($1.site == highlighted ? 1 : 0, Self.drawOrder($1.stage), $1.site)
        }
        for symbol in ordered where view.contains(symbol.location) {
            let at = project(symbol.location.longitude, symbol.location.latitude)
            let isHighlighted = symbol.site == highlighted
            canvas.linkedPath(
                href: symbol.link, Self.symbolPath(symbol.kind, x: at.x, y: at.y, size: isHighlighted ? 8 : 4),
                [("fill", Self.fill(symbol.stage)), ("stroke", ChartPalette.ink), ("stroke-width", isHighlighted ? "2" : "0.7")],
                title: "\(symbol.name): \(symbol.kind.rawValue), \(symbol.stage?.rawValue ?? "stage not stated")")
        }
        canvas.extend(to: margin + mapHeight)
        var y = margin + mapHeight + 8
        y = canvas.legend(Self.stageGroups.map { ($0.name, $0.fill) }, x: margin, y: y, maxWidth: width - 2 * margin)
        let kinds: [(String, SiteKind)] = [("Deposit, occurrence", .deposit), ("Mine", .mine), ("Plant", .processingFacility), ("Project", .project)]
        _ = canvas.legend(
            kinds.map { ($0.0, "#FFFFFF") }, x: margin, y: y, maxWidth: width - 2 * margin, swatchWidth: 12
        ) { index, x, centerY, canvas in
            canvas.path(
                Self.symbolPath(kinds[index].1, x: x + 6, y: centerY), [("fill", "#FFFFFF"), ("stroke", ChartPalette.ink), ("stroke-width", "0.9")])
        }
        return canvas.rendered(id: id, title: title, description: description)
    }

    private static func drawOrder(_ stage: DevelopmentStage?) -> Int {
        guard let stage else { return -1 }
        return stage == .pastProducer ? 0 : DevelopmentStage.allCases.firstIndex(of: stage)! + 1
    }
}
