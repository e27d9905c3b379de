import FlussoCore
import Foundation

/// `ObjectStore` on an S3 bucket (hybrid mode): object `key` is stored at `prefix + key`, with
/// path-style addressing (`/{bucket}/{key}`), which S3, moto, LocalStack and MinIO all accept.
/// A PUT is atomic in S3: readers see the old object or the new one.
public struct S3ObjectStore: ObjectStore {
    public let bucket: String
    public let prefix: String
    private let client: AWSClient

    public init(bucket: String, prefix: String = "", configuration: AWSServiceConfiguration) throws {
        guard (3...63).contains(bucket.count),
            bucket.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") })
        else {
            throw FlussoError(.invalidConfiguration, "'\(bucket)' is not a valid S3 bucket name")
        }
        self.bucket = bucket
        self.prefix = prefix
        client = AWSClient(service: "s3", configuration: configuration)
    }

    private func path(_ key: String) throws -> String {
        try ObjectKey.validate(key)
        return "/" + bucket + "/"
            + (prefix + key).split(separator: "/", omittingEmptySubsequences: false)
            .map { SigV4Signer.uriEncode(String($0)) }.joined(separator: "/")
    }

    public func put(_ data: Data, key: String) async throws {
        _ = try await client.send(method: "PUT", path: try path(key), headers: ["content-type": "application/octet-stream"], body: data)
    }

    public func get(key: String) async throws -> Data {
        do {
            return try await client.send(method: "GET", path: try path(key)).body
        } catch let error as FlussoError where error.code == .notFound {
            throw FlussoError.notFound("object \(key)")
        }
    }

    public func delete(key: String) async throws {
        // S3 answers 204 whether or not the object existed, like the filesystem store.
        _ = try await client.send(method: "DELETE", path: try path(key))
    }

    public func exists(key: String) async throws -> Bool {
        do {
            _ = try await client.send(method: "HEAD", path: try path(key))
            return true
        } catch let error as FlussoError where error.code == .notFound {
            return false
        }
    }

    /// Creates the bucket (for tests and `flusso config check --create`); an existing bucket
    /// owned by these credentials is fine.
    public func createBucket() async throws {
        do {
            var body = Data()
            if client.configuration.region != "us-east-1" {
                body = Data(
                    "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>\(client.configuration.region)</LocationConstraint></CreateBucketConfiguration>"
                        .utf8)
            }
            _ = try await client.send(method: "PUT", path: "/" + bucket, body: body)
        } catch let error as FlussoError where error.message.contains("BucketAlreadyOwnedByYou") {
            return
        }
    }
}
