import FlussoTestSupport
import Foundation
import Testing

/// `flusso webhooks new-secret | sign | verify` through the binary: what it signs it verifies;
/// a changed body, a wrong secret or a bad header is exit 1 with one line on stderr.
@Suite struct WebhooksCommandTests {
    let directory = TemporaryDirectory("flusso-webhooks-cli")

    @Test func signThenVerifyAndRefuseWhatWasChanged() throws {
        let secret = try FlussoBinary.run(["webhooks", "new-secret"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("whsec_"))
        let body = directory.file("body.json")
        try #"{"detail-type":"ticket.completed"}"#.write(toFile: body, atomically: true, encoding: .utf8)
        let signed = try FlussoBinary.run(["webhooks", "sign", "--secret", secret, "--id", "msg_1", "--body", body])
        #expect(signed.status == 0, "\(signed.err)")
        let headers = signed.out.split(separator: "\n").map(String.init)
        #expect(headers.count == 3 && headers[2].hasPrefix("webhook-signature: v1,"))
        let arguments = headers.flatMap { ["--header", $0] }
        let verified = try FlussoBinary.run(["webhooks", "verify", "--secret", secret, "--body", body] + arguments)
        #expect(verified.status == 0 && verified.out == "verified\n", "\(verified.err)")
        try #"{"detail-type":"ticket.failed"}"#.write(toFile: body, atomically: true, encoding: .utf8)
        let other = try FlussoBinary.run(["webhooks", "new-secret"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        for (secretUsed, extra) in [(secret, [String]()), (other, []), (secret, ["--header", "nonsense"])] {
            let result = try FlussoBinary.run(["webhooks", "verify", "--secret", secretUsed, "--body", body] + arguments + extra)
            #expect(result.status == 1 && result.err.hasPrefix("error: ") && result.err.split(separator: "\n").count == 1, "\(result.err)")
        }
        let badSecret = try FlussoBinary.run(["webhooks", "sign", "--secret", "hunter2", "--id", "m", "--body", body])
        #expect(badSecret.status == 1 && badSecret.err.contains("whsec_"), "\(badSecret.err)")
    }
}
