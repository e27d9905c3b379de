import Foundation

/// How SLA hours are counted from a ticket's creation to its due time: calendar hours (the
/// default: every hour counts), or business hours (only the working hours of working days that
/// are not holidays, in one time zone).
public struct SLACalendar: Sendable, Equatable {
    /// Working hours of a working day, as minutes after local midnight (`start < end`).
    public struct WorkingHours: Sendable, Equatable {
        public var startMinute: Int
        public var endMinute: Int

        public init(startMinute: Int, endMinute: Int) {
            self.startMinute = startMinute
            self.endMinute = endMinute
        }
    }

    /// The zone the working hours, days and holidays are read in. Default UTC.
    public var timeZone: TimeZone
    /// Nil: calendar hours (every hour counts; days and holidays are ignored).
    public var workingHours: WorkingHours?
    /// Working days as `Calendar` weekdays (1 = Sunday … 7 = Saturday). Default Monday to Friday.
    public var workingDays: Set<Int>
    /// Days off (`YYYY-MM-DD` in `timeZone`).
    public var holidays: Set<String>

    /// The default zone's identifier (`TimeZone.identifier` may spell UTC as GMT).
    public static let defaultTimeZoneName = "UTC"

    /// Calendar hours in UTC.
    public init(
        timeZone: TimeZone = TimeZone(identifier: SLACalendar.defaultTimeZoneName)!, workingHours: WorkingHours? = nil,
        workingDays: Set<Int> = [2, 3, 4, 5, 6],
        holidays: Set<String> = []
    ) {
        self.timeZone = timeZone
        self.workingHours = workingHours
        self.workingDays = workingDays
        self.holidays = holidays
    }

    /// `calendar` or `business`: how the hours are counted (shown on the ticket).
    public var basis: String { workingHours == nil ? "calendar" : "business" }

    /// The moment `hours` SLA hours after `start`. Opening and closing times are wall-clock times
    /// of each day in `timeZone`, so days of 23 or 25 hours (daylight saving) count right.
    public func dueDate(from start: Date, hours: Double) -> Date {
        guard let workingHours, hours > 0 else { return start.addingTimeInterval(max(0, hours) * 3600) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var remaining = hours * 3600
        var dayStart = calendar.startOfDay(for: start)
        // A calendar without a single working day would never reach the due time; ten years of
        // days is the bound (configuration refuses an empty set of working days, and tiers' hours
        // are at most a year's).
        for _ in 0..<3660 {
            guard let next = calendar.date(byAdding: .day, value: 1, to: dayStart).map({ calendar.startOfDay(for: $0) }) else { break }
            if isWorkingDay(dayStart, calendar: calendar),
                let open = Self.time(workingHours.startMinute, of: dayStart, next: next, calendar: calendar),
                let close = Self.time(workingHours.endMinute, of: dayStart, next: next, calendar: calendar)
            {
                let from = max(open, start)
                if from < close {
                    let available = close.timeIntervalSince(from)
                    if remaining <= available { return from.addingTimeInterval(remaining) }
                    remaining -= available
                }
            }
            dayStart = next
        }
        return dayStart
    }

    /// The wall-clock time `minute` minutes after midnight on `dayStart`'s day (24:00 is `next`).
    private static func time(_ minute: Int, of dayStart: Date, next: Date, calendar: Calendar) -> Date? {
        if minute >= 24 * 60 { return next }
        return calendar.date(bySettingHour: minute / 60, minute: minute % 60, second: 0, of: dayStart)
    }

    private func isWorkingDay(_ dayStart: Date, calendar: Calendar) -> Bool {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: dayStart)
        guard let weekday = parts.weekday, workingDays.contains(weekday) else { return false }
        let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        return !holidays.contains(day)
    }
}

extension SLACalendar {
    static let weekdayNames = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]

    /// The working days by name, Monday first (`mon,tue,…` in configuration).
    public var workingDayNames: [String] {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].filter { workingDays.contains(Self.weekdayNames[$0]!) }
    }

    /// Parses the `sla.*` settings: a time zone identifier (`UTC`, `Europe/Rome`), working hours
    /// `HH:MM-HH:MM` (empty: calendar hours), working days (`mon`…`sun`) and holidays
    /// (`YYYY-MM-DD`). A bad value throws `invalid_configuration` naming the key.
    public init(timeZone zone: String, workingHours hours: String, workingDays days: [String], holidays holidayDays: [String]) throws {
        guard let timeZone = TimeZone(identifier: zone.trimmingCharacters(in: .whitespaces)) else {
            throw FlussoError(.invalidConfiguration, "sla.time_zone '\(zone)' is not a time zone identifier (e.g. UTC, Europe/Rome)")
        }
        var parsedHours: WorkingHours?
        let trimmed = hours.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty {
            let ends = trimmed.split(separator: "-").map { Self.minutes(of: String($0)) }
            guard ends.count == 2, let start = ends[0], let end = ends[1], start < end else {
                throw FlussoError(
                    .invalidConfiguration, "sla.business_hours '\(hours)' must be HH:MM-HH:MM with the start before the end (e.g. 09:00-18:00)")
            }
            parsedHours = WorkingHours(startMinute: start, endMinute: end)
        }
        var weekdays = Set<Int>()
        for day in days {
            guard let weekday = Self.weekdayNames[day.trimmingCharacters(in: .whitespaces).lowercased()] else {
                throw FlussoError(.invalidConfiguration, "sla.business_days: '\(day)' is not one of mon, tue, wed, thu, fri, sat, sun")
            }
            weekdays.insert(weekday)
        }
        if parsedHours != nil, weekdays.isEmpty {
            throw FlussoError(.invalidConfiguration, "sla.business_days is empty: business hours need at least one working day")
        }
        var holidays = Set<String>()
        for day in holidayDays {
            let text = day.trimmingCharacters(in: .whitespaces)
            guard EnrichmentImport.isISODate(text) else {
                throw FlussoError(.invalidConfiguration, "sla.holidays: '\(day)' is not a date (YYYY-MM-DD)")
            }
            holidays.insert(text)
        }
        self.init(timeZone: timeZone, workingHours: parsedHours, workingDays: weekdays, holidays: holidays)
    }

    /// Minutes after midnight of `HH:MM` (24:00 allowed as the end of the day).
    static func minutes(of text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...24).contains(hour), (0..<60).contains(minute), hour * 60 + minute <= 24 * 60
        else { return nil }
        return hour * 60 + minute
    }
}
