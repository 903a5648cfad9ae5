/// Solves a stage's month exactly once the first round of the cascade has drawn on the buffers and rationed spare
/// capacity (docs/METHODS.md, "Solving a month exactly"): the rounds that follow converge to the fixed point
/// `Q = q + W'ᵀ p(Q)` of cumulative shortfall received, where `p` is each country's pass-through, piecewise linear in
/// what it received. Guessing which piece each country ends on makes the system linear; it is solved through the inverse
/// of the network's base system with a low-rank correction for the countries off their base piece, and the guess is
/// corrected until every country's line gives its pass-through at the solution.
///
/// Monte Carlo runs use it: one inverse per stage serves every draw, and a month costs a few passes over the countries
/// the shock reaches instead of rounds over every flow. Columns of the inverse are often short (an importer that exports
/// nothing reaches only itself), so vectors keep the list of their possibly non-zero entries. When the guess does not
/// settle or the correction grows too large, the caller runs the rounds instead.
struct StageResponse: Sendable {
    /// The piece of a country's pass-through `p(U)`, with `U` the shortfall left after buffers: the base network's line
    /// (what ``inverse`` assumes), nothing passed (no shortfall left, or no exports), `(1 − c)·U` while consumption
    /// absorbs its share, `U − C` once consumption `C` is exhausted, or the exports `E` once they are.
    enum Piece: UInt8 {
        case base, dry, cutting, capped, exportCapped
    }

    let countryCount: Int
    let cutFraction: Double
    /// Slope of pass-through in the undisrupted network: 1 − c for an exporter that consumes, 1 for one that consumes
    /// nothing, 0 for a country that exports nothing.
    let baseSlope: [Double]
    /// `(I − Σᵢ σ⁰ᵢ wᵢ eᵢᵀ)⁻¹`, with `wᵢ` exporter i's shares of its exports by importer; column-major, entry (j, i) at
    /// `i·n + j`. Non-negative, zero where no chain of exports leads from i to j.
    let inverse: [Double]
    /// The rows where column i of ``inverse`` is not zero: `supportRows[supportStart[i] ..< supportStart[i + 1]]`.
    let supportStart: [Int]
    let supportRows: [Int]

    /// The most countries allowed off their base piece: beyond it the correction costs more than the rounds.
    static let maximumCorrections = 64
    static let maximumGuesses = 24

    /// Inverts the base system by Gauss–Jordan elimination without pivoting (the matrix is a column-diagonally-dominant
    /// M-matrix, so its pivots are positive and its zeros stay exact); `nil` when a pivot all but vanishes (a closed
    /// ring of countries that pass on everything), where the rounds must be run.
    init?(stage: CompiledStage, cutFraction: Double) {
        let n = stage.production.count
        countryCount = n
        self.cutFraction = cutFraction
        baseSlope = (0..<n).map { country in
            guard stage.exports[country] > 0 else { return 0 }
            return stage.consumption[country] == 0 && cutFraction > 0 ? 1 : 1 - cutFraction
        }
        var matrix = [Double](repeating: 0, count: n * n)
        for country in 0..<n { matrix[country * n + country] = 1 }
        for exporter in 0..<n where baseSlope[exporter] > 0 {
            let scale = baseSlope[exporter] / stage.exports[exporter]
            for flow in stage.flows(of: exporter) { matrix[exporter * n + stage.flowImporter[flow]] -= scale * stage.flowQuantity[flow] }
        }
        let inverted = matrix.withUnsafeMutableBufferPointer { Self.invertInPlace($0, n: n) }
        guard inverted else { return nil }
        inverse = matrix
        var start = [0]
        var rows: [Int] = []
        for column in 0..<n {
            for row in 0..<n where matrix[column * n + row] != 0 { rows.append(row) }
            start.append(rows.count)
        }
        supportStart = start
        supportRows = rows
    }

    private static func invertInPlace(_ a: UnsafeMutableBufferPointer<Double>, n: Int) -> Bool {
        for k in 0..<n {
            let pivot = a[k * n + k]
            guard pivot > 1e-9 else { return false }
            let reciprocal = 1 / pivot
            for j in 0..<n { a[j * n + k] *= reciprocal }
            a[k * n + k] = reciprocal
            let pivotColumn = k * n
            for j in 0..<n where j != k {
                let factor = a[j * n + k]
                guard factor != 0 else { continue }
                let column = j * n
                for i in 0..<k { a[column + i] -= a[pivotColumn + i] * factor }
                for i in (k + 1)..<n { a[column + i] -= a[pivotColumn + i] * factor }
            }
            for i in 0..<n where i != k { a[pivotColumn + i] *= -reciprocal }
        }
        return true
    }

    /// One stage-month after the first round, in the cascade's own storage.
    struct Month {
        /// Shortfall each country still holds after the first round's buffers and spare capacity (`q`).
        var pending: UnsafeBufferPointer<Double>
        /// The countries that held shortfall in the first round; those with `pending > 0` still do.
        var holders: [Int]
        /// What each country's buffers can still absorb: industry stocks, the stockpile's release room, recycling and
        /// substitution; and the countries where that is more than zero.
        var buffers: UnsafeBufferPointer<Double>
        var bufferHolders: [Int]
        var exportsLeft: UnsafeBufferPointer<Double>
        /// Consumption with this month's demand surge.
        var consumption: UnsafeBufferPointer<Double>
        /// Exporters whose flows a restriction cut unevenly, so that their shares differ from the base network's.
        var reshaped: [Int]
        var flowLeft: UnsafeBufferPointer<Double>
        /// Gaps below this, in the stage's unit, are rounding.
        var tolerance: Double
    }

    /// A vector of countries with the list of its entries that may not be zero (all others are). Once a column reaching
    /// a large part of the network is added, the list is every country and columns are added densely, four entries at
    /// a time.
    struct SparseVector {
        private(set) var values: [Double]
        private var isListed: [Bool]
        /// In the order they were first touched.
        private(set) var listed: [Int] = []
        private var isDense = false

        init(count: Int) {
            values = [Double](repeating: 0, count: count)
            isListed = [Bool](repeating: false, count: count)
        }

        subscript(index: Int) -> Double { values[index] }

        mutating func clear() {
            if isDense {
                for index in values.indices {
                    values[index] = 0
                    isListed[index] = false
                }
                isDense = false
            } else {
                for index in listed {
                    values[index] = 0
                    isListed[index] = false
                }
            }
            listed.removeAll(keepingCapacity: true)
        }

        mutating func set(to other: SparseVector) {
            clear()
            if other.isDense { makeDense() }
            for index in other.listed {
                values[index] = other.values[index]
                if !isDense { isListed[index] = true }
            }
            if !isDense { listed.append(contentsOf: other.listed) }
        }

        private mutating func makeDense() {
            guard !isDense else { return }
            isDense = true
            listed = Array(values.indices)
            for index in values.indices { isListed[index] = true }
        }

        mutating func add(_ value: Double, at index: Int) {
            if !isListed[index] {
                isListed[index] = true
                listed.append(index)
            }
            values[index] += value
        }

        /// `self += factor · G₀[:, column]`: over the column's non-zero rows, or densely when they are many.
        mutating func add(_ factor: Double, timesColumn column: Int, of response: StageResponse) {
            let n = response.countryCount
            let rows = response.supportStart[column]..<response.supportStart[column + 1]
            if !isDense && rows.count * 3 > n { makeDense() }
            response.inverse.withUnsafeBufferPointer { inverse in
                values.withUnsafeMutableBufferPointer { values in
                    if isDense {
                        StageResponse.add(factor, times: inverse.baseAddress! + column * n, to: values.baseAddress!, count: n)
                        return
                    }
                    response.supportRows.withUnsafeBufferPointer { supportRows in
                        isListed.withUnsafeMutableBufferPointer { isListed in
                            for position in rows {
                                let row = supportRows[position]
                                if !isListed[row] {
                                    isListed[row] = true
                                    listed.append(row)
                                }
                                values[row] += factor * inverse[column * n + row]
                            }
                        }
                    }
                }
            }
        }

        /// `self += factor · bᵢ`, with `bᵢ = G₀eᵢ − eᵢ` (row i is in column i's support: the diagonal is at least 1).
        mutating func add(_ factor: Double, timesBaseColumn country: Int, of response: StageResponse) {
            add(factor, timesColumn: country, of: response)
            values[country] -= factor
        }
    }

    /// Scratch space reused from month to month, with the last month's pieces (the next month's first guess) and the
    /// last factorization (reused while the same countries are corrected on the same slopes).
    struct Workspace {
        /// Q, each country's shortfall received; zero outside its list.
        var received = SparseVector(count: 0)
        /// `G₀q`.
        var direct = SparseVector(count: 0)
        var piece: [Piece] = []
        /// The countries whose piece is not the base line.
        var offBase: [Int] = []
        var hasGuess = false
        var isReshaped: [Bool] = []
        var isCorrected: [Bool] = []
        var corrected: [Int] = []
        var slopes: [Double] = []
        var intercepts: [Double] = []
        /// Exporters with exports left whose shares a restriction changed need their column spelled out.
        var explicitColumns: [Double] = []
        var factoredCountries: [Int] = []
        var factoredSlopes: [Double] = []
        var factorization: [Double] = []
        var pivots: [Int] = []
        var isFactored = false
        var unknowns: [Double] = []

        mutating func prepare(countryCount n: Int) {
            guard piece.count != n else { return }
            received = SparseVector(count: n)
            direct = SparseVector(count: n)
            piece = [Piece](repeating: .base, count: n)
            isReshaped = [Bool](repeating: false, count: n)
            isCorrected = isReshaped
        }
    }

    /// Each country's cumulative shortfall received, first round included, in `workspace.received`; false when the
    /// pieces do not settle or need too large a correction.
    func solve(_ month: Month, stage: CompiledStage, workspace w: inout Workspace) -> Bool {
        let n = countryCount
        w.prepare(countryCount: n)
        for exporter in month.reshaped { w.isReshaped[exporter] = true }
        defer { for exporter in month.reshaped { w.isReshaped[exporter] = false } }
        w.direct.clear()
        for holder in month.holders where month.pending[holder] > 0 { w.direct.add(month.pending[holder], timesColumn: holder, of: self) }
        // First guess: last month's pieces; else the base line, except that buffers hold what they held after the
        // first round.
        if !w.hasGuess {
            for country in w.offBase { w.piece[country] = .base }
            w.offBase = month.bufferHolders
            for country in w.offBase { w.piece[country] = .dry }
        }
        w.hasGuess = false
        for _ in 0..<Self.maximumGuesses {
            guard solveGuess(month, stage: stage, workspace: &w) else { return false }
            // The guess holds when every country's line gives its pass-through at the solution. Countries outside the
            // solution's list receive nothing and pass nothing on their base line; corrected ones are checked too.
            var settled = true
            for country in w.received.listed where !check(country, month: month, workspace: &w) { settled = false }
            for country in w.corrected where w.received[country] == 0 && !check(country, month: month, workspace: &w) { settled = false }
            if settled {
                w.hasGuess = true
                return true
            }
        }
        return false
    }

    /// Whether `country`'s line gives its pass-through at the solution; if not, moves it to the piece it is on.
    private func check(_ country: Int, month: Month, workspace w: inout Workspace) -> Bool {
        let received = w.received[country]
        let excess = received - month.buffers[country]
        let actual = passThrough(excess: excess, country: country, month: month)
        let (slope, intercept) = line(w.piece[country], country: country, month: month)
        guard abs(slope * received + intercept - actual) > month.tolerance else { return true }
        var next = piece(excess: excess, country: country, month: month)
        // A piece whose line is the base line needs no correction (an exporter cutting consumption, one consuming
        // nothing that passes on all, a country exporting nothing that is dry), unless a restriction changed its shares.
        if !w.isReshaped[country] && line(next, country: country, month: month) == line(.base, country: country, month: month) { next = .base }
        if w.piece[country] == .base { w.offBase.append(country) }
        w.piece[country] = next
        return false
    }

    /// Pass-through on a piece as `slope · Q + intercept`.
    private func line(_ piece: Piece, country: Int, month: Month) -> (slope: Double, intercept: Double) {
        switch piece {
        case .base: return (baseSlope[country], -baseSlope[country] * month.buffers[country])
        case .dry: return (0, 0)
        case .cutting: return (1 - cutFraction, -(1 - cutFraction) * month.buffers[country])
        case .capped: return (1, -(month.buffers[country] + month.consumption[country]))
        case .exportCapped: return (0, month.exportsLeft[country])
        }
    }

    /// The piece `excess` (shortfall received beyond the buffers) lies on; never the base line.
    private func piece(excess: Double, country: Int, month: Month) -> Piece {
        let exports = month.exportsLeft[country]
        guard exports > 0, excess > 0 else { return .dry }
        let consumption = month.consumption[country]
        if excess - min(cutFraction * excess, consumption) >= exports { return .exportCapped }
        return cutFraction * excess >= consumption ? .capped : .cutting
    }

    /// `p(U)`: what the rounds pass on of `excess`, as ``StageCascade`` computes it.
    private func passThrough(excess: Double, country: Int, month: Month) -> Double {
        let exports = month.exportsLeft[country]
        guard exports > 0, excess > 0 else { return 0 }
        return min(excess - min(cutFraction * excess, month.consumption[country]), exports)
    }

    /// Solves the linear system of the current pieces into `workspace.received`.
    ///
    /// With `bᵢ = G₀eᵢ − eᵢ = σ⁰ᵢ G₀wᵢ`, a country on its base line contributes its intercept `−σ⁰ᵢB'ᵢ` as `−B'ᵢbᵢ`,
    /// so `y = G₀q − Σ B'ᵢbᵢ` over them. A corrected country i (slope σᵢ, intercept τᵢ) adds `(τᵢ/σ⁰ᵢ)bᵢ` to y and the
    /// column `(σᵢ/σ⁰ᵢ − 1)bᵢ` to the low-rank change (spelled out when its shares changed), and Woodbury's identity
    /// gives `Q = y + Z(I − Z_K)⁻¹y_K`.
    private func solveGuess(_ month: Month, stage: CompiledStage, workspace w: inout Workspace) -> Bool {
        let n = countryCount
        for country in w.corrected { w.isCorrected[country] = false }
        w.corrected.removeAll(keepingCapacity: true)
        w.offBase.removeAll { w.piece[$0] == .base }
        for country in w.offBase { w.corrected.append(country) }
        // An exporter with exports left whose shares a restriction changed has its column spelled out.
        var spelledOut = 0
        for exporter in month.reshaped where month.exportsLeft[exporter] > 0 {
            spelledOut += 1
            if w.piece[exporter] == .base { w.corrected.append(exporter) }
        }
        w.corrected.sort()
        w.slopes.removeAll(keepingCapacity: true)
        w.intercepts.removeAll(keepingCapacity: true)
        for country in w.corrected {
            let (slope, intercept) = line(w.piece[country], country: country, month: month)
            w.slopes.append(slope)
            w.intercepts.append(intercept)
            w.isCorrected[country] = true
        }
        let k = w.corrected.count
        guard k <= Self.maximumCorrections else { return false }
        if spelledOut > 0 || !w.isFactored || w.factoredCountries != w.corrected || w.factoredSlopes != w.slopes {
            guard factor(month, stage: stage, workspace: &w) else { return false }
            w.isFactored = spelledOut == 0
        }
        var y = SparseVector(count: 0)
        swap(&y, &w.received)
        defer { swap(&y, &w.received) }
        y.set(to: w.direct)
        for country in month.bufferHolders where baseSlope[country] > 0 && !w.isCorrected[country] {
            y.add(-month.buffers[country], timesBaseColumn: country, of: self)
        }
        for (position, country) in w.corrected.enumerated() where w.intercepts[position] != 0 {
            let intercept = w.intercepts[position]
            if w.isReshaped[country] && month.exportsLeft[country] > 0 {
                addSharesImage(of: country, month: month, stage: stage, scale: intercept, to: &y)
            } else {
                y.add(intercept / baseSlope[country], timesBaseColumn: country, of: self)
            }
        }
        if w.unknowns.count < k { w.unknowns = [Double](repeating: 0, count: k) }
        for (position, country) in w.corrected.enumerated() { w.unknowns[position] = y[country] }
        w.factorization.withUnsafeBufferPointer { lu in
            w.unknowns.withUnsafeMutableBufferPointer { Self.solveFactored(lu, pivots: w.pivots, k: k, rightHandSide: $0) }
        }
        for (position, country) in w.corrected.enumerated() {
            let z = w.unknowns[position]
            guard z != 0 else { continue }
            if w.isReshaped[country] && month.exportsLeft[country] > 0 {
                for j in 0..<n where w.explicitColumns[position * n + j] != 0 { y.add(w.explicitColumns[position * n + j] * z, at: j) }
            } else if baseSlope[country] > 0 {
                y.add((w.slopes[position] / baseSlope[country] - 1) * z, timesBaseColumn: country, of: self)
            }
        }
        return true
    }

    /// Factors `I − Z_K` for the corrected countries, spelling out the columns that need it.
    private func factor(_ month: Month, stage: CompiledStage, workspace w: inout Workspace) -> Bool {
        let n = countryCount
        let k = w.corrected.count
        w.factoredCountries = w.corrected
        w.factoredSlopes = w.slopes
        for (position, country) in w.corrected.enumerated() where w.isReshaped[country] && month.exportsLeft[country] > 0 {
            if w.explicitColumns.count < n * k { w.explicitColumns = [Double](repeating: 0, count: n * k) }
            // σᵢG₀w'ᵢ − bᵢ
            var column = SparseVector(count: n)
            addSharesImage(of: country, month: month, stage: stage, scale: w.slopes[position], to: &column)
            if baseSlope[country] > 0 { column.add(-1, timesBaseColumn: country, of: self) }
            for j in 0..<n { w.explicitColumns[position * n + j] = column[j] }
        }
        var lu: [Double] = []
        var pivots: [Int] = []
        swap(&lu, &w.factorization)
        swap(&pivots, &w.pivots)
        defer {
            swap(&lu, &w.factorization)
            swap(&pivots, &w.pivots)
        }
        if lu.count < k * k { lu = [Double](repeating: 0, count: k * k) }
        if pivots.count < k { pivots = [Int](repeating: 0, count: k) }
        let factored = lu.withUnsafeMutableBufferPointer { a in
            inverse.withUnsafeBufferPointer { inverse in
                for (position, country) in w.corrected.enumerated() {
                    let spelledOut = (w.isReshaped[country] && month.exportsLeft[country] > 0)
                    let scale = baseSlope[country] > 0 ? w.slopes[position] / baseSlope[country] - 1 : 0
                    for (row, rowCountry) in w.corrected.enumerated() {
                        let entry: Double
                        if spelledOut {
                            entry = w.explicitColumns[position * n + rowCountry]
                        } else {
                            entry = scale * (inverse[country * n + rowCountry] - (row == position ? 1 : 0))
                        }
                        a[position * k + row] = (row == position ? 1 : 0) - entry
                    }
                }
                return pivots.withUnsafeMutableBufferPointer { Self.factorInPlace(a, k: k, pivots: $0) }
            }
        }
        w.isFactored = factored
        return factored
    }

    /// `vector += scale · G₀w'ᵢ` for an exporter whose current shares are its flows left over its exports left.
    private func addSharesImage(of exporter: Int, month: Month, stage: CompiledStage, scale: Double, to vector: inout SparseVector) {
        let exports = month.exportsLeft[exporter]
        guard exports > 0, scale != 0 else { return }
        for flow in stage.flows(of: exporter) where month.flowLeft[flow] > 0 {
            vector.add(scale * month.flowLeft[flow] / exports, timesColumn: stage.flowImporter[flow], of: self)
        }
    }

    /// `target[j] += factor · source[j]` for j < count, four entries at a time (the same sums as one at a time).
    fileprivate static func add(_ factor: Double, times source: UnsafePointer<Double>, to target: UnsafeMutablePointer<Double>, count: Int) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        let factors = SIMD4<Double>(repeating: factor)
        let stride = MemoryLayout<SIMD4<Double>>.stride
        var offset = 0
        for _ in 0..<(count / 4) {
            let sum =
                to.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self) + factors
                * from.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            to.storeBytes(of: sum, toByteOffset: offset, as: SIMD4<Double>.self)
            offset += stride
        }
        for j in (count - count % 4)..<count { target[j] += factor * source[j] }
    }

    /// LU factorization with partial pivoting of the k×k column-major matrix, in place; false when it is singular to
    /// working precision.
    private static func factorInPlace(_ a: UnsafeMutableBufferPointer<Double>, k: Int, pivots: UnsafeMutableBufferPointer<Int>) -> Bool {
        for column in 0..<k {
            var pivotRow = column
            var largest = abs(a[column * k + column])
            for row in (column + 1)..<k where abs(a[column * k + row]) > largest {
                largest = abs(a[column * k + row])
                pivotRow = row
            }
            guard largest > 1e-12 else { return false }
            pivots[column] = pivotRow
            if pivotRow != column {
                for j in 0..<k { a.swapAt(j * k + column, j * k + pivotRow) }
            }
            let reciprocal = 1 / a[column * k + column]
            for row in (column + 1)..<k { a[column * k + row] *= reciprocal }
            let below = k - column - 1
            for j in (column + 1)..<k {
                let factor = a[j * k + column]
                guard factor != 0 else { continue }
                // Column j below the pivot −= factor · the multipliers below it.
                add(-factor, times: a.baseAddress! + column * k + column + 1, to: a.baseAddress! + j * k + column + 1, count: below)
            }
        }
        return true
    }

    /// Solves `LU x = b` in place with the factorization of ``factorInPlace(_:k:pivots:)``.
    private static func solveFactored(_ lu: UnsafeBufferPointer<Double>, pivots: [Int], k: Int, rightHandSide b: UnsafeMutableBufferPointer<Double>) {
        for column in 0..<k where pivots[column] != column { b.swapAt(column, pivots[column]) }
        for column in 0..<k {
            let value = b[column]
            guard value != 0 else { continue }
            for row in (column + 1)..<k { b[row] -= lu[column * k + row] * value }
        }
        for row in stride(from: k - 1, through: 0, by: -1) {
            b[row] /= lu[row * k + row]
            let value = b[row]
            guard value != 0 else { continue }
            for above in 0..<row { b[above] -= lu[row * k + above] * value }
        }
    }
}
