/// A customer as the enrichment step knows it: the contract and the SLA its tier promises.
public struct CustomerRecord: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var tier: String?
    /// Hours from a ticket's creation to its SLA due time.
    public var slaHours: Double?
    public var contract: String?

    public init(id: String, name: String, tier: String? = nil, slaHours: Double? = nil, contract: String? = nil) {
        self.id = id
        self.name = name
        self.tier = tier
        self.slaHours = slaHours
        self.contract = contract
    }

    enum CodingKeys: String, CodingKey {
        case id, name, tier, contract
        case slaHours = "sla_hours"
    }
}

/// An installed machine: whose it is, what it is, and its warranty.
public struct AssetRecord: Codable, Sendable, Equatable {
    public var serial: String
    public var customerID: String?
    public var productType: String?
    public var model: String?
    /// Last day of the warranty (ISO 8601 date, `YYYY-MM-DD`).
    public var warrantyEnd: String?
    /// ISO 8601 date.
    public var installDate: String?

    public init(
        serial: String, customerID: String? = nil, productType: String? = nil, model: String? = nil,
        warrantyEnd: String? = nil, installDate: String? = nil
    ) {
        self.serial = serial
        self.customerID = customerID
        self.productType = productType
        self.model = model
        self.warrantyEnd = warrantyEnd
        self.installDate = installDate
    }

    enum CodingKeys: String, CodingKey {
        case serial, model
        case customerID = "customer_id"
        case productType = "product_type"
        case warrantyEnd = "warranty_end"
        case installDate = "install_date"
    }
}

/// One entry of an asset's service history.
public struct ServiceEvent: Codable, Sendable, Equatable {
    public var serial: String
    /// ISO 8601 date.
    public var date: String
    public var action: String
    /// Parts used, as written by the site (e.g. `thermistor;heater cartridge`).
    public var parts: String?
    public var note: String?

    public init(serial: String, date: String, action: String, parts: String? = nil, note: String? = nil) {
        self.serial = serial
        self.date = date
        self.action = action
        self.parts = parts
        self.note = note
    }
}
