import CritMinCore
import CritMinReports
import CritMinStore
import Foundation
import Hummingbird
import HummingbirdBcrypt

extension CritMinAPI {
    var sharingEndpoints: [Endpoint] {
        [
            Endpoint(
                method: .get, path: "/api/v1/grants", operationID: "listGrants", tag: "sharing",
                summary: "The grants the caller's organisation gave and holds.",
                responses: [.json(200, "The grants.", Schema.array(Schema.ref("Grant")))], access: .signedIn
            ) { [self] _, context in
                let organisation = try context.principal.orThrow(APIError.notFound).organisation
                let grants = try await store.grants().filter { $0.grantor == organisation || $0.grantee == organisation }
                return Self.json(.array(grants.map(\.jsonValue)))
            },
            Endpoint(
                method: .post, path: "/api/v1/grants", operationID: "createGrant", tag: "sharing",
                summary: "Lets another organisation read the caller's organisation's bilateral datasets (one, or all when no dataset is named).",
                requestBody: Endpoint.Body(content: [("application/json", Schema.ref("GrantRequest"))], description: "Who, and which dataset."),
                responses: [.json(201, "The grant.", Schema.ref("Grant"))], access: .role(.steward)
            ) { [self] request, context in
                let grant = try await grant(from: request, context)
                try await store.grant(grant, audit: event("grant.create", grant.auditTarget, "", context))
                changed()
                return Self.json(grant.jsonValue, status: .created)
            },
            Endpoint(
                method: .delete, path: "/api/v1/grants", operationID: "revokeGrant", tag: "sharing",
                summary: "Withdraws a grant the caller's organisation gave.",
                requestBody: Endpoint.Body(content: [("application/json", Schema.ref("GrantRequest"))], description: "The grant to withdraw."),
                responses: [DocumentedResponse(status: 204, description: "Withdrawn.", content: [])], access: .role(.steward)
            ) { [self] request, context in
                let grant = try await grant(from: request, context)
                try await store.revokeGrant(grant, audit: event("grant.revoke", grant.auditTarget, "", context))
                changed()
                return Response(status: .noContent)
            },
        ]
    }

    private func grant(from request: Request, _ context: APIRequestContext) async throws -> Grant {
        let principal = try context.principal.orThrow(APIError.notFound)
        let body = try await Self.bodyJSON(GrantRequest.self, request, limit: settings.maxJSONBody)
        try Self.require(.share(owner: principal.organisation), context)
        return Grant(
            grantor: principal.organisation, grantee: try OrganisationID.validated(body.grantee, field: "grantee"),
            dataset: body.dataset.map(DatasetID.init))
    }

    var identityEndpoints: [Endpoint] {
        [
            Endpoint(
                method: .post, path: "/api/v1/auth/token", operationID: "signIn", tag: "identity",
                summary: "Exchanges a user name and password for a new API token, shown once.",
                requestBody: Endpoint.Body(content: [("application/json", Schema.ref("SignIn"))], description: "User name and password."),
                responses: [.json(201, "The token: keep it, it is not shown again.", Schema.ref("NewToken"))], access: .anyone
            ) { [self] request, context in
                let body = try await Self.bodyJSON(SignIn.self, request, limit: 16 << 10)
                guard body.password.utf8.count <= 72, let stored = try await store.user(named: body.user), let hash = stored.passwordHash,
                    Bcrypt.verify(body.password, hash: hash)
                else {
                    throw APIError(.unauthorized, "unauthenticated", "the user name or password is wrong")
                }
                return try await issueToken(for: stored.account, label: body.label ?? "sign-in", days: body.expiresInDays, context)
            },
            Endpoint(
                method: .get, path: "/api/v1/me", operationID: "whoAmI", tag: "identity",
                summary: "The signed-in user, their organisation and role.",
                responses: [.json(200, "Who the token belongs to.", Schema.ref("User"))], access: .signedIn
            ) { _, context in
                Self.json(try context.principal.orThrow(APIError.notFound).jsonValue)
            },
            Endpoint(
                method: .get, path: "/api/v1/organisations", operationID: "listOrganisations", tag: "identity",
                summary: "The organisations, so that stewards can name grantees.",
                responses: [.json(200, "The organisations.", Schema.array(Schema.ref("Organisation")))], access: .signedIn
            ) { [self] _, _ in
                Self.json(.array(try await store.organisations().map(\.jsonValue)))
            },
            Endpoint(
                method: .get, path: "/api/v1/users", operationID: "listUsers", tag: "identity",
                summary: "The users of the caller's organisation.",
                responses: [.json(200, "The users.", Schema.array(Schema.ref("User")))], access: .role(.admin)
            ) { [self] _, context in
                let organisation = try context.principal.orThrow(APIError.notFound).organisation
                let country = try await store.organisations().first { $0.id == organisation }?.country
                return Self.json(
                    .array(
                        try await store.users(of: organisation).map {
                            Principal(user: $0.name, organisation: $0.organisation, country: country, role: $0.role).jsonValue
                        }))
            },
            Endpoint(
                method: .post, path: "/api/v1/users", operationID: "createUser", tag: "identity",
                summary: "Adds a user to the caller's organisation.",
                requestBody: Endpoint.Body(content: [("application/json", Schema.ref("NewUser"))], description: "Name, role and password."),
                responses: [.json(201, "The user.", Schema.ref("User"))], access: .role(.admin)
            ) { [self] request, context in
                let principal = try context.principal.orThrow(APIError.notFound)
                try Self.require(.manageUsers(principal.organisation), context)
                let body = try await Self.bodyJSON(NewUser.self, request, limit: 16 << 10)
                let account = UserAccount(name: try Self.validUserName(body.name), organisation: principal.organisation, role: body.role)
                let hash = try body.password.map { password in
                    guard (12...72).contains(password.utf8.count) else {
                        throw APIError.invalid("password", "a password has 12 to 72 bytes")
                    }
                    return Bcrypt.hash(password, cost: settings.bcryptCost)
                }
                try await store.createUser(account, passwordHash: hash, audit: event("user.create", account.name, account.role.rawValue, context))
                changed()
                return Self.json(
                    Principal(user: account.name, organisation: account.organisation, country: principal.country, role: account.role).jsonValue,
                    status: .created)
            },
            Endpoint(
                method: .get, path: "/api/v1/tokens", operationID: "listTokens", tag: "identity",
                summary: "The caller's tokens (never their secrets).",
                responses: [.json(200, "The tokens.", Schema.array(Schema.ref("Token")))], access: .signedIn
            ) { [self] _, context in
                Self.json(.array(try await store.tokens(of: try context.principal.orThrow(APIError.notFound).user).map(\.jsonValue)))
            },
            Endpoint(
                method: .post, path: "/api/v1/tokens", operationID: "createToken", tag: "identity",
                summary: "A new token for the caller, or (admins) for a user of their organisation; shown once.",
                requestBody: Endpoint.Body(content: [("application/json", Schema.ref("TokenRequest"))], description: "Label, lifetime, user."),
                responses: [.json(201, "The token: keep it, it is not shown again.", Schema.ref("NewToken"))], access: .signedIn
            ) { [self] request, context in
                let principal = try context.principal.orThrow(APIError.notFound)
                let body = try await Self.bodyJSON(TokenRequest.self, request, limit: 16 << 10)
                var account = UserAccount(name: principal.user, organisation: principal.organisation, role: principal.role)
                if let name = body.user, name != principal.user {
                    try Self.require(.manageUsers(principal.organisation), context)
                    guard let other = try await store.user(named: name)?.account, other.organisation == principal.organisation else {
                        throw APIError(.notFound, "not-found", "no user '\(name)' in '\(principal.organisation)'", field: "user", value: name)
                    }
                    account = other
                }
                return try await issueToken(for: account, label: body.label, days: body.expiresInDays, context)
            },
            Endpoint(
                method: .delete, path: "/api/v1/tokens/{id}", operationID: "revokeToken", tag: "identity",
                summary: "Revokes a token: the caller's own, or (admins) any of their organisation's.",
                parameters: [.path("id", "Token id (tok_…).")],
                responses: [DocumentedResponse(status: 204, description: "Revoked.", content: [])], access: .signedIn
            ) { [self] _, context in
                let principal = try context.principal.orThrow(APIError.notFound)
                let id = try context.pathParameter("id")
                let own = try await store.tokens(of: principal.user).contains { $0.id == id }
                if !own { try Self.require(.manageUsers(principal.organisation), context) }
                try await store.revokeToken(id, organisation: principal.organisation, audit: event("token.revoke", id, "", context))
                changed()
                return Response(status: .noContent)
            },
            Endpoint(
                method: .get, path: "/api/v1/audit", operationID: "listAuditEntries", tag: "identity",
                summary: "Audit entries about the caller's organisation (its users' actions and reads of its datasets), oldest first.",
                parameters: [
                    .query("after", "Only entries after this sequence number.", schema: Schema.integer(minimum: 0, maximum: Int.max)),
                    .limit,
                ],
                responses: [.json(200, "The entries.", Schema.array(Schema.ref("AuditEntry")))], access: .role(.admin)
            ) { [self] request, context in
                let principal = try context.principal.orThrow(APIError.notFound)
                try Self.require(.readAudit(principal.organisation), context)
                let query = QueryParameters(request)
                let entries = try await store.auditEntries(
                    after: try query.integer("after", in: 0...Int.max) ?? 0, limit: try query.integer("limit", in: 1...1_000) ?? 100,
                    organisation: principal.organisation)
                return Self.json(.array(entries.map(\.jsonValue)))
            },
        ]
    }

    private func issueToken(for account: UserAccount, label: String, days: Int?, _ context: APIRequestContext) async throws -> Response {
        guard (1...100).contains(label.unicodeScalars.count), !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw APIError.invalid("label", "a label of 1 to 100 characters, no control characters") }
        let lifetime =
            try days.map { days in
                guard (1...366).contains(days) else { throw APIError.invalid("expiresInDays", "from 1 to 366 days") }
                return TimeInterval(days) * 86_400
            } ?? settings.tokenLifetime.timeInterval
        let (record, token) = try await newToken(for: account, label: label, lifetime: lifetime, context)
        return Self.json(
            .object([
                ("token", .string(token)), ("id", .string(record.id)), ("user", .string(account.name)),
                ("expiresAt", .string(record.expiresAt.formatted(.iso8601))),
            ]),
            status: .created)
    }

    /// A new token for `account`, stored hashed and audited; the token itself is returned once.
    func newToken(for account: UserAccount, label: String, lifetime: TimeInterval, _ context: APIRequestContext) async throws -> (TokenRecord, String)
    {
        let (token, hash) = APIToken.generate()
        let now = Date()
        let record = TokenRecord(id: APIToken.newID(), user: account.name, label: label, createdAt: now, expiresAt: now.addingTimeInterval(lifetime))
        try await store.createToken(record, hash: hash, audit: event("token.create", record.id, "for \(account.name)", context))
        changed()
        return (record, token)
    }

    static func validUserName(_ name: String) throws -> String {
        let allowed = name.unicodeScalars.allSatisfy { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || "._@-".unicodeScalars.contains($0) }
        guard (2...100).contains(name.unicodeScalars.count), allowed else {
            throw APIError.invalid("name", "a user name is 2 to 100 letters, digits and . _ @ -", value: name)
        }
        return name
    }
}

struct GrantRequest: Decodable {
    var grantee: String
    var dataset: String?
}

struct SignIn: Decodable {
    var user: String
    var password: String
    var label: String?
    var expiresInDays: Int?
}

struct NewUser: Decodable {
    var name: String
    var role: Role
    var password: String?
}

struct TokenRequest: Decodable {
    var label: String
    var expiresInDays: Int?
    var user: String?
}

extension Grant {
    var auditTarget: String { "\(grantor)→\(grantee)" + (dataset.map { ":\($0)" } ?? ":*") }

    var jsonValue: JSONValue {
        .object([
            ("grantor", .string(grantor.rawValue)), ("grantee", .string(grantee.rawValue)),
            ("dataset", dataset.map { .string($0.rawValue) } ?? .null),
        ])
    }
}

extension Principal {
    var jsonValue: JSONValue {
        .object([
            ("user", .string(user)), ("organisation", .string(organisation.rawValue)), ("country", country.map { .string($0.rawValue) } ?? .null),
            ("role", .string(role.rawValue)),
        ])
    }
}

extension Organisation {
    var jsonValue: JSONValue {
        .object([("id", .string(id.rawValue)), ("name", .string(name)), ("country", country.map { .string($0.rawValue) } ?? .null)])
    }
}

extension TokenRecord {
    var jsonValue: JSONValue {
        .object([
            ("id", .string(id)), ("user", .string(user)), ("label", .string(label)), ("createdAt", .string(createdAt.formatted(.iso8601))),
            ("expiresAt", .string(expiresAt.formatted(.iso8601))), ("revokedAt", revokedAt.map { .string($0.formatted(.iso8601)) } ?? .null),
        ])
    }
}

extension AuditEntry {
    var jsonValue: JSONValue {
        .object([
            ("sequence", .integer(sequence)), ("time", .string(time)), ("actor", event.actor.map(JSONValue.string) ?? .null),
            ("organisation", event.organisation.map { .string($0.rawValue) } ?? .null), ("action", .string(event.action)),
            ("target", .string(event.target)), ("detail", .string(event.detail)), ("requestId", event.requestID.map(JSONValue.string) ?? .null),
            ("previousHash", .string(previousHash)), ("hash", .string(hash)),
        ])
    }
}
