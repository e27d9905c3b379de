import FlussoCore
import Foundation
import Testing

/// SLA due times: calendar hours by default; business hours skip nights, weekends and holidays
/// in the configured zone; the clock stops at READY.
@Suite struct SLACalendarTests {
    /// `YYYY-MM-DDTHH:MM:SSZ` → Date.
    func at(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    @Test func calendarHoursCountEveryHour() {
        let calendar = SLACalendar()
        #expect(calendar.basis == "calendar")
        // Friday 17:00 + 4 h = Friday 21:00, nights and weekends included.
        #expect(calendar.dueDate(from: at("2026-12-04T17:00:00Z"), hours: 4) == at("2026-12-04T21:00:00Z"))
        #expect(calendar.dueDate(from: at("2026-12-04T17:00:00Z"), hours: 72) == at("2026-12-07T17:00:00Z"))
    }

    @Test func businessHoursSkipTheNightTheWeekendAndHolidays() throws {
        let calendar = try SLACalendar(timeZone: "UTC", workingHours: "09:00-18:00", workingDays: ["mon", "tue", "wed", "thu", "fri"], holidays: [])
        #expect(calendar.basis == "business")
        // Friday 16:00 + 4 h: 2 h on Friday, then Monday 09:00 + 2 h.
        #expect(calendar.dueDate(from: at("2026-12-04T16:00:00Z"), hours: 4) == at("2026-12-07T11:00:00Z"))
        // Created on Saturday: the clock starts Monday 09:00.
        #expect(calendar.dueDate(from: at("2026-12-05T10:00:00Z"), hours: 1) == at("2026-12-07T10:00:00Z"))
        // Created before opening: counted from 09:00.
        #expect(calendar.dueDate(from: at("2026-12-07T06:00:00Z"), hours: 9) == at("2026-12-07T18:00:00Z"))
        // Monday a holiday: Friday 16:00 + 4 h ends Tuesday 11:00.
        let withHoliday = try SLACalendar(
            timeZone: "UTC", workingHours: "09:00-18:00", workingDays: ["mon", "tue", "wed", "thu", "fri"], holidays: ["2026-12-07"])
        #expect(withHoliday.dueDate(from: at("2026-12-04T16:00:00Z"), hours: 4) == at("2026-12-08T11:00:00Z"))
    }

    @Test func businessHoursAreReadInTheConfiguredZone() throws {
        // 09:00-18:00 in Rome is 08:00-17:00 UTC in December.
        let rome = try SLACalendar(
            timeZone: "Europe/Rome", workingHours: "09:00-18:00", workingDays: ["mon", "tue", "wed", "thu", "fri"], holidays: [])
        #expect(rome.dueDate(from: at("2026-12-07T07:00:00Z"), hours: 2) == at("2026-12-07T10:00:00Z"))
        #expect(rome.dueDate(from: at("2026-12-07T16:30:00Z"), hours: 1) == at("2026-12-08T08:30:00Z"))
    }

    @Test func daylightSavingDaysCountTheirWallClockHours() throws {
        // Europe/Rome moves to summer time on Sunday 2026-03-29 at 02:00 (a 23-hour day).
        let rome = try SLACalendar(
            timeZone: "Europe/Rome", workingHours: "09:00-18:00", workingDays: ["sun", "mon"], holidays: [])
        // 08:00 CEST (06:00 UTC) + 1 h: opens 09:00 CEST, due 10:00 CEST = 08:00 UTC.
        #expect(rome.dueDate(from: at("2026-03-29T06:00:00Z"), hours: 1) == at("2026-03-29T08:00:00Z"))
        // 17:00 CEST + 2 h: 1 h on Sunday, then Monday 09:00 CEST + 1 h = 08:00 UTC.
        #expect(rome.dueDate(from: at("2026-03-29T15:00:00Z"), hours: 2) == at("2026-03-30T08:00:00Z"))
        // Back to winter time on Sunday 2026-10-25 (a 25-hour day): 09:00 CET is 08:00 UTC.
        let autumn = try SLACalendar(timeZone: "Europe/Rome", workingHours: "09:00-18:00", workingDays: ["sun"], holidays: [])
        #expect(autumn.dueDate(from: at("2026-10-25T05:00:00Z"), hours: 1) == at("2026-10-25T09:00:00Z"))
        // Chile moves its clocks at midnight (2026-09-06 starts at 01:00): 09:00 local is 12:00 UTC.
        let santiago = try SLACalendar(
            timeZone: "America/Santiago", workingHours: "09:00-18:00", workingDays: ["sun", "mon"], holidays: [])
        #expect(santiago.dueDate(from: at("2026-09-06T10:00:00Z"), hours: 1) == at("2026-09-06T13:00:00Z"))
        #expect(santiago.dueDate(from: at("2026-09-06T10:00:00Z"), hours: 10) == at("2026-09-07T13:00:00Z"))
    }

    @Test func badSettingsNameTheKey() {
        let cases: [(String, String, [String], [String], String)] = [
            ("Mars/Olympus", "", [], [], "sla.time_zone"),
            ("UTC", "18:00-09:00", ["mon"], [], "sla.business_hours"),
            ("UTC", "9-18", ["mon"], [], "sla.business_hours"),
            ("UTC", "09:00-18:00", ["monday"], [], "sla.business_days"),
            ("UTC", "09:00-18:00", [], [], "sla.business_days"),
            ("UTC", "", [], ["2026-13-45x"], "sla.holidays"),
            ("UTC", "", [], ["2026-13-45"], "sla.holidays"),
            ("UTC", "", [], ["2026-2-031"], "sla.holidays"),
        ]
        for (zone, hours, days, holidays, key) in cases {
            do {
                _ = try SLACalendar(timeZone: zone, workingHours: hours, workingDays: days, holidays: holidays)
                Issue.record("\(key): accepted a bad value")
            } catch let error as FlussoError {
                #expect(error.code == .invalidConfiguration && error.message.contains(key), "\(error.message)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func theSLAIsReadAtTheMomentAndStopsAtReady() {
        let created = at("2026-12-07T09:00:00Z")
        var ticket = Ticket(createdAt: created, customer: CustomerRef(id: "c"), symptomText: "x")
        ticket.sla = TicketSLA(dueAt: at("2026-12-07T13:00:00Z"), hours: 4, basis: "calendar")
        let early = ticket.refreshingSLA(at: at("2026-12-07T12:00:00Z"))
        #expect(early.sla?.remainingS == 3600 && early.sla?.breached == false && !early.isOverdue(at: at("2026-12-07T12:00:00Z")))
        let late = ticket.refreshingSLA(at: at("2026-12-07T14:00:00Z"))
        #expect(late.sla?.remainingS == -3600 && late.sla?.breached == true && ticket.isOverdue(at: at("2026-12-07T14:00:00Z")))
        // READY at 12:00: the clock stopped there, so it is neither breached nor overdue later on.
        ticket.transition(to: .ready, at: at("2026-12-07T12:00:00Z"))
        let answered = ticket.refreshingSLA(at: at("2026-12-08T00:00:00Z"))
        #expect(answered.sla?.remainingS == 3600 && answered.sla?.breached == false && !ticket.isOverdue(at: at("2026-12-08T00:00:00Z")))
        // NEEDS_REVIEW still waits for a person: the clock runs on.
        ticket.transition(to: .needsReview, reason: "guardrails", at: at("2026-12-07T12:00:00Z"))
        #expect(ticket.isOverdue(at: at("2026-12-08T00:00:00Z")))
    }
}
