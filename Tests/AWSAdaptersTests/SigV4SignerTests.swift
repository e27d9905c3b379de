import AWSAdapters
import Foundation
import Testing

@Suite struct SigV4SignerTests {
    let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    /// AWS's own test suite case `get-vanilla`.
    @Test func theAWSGetVanillaCaseGivesItsPublishedSignature() {
        var signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        signer.sendsPayloadHash = false
        let headers = signer.sign(
            method: "GET", url: URL(string: "https://example.amazonaws.com/")!, headers: [:], body: Data(),
            date: date("2015-08-30T12:36:00Z"))
        #expect(
            headers["authorization"] == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
        #expect(headers["x-amz-date"] == "20150830T123600Z")
    }

    /// An S3 PUT with an encoded key, a query and a port, checked against botocore's
    /// S3SigV4Auth on the same request (computed once, offline).
    @Test func anS3PutMatchesBotocore() {
        let url = URL(string: "http://127.0.0.1:5000/bucket-1/logs/a%20b.json?x=1&a=b%2Fc")!
        let headers = SigV4Signer(credentials: credentials, region: "eu-south-1", service: "s3")
            .sign(
                method: "PUT", url: url, headers: ["content-type": "application/octet-stream"], body: Data("hello".utf8),
                date: date("2026-11-25T10:00:00Z"))
        #expect(headers["x-amz-content-sha256"] == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        #expect(
            headers["authorization"] == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/eu-south-1/s3/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
                + "Signature=8f9ada0f15e7d4734d3a98c73c70a20755042773381a40c589442a57a6cb887c")
    }

    @Test func aSessionTokenIsSentAndSigned() {
        let temporary = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token-1")
        let headers = SigV4Signer(credentials: temporary, region: "us-east-1", service: "sqs")
            .sign(method: "POST", url: URL(string: "https://sqs.us-east-1.amazonaws.com/")!, headers: [:], body: Data(), date: Date())
        #expect(headers["x-amz-security-token"] == "token-1")
        #expect(headers["authorization"]?.contains("x-amz-security-token") == true)
    }
}

@Suite struct AWSCredentialsTests {
    @Test func environmentVariablesComeFirst() throws {
        let c = try AWSCredentials.resolve(environment: ["AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK", "AWS_SESSION_TOKEN": "T"])
        #expect(c == AWSCredentials(accessKeyID: "AK", secretAccessKey: "SK", sessionToken: "T"))
    }

    @Test func theSharedFileIsReadByProfile() throws {
        let path = NSTemporaryDirectory() + "flusso-aws-\(UUID().uuidString)"
        try Data(
            """
            [default]
            aws_access_key_id = AK1
            aws_secret_access_key = SK1
            # a comment
            [profile site]
            aws_access_key_id=AK2
            aws_secret_access_key=SK2
            aws_session_token = TOK
            """.utf8
        ).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try AWSCredentials.resolve(environment: ["AWS_SHARED_CREDENTIALS_FILE": path]).accessKeyID == "AK1")
        let site = try AWSCredentials.resolve(environment: ["AWS_SHARED_CREDENTIALS_FILE": path, "AWS_PROFILE": "site"])
        #expect(site == AWSCredentials(accessKeyID: "AK2", secretAccessKey: "SK2", sessionToken: "TOK"))
    }

    @Test func missingCredentialsSayWhereTheyWereLookedFor() {
        #expect {
            _ = try AWSCredentials.resolve(environment: ["AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials"])
        } throws: { error in
            "\(error)".contains("/nonexistent/credentials")
        }
        #expect(throws: (any Error).self) { _ = try AWSCredentials.resolve(environment: ["AWS_ACCESS_KEY_ID": "AK"]) }
    }
}
