import Foundation

/// A position on the WGS84 ellipsoid, in decimal degrees (north and east positive).
public struct GeoPoint: Hashable, Sendable, Codable, CustomStringConvertible {
    public let latitude: Double
    public let longitude: Double

    /// Mean Earth radius (IUGG R1), km: the sphere the distances are measured on.
    public static let earthRadiusKm = 6_371.0088

    /// A point, refused outside −90…90 latitude or −180…180 longitude (a swapped or projected pair, most often).
    public init(latitude: Double, longitude: Double) throws(CritMinError) {
        guard latitude.isFinite, (-90...90).contains(latitude) else {
            throw CritMinError(.invalidValue, "latitude must lie between -90 and 90 degrees", field: "latitude", value: String(latitude))
        }
        guard longitude.isFinite, (-180...180).contains(longitude) else {
            throw CritMinError(.invalidValue, "longitude must lie between -180 and 180 degrees", field: "longitude", value: String(longitude))
        }
        self.latitude = latitude
        self.longitude = longitude
    }

    /// The great-circle distance in km on the mean sphere (haversine; within 0.5 % of the ellipsoidal distance).
    public func distanceKm(to other: GeoPoint) -> Double {
        let phi1 = latitude * .pi / 180
        let phi2 = other.latitude * .pi / 180
        let dPhi = phi2 - phi1
        let dLambda = (other.longitude - longitude) * .pi / 180
        let h = sin(dPhi / 2) * sin(dPhi / 2) + cos(phi1) * cos(phi2) * sin(dLambda / 2) * sin(dLambda / 2)
        return 2 * Self.earthRadiusKm * asin(min(1, h.squareRoot()))
    }

    public var description: String { "\(latitude), \(longitude)" }
}

/// A latitude–longitude box. `west > east` is a box across the 180th meridian (the Aleutians).
public struct GeoBox: Hashable, Sendable, Codable {
    public let south: Double
    public let west: Double
    public let north: Double
    public let east: Double

    public init(south: Double, west: Double, north: Double, east: Double) throws(CritMinError) {
        _ = try GeoPoint(latitude: south, longitude: west)
        _ = try GeoPoint(latitude: north, longitude: east)
        guard south <= north else {
            throw CritMinError(.invalidValue, "the box's south edge lies north of its north edge", field: "bbox", value: "\(south) > \(north)")
        }
        self.south = south
        self.west = west
        self.north = north
        self.east = east
    }

    /// Whether the box crosses the 180th meridian.
    public var crossesAntimeridian: Bool { west > east }

    public func contains(_ point: GeoPoint) -> Bool {
        guard (south...north).contains(point.latitude) else { return false }
        return crossesAntimeridian ? point.longitude >= west || point.longitude <= east : (west...east).contains(point.longitude)
    }

    /// The longitude ranges the box covers: two when it crosses the 180th meridian.
    var longitudeRanges: [ClosedRange<Double>] { crossesAntimeridian ? [west...180, -180...east] : [west...east] }
}
