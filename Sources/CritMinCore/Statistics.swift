/// Order statistics shared by the Monte Carlo code of the analysis and simulation targets.
public enum Statistics {
    /// The `probability` quantile of ascending `sorted` values by linear interpolation between order statistics (the
    /// "type 7" rule of R and NumPy).
    /// - Precondition: `sorted` is not empty and ascending; `probability` is within 0 … 1.
    public static func quantile(sorted: [Double], probability: Double) -> Double {
        let position = probability * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
