import FlussoCore
import Foundation

/// `TicketClassifier` on a SageMaker real-time endpoint (hybrid mode): `InvokeEndpoint` with a
/// JSON body, the same fields the local classifier reads.
///
/// Request (`application/json`): `{"text": <symptom text + extracted text>, "error_code"?,
/// "product_type"?, "language"?}`.
/// Answer, either our classifier's own shape `{"category", "confidence"?, "top_3": [{"category",
/// "probability"}]}` or the Hugging Face text-classification shape `[{"label", "score"}, …]`.
/// Probabilities are checked (0…1, finite); the top 3 are sorted; anything else is a permanent
/// `invalid_model_response` naming the endpoint.
public struct SageMakerClassifier: TicketClassifier {
    public let endpointName: String
    private let client: AWSClient

    public init(endpointName: String, configuration: AWSServiceConfiguration) throws {
        guard !endpointName.isEmpty, endpointName.count <= 63,
            endpointName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else {
            throw FlussoError(.invalidConfiguration, "'\(endpointName)' is not a SageMaker endpoint name")
        }
        self.endpointName = endpointName
        client = AWSClient(service: "sagemaker", hostPrefix: "runtime.sagemaker", configuration: configuration)
    }

    struct Request: Encodable {
        var text: String
        var error_code: String?
        var product_type: String?
        var language: String?
    }

    public func classify(_ ticket: Ticket) async throws -> Classification {
        let text = ticket.analysisText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw FlussoError(.emptyText, "the ticket has no text to classify") }
        let body = try JSONEncoder().encode(
            Request(
                text: text, error_code: ticket.errorCode, product_type: ticket.asset?.productType,
                language: ticket.language))
        let response = try await client.send(
            method: "POST", path: "/endpoints/\(endpointName)/invocations",
            headers: ["content-type": "application/json", "accept": "application/json"], body: body)
        return try Self.parse(response.body, endpoint: endpointName)
    }

    static func parse(_ data: Data, endpoint: String) throws -> Classification {
        func invalid(_ why: String) -> FlussoError {
            FlussoError(.invalidModelResponse, "SageMaker endpoint \(endpoint): \(why)")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) else {
            throw invalid("the answer is not JSON (\(String(decoding: data.prefix(120), as: UTF8.self)))")
        }
        var candidates: [Classification.Candidate] = []
        if let object = json as? [String: Any] {
            if let list = object["top_3"] as? [[String: Any]] {
                for item in list {
                    guard let category = item["category"] as? String, let p = (item["probability"] as? NSNumber)?.doubleValue else {
                        throw invalid("top_3 entries need category and probability")
                    }
                    candidates.append(.init(category: category, probability: p))
                }
            } else if let category = object["category"] as? String, let p = (object["confidence"] as? NSNumber)?.doubleValue {
                candidates = [.init(category: category, probability: p)]
            }
        } else if let list = json as? [[String: Any]] {
            for item in list {
                guard let label = item["label"] as? String, let p = (item["score"] as? NSNumber)?.doubleValue else {
                    throw invalid("entries need label and score")
                }
                candidates.append(.init(category: label, probability: p))
            }
        }
        guard !candidates.isEmpty else { throw invalid("no category in the answer") }
        guard candidates.allSatisfy({ $0.probability.isFinite && (0...1).contains($0.probability) && !$0.category.isEmpty }) else {
            throw invalid("probabilities must be in 0…1 and categories non-empty")
        }
        let top = Array(candidates.sorted { $0.probability > $1.probability }.prefix(3))
        return Classification(
            category: top[0].category, confidence: top[0].probability, top3: top,
            modelID: "sagemaker:\(endpoint)", modelVersion: 1)
    }
}
