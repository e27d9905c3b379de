import FlussoCore
import HTTPEnrichment

/// Step 2's sources (`enrich.http.*`): a site's own JSON API for customers and/or assets, or
/// the local tables (the default, and whichever of the two has no URL).
struct EnrichmentSourceSettings: Sendable {
    /// Nil: both from the local tables.
    var http: HTTPEnrichmentSettings?

    /// Step 2's timeout: long enough for a site API to use all its attempts on the customer
    /// (asked alongside the asset) and then on the asset and its history, so a source that hangs
    /// ends the step `partial`, never in a step timeout.
    var stepTimeout: Duration {
        guard let http else { return .seconds(30) }
        return max(.seconds(30), http.requestBudget * 2 + .seconds(10))
    }

    init(_ resolved: ResolvedConfiguration, home: ResourceHome?) throws {
        let customerURL = resolved.string("enrich.http.customer_url")
        let assetURL = resolved.string("enrich.http.asset_url")
        let historyURL = resolved.string("enrich.http.history_url")
        guard !customerURL.isEmpty || !assetURL.isEmpty else {
            if !historyURL.isEmpty {
                throw FlussoError(.invalidConfiguration, "enrich.http.history_url needs enrich.http.asset_url (the assets come from the same API)")
            }
            http = nil
            return
        }
        if !historyURL.isEmpty, assetURL.isEmpty {
            throw FlussoError(.invalidConfiguration, "enrich.http.history_url needs enrich.http.asset_url (the assets come from the same API)")
        }
        var settings = HTTPEnrichmentSettings(
            customerURL: customerURL.isEmpty ? nil : customerURL, assetURL: assetURL.isEmpty ? nil : assetURL,
            historyURL: historyURL.isEmpty ? nil : historyURL)
        for (url, placeholder, key) in [
            (settings.customerURL, "{customer_id}", "enrich.http.customer_url"), (settings.assetURL, "{serial}", "enrich.http.asset_url"),
            (settings.historyURL, "{serial}", "enrich.http.history_url"),
        ] {
            if let url { try HTTPEnrichmentSettings.validate(template: url, placeholder: placeholder, key: key) }
        }
        let header = resolved.string("enrich.http.auth_header")
        if !header.isEmpty {
            guard let colon = header.firstIndex(of: ":"), colon != header.startIndex else {
                throw FlussoError(.invalidConfiguration, "enrich.http.auth_header must be 'Name: value' (e.g. 'Authorization: Bearer …')")
            }
            let name = header[..<colon].trimmingCharacters(in: .whitespaces)
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.contains(" "), !value.isEmpty else {
                throw FlussoError(.invalidConfiguration, "enrich.http.auth_header must be 'Name: value' (e.g. 'Authorization: Bearer …')")
            }
            settings.headers = [(name: name, value: value)]
        }
        let timeout = resolved.double("enrich.http.timeout_s")
        guard timeout > 0 else { throw FlussoError(.invalidConfiguration, "enrich.http.timeout_s must be positive") }
        settings.timeout = .milliseconds(Int64(timeout * 1000))
        settings.maxAttempts = resolved.int("enrich.http.max_attempts")
        guard (1...10).contains(settings.maxAttempts) else { throw FlussoError(.invalidConfiguration, "enrich.http.max_attempts must be 1 to 10") }
        let ttl = resolved.double("enrich.http.cache_ttl_s")
        guard ttl >= 0 else { throw FlussoError(.invalidConfiguration, "enrich.http.cache_ttl_s must not be negative") }
        settings.cacheTTL = .milliseconds(Int64(ttl * 1000))
        settings.maxResponseBytes = resolved.int("enrich.http.max_response_bytes")
        guard settings.maxResponseBytes >= 1024 else {
            throw FlussoError(.invalidConfiguration, "enrich.http.max_response_bytes must be at least 1024")
        }
        let mapping = resolved.string("enrich.http.mapping_file")
        if !mapping.isEmpty {
            settings.mapping = try EnrichmentFieldMapping(contentsOf: try home.resolving(mapping, key: "enrich.http.mapping_file"))
        }
        http = settings
    }
}
