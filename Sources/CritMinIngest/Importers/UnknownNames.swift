import CritMinCore
import Foundation

/// Names an importer could not resolve, collected over a whole source so that one error lists them all.
struct UnknownNames {
    /// Each name with the places (lines, rows) it was met, in the order names were first met.
    private var places: [(name: String, places: [String])] = []
    private var positionByName: [String: Int] = [:]

    var isEmpty: Bool { places.isEmpty }

    /// Records a name and where it was met ("line 12", "Gold#34").
    mutating func add(_ name: String, at place: String) {
        if let position = positionByName[name] {
            places[position].places.append(place)
        } else {
            positionByName[name] = places.count
            places.append((name, [place]))
        }
    }

    /// "Xland (line 4); Yland (line 7, line 9, line 12 and 3 more)": at most three places per name.
    var listing: String {
        places.map { entry in
            let shown = entry.places.prefix(3).joined(separator: ", ")
            let more = entry.places.count > 3 ? " and \(entry.places.count - 3) more" : ""
            return "\(entry.name) (\(shown)\(more))"
        }.joined(separator: "; ")
    }

    /// Throws one `.unknownNames` error listing every name, when there are any.
    func check(_ message: String, file: String, field: String?) throws(CritMinError) {
        guard !isEmpty else { return }
        throw CritMinError(.unknownNames, "\(message): \(listing)", file: file, field: field)
    }
}
