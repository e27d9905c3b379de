import AWSAdapters
import FlussoCore
import LocalStore

extension Adapters {
    /// `objects`: the filesystem under the data directory, or an S3 bucket (hybrid mode).
    static func makeObjectStore(_ backend: ObjectsBackend) throws -> any ObjectStore {
        switch backend {
        case .filesystem(let root):
            return try FileObjectStore(root: root)
        case .s3(let bucket, let prefix, let aws):
            return try S3ObjectStore(bucket: bucket, prefix: prefix, configuration: try aws.service())
        }
    }
}

extension AWSSettings {
    /// The service configuration with credentials from the standard chain (or `aws.profile`).
    func service() throws -> AWSServiceConfiguration {
        AWSServiceConfiguration(region: region, endpoint: endpoint, credentials: try AWSCredentials.resolve(profile: profile))
    }
}
