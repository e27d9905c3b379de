import Foundation

/// What step 2 learnt about a ticket's customer and asset. A customer or asset that no source
/// knows is `found: false`, not an error.
public struct TicketEnrichment: Codable, Sendable, Equatable {
    public struct Customer: Codable, Sendable, Equatable {
        public var found: Bool
        public var name: String?
        public var tier: String?
        public var slaHours: Double?
        public var contract: String?
        /// Which source answered (`local`, `http`).
        public var source: String
        /// Why the source could not be asked (it was down): `found` is then false for want of an
        /// answer, not because the customer is unknown.
        public var unavailable: String?

        enum CodingKeys: String, CodingKey {
            case found, name, tier, contract, source, unavailable
            case slaHours = "sla_hours"
        }
    }

    public enum WarrantyStatus: String, Codable, Sendable {
        case inWarranty = "in_warranty"
        case expired
        case unknown
    }

    public struct Warranty: Codable, Sendable, Equatable {
        public var status: WarrantyStatus
        /// The last day of the warranty (`YYYY-MM-DD`), when known.
        public var ends: String?

        public init(status: WarrantyStatus, ends: String?) {
            self.status = status
            self.ends = ends
        }
    }

    public struct Asset: Codable, Sendable, Equatable {
        public var found: Bool
        public var serial: String
        public var productType: String?
        public var model: String?
        public var warranty: Warranty
        public var installDate: String?
        /// Whole days from the install date to the ticket's creation.
        public var ageDays: Int?
        /// The newest entries first (at most 10).
        public var serviceHistory: [ServiceEvent]
        public var source: String
        /// Why the source could not be asked (see `Customer.unavailable`).
        public var unavailable: String?

        enum CodingKeys: String, CodingKey {
            case found, serial, model, warranty, source, unavailable
            case productType = "product_type"
            case installDate = "install_date"
            case ageDays = "age_days"
            case serviceHistory = "service_history"
        }
    }

    public var customer: Customer
    /// Nil when the ticket names no asset serial.
    public var asset: Asset?
    /// Finished tickets like this one, most similar first; nil when no similar-ticket index is
    /// configured or it could not answer (the step record then says why).
    public var similarTickets: [SimilarTicket]?

    enum CodingKeys: String, CodingKey {
        case customer, asset
        case similarTickets = "similar_tickets"
    }

    public init(customer: Customer, asset: Asset?) {
        self.customer = customer
        self.asset = asset
    }

    /// The enrichment of `customer` and `asset` (either may be unknown) as of `date`, each named
    /// by its source.
    public init(
        customer: CustomerRecord?, serial: String?, asset: AssetRecord?, history: [ServiceEvent],
        at date: Date, source: String, assetSource: String? = nil
    ) {
        self.customer = Customer(
            found: customer != nil, name: customer?.name, tier: customer?.tier, slaHours: customer?.slaHours,
            contract: customer?.contract, source: source)
        guard let serial else {
            self.asset = nil
            return
        }
        let today = Self.day(of: date)
        var warranty = Warranty(status: .unknown, ends: asset?.warrantyEnd)
        if let ends = asset?.warrantyEnd { warranty.status = ends >= today ? .inWarranty : .expired }
        var ageDays: Int?
        if let installed = asset?.installDate, let start = Self.date(of: installed) {
            ageDays = max(0, Int(date.timeIntervalSince(start) / 86_400))
        }
        self.asset = Asset(
            found: asset != nil, serial: serial, productType: asset?.productType, model: asset?.model, warranty: warranty,
            installDate: asset?.installDate, ageDays: ageDays, serviceHistory: history, source: assetSource ?? source)
    }

    /// `YYYY-MM-DD` of `date` in UTC (ISO dates compare as text).
    static func day(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    static func date(of day: String) -> Date? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }
}
