import CritMinCore

extension CSVRow {
    /// The WGS84 position in the row's `latitude` and `longitude` columns; an error names the line and the column.
    func point() throws(CritMinError) -> GeoPoint {
        do throws(CritMinError) {
            return try GeoPoint(latitude: try double("latitude"), longitude: try double("longitude"))
        } catch {
            throw error.located(file: fileName, line: line)
        }
    }

    /// The Canadian province or territory a required column names, as its postal code.
    func province(_ column: String) throws(CritMinError) -> String {
        guard let code = Subdivisions.code(of: try required(column), in: .canada) else {
            throw error(.invalidValue, "not a Canadian province or territory", column: column)
        }
        return code
    }
}
