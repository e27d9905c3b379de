import ArgumentParser
import FlussoCore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `flusso serve`: the HTTP API plus N workers in one process.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the HTTP API and run pipeline workers.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to bind (default 127.0.0.1).") var host: String?
    @Option(help: "Port (default 8080).") var port: Int?
    @Option(help: "Workers in this process; 0 = API only.") var workers: Int?

    func run() async throws {
        try await reportingErrors {
            ClassifierReloadOnHangup.ignoreUntilTrapped()
            var overrides: [String: String] = [:]
            if let host { overrides["server.host"] = host }
            if let port { overrides["server.port"] = String(port) }
            if let workers { overrides["workers.count"] = String(workers) }
            let settings = try global.settings(overrides: overrides)
            try settings.checkBindAllowed()
            let runtime = try await Runtime(settings: settings, needs: .pipeline, announce: true)
            let count = settings.workers.workers
            let api = try runtime.api(workers: count)
            let logger = runtime.logger
            if settings.apiKeyHashes.isEmpty {
                logger.notice("no API keys configured: authentication is off and only loopback may be bound")
            }
            let app = Application(
                router: api.router(),
                configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "flusso"),
                onServerRunning: { channel in
                    let port = channel.localAddress?.port ?? settings.port
                    logger.info(
                        "flusso is serving",
                        metadata: [
                            "url": "http://\(settings.host):\(port)", "data_dir": "\(settings.dataDirectory)", "workers": "\(count)",
                        ])
                },
                logger: logger
            )
            let pool = runtime.workerPool(workers: count)
            try await ServiceRunner.run(
                [app, pool, runtime.webhookDispatcher(), ClassifierReloadOnHangup(control: runtime.classifier?.control, logger: logger)],
                settings: settings, logger: logger)
            await runtime.shutdown()
        }
    }
}

/// `flusso worker`: pipeline workers without the API, for scaling out on the same data directory.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worker", abstract: "Run pipeline workers without the API.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Workers in this process.") var workers: Int?

    func run() async throws {
        try await reportingErrors {
            ClassifierReloadOnHangup.ignoreUntilTrapped()
            var overrides: [String: String] = [:]
            if let workers { overrides["workers.count"] = String(workers) }
            let settings = try global.settings(overrides: overrides)
            guard settings.workers.workers > 0 else { throw FlussoError(.invalidConfiguration, "worker needs --workers 1 or more") }
            let runtime = try await Runtime(settings: settings, needs: .pipeline, announce: true)
            runtime.logger.info(
                "flusso worker started", metadata: ["data_dir": "\(settings.dataDirectory)", "workers": "\(settings.workers.workers)"])
            try await ServiceRunner.run(
                [
                    runtime.workerPool(workers: settings.workers.workers), runtime.webhookDispatcher(),
                    ClassifierReloadOnHangup(control: runtime.classifier?.control, logger: runtime.logger),
                ], settings: settings, logger: runtime.logger)
            await runtime.shutdown()
        }
    }
}

/// Runs services until SIGTERM/SIGINT, then shuts them down gracefully within `server.shutdown_grace_s`.
enum ServiceRunner {
    static func run(_ services: [any Service], settings: FlussoSettings, logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = settings.shutdownGrace
        try await ServiceGroup(configuration: configuration).run()
    }
}
