import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process for tests, started with `posix_spawn` so that it inherits nothing but its
/// standard streams, and whose end is seen by `waitpid`, never by a run loop.
///
/// Why not Foundation's `Process` here: the test runner starts hundreds of children from several
/// threads at once. `Process` learns of a child's exit through a socket the child holds and a run
/// loop, and its children can inherit descriptors that another thread opens at the same moment (it
/// lists the open descriptors to close before spawning). A long-lived server that inherited the
/// write end of another child's pipe, or its exit socket, makes that child's reader or
/// `waitUntilExit()` wait for the server's end — and the whole test run waits until CI's limit.
/// Here every descriptor this type opens is close-on-exec, the child closes every inherited
/// descriptor above 2 (`posix_spawn_file_actions_addclosefrom_np`), output goes to files (no pipe to
/// fill and block on), and every wait has a deadline.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `exit` is guarded by `lock`; everything else is set in init.

    /// Where a standard stream goes.
    public enum Output: Sendable {
        case discard
        /// A file, created or truncated (`append`: written at its end).
        case file(String, append: Bool = false)
    }

    /// How a finished child ended, with what it wrote.
    public struct Result: Sendable {
        /// The exit status, or 128 + the signal's number for a child ended by a signal.
        public var status: Int32
        public var out: String
        public var err: String
    }

    public let pid: pid_t
    public let executable: String
    private let lock = NSLock()
    private var exit: Int32?

    /// Starts `executable` with `arguments`. `environment`: the whole environment (default: this
    /// process's); `directory`: the working directory; `stdin`: a file read as standard input
    /// (default /dev/null).
    public init(
        executable: String, arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        stdin: String? = nil, stdout: Output = .discard, stderr: Output = .discard
    ) throws {
        self.executable = executable
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var opened: [Int32] = []
        defer { for fd in opened { close(fd) } }
        func open(_ path: String, _ flags: Int32) throws -> Int32 {
            let fd = Glibc.open(path, flags | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw ChildProcessError("cannot open \(path) for \(executable): \(String(cString: strerror(errno)))") }
            opened.append(fd)
            return fd
        }
        func target(_ output: Output) throws -> Int32 {
            switch output {
            case .discard: return try open("/dev/null", O_WRONLY)
            case .file(let path, let append): return try open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC))
            }
        }
        posix_spawn_file_actions_adddup2(&actions, try open(stdin ?? "/dev/null", O_RDONLY), 0)
        posix_spawn_file_actions_adddup2(&actions, try target(stdout), 1)
        posix_spawn_file_actions_adddup2(&actions, try target(stderr), 2)
        try SpawnExtensions.closeFrom(&actions, 3)
        if let directory { try SpawnExtensions.changeDirectory(&actions, directory) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // No signal blocked or ignored by a thread of the test runner carries over, and the child
        // leads its own process group (a kill reaches its children too).
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGCHLD, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in variables { free(pointer) } }
        var pid = pid_t()
        let failure = posix_spawn(&pid, executable, &actions, &attributes, argv, variables)
        guard failure == 0 else { throw ChildProcessError("cannot start \(executable): \(String(cString: strerror(failure)))") }
        self.pid = pid
    }

    /// Runs a command to its end (at most `timeout`) and returns its status and output.
    /// `stdin`: text given on standard input.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        stdin: String? = nil, timeout: Duration = .seconds(600)
    ) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("flusso-child-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var input: String?
        if let stdin {
            input = scratch + "/stdin"
            try Data(stdin.utf8).write(to: URL(fileURLWithPath: scratch + "/stdin"))
        }
        let child = try ChildProcess(
            executable: executable, arguments: arguments, environment: environment, directory: directory, stdin: input,
            stdout: .file(scratch + "/stdout"), stderr: .file(scratch + "/stderr"))
        let status = try child.wait(timeout: timeout)
        func read(_ name: String) -> String { (try? String(contentsOfFile: scratch + "/" + name, encoding: .utf8)) ?? "" }
        return Result(status: status, out: read("stdout"), err: read("stderr"))
    }

    /// The exit status if the child has ended (see `Result.status`), nil while it runs.
    public var status: Int32? {
        lock.withLock {
            if let exit { return exit }
            var raw: Int32 = 0
            let reaped = waitpid(pid, &raw, WNOHANG)
            if reaped == pid {
                exit = Self.decode(raw)
            } else if reaped < 0, errno == ECHILD {
                exit = -1
            }
            return exit
        }
    }

    public var isRunning: Bool { status == nil }

    /// Blocks until the child ends; past `timeout` it is killed and an error names it.
    @discardableResult
    public func wait(timeout: Duration = .seconds(600)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status { return status }
            usleep(5_000)
        }
        kill()
        throw ChildProcessError("\(executable) (pid \(pid)) did not end within \(timeout): killed")
    }

    /// Sends `signal` to the child and its process group (nothing once it has been reaped).
    public func signal(_ signal: Int32) {
        guard isRunning else { return }
        Glibc.kill(-pid, signal)
        Glibc.kill(pid, signal)
    }

    /// SIGKILL to the child and its group, then reaps it (a killed child ends at once).
    public func kill() {
        signal(SIGKILL)
        lock.withLock {
            guard exit == nil else { return }
            var raw: Int32 = 0
            exit = waitpid(pid, &raw, 0) == pid ? Self.decode(raw) : -1
        }
    }

    deinit {
        kill()
    }

    private static func decode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// glibc's GNU extensions to `posix_spawn` (2.34 and later), which Swift's Glibc module does not
/// declare: looked up by name once.
private enum SpawnExtensions {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    static let closeFromFunction: CloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    static let changeDirectoryFunction: ChangeDirectory? = symbol("posix_spawn_file_actions_addchdir_np")

    static func closeFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) throws {
        guard let closeFromFunction else { throw ChildProcessError("this glibc has no posix_spawn_file_actions_addclosefrom_np (2.34+)") }
        guard closeFromFunction(&actions, lowest) == 0 else { throw ChildProcessError("posix_spawn_file_actions_addclosefrom_np failed") }
    }

    static func changeDirectory(_ actions: inout posix_spawn_file_actions_t, _ directory: String) throws {
        guard let changeDirectoryFunction else { throw ChildProcessError("this glibc has no posix_spawn_file_actions_addchdir_np") }
        guard changeDirectoryFunction(&actions, directory) == 0 else { throw ChildProcessError("cannot change to \(directory)") }
    }

    private static func symbol<T>(_ name: String) -> T? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}
