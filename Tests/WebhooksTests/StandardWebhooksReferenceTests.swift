import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

@testable import Webhooks

/// Flusso's webhook signatures held against the reference implementation (PyPI standardwebhooks
/// 1.1.0, installed in .venv-webhooks by scripts/setup-webhooks-test): what Flusso signs the
/// reference verifies, what the reference signs Flusso verifies, and every way a webhook can fail
/// to verify is refused with the reason.
@Suite struct StandardWebhooksReferenceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    let directory = TemporaryDirectory("flusso-webhooks")
    let body = Data(#"{"source":"ai-support","detail-type":"ticket.completed","detail":{"ticket_id":"tkt_1","status":"READY","note":"più €"}}"#.utf8)

    /// Runs `script` with the reference implementation; its stdout, trimmed.
    func reference(_ script: String, _ arguments: [String]) throws -> (status: Int32, out: String) {
        let python = Self.repository + "/.venv-webhooks/bin/python"
        try #require(
            FileManager.default.isExecutableFile(atPath: python), "the reference implementation is missing: run scripts/setup-webhooks-test")
        let result = try ChildProcess.run(python, ["-c", script] + arguments, timeout: .seconds(120))
        return (result.status, result.out.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func bodyFile() throws -> String {
        let path = directory.file("body.json")
        try body.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func whatFlussoSignsTheReferenceVerifies() throws {
        let secret = WebhookSecret.generate()
        let headers = WebhookSigner(secrets: [secret]).headers(id: "msg_2b1c", timestamp: Date(), body: body)
        let script = """
            import sys
            from standardwebhooks.webhooks import Webhook
            secret, body_path, msg_id, ts, sig = sys.argv[1:6]
            body = open(body_path, "rb").read()
            Webhook(secret).verify(body, {"webhook-id": msg_id, "webhook-timestamp": ts, "webhook-signature": sig}, json_parse=False)
            print("verified")
            """
        let result = try reference(script, [secret.text, try bodyFile()] + headers.map(\.value))
        #expect(result.status == 0 && result.out == "verified", "\(result)")
        // With two secrets (rotation) the reference, knowing only the new one, still verifies.
        let next = WebhookSecret.generate()
        let rotated = WebhookSigner(secrets: [secret, next]).headers(id: "msg_2b1d", timestamp: Date(), body: body)
        #expect(rotated[2].value.split(separator: " ").count == 2)
        let withNext = try reference(script, [next.text, try bodyFile()] + rotated.map(\.value))
        #expect(withNext.status == 0 && withNext.out == "verified", "\(withNext)")
    }

    @Test func whatTheReferenceSignsFlussoVerifies() throws {
        let secret = WebhookSecret.generate()
        let now = Date()
        let timestamp = Int64(now.timeIntervalSince1970)
        let script = """
            import sys, datetime
            from standardwebhooks.webhooks import Webhook
            secret, body_path, msg_id, ts = sys.argv[1:5]
            body = open(body_path, "rb").read().decode("utf-8")
            print(Webhook(secret).sign(msg_id, datetime.datetime.fromtimestamp(int(ts), tz=datetime.timezone.utc), body))
            """
        let signed = try reference(script, [secret.text, try bodyFile(), "msg_77", String(timestamp)])
        #expect(signed.status == 0 && signed.out.hasPrefix("v1,"), "\(signed)")
        let headers = ["Webhook-Id": "msg_77", "webhook-timestamp": String(timestamp), "webhook-signature": signed.out]
        try WebhookVerifier(secrets: [secret]).verify(headers: headers, body: body, now: now)
        // The same signature as Flusso's own.
        #expect(WebhookSigner(secrets: [secret]).signatures(id: "msg_77", timestamp: String(timestamp), body: body) == [signed.out])
    }

    @Test func everyFailureIsRefusedWithItsReason() throws {
        let secret = WebhookSecret.generate()
        let now = Date()
        let good = Dictionary(
            uniqueKeysWithValues: WebhookSigner(secrets: [secret]).headers(id: "msg_1", timestamp: now, body: body).map { ($0.name, $0.value) })
        let verifier = WebhookVerifier(secrets: [secret], tolerance: .seconds(300))
        try verifier.verify(headers: good, body: body, now: now)
        var tampered = body
        tampered.append(0x20)
        var missing = good
        missing["webhook-signature"] = nil
        var noV1 = good
        noV1["webhook-signature"] = "v2,abc"
        let cases: [([String: String], Data, Date, WebhookVerifier, String)] = [
            (good, tampered, now, verifier, "no signature matches"),
            (good, body, now, WebhookVerifier(secrets: [WebhookSecret.generate()]), "no signature matches"),
            (good, body, now.addingTimeInterval(301), verifier, "from now; at most 300 s"),
            (good, body, now.addingTimeInterval(-301), verifier, "from now; at most 300 s"),
            (missing, body, now, verifier, "webhook-signature header is missing"),
            (noV1, body, now, verifier, "no v1 signature"),
            ([:], body, now, verifier, "webhook-id header is missing"),
        ]
        for (headers, data, time, check, expected) in cases {
            do {
                try check.verify(headers: headers, body: data, now: time)
                Issue.record("verified: \(expected)")
            } catch let error as FlussoError {
                #expect(error.code == .webhookVerificationFailed && error.message.contains(expected), "\(error.message)")
            }
        }
        // A forged timestamp at the edge of Int64 is refused, not a crash; so is signing at one.
        var forged = good
        forged["webhook-timestamp"] = String(Int64.min)
        #expect(throws: FlussoError.self) { try verifier.verify(headers: forged, body: body, now: now) }
        forged["webhook-timestamp"] = String(Int64.max)
        #expect(throws: FlussoError.self) { try verifier.verify(headers: forged, body: body, now: now) }
        #expect(!WebhookSigner(secrets: [secret]).headers(id: "m", timestamp: Date(timeIntervalSince1970: 9.3e18), body: body)[1].value.isEmpty)
        // Rotation: a receiver that knows either secret accepts.
        let next = WebhookSecret.generate()
        let rotated = Dictionary(
            uniqueKeysWithValues: WebhookSigner(secrets: [secret, next]).headers(id: "msg_2", timestamp: now, body: body).map { ($0.name, $0.value) })
        try WebhookVerifier(secrets: [next]).verify(headers: rotated, body: body, now: now)
        try WebhookVerifier(secrets: [WebhookSecret.generate(), secret]).verify(headers: rotated, body: body, now: now)
    }

    @Test func secretsAreWhsecBase64AndNeverPrinted() throws {
        let secret = WebhookSecret.generate()
        let parsed = try WebhookSecret(secret.text)
        #expect(secret.text.hasPrefix("whsec_") && parsed == secret && parsed.keyBytes.count == 32)
        #expect("\(secret)" == "whsec_…")
        for bad in ["abc", "whsec_", "whsec_!!!", "whsec_" + Data(repeating: 1, count: 8).base64EncodedString()] {
            #expect(throws: FlussoError.self) { try WebhookSecret(bad) }
        }
    }
}
