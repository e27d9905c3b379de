import ArgumentParser
import FlussoCore
import FlussoServer
import Foundation

/// `flusso tickets list`.
struct TicketsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets", abstract: "Tickets in the data directory.",
        subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List tickets, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this status (NEW, PROCESSING, READY, NEEDS_REVIEW, FAILED, REJECTED).") var status: String?
        @Option(help: "Most tickets to print.") var limit: Int = 50
        @Option(help: "Cursor from a previous page.") var cursor: String?
        @Flag(help: "Only tickets past their SLA due time neither answered nor closed (not READY or REJECTED).") var overdue = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await reportingErrors {
                let runtime = try await Runtime(settings: try global.settings(), needs: .storage)
                var filter: TicketStatus?
                if let status {
                    guard let parsed = TicketStatus(rawValue: status.uppercased()) else {
                        throw FlussoError(.invalidParameter, "status must be one of \(TicketStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    filter = parsed
                }
                guard (1...10_000).contains(limit) else { throw FlussoError(.invalidParameter, "limit must be 1 to 10000") }
                let now = Date()
                let page = try await runtime.store.list(
                    TicketFilter(status: filter, overdueAt: overdue ? now : nil), limit: limit, cursor: cursor)
                let tickets = page.tickets.map { $0.refreshingSLA(at: now) }
                if json {
                    struct Page: Encodable {
                        var tickets: [Ticket]
                        var next_cursor: String?
                    }
                    printOut(
                        String(decoding: try FlussoJSON.encode(Page(tickets: tickets, next_cursor: page.nextCursor), pretty: true), as: UTF8.self))
                    return
                }
                for ticket in tickets {
                    let due = ticket.sla.map { "due " + FlussoJSON.format($0.dueAt) + ($0.breached ? " (breached)" : "") } ?? "no SLA"
                    printOut(
                        "\(ticket.ticketID)  \(ticket.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))  \(FlussoJSON.format(ticket.createdAt))  \(due)  \(ticket.symptomText.prefix(60))"
                    )
                }
                if let next = page.nextCursor { printOut("next page: --cursor \(next)") }
            }
        }
    }
}

/// `flusso config show` and `flusso config hash-key`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Configuration.", subcommands: [Show.self, Keys.self, HashKey.self])

    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keys",
            abstract: "List every configuration key with its environment variable, default and meaning.")
        @Flag(help: "Print JSON.") var json = false
        func run() async throws {
            try await reportingErrors {
                struct Key: Encodable {
                    var name, environment, `default`, kind, help: String
                    var secret: Bool
                }
                let keys = ConfigurationKeys.all.map {
                    Key(
                        name: $0.name, environment: $0.environmentName, default: $0.defaultValue, kind: "\($0.kind)", help: $0.help, secret: $0.secret
                    )
                }
                if json {
                    printOut(String(decoding: try FlussoJSON.encode(keys, pretty: true), as: UTF8.self))
                } else {
                    for key in keys { printOut("\(key.name) = \(key.default.isEmpty ? "\"\"" : key.default)    # \(key.environment): \(key.help)") }
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the effective configuration (secrets masked).")
        @OptionGroup var global: GlobalOptions
        func run() async throws {
            try await reportingErrors {
                let settings = try global.settings()
                printOut(settings.rendered())
                if let home = settings.home {
                    printOut("# resources resolve from \(home.path) (\(home.origin.rawValue))")
                } else {
                    printOut("# no home found: relative resource paths cannot resolve (set FLUSSO_HOME)")
                }
            }
        }
    }

    struct HashKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hash-key", abstract: "Print the sha256:<hex> form of an API key for server.api_key_hashes.")
        @Argument(help: "The key (- reads it from standard input).") var key: String
        func run() async throws {
            try await reportingErrors {
                var value = key
                if key == "-" {
                    value = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(
                        in: .whitespacesAndNewlines)
                }
                guard value.count >= 16 else { throw FlussoError(.invalidInput, "an API key needs at least 16 characters") }
                printOut(APIKeyAuthenticator.hash(key: value))
            }
        }
    }
}
