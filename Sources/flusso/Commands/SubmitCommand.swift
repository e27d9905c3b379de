import ArgumentParser
import AsyncHTTPClient
import FlussoCore
import Foundation
import NIOCore
import NIOHTTP1

/// `flusso submit FILE`: posts a ticket to a running server, optionally waiting for its end.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Submit a ticket (JSON file, or - for stdin) to a server.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Ticket JSON file, or - for standard input.") var file: String
    @Flag(help: "Wait until the ticket reaches a final status and print it.") var wait = false
    @Option(help: "Server URL (default FLUSSO_SERVER_URL or http://127.0.0.1:<server.port>).") var server: String?
    @Option(help: "Longest wait with --wait, in seconds.") var timeout: Double = 300

    func run() async throws {
        try await reportingErrors {
            let settings = try global.settings()
            let base = (server ?? ProcessInfo.processInfo.environment["FLUSSO_SERVER_URL"] ?? "http://127.0.0.1:\(settings.port)")
                .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let body = try readInput(file)
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                let accepted = try await APICall.send(client, method: .POST, url: base + "/tickets", body: body)
                guard !wait else {
                    let id = try APICall.ticketID(from: accepted)
                    let final = try await APICall.waitForFinal(client, base: base, ticketID: id, timeout: timeout)
                    printOut(String(decoding: final, as: UTF8.self))
                    try await client.shutdown()
                    return
                }
                printOut(String(decoding: accepted, as: UTF8.self))
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
        }
    }
}

/// Reads a file or standard input.
func readInput(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw FlussoError(.invalidInput, "cannot read \(path)")
    }
    return data
}

/// Small helpers for talking to a Flusso server.
enum APICall {
    static var apiKey: String? { ProcessInfo.processInfo.environment["FLUSSO_API_KEY"] }

    static func send(_ client: HTTPClient, method: HTTPMethod, url: String, body: Data? = nil) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(30))
        } catch {
            throw FlussoError(.serverUnreachable, "cannot reach \(url): \(error)")
        }
        let buffer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        let data = Data(buffer.readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            throw FlussoError(.serverError, "\(method.rawValue) \(url) answered \(response.status.code): \(String(decoding: data, as: UTF8.self))")
        }
        return data
    }

    static func ticketID(from data: Data) throws -> String {
        guard case .object(let fields) = try JSONValue.parse(data), case .string(let id)? = fields["ticket_id"] else {
            throw FlussoError(.serverError, "the server's answer has no ticket_id")
        }
        return id
    }

    static func waitForFinal(_ client: HTTPClient, base: String, ticketID: String, timeout: Double) async throws -> Data {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var delay = Duration.milliseconds(50)
        while ContinuousClock.now < deadline {
            let data = try await send(client, method: .GET, url: base + "/tickets/" + ticketID)
            if case .object(let fields) = try JSONValue.parse(data), case .string(let status)? = fields["status"],
                TicketStatus(rawValue: status)?.isFinal == true
            {
                return data
            }
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(1))
        }
        throw FlussoError(.timeout, "ticket \(ticketID) did not reach a final status within \(timeout) s")
    }
}
