import ArgumentParser
import CritMinCore
import CritMinStore
import Foundation
import HummingbirdBcrypt

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Organisations, users, tokens, grants and classification from the operator's command line; audit log checks.",
        discussion: """
            Example (a new deployment):
              critmin admin create-org nrcan --name "Natural Resources Canada" --country CAN
              critmin admin create-user ana@nrcan --org nrcan --role admin
              critmin admin create-token ana@nrcan --label laptop
              critmin admin verify-audit
            Every change is recorded in the audit log as done by "admin:$USER".
            """,
        subcommands: [
            CreateOrganisation.self, CreateUser.self, CreateToken.self, RevokeToken.self, GrantAccess.self, RevokeGrant.self, Classify.self,
            ListOrganisations.self, VerifyAudit.self,
        ])

    /// Who the audit log names for the operator's changes.
    static var actor: String { "admin:" + (ProcessInfo.processInfo.environment["USER"] ?? "operator") }

    static func event(_ action: String, _ target: String, _ detail: String = "") -> AuditEvent {
        AuditEvent(actor: actor, organisation: nil, action: action, target: target, detail: detail)
    }
}

extension Role: ExpressibleByArgument {}
extension Classification: ExpressibleByArgument {}

struct CreateOrganisation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-org", abstract: "Add an organisation.")
    @Argument(help: "Its id: lower-case letters, digits and hyphens (nrcan, usgs).") var id: String
    @Option(help: "Its full name.") var name: String
    @Option(help: "Its country (ISO code); national datasets are shared within it.") var country: String?
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let organisation = Organisation(id: try OrganisationID.validated(id, field: "id"), name: name, country: country.map(CountryCode.init))
        try await store.open().createOrganisation(organisation, audit: AdminCommand.event("organisation.create", id, name))
        print("Created organisation \(id).")
    }
}

struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user", abstract: "Add a user; with --password-stdin they may also sign in with a password.")
    @Argument(help: "User name (ana@nrcan).") var name: String
    @Option(help: "Their organisation's id.") var org: String
    @Option(help: "viewer, analyst, steward or admin.") var role: Role
    @Flag(help: "Read a password (12 to 72 bytes) from the first line of standard input.") var passwordStdin = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        var hash: String?
        if passwordStdin {
            guard let password = readLine(strippingNewline: true), (12...72).contains(password.utf8.count) else {
                throw ValidationError("The password on standard input must be 12 to 72 bytes.")
            }
            hash = Bcrypt.hash(password, cost: 12)
        }
        let user = UserAccount(name: name, organisation: try OrganisationID.validated(org, field: "org"), role: role)
        try await store.open().createUser(user, passwordHash: hash, audit: AdminCommand.event("user.create", name, role.rawValue))
        print("Created user \(name) (\(role.rawValue) of \(org)).")
    }
}

struct CreateToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-token", abstract: "Issue an API token for a user; it is printed once.")
    @Argument(help: "User name.") var user: String
    @Option(help: "What the token is for.") var label = "command line"
    @Option(help: "Days until it expires.") var days = 90
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if days < 1 || days > 366 { throw ValidationError("--days must be 1 to 366.") }
    }

    func run() async throws {
        let (token, hash) = APIToken.generate()
        let now = Date()
        let record = TokenRecord(id: APIToken.newID(), user: user, label: label, createdAt: now, expiresAt: now.addingTimeInterval(Double(days) * 86_400))
        try await store.open().createToken(record, hash: hash, audit: AdminCommand.event("token.create", record.id, "for \(user)"))
        StandardError.write("Token \(record.id) for \(user), expires \(record.expiresAt.formatted(.iso8601)). It is not shown again:")
        print(token)
    }
}

struct RevokeToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke-token", abstract: "Revoke a token by its id.")
    @Argument(help: "Token id (tok_…).") var id: String
    @Option(help: "The organisation of the token's user.") var org: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await store.open().revokeToken(id, organisation: try OrganisationID.validated(org, field: "org"), audit: AdminCommand.event("token.revoke", id))
        print("Revoked \(id).")
    }
}

/// The grant `grant` and `revoke-grant` name.
struct GrantOptions: ParsableArguments {
    @Option(help: "The owner granting access.") var from: String
    @Option(help: "The organisation granted access.") var to: String
    @Option(help: "One dataset (default: all of the owner's).") var dataset: String?

    func grant() throws -> Grant {
        Grant(
            grantor: try OrganisationID.validated(from, field: "from"), grantee: try OrganisationID.validated(to, field: "to"),
            dataset: dataset.map(DatasetID.init))
    }

    var auditTarget: String { "\(from)→\(to):\(dataset ?? "*")" }
}

struct GrantAccess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: "Let an organisation read another's bilateral (and, within one country, national) datasets.")
    @OptionGroup var grant: GrantOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await store.open().grant(grant.grant(), audit: AdminCommand.event("grant.create", grant.auditTarget))
        print("\(grant.to) may now read \(grant.dataset.map { "dataset \($0)" } ?? "the shared datasets") of \(grant.from).")
    }
}

struct RevokeGrant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke-grant", abstract: "Withdraw a grant.")
    @OptionGroup var grant: GrantOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await store.open().revokeGrant(grant.grant(), audit: AdminCommand.event("grant.revoke", grant.auditTarget))
        print("Withdrawn.")
    }
}

struct Classify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "classify", abstract: "Set a dataset's classification.")
    @Argument(help: "Dataset id.") var dataset: String
    @Argument(help: "public, bilateral or national.") var classification: Classification
    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await store.open().setClassification(
            classification, of: DatasetID(dataset), audit: AdminCommand.event("dataset.classify", dataset, classification.rawValue))
        print("\(dataset) is now \(classification.rawValue).")
    }
}

struct ListOrganisations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "orgs", abstract: "List the organisations and their users.")
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try await store.open()
        for organisation in try await database.organisations() {
            print("\(organisation.id)  \(organisation.name)  \(organisation.country?.rawValue ?? "-")")
            for user in try await database.users(of: organisation.id) { print("  \(user.name)  \(user.role.rawValue)") }
        }
    }
}

struct VerifyAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-audit",
        abstract: "Check the audit log's hash chain: any altered, removed or reordered entry is found; exit status 1 if so.",
        discussion: "Record the head hash it prints somewhere else: --expect-head then also detects a rewrite of the whole log.")
    @Option(help: "The head hash recorded earlier; the log must still contain it as an entry's hash.") var expectHead: String?
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try await store.open()
        switch try await database.verifyAudit() {
        case .intact(let entries, let head):
            if let expectHead, expectHead != head {
                let found = try await database.auditEntries(after: 0, limit: Int.max, organisation: nil).contains { $0.hash == expectHead }
                guard found else {
                    StandardError.write("The audit log does not contain the expected head \(expectHead): it was rewritten.")
                    throw ExitCode(1)
                }
            }
            print("Audit log intact: \(entries) entries; head \(head).")
        case .broken(let sequence, let reason):
            StandardError.write("Audit log broken at entry \(sequence): \(reason).")
            throw ExitCode(1)
        }
    }
}
