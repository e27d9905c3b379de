import ArgumentParser
import FlussoCore
import FlussoServer
import Foundation

/// `flusso process FILE --json`: the whole pipeline in this process on one ticket.
struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Run the whole pipeline in-process on one ticket and print the final ticket.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket JSON file, or - for standard input.") var file: String
    @Flag(help: "Print the final ticket as JSON.") var json = false

    func run() async throws {
        try await reportingErrors {
            let settings = try global.settings()
            // A bad ticket fails before anything else is said (the knowledge base's embedder may
            // log warnings) or stored; a damaged classifier model fails before the ticket is accepted.
            let body = try JSONValue.parse(try readInput(file))
            _ = try TicketSubmission.validate(body, limits: settings.limits, now: Date())
            let runtime = try await Runtime(settings: settings, needs: .pipeline)
            guard let leasing = runtime.persistence.directLeasing else {
                throw FlussoError(.invalidConfiguration, "flusso process needs a queue that can lease one given ticket (the sqlite persistence)")
            }
            let processor = runtime.processor()
            let ticket = try await runtime.intake.accept(body)
            guard
                let lease = try await leasing.lease(
                    ticketID: ticket.ticketID, worker: "process",
                    visibility: settings.workers.visibilityTimeout)
            else {
                throw FlussoError(.conflict, "ticket \(ticket.ticketID) was taken by a running worker")
            }
            let result = try await processor.process(ticketID: ticket.ticketID)
            if case .finished = result {
                try await runtime.queue.complete(lease)
            } else {
                try await runtime.queue.release(lease, error: "flusso process: \(result)", retryAfter: .zero)
            }
            await runtime.shutdown()
            try await TicketPrinter.print(ticketID: ticket.ticketID, runtime: runtime, json: json)
        }
    }
}

/// Prints a ticket with its steps, as JSON or as a short text summary.
enum TicketPrinter {
    static func print(ticketID: String, runtime: Runtime, json: Bool) async throws {
        guard let ticket = try await runtime.store.ticket(id: ticketID) else {
            throw FlussoError.notFound("ticket \(ticketID)")
        }
        let steps = try await runtime.store.stepRecords(ticketID: ticketID)
        let feedback = try await runtime.feedback.feedback(ticketID: ticketID)
        if json {
            let data = try FlussoJSON.encode(TicketDetail(ticket: ticket.refreshingSLA(at: Date()), steps: steps, feedback: feedback), pretty: true)
            printOut(String(decoding: data, as: UTF8.self))
            return
        }
        var lines = ["\(ticket.ticketID)  \(ticket.status.rawValue)" + (ticket.statusReason.map { "  (\($0))" } ?? "")]
        for record in steps {
            let detail = record.error.map { "\($0.code): \($0.message)" } ?? record.detail ?? ""
            lines.append(
                "  \(record.step.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(record.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(String(format: "%8.2f ms", record.durationMs))  \(detail)"
            )
        }
        printOut(lines.joined(separator: "\n"))
    }
}

/// `flusso show ID`.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a ticket and its steps from the data directory.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket id (tkt_…).") var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        try await reportingErrors {
            let runtime = try await Runtime(settings: try global.settings(), needs: .storage)
            try await TicketPrinter.print(ticketID: id, runtime: runtime, json: json)
        }
    }
}
