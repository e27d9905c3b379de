import Foundation

/// `flusso feedback stats`: how often answers helped, by the generator that wrote them, the
/// category the ticket was classified in and the ISO week the feedback was given. Counts
/// feedback in force only (a replaced one does not count twice).
public struct FeedbackStats: Codable, Sendable, Equatable {
    public struct Group: Codable, Sendable, Equatable {
        public var key: String
        public var feedback: Int
        public var helpful: Int
        /// Feedback that corrected the ticket's category.
        public var corrected: Int
        public var helpfulRate: Double { feedback == 0 ? 0 : Double(helpful) / Double(feedback) }

        enum CodingKeys: String, CodingKey {
            case key, feedback, helpful, corrected
            case helpfulRate = "helpful_rate"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(feedback, forKey: .feedback)
            try container.encode(helpful, forKey: .helpful)
            try container.encode(corrected, forKey: .corrected)
            try container.encode(helpfulRate, forKey: .helpfulRate)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            key = try container.decode(String.self, forKey: .key)
            feedback = try container.decode(Int.self, forKey: .feedback)
            helpful = try container.decode(Int.self, forKey: .helpful)
            corrected = try container.decode(Int.self, forKey: .corrected)
        }

        init(key: String) {
            self.key = key
            feedback = 0
            helpful = 0
            corrected = 0
        }
    }

    public var total: Group
    public var byGenerator: [Group]
    public var byCategory: [Group]
    public var byWeek: [Group]

    enum CodingKeys: String, CodingKey {
        case total
        case byGenerator = "by_generator"
        case byCategory = "by_category"
        case byWeek = "by_week"
    }

    /// The figures of `judged` (feedback in force with its ticket). A ticket with no solution
    /// counts under generator `none`; one never classified under category `unclassified`.
    public init(_ judged: [(ticket: Ticket, feedback: Feedback)]) {
        var total = Group(key: "all")
        var generators: [String: Group] = [:]
        var categories: [String: Group] = [:]
        var weeks: [String: Group] = [:]
        func count(_ group: inout Group, _ feedback: Feedback) {
            group.feedback += 1
            if feedback.wasHelpful { group.helpful += 1 }
            if feedback.correctedCategory != nil { group.corrected += 1 }
        }
        for (ticket, feedback) in judged {
            count(&total, feedback)
            let generator = ticket.solution?.generator ?? "none"
            let category = ticket.classification?.category ?? "unclassified"
            let week = Self.isoWeek(feedback.createdAt)
            count(&generators[generator, default: Group(key: generator)], feedback)
            count(&categories[category, default: Group(key: category)], feedback)
            count(&weeks[week, default: Group(key: week)], feedback)
        }
        self.total = total
        byGenerator = generators.values.sorted { $0.key < $1.key }
        byCategory = categories.values.sorted { $0.key < $1.key }
        byWeek = weeks.values.sorted { $0.key < $1.key }
    }

    /// `2026-W49`: the ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday), in UTC.
    public static func isoWeek(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        calendar.firstWeekday = 2
        calendar.minimumDaysInFirstWeek = 4
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        let week = parts.weekOfYear ?? 0
        return "\(parts.yearForWeekOfYear ?? 0)-W\(week < 10 ? "0" : "")\(week)"
    }
}
