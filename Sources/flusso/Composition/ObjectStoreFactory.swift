import AWSAdapters
import FlussoCore
import Foundation
import LocalStore

/// AWS settings shared by the hybrid-mode adapters (`aws.*`).
struct AWSSettings: Sendable {
    var region: String
    var profile: String?
    var endpoint: String?

    init(_ resolved: ResolvedConfiguration) {
        region = resolved.string("aws.region")
        let profile = resolved.string("aws.profile")
        self.profile = profile.isEmpty ? nil : profile
        let endpoint = resolved.string("aws.endpoint")
        self.endpoint = endpoint.isEmpty ? nil : endpoint
    }

    /// The service configuration with credentials from the standard chain (or `aws.profile`).
    func service() throws -> AWSServiceConfiguration {
        AWSServiceConfiguration(region: region, endpoint: endpoint, credentials: try AWSCredentials.resolve(profile: profile))
    }
}

/// Part of the composition root: the object store `objects.backend` names — the filesystem
/// under the data directory (default), or an S3 bucket (hybrid mode).
enum ObjectStoreFactory {
    static func make(_ settings: FlussoSettings) throws -> any ObjectStore {
        let resolved = settings.resolved
        switch resolved.string("objects.backend").lowercased() {
        case "filesystem":
            return try FileObjectStore(root: (settings.dataDirectory as NSString).appendingPathComponent("objects"))
        case "s3":
            let bucket = resolved.string("objects.s3_bucket")
            guard !bucket.isEmpty else { throw FlussoError(.invalidConfiguration, "objects.backend s3 needs objects.s3_bucket") }
            return try S3ObjectStore(bucket: bucket, prefix: resolved.string("objects.s3_prefix"),
                                     configuration: try AWSSettings(resolved).service())
        case let other:
            throw FlussoError(.invalidConfiguration, "objects.backend must be filesystem or s3, got '\(other)'")
        }
    }
}
