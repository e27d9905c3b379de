import FlussoCore
import Foundation
import Yams

/// Where each enrichment field is in a site API's JSON answers: one RFC 6901 pointer per field,
/// read from a small YAML file (`enrich.http.mapping_file`):
///
/// ```yaml
/// customer: { name: /data/name, tier: /data/level, sla_hours: /data/sla/hours, contract: /data/contract_id }
/// asset: { customer_id: /owner, product_type: /type, model: /model, warranty_end: /warranty/end, install_date: /installed }
/// history: { items: /entries, date: /when, action: /what, parts: /parts, note: /note }
/// ```
///
/// A field left out keeps its default pointer (`/` + the field's name: an API that answers in
/// Flusso's own field names needs no file). `history.items` points at the array of entries in the
/// history answer (`enrich.http.history_url`), or in the asset answer when there is no history URL.
public struct EnrichmentFieldMapping: Sendable, Equatable {
    public static let customerFields = ["name", "tier", "sla_hours", "contract"]
    public static let assetFields = ["customer_id", "product_type", "model", "warranty_end", "install_date"]
    public static let historyFields = ["items", "date", "action", "parts", "note"]

    public var customer: [String: String]
    public var asset: [String: String]
    public var history: [String: String]

    /// Every field at `/` + its name; history entries at `/service_history`.
    public static let identity = EnrichmentFieldMapping(
        customer: Dictionary(uniqueKeysWithValues: customerFields.map { ($0, "/" + $0) }),
        asset: Dictionary(uniqueKeysWithValues: assetFields.map { ($0, "/" + $0) }),
        history: Dictionary(uniqueKeysWithValues: historyFields.map { ($0, $0 == "items" ? "/service_history" : "/" + $0) }))

    public init(customer: [String: String], asset: [String: String], history: [String: String]) {
        self.customer = customer
        self.asset = asset
        self.history = history
    }

    /// Reads the mapping file at `path`: an unknown section or field, a value that is not a
    /// pointer, or a file that is not YAML is an `invalid_mapping` error naming the file and key.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw FlussoError(.invalidMapping, "cannot read the enrichment mapping file \(path)")
        }
        try self.init(yaml: text, named: path)
    }

    public init(yaml text: String, named name: String) throws {
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text)
        } catch {
            throw FlussoError(.invalidMapping, "\(name) is not YAML: \(error)")
        }
        var mapping = Self.identity
        guard let loaded else {
            self = mapping
            return
        }
        guard let root = loaded as? [String: Any] else {
            throw FlussoError(.invalidMapping, "\(name): the mapping must be sections customer, asset and history")
        }
        let sections: [String: [String]] = ["customer": Self.customerFields, "asset": Self.assetFields, "history": Self.historyFields]
        for (section, value) in root {
            guard let fields = sections[section] else {
                throw FlussoError(.invalidMapping, "\(name): unknown section '\(section)' (expected customer, asset or history)")
            }
            guard let entries = value as? [String: Any] else {
                throw FlussoError(.invalidMapping, "\(name): \(section) must map field names to JSON pointers")
            }
            for (field, raw) in entries {
                guard fields.contains(field) else {
                    throw FlussoError(
                        .invalidMapping, "\(name): unknown field '\(section).\(field)' (expected \(fields.joined(separator: ", ")))")
                }
                guard let pointer = raw as? String, JSONPointer.tokens(pointer) != nil else {
                    throw FlussoError(
                        .invalidMapping, "\(name): \(section).\(field) must be a JSON pointer such as /data/\(field) (got \(raw))")
                }
                switch section {
                case "customer": mapping.customer[field] = pointer
                case "asset": mapping.asset[field] = pointer
                default: mapping.history[field] = pointer
                }
            }
        }
        self = mapping
    }
}
