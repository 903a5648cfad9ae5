import Foundation

/// The horizontal datum a source gives its coordinates in.
public enum Datum: String, Hashable, Sendable, Codable, CaseIterable {
    /// WGS84, and NAD83, which agrees with it to about 2 m: taken as is.
    case wgs84
    /// North American Datum 1927 (EPSG:4267), on the Clarke 1866 ellipsoid: the Alaska Resource Data File and older
    /// USGS and provincial records.
    case nad27
}

/// The regions of NAD27 with their own mean shift to WGS84 (NIMA TR8350.2, 3rd ed., 2000, appendix B, North American
/// 1927), each good to about 5–10 m: well inside the tens of metres to kilometres deposit locations are known to.
public enum NAD27Region: String, Hashable, Sendable, Codable, CaseIterable {
    /// The 48 conterminous states (mean solution: ΔX −8, ΔY 160, ΔZ 176 m).
    case conterminousUnitedStates
    /// Alaska without the Aleutian Islands (ΔX −5, ΔY 135, ΔZ 172 m).
    case alaska
    /// Canada, mean solution (ΔX −10, ΔY 158, ΔZ 187 m).
    case canada

    /// The region of a record in a country and state or province (two-letter postal codes, "AK"; "CA-BC" forms too).
    public static func region(country: CountryCode, subdivision: String?) -> NAD27Region {
        if country == .canada { return .canada }
        let code = subdivision?.uppercased().split(separator: "-").last.map(String.init)
        return code == "AK" ? .alaska : .conterminousUnitedStates
    }

    /// The geocentric shift NAD27 → WGS84, metres.
    var shift: (x: Double, y: Double, z: Double) {
        switch self {
        case .conterminousUnitedStates: (-8, 160, 176)
        case .alaska: (-5, 135, 172)
        case .canada: (-10, 158, 187)
        }
    }
}

extension GeoPoint {
    /// The WGS84 position of a NAD27 latitude and longitude (standard Molodensky transformation, height 0).
    public static func fromNAD27(latitude: Double, longitude: Double, region: NAD27Region) throws(CritMinError) -> GeoPoint {
        let source = try GeoPoint(latitude: latitude, longitude: longitude)
        let (dLatitude, dLongitude) = Molodensky.shift(of: source, by: region.shift, from: .clarke1866, to: .wgs84)
        return try GeoPoint(latitude: latitude + dLatitude, longitude: longitude + dLongitude)
    }
}

/// The standard Molodensky transformation between two geodetic datums (DMA TR8350.2, eq. B-1 to B-3), at height 0.
enum Molodensky {
    struct Ellipsoid {
        /// Semi-major axis, metres.
        let a: Double
        /// Flattening.
        let f: Double
        static let clarke1866 = Ellipsoid(a: 6_378_206.4, f: 1 / 294.978_698_2)
        static let wgs84 = Ellipsoid(a: 6_378_137, f: 1 / 298.257_223_563)
    }

    /// The change in latitude and longitude, degrees, of a point moved from one datum to the other.
    static func shift(of point: GeoPoint, by shift: (x: Double, y: Double, z: Double), from source: Ellipsoid, to target: Ellipsoid)
        -> (latitude: Double, longitude: Double)
    {
        let phi = point.latitude * .pi / 180
        let lambda = point.longitude * .pi / 180
        let (a, f) = (source.a, source.f)
        let (dA, dF) = (target.a - a, target.f - f)
        let e2 = 2 * f - f * f
        let b = a * (1 - f)
        let (sinPhi, cosPhi) = (sin(phi), cos(phi))
        let w = 1 - e2 * sinPhi * sinPhi
        let primeVertical = a / w.squareRoot()
        let meridian = a * (1 - e2) / (w * w.squareRoot())
        let dPhi =
            (-shift.x * sinPhi * cos(lambda) - shift.y * sinPhi * sin(lambda) + shift.z * cosPhi + dA * primeVertical * e2 * sinPhi * cosPhi / a
                + dF * (meridian * a / b + primeVertical * b / a) * sinPhi * cosPhi) / meridian
        let dLambda = (-shift.x * sin(lambda) + shift.y * cos(lambda)) / (primeVertical * cosPhi)
        return (dPhi * 180 / .pi, dLambda * 180 / .pi)
    }
}
