import FlussoCore
import Foundation
import Testing

/// Callbacks go to public addresses only: loopback, private, shared, link-local (metadata),
/// unspecified and multicast targets are refused, in every spelling.
@Suite struct OutboundAddressTests {
    @Test(arguments: [
        "http://127.0.0.1:8080/hook", "http://127.1.2.3/", "http://localhost/x", "http://api.localhost/x", "http://10.0.0.5/",
        "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.20/", "http://100.64.0.1/", "http://169.254.169.254/latest/meta-data",
        "http://metadata.google.internal/", "http://0.0.0.0/", "http://224.0.0.1/", "http://[::1]/", "http://[::]/", "http://[fe80::1]/",
        "http://[fd00::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/", "http://[ff02::1]/", "http://user:pw@example.com/",
        "ftp://example.com/", "http:///nohost", "http://2130706433/", "http://0x7f.0.0.1/", "http://127.1/", "http://0/",
        "http://012.0.0.1/", "http://0177.0.0.1/", "http://[64:ff9b::a00:1]/", "http://[2002:a00:1::]/", "http://[::ffff:0:a00:1]/",
        "http://[not:an:ip:::]/",
    ])
    func nonPublicTargetsAreRefused(url: String) {
        #expect(OutboundAddress.problem(withURL: url) != nil, "\(url)")
    }

    @Test(arguments: [
        "https://portal.example.com/hooks/flusso", "http://93.184.216.34/", "https://172.32.0.1/", "https://100.128.0.1/",
        "https://[2001:db8::1]/", "https://[2606:4700::6810:84e5]:8443/x", "http://192.169.0.1/",
    ])
    func publicTargetsPass(url: String) {
        #expect(OutboundAddress.problem(withURL: url) == nil, "\(url)")
    }

    @Test func theReasonSaysWhatKindOfAddressItIs() {
        #expect(OutboundAddress.problem(withURL: "http://169.254.169.254/")?.contains("metadata") == true)
        #expect(OutboundAddress.problem(withURL: "http://10.1.2.3/")?.contains("private address (10.1.2.3)") == true)
        #expect(OutboundAddress.problem(withHost: "127.0.0.1")?.contains("this machine") == true)
    }

    @Test func aTicketWithAPrivateCallbackIsRefusedUnlessAllowed() throws {
        let body: JSONValue = .object([
            "customer": .object(["id": .string("c1")]), "symptom_text": .string("no heat"),
            "callback_url": .string("http://192.168.1.20/hook"),
        ])
        do {
            _ = try TicketSubmission.validate(body, limits: SubmissionLimits(), now: Date())
            Issue.record("accepted a private callback_url")
        } catch let error as FlussoError {
            #expect(error.code == .validationFailed && error.field == "callback_url" && error.message.contains("webhooks.allow_private"))
        }
        var allowing = SubmissionLimits()
        allowing.allowPrivateCallbacks = true
        #expect(try TicketSubmission.validate(body, limits: allowing, now: Date()).ticket.callbackURL == "http://192.168.1.20/hook")
    }
}
