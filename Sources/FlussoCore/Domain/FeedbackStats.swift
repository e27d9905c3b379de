import Foundation

/// `flusso feedback stats`: how often answers helped, by the generator that wrote them, the
/// category the ticket was classified in and the ISO week the feedback was given. Counts
/// feedback in force only (a replaced one does not count twice).
public struct FeedbackStats: Codable, Sendable, Equatable {
    public struct Group: Codable, Sendable, Equatable {
        public var key: String
        public var feedback = 0
        public var helpful = 0
        /// Feedback that corrected the ticket's category.
        public var corrected = 0
        /// `helpful / feedback`, kept up to date by `count(_:)`.
        public var helpfulRate = 0.0

        init(key: String) { self.key = key }

        mutating func count(_ verdict: Feedback) {
            feedback += 1
            if verdict.wasHelpful { helpful += 1 }
            if verdict.correctedCategory != nil { corrected += 1 }
            helpfulRate = Double(helpful) / Double(feedback)
        }

        enum CodingKeys: String, CodingKey {
            case key, feedback, helpful, corrected
            case helpfulRate = "helpful_rate"
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
        for (ticket, feedback) in judged {
            total.count(feedback)
            let generator = ticket.solution?.generator ?? "none"
            let category = ticket.classification?.category ?? "unclassified"
            let week = Self.isoWeek(feedback.createdAt)
            generators[generator, default: Group(key: generator)].count(feedback)
            categories[category, default: Group(key: category)].count(feedback)
            weeks[week, default: Group(key: week)].count(feedback)
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
