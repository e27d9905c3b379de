import FlussoCore
import Foundation

/// An access key pair, with the session token of temporary credentials.
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// The standard chain, in the AWS CLI's order: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY`
    /// (+ `AWS_SESSION_TOKEN`) from the environment; else the profile `profile` (or
    /// `AWS_PROFILE`, else `default`) of the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`,
    /// else `~/.aws/credentials`). Nothing found is an error saying where it looked.
    public static func resolve(
        profile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AWSCredentials {
        if profile == nil, let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty {
            guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
                throw FlussoError(.awsCredentials, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
            }
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token)
        }
        let name = profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let path =
            environment["AWS_SHARED_CREDENTIALS_FILE"]
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".aws/credentials")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw FlussoError(
                .awsCredentials,
                "no AWS credentials: AWS_ACCESS_KEY_ID is not set and \(path) cannot be read")
        }
        let sections = parseINI(text)
        guard let section = sections[name] else {
            throw FlussoError(.awsCredentials, "profile '\(name)' is not in \(path)")
        }
        guard let key = section["aws_access_key_id"], let secret = section["aws_secret_access_key"] else {
            throw FlussoError(.awsCredentials, "profile '\(name)' in \(path) lacks aws_access_key_id or aws_secret_access_key")
        }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: section["aws_session_token"])
    }

    /// `[section]` headers and `key = value` lines; `#` and `;` start comments.
    static func parseINI(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                var name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("profile ") { name = String(name.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
                current = name
                sections[name, default: [:]] = sections[name, default: [:]]
                continue
            }
            guard let current, let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            sections[current]?[key] = value
        }
        return sections
    }
}
