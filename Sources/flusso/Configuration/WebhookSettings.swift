import FlussoCore
import Foundation
import Pipeline
import WebhookHTTP

/// Step 9's delivery (`webhooks.*`): the dispatcher's schedule and the transport's limits.
struct WebhookSettings: Sendable {
    var dispatch: WebhookDispatchSettings
    var transport: HTTPWebhookTransport.Settings

    init(_ resolved: ResolvedConfiguration, allowPrivate: Bool) throws {
        dispatch = WebhookDispatchSettings()
        dispatch.enabled = try resolved.bool("webhooks.enabled")
        dispatch.poll = .milliseconds(Int64(resolved.int("webhooks.poll_ms")))
        guard (5...60_000).contains(resolved.int("webhooks.poll_ms")) else {
            throw FlussoError(.invalidConfiguration, "webhooks.poll_ms must be 5 to 60000")
        }
        dispatch.lease = try Self.seconds(resolved, "webhooks.lease_s", minimum: 0.3)
        dispatch.concurrency = resolved.int("webhooks.concurrency")
        guard (1...256).contains(dispatch.concurrency) else {
            throw FlussoError(.invalidConfiguration, "webhooks.concurrency must be 1 to 256")
        }
        dispatch.firstRetryDelay = try Self.seconds(resolved, "webhooks.retry_first_s", minimum: 0.01)
        dispatch.maxRetryDelay = try Self.seconds(resolved, "webhooks.retry_max_s", minimum: 0.01)
        guard dispatch.maxRetryDelay >= dispatch.firstRetryDelay else {
            throw FlussoError(.invalidConfiguration, "webhooks.retry_max_s must not be less than webhooks.retry_first_s")
        }
        dispatch.retryAfterCap = dispatch.maxRetryDelay
        dispatch.horizon = try Self.seconds(resolved, "webhooks.horizon_s", minimum: 0)
        dispatch.callbackSecrets = try resolved.list("webhooks.callback_secrets").map {
            do {
                return try WebhookSecret($0)
            } catch {
                throw FlussoError(.invalidConfiguration, "webhooks.callback_secrets must hold whsec_ secrets (`flusso webhooks new-secret`)")
            }
        }
        guard dispatch.callbackSecrets.count <= 2 else {
            throw FlussoError(.invalidConfiguration, "webhooks.callback_secrets holds at most two secrets (the old and the new)")
        }
        dispatch.disableFailingSubscriptions = try resolved.bool("webhooks.disable_failing")
        switch resolved.string("webhooks.payload") {
        case "ids": dispatch.includeTicket = false
        case "ticket": dispatch.includeTicket = true
        default: throw FlussoError(.invalidConfiguration, "webhooks.payload must be ids or ticket")
        }
        dispatch.holder = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        transport = HTTPWebhookTransport.Settings()
        transport.allowPrivate = allowPrivate
        transport.connectTimeout = try Self.seconds(resolved, "webhooks.connect_timeout_s", minimum: 0.05)
        transport.totalTimeout = try Self.seconds(resolved, "webhooks.timeout_s", minimum: 0.05)
        // An attempt is the DNS lookup (bounded by the connect timeout) and then the POST.
        dispatch.attemptTimeout = transport.connectTimeout + transport.totalTimeout
        transport.maxResponseBytes = resolved.int("webhooks.max_response_bytes")
        guard (0...(16 << 20)).contains(transport.maxResponseBytes) else {
            throw FlussoError(.invalidConfiguration, "webhooks.max_response_bytes must be 0 to 16777216")
        }
    }

    private static func seconds(_ resolved: ResolvedConfiguration, _ key: String, minimum: Double) throws -> Duration {
        let value = resolved.double(key)
        guard value >= minimum, value.isFinite else { throw FlussoError(.invalidConfiguration, "\(key) must be at least \(minimum)") }
        return .milliseconds(Int64(value * 1000))
    }
}
