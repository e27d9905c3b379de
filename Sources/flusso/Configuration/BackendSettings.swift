import FlussoCore
import Foundation

/// Where tickets, jobs, step records, events, feedback and the knowledge base's chunks are kept:
/// the store and the queue together, since a ticket is inserted and enqueued in one transaction.
enum PersistenceBackend: Sendable, Equatable {
    /// `flusso.sqlite` in the data directory (WAL, `synchronous=FULL`).
    case sqlite(directory: String)
}

/// Where attachments, OCR results and audit records are kept (`objects.backend`).
enum ObjectsBackend: Sendable, Equatable {
    case filesystem(root: String)
    case s3(bucket: String, prefix: String, aws: AWSSettings)

    init(_ resolved: ResolvedConfiguration, dataDirectory: String) throws {
        switch resolved.string("objects.backend").lowercased() {
        case "filesystem":
            self = .filesystem(root: (dataDirectory as NSString).appendingPathComponent("objects"))
        case "s3":
            let bucket = resolved.string("objects.s3_bucket")
            guard !bucket.isEmpty else { throw FlussoError(.invalidConfiguration, "objects.backend s3 needs objects.s3_bucket") }
            self = .s3(bucket: bucket, prefix: resolved.string("objects.s3_prefix"), aws: AWSSettings(resolved))
        case let other:
            throw FlussoError(.invalidConfiguration, "objects.backend must be filesystem or s3, got '\(other)'")
        }
    }
}

/// Step 4's engine (`classifier.*`).
enum ClassifierBackend: Sendable, Equatable {
    /// The linear classifier in a model file (resolved against the home); an empty path means
    /// no classifier (the step is skipped saying so).
    case local(modelPath: ResourcePath)
    /// SageMaker `InvokeEndpoint` (hybrid mode).
    case sagemaker(endpoint: String, aws: AWSSettings)

    init(_ resolved: ResolvedConfiguration, home: ResourceHome?) throws {
        switch resolved.string("classifier.backend").lowercased() {
        case "local":
            self = .local(modelPath: ResourcePath(resolved.string("classifier.model_path"), key: "classifier.model_path", home: home))
        case "sagemaker":
            let endpoint = resolved.string("classifier.sagemaker_endpoint")
            guard !endpoint.isEmpty else {
                throw FlussoError(.invalidConfiguration, "classifier.backend sagemaker needs classifier.sagemaker_endpoint")
            }
            self = .sagemaker(endpoint: endpoint, aws: AWSSettings(resolved))
        case let other:
            throw FlussoError(.invalidConfiguration, "classifier.backend must be local or sagemaker, got '\(other)'")
        }
    }
}

/// Where the knowledge base's chunk vectors are kept (`kb.index_dir`).
enum VectorsBackend: Sendable, Equatable {
    /// The pure-Swift HNSW, one file per embedder in this directory.
    case hnsw(directory: String)
}

/// Where step 9's events go. Today one adapter: the outbox table in the persistence backend.
enum PublisherBackend: Sendable, Equatable {
    case outbox
}

/// AWS settings shared by the hybrid-mode adapters (`aws.*`).
struct AWSSettings: Sendable, Equatable {
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
}
