import Foundation

/// An organisation's slug ("nrcan", "usgs"): lower-case letters, digits and hyphens.
public struct OrganisationID: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The organisation that owns the datasets critmin ships (all public).
    public static let critmin: OrganisationID = "critmin"

    /// The id, or an error naming `field` when it is not a slug of 2 to 64 characters.
    public static func validated(_ text: String, field: String = "organisation") throws(CritMinError) -> OrganisationID {
        let allowed = text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        guard (2...64).contains(text.utf8.count), allowed, text.first != "-" else {
            throw CritMinError(
                .invalidValue, "an organisation id is 2 to 64 lower-case letters, digits and hyphens", field: field, value: text)
        }
        return OrganisationID(text)
    }
}

/// An agency or company that owns datasets and has users.
public struct Organisation: Hashable, Sendable, Codable {
    public var id: OrganisationID
    public var name: String
    /// The country it belongs to; national datasets are shared within it. `nil` for critmin itself.
    public var country: CountryCode?

    public init(id: OrganisationID, name: String, country: CountryCode?) {
        self.id = id
        self.name = name
        self.country = country
    }
}

/// What a user may do, each role including the ones before it.
public enum Role: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// Reads what the organisation may see.
    case viewer
    /// Also runs simulations and other jobs.
    case analyst
    /// Also publishes the organisation's datasets, classifies them and grants other organisations access.
    case steward
    /// Also manages the organisation's users and tokens and reads its audit trail.
    case admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A person or service account of an organisation.
public struct UserAccount: Hashable, Sendable, Codable {
    /// Unique across organisations ("ana.lee@nrcan").
    public var name: String
    public var organisation: OrganisationID
    public var role: Role

    public init(name: String, organisation: OrganisationID, role: Role) {
        self.name = name
        self.organisation = organisation
        self.role = role
    }
}

/// Who makes a request: an authenticated user with their organisation's country.
public struct Principal: Hashable, Sendable {
    public var user: String
    public var organisation: OrganisationID
    public var country: CountryCode?
    public var role: Role

    public init(user: String, organisation: OrganisationID, country: CountryCode?, role: Role) {
        self.user = user
        self.organisation = organisation
        self.country = country
        self.role = role
    }
}

/// Permission from a dataset owner for another organisation to read its bilateral (and, within one country,
/// national) datasets: one dataset, or all of them when `dataset` is `nil`.
public struct Grant: Hashable, Sendable, Codable {
    public var grantor: OrganisationID
    public var grantee: OrganisationID
    public var dataset: DatasetID?

    public init(grantor: OrganisationID, grantee: OrganisationID, dataset: DatasetID?) {
        self.grantor = grantor
        self.grantee = grantee
        self.dataset = dataset
    }
}

/// The facts about a dataset that decide who reads it.
public struct DatasetAccess: Hashable, Sendable {
    public var dataset: DatasetID
    public var owner: OrganisationID
    public var ownerCountry: CountryCode?
    public var classification: Classification

    public init(dataset: DatasetID, owner: OrganisationID, ownerCountry: CountryCode?, classification: Classification) {
        self.dataset = dataset
        self.owner = owner
        self.ownerCountry = ownerCountry
        self.classification = classification
    }
}

/// Something a request does, as the policy judges it.
public enum Action: Hashable, Sendable {
    /// Reads the catalogue, reports and data; what is read is limited to ``AccessPolicy/readableDatasets(_:by:)``.
    case read
    /// Reads one dataset's records or versions.
    case readDataset(DatasetAccess)
    /// Submits a simulation or another job.
    case run
    /// Publishes a dataset or a new version of one owned by an organisation.
    case publish(owner: OrganisationID)
    /// Changes a dataset's classification or grants on an organisation's datasets.
    case share(owner: OrganisationID)
    /// Creates or changes an organisation's users and tokens.
    case manageUsers(OrganisationID)
    /// Reads an organisation's audit trail.
    case readAudit(OrganisationID)
}

/// What the policy decided.
public enum AccessDecision: Hashable, Sendable {
    case allowed
    /// No one is signed in, and the action needs someone (HTTP 401).
    case unauthenticated
    /// The principal may not do it (HTTP 403), with the reason.
    case forbidden(String)
    /// The principal may not know the thing exists (HTTP 404).
    case hidden
}

/// The one place that decides who may do what: roles, dataset classification and grants.
public struct AccessPolicy: Sendable {
    /// Grantors by grantee, each with the datasets granted (`nil`: all of the grantor's).
    private let grants: [OrganisationID: [OrganisationID: Set<DatasetID>?]]

    public init(grants: [Grant]) {
        var byGrantee: [OrganisationID: [OrganisationID: Set<DatasetID>?]] = [:]
        for grant in grants {
            let held = byGrantee[grant.grantee]?[grant.grantor]
            switch (held, grant.dataset) {
            case (.some(.none), _), (_, .none): byGrantee[grant.grantee, default: [:]][grant.grantor] = .some(nil)
            case (.some(.some(let datasets)), .some(let dataset)):
                byGrantee[grant.grantee, default: [:]][grant.grantor] = .some(datasets.union([dataset]))
            case (.none, .some(let dataset)): byGrantee[grant.grantee, default: [:]][grant.grantor] = .some([dataset])
            }
        }
        self.grants = byGrantee
    }

    /// Whether `principal` (nobody when `nil`) may read a dataset.
    public func canRead(_ dataset: DatasetAccess, by principal: Principal?) -> Bool {
        if dataset.classification == .public { return true }
        guard let principal else { return false }
        if principal.organisation == dataset.owner { return true }
        guard holdsGrant(principal.organisation, from: dataset.owner, for: dataset.dataset) else { return false }
        switch dataset.classification {
        case .public, .bilateral: return true
        case .national: return dataset.ownerCountry != nil && principal.country == dataset.ownerCountry
        }
    }

    /// The datasets among `datasets` that `principal` may read.
    public func readableDatasets(_ datasets: [DatasetAccess], by principal: Principal?) -> Set<DatasetID> {
        Set(datasets.lazy.filter { canRead($0, by: principal) }.map(\.dataset))
    }

    /// Whether `principal` (nobody when `nil`) may do `action`.
    public func decide(_ action: Action, by principal: Principal?) -> AccessDecision {
        switch action {
        case .read: return .allowed
        case .readDataset(let dataset):
            if canRead(dataset, by: principal) { return .allowed }
            return principal == nil ? .unauthenticated : .hidden
        case .run: return require(.analyst, of: nil, principal, "running jobs")
        case .publish(let owner): return require(.steward, of: owner, principal, "publishing datasets of '\(owner)'")
        case .share(let owner): return require(.steward, of: owner, principal, "sharing datasets of '\(owner)'")
        case .manageUsers(let organisation): return require(.admin, of: organisation, principal, "managing users of '\(organisation)'")
        case .readAudit(let organisation): return require(.admin, of: organisation, principal, "reading the audit trail of '\(organisation)'")
        }
    }

    private func holdsGrant(_ grantee: OrganisationID, from grantor: OrganisationID, for dataset: DatasetID) -> Bool {
        guard let granted = grants[grantee]?[grantor] else { return false }
        return granted?.contains(dataset) ?? true
    }

    private func require(_ role: Role, of organisation: OrganisationID?, _ principal: Principal?, _ what: String) -> AccessDecision {
        guard let principal else { return .unauthenticated }
        if let organisation, principal.organisation != organisation {
            return .forbidden("\(what) is for members of '\(organisation)'")
        }
        guard principal.role >= role else { return .forbidden("\(what) needs the \(role.rawValue) role; you are \(principal.role.rawValue)") }
        return .allowed
    }
}
