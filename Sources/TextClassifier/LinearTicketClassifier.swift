import FlussoCore

/// The local `TicketClassifier`: a `TrainedModel` applied to the ticket's symptom text, error
/// code and product type through `TicketFeatures` (the function training data goes through too).
public struct LinearTicketClassifier: TicketClassifier {
    public let model: TrainedModel
    /// Where the model was loaded from, for messages.
    public let source: String
    /// The model's revision (`TrainedModel.revision`), recorded on every classification.
    public let revision: String

    public init(model: TrainedModel, source: String = "memory") {
        self.model = model
        self.source = source
        self.revision = model.revision
    }

    /// Loads a model file; a missing, truncated, corrupted or incompatible file throws a
    /// `FlussoError` whose code is the `ClassifierError` code.
    public init(path: String) throws {
        do {
            self.init(model: try TrainedModel.load(path: path), source: path)
        } catch let error as ClassifierError {
            throw error.flussoError
        }
    }

    /// The classifier input of a ticket.
    public static func input(for ticket: Ticket) -> ClassifierInput {
        TicketFeatures.input(symptomText: ticket.symptomText, errorCode: ticket.errorCode, productType: ticket.asset?.productType)
    }

    public func classify(_ ticket: Ticket) async throws -> Classification {
        let prediction: Prediction
        do {
            prediction = try model.predict(Self.input(for: ticket), topK: 3)
        } catch let error as ClassifierError {
            var flussoError = error.flussoError
            if error.code == "empty_text" { flussoError.field = "symptom_text" }
            throw flussoError
        }
        return Classification(
            category: prediction.label, confidence: prediction.confidence,
            top3: prediction.top.map { .init(category: $0.label, probability: $0.probability) },
            modelID: model.modelID, modelVersion: Int(ModelFile.version), modelRevision: revision)
    }
}
