import FlussoCore
import HTTPEnrichment
import Logging

extension Adapters {
    /// Step 2's customer directory and asset registry: a site's JSON API for whichever of the two
    /// has a URL (`enrich.http.*`), the persistence backend's tables for the other.
    static func makeEnrichmentSources(
        _ settings: EnrichmentSourceSettings, persistence: Persistence, logger: Logger
    ) throws -> (customers: any CustomerDirectory, assets: any AssetRegistry) {
        guard let http = settings.http else { return (persistence.customers, persistence.assets) }
        let site = try HTTPEnrichmentSource(settings: http, logger: logger)
        return (
            customers: http.customerURL == nil ? persistence.customers : site,
            assets: http.assetURL == nil ? persistence.assets : site
        )
    }
}
