import AWSAdapters
import FlussoTestSupport
import Foundation
import Testing

/// Hybrid mode, objects on S3: `objects.backend: s3` with `aws.endpoint` on a real moto server
/// that checks SigV4 signatures. The whole pipeline runs in `flusso process`; the attachment and
/// the OCR result land in the bucket, under the configured prefix.
@Suite(.serialized) struct HybridModeOnMotoTests {
    let directory = TemporaryDirectory("flusso-hybrid-s3")

    @Test func attachmentsAndOCRResultsAreStoredInS3() async throws {
        let moto = try await MotoServer.shared()
        let bucket = try S3ObjectStore(bucket: "flusso-site", prefix: "prod/", configuration: moto.configuration())
        try await bucket.createBucket()
        let ticket = directory.path + "/ticket.json"
        let text = Data("Display shows E101 thermal runaway".utf8).base64EncodedString()
        try """
        {"customer": {"id": "c-1"}, "symptom_text": "Printer stops while heating", "error_code": "E101",
         "attachments": [{"type": "TEXT", "filename": "screen.txt", "content_base64": "\(text)"}]}
        """.write(toFile: ticket, atomically: true, encoding: .utf8)
        let environment = [
            "FLUSSO_OBJECTS_BACKEND": "s3", "FLUSSO_OBJECTS_S3_BUCKET": "flusso-site", "FLUSSO_OBJECTS_S3_PREFIX": "prod/",
            "FLUSSO_AWS_ENDPOINT": moto.endpoint, "FLUSSO_AWS_REGION": "eu-south-1",
            "AWS_ACCESS_KEY_ID": moto.credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": moto.credentials.secretAccessKey,
            "FLUSSO_EMBEDDINGS_ENGINE": "hashing",
        ]
        let result = try FlussoBinary.run(["process", ticket, "--json", "--data-dir", directory.path + "/data"], environment: environment)
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let ticketID = try #require(json["ticket_id"] as? String)
        let attachment = try #require((json["attachments"] as? [[String: Any]])?.first)
        let key = try #require(attachment["object_key"] as? String)
        let id = try #require(attachment["id"] as? String)
        #expect(try await bucket.get(key: key) == Data("Display shows E101 thermal runaway".utf8))
        #expect(try await bucket.exists(key: "ocr/\(ticketID)/\(id).json"))
        #expect(attachment["extracted_text"] as? String == "Display shows E101 thermal runaway")
    }

    @Test func wrongCredentialsFailTheCommandWithOneErrorLine() async throws {
        let moto = try await MotoServer.shared()
        let bucket = try S3ObjectStore(bucket: "flusso-site", configuration: moto.configuration())
        try await bucket.createBucket()
        let ticket = directory.path + "/ticket.json"
        try #"{"customer": {"id": "c-1"}, "symptom_text": "x", "attachments": [{"type": "TEXT", "content_base64": "aGk="}]}"#
            .write(toFile: ticket, atomically: true, encoding: .utf8)
        let result = try FlussoBinary.run(
            ["process", ticket, "--data-dir", directory.path + "/data2"],
            environment: [
                "FLUSSO_OBJECTS_BACKEND": "s3", "FLUSSO_OBJECTS_S3_BUCKET": "flusso-site",
                "FLUSSO_AWS_ENDPOINT": moto.endpoint, "AWS_ACCESS_KEY_ID": moto.credentials.accessKeyID,
                "AWS_SECRET_ACCESS_KEY": "wrong", "FLUSSO_EMBEDDINGS_ENGINE": "hashing",
            ])
        #expect(result.status != 0)
        let errors = result.err.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errors.count == 1 && errors[0].hasPrefix("error: aws_auth"), "\(result.err)")
    }

    @Test func s3WithoutABucketIsAConfigurationError() throws {
        let result = try FlussoBinary.run(
            ["tickets", "list", "--data-dir", directory.path + "/data3"],
            environment: ["FLUSSO_OBJECTS_BACKEND": "s3", "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"])
        #expect(result.status != 0)
        #expect(result.err.hasPrefix("error: invalid_configuration") && result.err.contains("objects.s3_bucket"), "\(result.err)")
    }

    @Test func theClassifyStepCanRunOnASageMakerEndpoint() async throws {
        let moto = try await MotoServer.shared()
        try await moto.seedSageMakerResults(
            region: "eu-west-3",
            bodies: [
                #"{"category": "thermal", "confidence": 0.91, "top_3": [{"category": "thermal", "probability": 0.91}]}"#
            ])
        let ticket = directory.path + "/sm-ticket.json"
        try #"{"customer": {"id": "c-1"}, "symptom_text": "Hotend temperature drops during print"}"#
            .write(toFile: ticket, atomically: true, encoding: .utf8)
        let result = try FlussoBinary.run(
            ["process", ticket, "--json", "--data-dir", directory.path + "/data4"],
            environment: [
                "FLUSSO_CLASSIFIER_BACKEND": "sagemaker",
                "FLUSSO_CLASSIFIER_SAGEMAKER_ENDPOINT": "ticket-classifier",
                "FLUSSO_AWS_ENDPOINT": moto.endpoint, "FLUSSO_AWS_REGION": "eu-west-3",
                "AWS_ACCESS_KEY_ID": moto.credentials.accessKeyID,
                "AWS_SECRET_ACCESS_KEY": moto.credentials.secretAccessKey,
                "FLUSSO_EMBEDDINGS_ENGINE": "hashing",
            ])
        #expect(result.status == 0, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let classification = try #require(json["classification"] as? [String: Any])
        #expect(classification["category"] as? String == "thermal")
        #expect(classification["model_id"] as? String == "sagemaker:ticket-classifier")
    }
}
