import FlussoCore
import FlussoServer
import FlussoTestSupport
import Foundation
import Testing

@Suite struct AuthTests {
    let key = "test-key-0123456789abcdef"

    @Test func withKeysConfiguredARequestWithoutAValidKeyIs401() async throws {
        let harness = try APIHarness(keyHashes: [APIKeyAuthenticator.hash(key: key)])
        try await harness.run { client in
            let missing = try await client.send(.post, "/tickets", body: SampleTickets.validJSON)
            #expect(missing.status == 401)
            #expect(missing.headers[.wwwAuthenticate] == "Bearer")
            let wrong = try await client.send(.get, "/tickets", authorization: "Bearer not-the-key")
            #expect(wrong.status == 401)
            #expect(try await harness.store.countsByStatus().values.reduce(0, +) == 0)
        }
    }

    @Test func theRightKeyIsAccepted() async throws {
        let harness = try APIHarness(keyHashes: [APIKeyAuthenticator.hash(key: key)])
        try await harness.run { client in
            let response1 = try await client.send(.post, "/tickets", body: SampleTickets.validJSON, authorization: "Bearer \(key)")
            #expect(response1.status == 202)
        }
    }

    @Test func healthProbesNeedNoKey() async throws {
        let harness = try APIHarness(keyHashes: [APIKeyAuthenticator.hash(key: key)])
        try await harness.run { client in
            let response2 = try await client.send(.get, "/healthz")
            #expect(response2.status == 200)
            let response3 = try await client.send(.get, "/readyz")
            #expect(response3.status == 200)
        }
    }

    @Test func aMalformedKeyHashIsRefusedAtStartUp() {
        #expect(throws: FlussoError.self) { try APIKeyAuthenticator(hashes: ["plaintext-key"]) }
    }
}
