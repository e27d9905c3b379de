import Foundation

/// A Python HTTP server written by a test (its script text), started on a free port of 127.0.0.1
/// as `python3 SCRIPT PORT MODE LOG` in a directory of its own, and waited for until it listens.
/// The fault-injecting chat server and the retrying sender's scripted server both start this way.
public enum ScriptedPythonServer {
    /// The running server and the path of the log file it was told to write.
    public static func start(
        script: String, mode: String, logName: String, directoryPrefix: String
    ) async throws
        -> (server: ListeningProcess, log: String)
    {
        let directory = NSTemporaryDirectory() + "\(directoryPrefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/server.py"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let port = freePort()
        let log = directory + "/" + logName
        let server = try ListeningProcess(executable: "/usr/bin/env", arguments: ["python3", path, "\(port)", mode, log], port: port)
        try await server.waitUntilListening()
        return (server, log)
    }
}
