import AWSAdapters
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `moto_server` (from `.venv-aws`, installed by scripts/test) on a free loopback port,
/// with signature verification on: the first three requests (creating an IAM user with an
/// allow-all policy and its access key, through boto3) go unauthenticated, every later one must
/// be signed with that key.
///
/// One server serves the whole test process (`shared()`): moto takes seconds to start, and
/// several starting at once on two busy cores took over 30 s. Tests keep apart by bucket names
/// and regions. The server is started through a tiny Python shim that asks the kernel to kill it
/// when the test process ends (`PR_SET_PDEATHSIG`), so no moto outlives a test run.
public final class MotoServer: Sendable {
    static let venv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".venv-aws").path
    public let server: ListeningProcess
    public let credentials: AWSCredentials
    public var endpoint: String { server.url }

    /// The process's moto server, started on first use.
    public static func shared() async throws -> MotoServer {
        try await SharedMoto.instance.server()
    }

    static func start() async throws -> MotoServer {
        let executable = venv + "/bin/moto_server"
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ServerFailed(message: "moto_server is not installed at \(executable): run scripts/setup-aws-test (scripts/test does)")
        }
        let port = freePort()
        let shim = "import ctypes, os, signal, sys; ctypes.CDLL(None).prctl(1, signal.SIGKILL); os.execv(sys.argv[1], sys.argv[1:])"
        let server = try ListeningProcess(
            executable: venv + "/bin/python",
            arguments: ["-c", shim, executable, "-H", "127.0.0.1", "-p", "\(port)"], port: port,
            environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "3"])
        try await server.waitUntilListening(seconds: 120)
        return MotoServer(server: server, credentials: try makeUser(endpoint: server.url))
    }

    init(server: ListeningProcess, credentials: AWSCredentials) {
        self.server = server
        self.credentials = credentials
    }

    public func configuration(region: String = "eu-south-1", credentials: AWSCredentials? = nil) -> AWSServiceConfiguration {
        var c = AWSServiceConfiguration(region: region, endpoint: endpoint, credentials: credentials ?? self.credentials)
        c.maxAttempts = 2
        c.initialBackoff = .milliseconds(20)
        return c
    }

    /// Queues the answers moto's SageMaker runtime gives to the next InvokeEndpoint calls.
    public func seedSageMakerResults(region: String, bodies: [String]) async throws {
        let results = bodies.map { ["Body": $0, "ContentType": "application/json", "InvokedProductionVariant": "prod", "CustomAttributes": ""] }
        var request = URLRequest(url: URL(string: endpoint + "/moto-api/static/sagemaker/endpoint-results")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["account_id": "123456789012", "region": region, "results": results])
        let (_, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 201 else { throw ServerFailed(message: "moto did not take the SageMaker results") }
    }

    private static func makeUser(endpoint: String) throws -> AWSCredentials {
        let script = """
            import boto3, json, sys
            iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
                               aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
            iam.create_user(UserName="flusso")
            iam.put_user_policy(UserName="flusso", PolicyName="all", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
            key = iam.create_access_key(UserName="flusso")["AccessKey"]
            print(key["AccessKeyId"], key["SecretAccessKey"])
            """
        let result = try ChildProcess.run(venv + "/bin/python", ["-c", script, endpoint], timeout: .seconds(120))
        let words = result.out.split(whereSeparator: \.isWhitespace)
        guard result.status == 0, words.count == 2 else {
            throw ServerFailed(message: "could not create moto IAM credentials: \(result.err.suffix(400))")
        }
        return AWSCredentials(accessKeyID: String(words[0]), secretAccessKey: String(words[1]))
    }
}

/// Starts the shared moto server once; later callers wait for the same start.
actor SharedMoto {
    static let instance = SharedMoto()
    private var starting: Task<MotoServer, any Error>?

    func server() async throws -> MotoServer {
        if let starting { return try await starting.value }
        let task = Task { try await MotoServer.start() }
        starting = task
        return try await task.value
    }
}
