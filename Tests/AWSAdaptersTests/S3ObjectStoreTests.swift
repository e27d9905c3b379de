import AWSAdapters
import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

/// `S3ObjectStore` against a real moto S3 that checks signatures.
@Suite(.serialized) struct S3ObjectStoreOnMotoTests {
    @Test func objectsRoundTripAndMissingOnesAreNotFound() async throws {
        let moto = try await MotoServer.shared()
        let store = try S3ObjectStore(bucket: "flusso-objects", prefix: "site-1/", configuration: moto.configuration())
        try await store.createBucket()
        try await store.createBucket()  // idempotent
        let body = Data((0..<70_000).map { UInt8($0 % 251) })
        try await store.put(body, key: "attachments/tkt_1/att-1")
        #expect(try await store.get(key: "attachments/tkt_1/att-1") == body)
        #expect(try await store.exists(key: "attachments/tkt_1/att-1"))
        try await store.put(Data("v2".utf8), key: "attachments/tkt_1/att-1")
        #expect(try await store.get(key: "attachments/tkt_1/att-1") == Data("v2".utf8))
        try await store.delete(key: "attachments/tkt_1/att-1")
        #expect(try await !store.exists(key: "attachments/tkt_1/att-1"))
        try await store.delete(key: "attachments/tkt_1/att-1")  // deleting a missing object is fine
        await #expect {
            _ = try await store.get(key: "attachments/tkt_1/att-1")
        } throws: { error in
            (error as? FlussoError)?.code == .notFound
        }
    }

    @Test func aWrongSecretIsRefusedAsAnAuthErrorNotRetried() async throws {
        let moto = try await MotoServer.shared()
        let good = try S3ObjectStore(bucket: "flusso-auth", configuration: moto.configuration())
        try await good.createBucket()
        let wrong = AWSCredentials(accessKeyID: moto.credentials.accessKeyID, secretAccessKey: "not-the-secret")
        let bad = try S3ObjectStore(bucket: "flusso-auth", configuration: moto.configuration(credentials: wrong))
        await #expect {
            try await bad.put(Data("x".utf8), key: "k")
        } throws: { error in
            let e = error as? FlussoError
            return e?.code == .awsAuth && e?.kind == .permanent
        }
        #expect(try await !good.exists(key: "k"))
    }

    @Test func badKeysAndBucketNamesAreRefusedBeforeAnyRequest() async throws {
        let configuration = AWSServiceConfiguration(
            region: "eu-south-1", endpoint: "http://127.0.0.1:9",
            credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"))
        #expect(throws: FlussoError.self) { _ = try S3ObjectStore(bucket: "Bad_Bucket", configuration: configuration) }
        let store = try S3ObjectStore(bucket: "ok-bucket", configuration: configuration)
        await #expect(throws: FlussoError.self) { try await store.put(Data(), key: "../escape") }
    }

    @Test func aServerThatIsDownIsATransientErrorAfterTheRetries() async throws {
        var configuration = AWSServiceConfiguration(
            region: "eu-south-1", endpoint: "http://127.0.0.1:\(freePort())",
            credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b"))
        configuration.maxAttempts = 2
        configuration.initialBackoff = .milliseconds(10)
        let store = try S3ObjectStore(bucket: "ok-bucket", configuration: configuration)
        await #expect {
            _ = try await store.get(key: "k")
        } throws: { error in
            (error as? FlussoError)?.kind == .transient
        }
    }
}
