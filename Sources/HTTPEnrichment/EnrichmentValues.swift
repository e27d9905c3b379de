import FlussoCore
import Foundation

/// Turns the JSON values a site API answers with into enrichment fields: text (numbers and
/// booleans as written), hours from 0 to 8760 (also from numeric text), and dates (`YYYY-MM-DD`,
/// or the date part of an ISO 8601 date-time). A value of another shape is nil, and the caller
/// names the field in a warning.
enum EnrichmentValues {
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        case .number(let number): return number.plainText
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    static func hours(_ value: JSONValue?) -> Double? {
        let number: Double?
        switch value {
        case .number(let n): number = n
        case .string(let text): number = Double(text.trimmingCharacters(in: .whitespaces))
        default: number = nil
        }
        // A year at most, as `flusso enrich import` allows.
        guard let number, number.isFinite, number >= 0, number <= 8760 else { return nil }
        return number
    }

    static func date(_ value: JSONValue?) -> String? {
        guard case .string(let text) = value else { return nil }
        let day = String(text.trimmingCharacters(in: .whitespaces).prefix(10))
        return EnrichmentImport.isISODate(day) ? day : nil
    }
}
