import AWSAdapters
import FlussoCore
import Foundation
import Logging
import TextClassifier

/// Step 4's engine, or why there is none (the classify step then records it as skipped).
struct ClassifierChoice: Sendable {
    var classifier: (any TicketClassifier)?
    var unavailableReason: String
    /// The local model's control (reload on SIGHUP or the admin route); nil for SageMaker or none.
    var control: (any ClassifierModelControl)?
}

extension Adapters {
    /// `classifier`: the local linear classifier or SageMaker. A missing model file is a warning
    /// naming the path (the step is skipped saying how to make one); a file that cannot be read
    /// (truncated, corrupted, incompatible) is an error.
    static func makeClassifier(_ backend: ClassifierBackend, logger: Logger) throws -> ClassifierChoice {
        switch backend {
        case .sagemaker(let endpoint, let aws):
            return ClassifierChoice(
                classifier: try SageMakerClassifier(endpointName: endpoint, configuration: try aws.service()),
                unavailableReason: "", control: nil)
        case .local(let modelPath):
            let path = try modelPath.path()
            guard !path.isEmpty else {
                return ClassifierChoice(
                    classifier: nil, unavailableReason: "classifier.model_path is empty: no ticket classifier is configured", control: nil)
            }
            guard FileManager.default.fileExists(atPath: path) else {
                let reason =
                    "ticket classifier model \(path) not found; create it with scripts/train-classifier "
                    + "(flusso classifier train --data training/tickets.jsonl --text-field symptom_text --label-field category --out \(path))"
                logger.warning("\(reason)")
                return ClassifierChoice(classifier: nil, unavailableReason: reason, control: nil)
            }
            let classifier = try ReloadingTicketClassifier(path: path, logger: logger)
            let info = classifier.current()
            logger.debug(
                "ticket classifier loaded",
                metadata: [
                    "model": "\(path)", "model_id": "\(info.modelID)", "revision": "\(info.revision)",
                    "labels": "\(info.categories.count)",
                ])
            return ClassifierChoice(classifier: classifier, unavailableReason: "", control: classifier)
        }
    }
}
