import ArgumentParser
import CritMinCore
import CritMinReports
import Foundation

struct GroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups",
        abstract: "Country groups (USMCA, G7, NATO, EU, MSP, free-trade partners, ALLIES, CONCERN): list, show, set.",
        subcommands: [List.self, Show.self, Set.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every group with its size and source.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await output.print(from: store) { try $0.groups() }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A group's members.")
        @Argument(help: "Group id.") var id: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await output.print(from: store) { try $0.groups(id) }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a group's members (creates it if new); later imports leave it as set.",
            discussion: "Example: critmin groups set CONCERN CHN RUS PRK IRN --note \"our working list\"")
        @Argument(help: "Group id.") var id: String
        @Argument(help: "Member country codes or names.") var members: [String]
        @Option(help: "Group name (default: the current one, or the id).") var name: String?
        @Option(help: "Why these members.") var note: String?
        @Option(help: "Who sets it.") var by: String = ProcessInfo.processInfo.environment["USER"] ?? "critmin user"
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            let catalogue = try await opened.catalogue()
            var codes: [CountryCode] = []
            for member in members {
                guard case .country(let code) = catalogue.area(named: member) else {
                    throw CritMinError(.notFound, "'\(member)' is no country (use ISO codes such as CHN, RUS)", field: "members", value: member)
                }
                if !codes.contains(code) { codes.append(code) }
            }
            let date = ISO8601DateFormatter().string(from: Date()).prefix(10)
            let group = CountryGroup(
                id: id, name: name ?? catalogue.groups[id]?.name ?? id, members: codes,
                source: "set by \(by) on \(date)" + (note.map { ": \($0)" } ?? ""))
            try await opened.setCountryGroup(group, editedBy: by)
            StandardError.write("\(id): \(codes.count) members set (\(codes.map(\.rawValue).joined(separator: " "))).")
        }
    }
}
