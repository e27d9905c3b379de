import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

@testable import AWSAdapters

/// `SageMakerClassifier` against moto's SageMaker runtime (signatures checked), whose answers are
/// seeded through moto's own API.
@Suite(.serialized) struct SageMakerClassifierOnMotoTests {
    @Test func theEndpointsAnswerBecomesTheClassificationInBothShapes() async throws {
        let moto = try await MotoServer.shared()
        try await moto.seedSageMakerResults(
            region: "eu-south-1",
            bodies: [
                #"{"category": "thermal", "confidence": 0.82, "top_3": [{"category": "motion", "probability": 0.1}, {"category": "thermal", "probability": 0.82}]}"#,
                #"[{"label": "network", "score": 0.3}, {"label": "firmware", "score": 0.6}, {"label": "power", "score": 0.05}, {"label": "x", "score": 0.05}]"#,
            ])
        let classifier = try SageMakerClassifier(endpointName: "ticket-classifier", configuration: moto.configuration())
        let ticket = SampleTickets.ticket(symptom: "Hotend temperature drops, thermal runaway")
        let first = try await classifier.classify(ticket)
        #expect(first.category == "thermal" && first.confidence == 0.82)
        #expect(first.top3.map(\.category) == ["thermal", "motion"])
        #expect(first.modelID == "sagemaker:ticket-classifier")
        // moto answers a repeated input with the result it gave that input, so the second call
        // sends another ticket.
        let second = try await classifier.classify(SampleTickets.ticket(symptom: "The printer does not connect to the network"))
        #expect(second.category == "firmware")
        #expect(second.top3.count == 3)
    }

    @Test func answersThatAreNotAClassificationAreRefused() throws {
        for body in ["not json", "{}", #"{"top_3": [{"category": "a", "probability": 1.7}]}"#, #"[{"label": "a"}]"#] {
            #expect(throws: FlussoError.self) { _ = try SageMakerClassifier.parse(Data(body.utf8), endpoint: "e") }
        }
        #expect(throws: FlussoError.self) {
            _ = try SageMakerClassifier(
                endpointName: "bad name!",
                configuration: AWSServiceConfiguration(
                    region: "us-east-1", credentials: AWSCredentials(accessKeyID: "a", secretAccessKey: "b")))
        }
    }
}
