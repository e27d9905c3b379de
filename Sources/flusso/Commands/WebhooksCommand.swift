import ArgumentParser
import FlussoCore
import Foundation
import Webhooks

/// `flusso webhooks verify|sign|new-secret`: Standard Webhooks signatures, for the people who
/// write receivers of Flusso's webhooks (and for testing one).
struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Standard Webhooks signatures: verify a received webhook, sign a body, make a secret.",
        subcommands: [Verify.self, Sign.self, NewSecret.self, CallbackSecret.self])

    /// `flusso webhooks verify`: exit 0 and `verified` when the webhook checks out, else exit 1
    /// and one line saying which check failed.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check a received webhook's webhook-id, webhook-timestamp and webhook-signature against the secret(s).")
        @Option(help: "The subscription's secret (whsec_…); give it twice during a rotation.") var secret: [String]
        @Option(name: .customLong("header"), help: "A received header, 'Name: value' (repeat for each).") var headers: [String]
        @Option(help: "The received body, byte for byte (- for stdin).") var body: String
        @Option(name: .customLong("tolerance-s"), help: "How far the timestamp may be from now.") var tolerance = 300
        @Option(name: .customLong("now"), help: "Check as of this Unix time (testing).") var now: Int64?

        func run() async throws {
            try await reportingErrors {
                guard !secret.isEmpty else { throw FlussoError(.invalidParameter, "give the secret with --secret whsec_…") }
                guard tolerance > 0 else { throw FlussoError(.invalidParameter, "--tolerance-s must be positive") }
                let verifier = WebhookVerifier(secrets: try secret.map(WebhookSecret.init), tolerance: .seconds(tolerance))
                var parsed: [String: String] = [:]
                for header in headers {
                    guard let colon = header.firstIndex(of: ":") else {
                        throw FlussoError(.invalidParameter, "--header takes 'Name: value', got '\(header.prefix(60))'")
                    }
                    parsed[String(header[..<colon])] = String(header[header.index(after: colon)...])
                }
                let data = try readInput(body)
                try verifier.verify(headers: parsed, body: data, now: now.map { Date(timeIntervalSince1970: Double($0)) } ?? Date())
                printOut("verified")
            }
        }
    }

    /// `flusso webhooks callback-secret`: what a ticket's `callback_url` receiver verifies with.
    struct CallbackSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "callback-secret",
            abstract:
                "Print the secret(s) callback_url deliveries are signed with: webhooks.callback_secrets, else the data directory's own (made on first use)."
        )
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await reportingErrors {
                let settings = try global.settings()
                if !settings.webhooks.dispatch.callbackSecrets.isEmpty {
                    for secret in settings.webhooks.dispatch.callbackSecrets { printOut(secret.text) }
                    return
                }
                let runtime = try await Runtime(settings: settings, needs: .storage)
                printOut(try await runtime.persistence.deliveries.callbackSecret().text)
            }
        }
    }

    /// `flusso webhooks sign`: the three headers Flusso sends with `body`.
    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sign", abstract: "Print the Standard Webhooks headers for a body.")
        @Option(help: "The secret (whsec_…); give two during a rotation.") var secret: [String]
        @Option(help: "The message id (webhook-id).") var id: String
        @Option(help: "Unix seconds (default: now).") var timestamp: Int64?
        @Option(help: "The body (- for stdin).") var body: String

        func run() async throws {
            try await reportingErrors {
                guard !secret.isEmpty else { throw FlussoError(.invalidParameter, "give the secret with --secret whsec_…") }
                let signer = WebhookSigner(secrets: try secret.map(WebhookSecret.init))
                let time = timestamp.map { Date(timeIntervalSince1970: Double($0)) } ?? Date()
                for header in signer.headers(id: id, timestamp: time, body: try readInput(body)) { printOut("\(header.name): \(header.value)") }
            }
        }
    }

    /// `flusso webhooks new-secret`: a fresh `whsec_…` secret.
    struct NewSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "new-secret", abstract: "Print a new random webhook secret (whsec_…).")
        func run() async throws {
            printOut(WebhookSecret.generate().text)
        }
    }
}
