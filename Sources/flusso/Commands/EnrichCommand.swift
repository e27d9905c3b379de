import ArgumentParser
import FlussoCore
import Foundation

/// `flusso enrich import customers|assets|history FILE` and `flusso enrich show customer ID |
/// asset SERIAL`: step 2's local sources.
struct EnrichCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrich", abstract: "Step 2's sources: import customers, assets and service history; show one.",
        subcommands: [Import.self, Show.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import customers, assets or service history from CSV (with a header) or JSONL.",
            discussion: """
                customers: id, name, tier, sla_hours, contract. assets: serial, customer_id, product_type, model, warranty_end, \
                install_date (dates YYYY-MM-DD). history: serial, date, action, parts, note. Customers and assets are upserted by \
                id and serial; a history entry imported again is kept once. Rows with a problem are listed with their line and \
                reason and the rest is imported in one transaction (exit 2 when some were rejected).
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "customers, assets or history.") var kind: String
        @Argument(help: "The file (CSV with a header, or JSONL).") var file: String
        @Flag(help: "Print JSON.") var json = false

        struct Report: Encodable {
            var kind: String
            var file: String
            var imported: Int
            var rejected: [ImportRejection]
            var seconds: Double
            /// Reading and checking the rows, and writing them (the rest opens the database).
            var parseSeconds: Double
            var writeSeconds: Double
            var rowsPerSecond: Double

            enum CodingKeys: String, CodingKey {
                case kind, file, imported, rejected, seconds
                case parseSeconds = "parse_seconds"
                case writeSeconds = "write_seconds"
                case rowsPerSecond = "rows_per_second"
            }
        }

        func run() async throws {
            var rejectedAny = false
            try await reportingErrors {
                guard let which = EnrichmentKind(rawValue: kind) else {
                    throw FlussoError(.invalidParameter, "the kind must be customers, assets or history, got '\(kind)'")
                }
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw FlussoError(.invalidInput, "cannot read \(file)")
                }
                let settings = try global.settings()
                let started = ContinuousClock.now
                let target = try await Runtime(settings: settings, needs: .storage).persistence.enrichmentImport
                let opened = ContinuousClock.now
                let imported: Int
                let rejected: [ImportRejection]
                var parsed = ContinuousClock.now
                switch which {
                case .customers:
                    let batch = try EnrichmentImport.customers(data)
                    parsed = ContinuousClock.now
                    try await target.upsert(customers: batch.records)
                    (imported, rejected) = (batch.records.count, batch.rejections)
                case .assets:
                    let batch = try EnrichmentImport.assets(data)
                    parsed = ContinuousClock.now
                    try await target.upsert(assets: batch.records)
                    (imported, rejected) = (batch.records.count, batch.rejections)
                case .history:
                    let batch = try EnrichmentImport.history(data)
                    parsed = ContinuousClock.now
                    try await target.add(history: batch.records)
                    (imported, rejected) = (batch.records.count, batch.rejections)
                }
                let seconds = (ContinuousClock.now - started).seconds
                rejectedAny = !rejected.isEmpty
                let report = Report(
                    kind: which.rawValue, file: file, imported: imported, rejected: rejected, seconds: seconds,
                    parseSeconds: (parsed - opened).seconds, writeSeconds: (ContinuousClock.now - parsed).seconds,
                    rowsPerSecond: seconds > 0 ? Double(imported) / seconds : 0)
                if json {
                    printOut(String(decoding: try FlussoJSON.encode(report, pretty: true), as: UTF8.self))
                } else {
                    printOut(
                        "imported \(imported) \(which.rawValue) row(s) from \(file), rejected \(rejected.count), "
                            + String(format: "%.2f s", seconds))
                    for rejection in rejected { printOut("rejected \(file):\(rejection.line): \(rejection.reason)") }
                }
            }
            if rejectedAny { throw ExitCode(2) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a customer (customer ID) or an asset with its service history (asset SERIAL), as JSON.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "customer or asset.") var kind: String
        @Argument(help: "The customer id or the asset serial.") var key: String
        @Option(help: "History entries to show for an asset (newest first).") var history: Int = 10

        struct AssetView: Encodable {
            var asset: AssetRecord
            var history: [ServiceEvent]
        }

        func run() async throws {
            try await reportingErrors {
                guard kind == "customer" || kind == "asset" else {
                    throw FlussoError(.invalidParameter, "show customer ID or show asset SERIAL, got '\(kind)'")
                }
                guard (0...1000).contains(history) else { throw FlussoError(.invalidParameter, "--history must be 0 to 1000") }
                let persistence = try await Runtime(settings: try global.settings(), needs: .storage).persistence
                if kind == "customer" {
                    guard let customer = try await persistence.customers.customer(id: key) else {
                        throw FlussoError.notFound("customer \(key)")
                    }
                    printOut(String(decoding: try FlussoJSON.encode(customer, pretty: true), as: UTF8.self))
                } else {
                    guard let asset = try await persistence.assets.asset(serial: key) else { throw FlussoError.notFound("asset \(key)") }
                    let view = AssetView(asset: asset, history: try await persistence.assets.history(serial: key, limit: history))
                    printOut(String(decoding: try FlussoJSON.encode(view, pretty: true), as: UTF8.self))
                }
            }
        }
    }
}
