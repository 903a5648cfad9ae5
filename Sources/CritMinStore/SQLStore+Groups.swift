import CritMinCore
import GRDB

extension SQLStore {
    public func setCountryGroup(_ group: CountryGroup, editedBy: String) async throws {
        try await write("setting country group \(group.id)") { db in
            let known = try db.strings("SELECT code FROM countries")
            let unknown = group.members.filter { !known.contains($0.rawValue) }
            guard unknown.isEmpty else {
                throw CritMinError(
                    .notFound, "no country with code \(unknown.map(\.rawValue).joined(separator: ", ")) in the catalogue", field: "members",
                    value: unknown.map(\.rawValue).joined(separator: ","))
            }
            try db.execute(
                """
                INSERT INTO country_groups (id, name, source, edited_by) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, source = excluded.source, edited_by = excluded.edited_by
                """, [group.id, group.name, group.source, editedBy])
            try db.execute(CountryGroup.deleteMembersSQL, [group.id])
            for (offset, code) in group.members.enumerated() {
                try db.execute(CountryGroup.insertMemberSQL, [group.id, offset + 1, code.rawValue])
            }
        }
    }
}
