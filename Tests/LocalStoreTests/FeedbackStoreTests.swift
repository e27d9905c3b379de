import FlussoCore
import FlussoTestSupport
import Foundation
import LocalStore
import Testing

@Suite struct FeedbackStoreTests {
    let directory = TemporaryDirectory()
    let record = StepRecord(step: .feedback, status: .succeeded, attempts: 1, startedAt: Date(), finishedAt: Date(), durationMs: 0)

    /// A finished ticket the classifier put in `category`, answered by the extractive generator.
    func finishedTicket(_ store: SQLiteTicketStore, category: String = "thermal", at date: Date = Date()) async throws -> Ticket {
        var ticket = SampleTickets.ticket(at: date)
        try await store.insertAndEnqueue(ticket, intake: SampleTickets.intakeRecord(at: date))
        ticket.classification = Classification(
            category: category, confidence: 0.6, top3: [.init(category: category, probability: 0.6)], modelID: "m", modelVersion: 1,
            modelRevision: "0123456789abcdef")
        ticket.solution = Solution(
            probableCause: "", steps: [SolutionStep(order: 1, text: "Reseat the thermistor.", citations: ["c1"])], citations: [],
            safetyFlags: [], generator: "extractive", model: nil, language: "en", generatedAt: date)
        ticket.transition(to: .ready, at: date)
        try await store.update(ticket)
        return ticket
    }

    func verdict(
        _ ticket: Ticket, helpful: Bool, training: Bool = true, reviewer: String? = nil, corrected: String? = nil, steps: [String]? = nil,
        at date: Date = Date()
    ) -> Feedback {
        Feedback(
            ticketID: ticket.ticketID, wasHelpful: helpful, useForTraining: training, rating: nil, comment: nil, reviewer: reviewer,
            correctedCategory: corrected, editedSteps: steps, createdAt: date)
    }

    @Test func aSendersSecondFeedbackReplacesTheFirstWhichStaysInTheHistory() async throws {
        let database = try SQLiteDatabase(directory: directory.path)
        let store = SQLiteTicketStore(database: database)
        let feedback = SQLiteFeedbackStore(database: database)
        let ticket = try await finishedTicket(store)
        let first = verdict(ticket, helpful: true, reviewer: "Anna")
        let other = verdict(ticket, helpful: true, reviewer: "Marco")
        let second = verdict(ticket, helpful: false, reviewer: "Anna", corrected: "electrical")
        for item in [first, other, second] { try await feedback.add(item, record: record) }

        let all = try await feedback.feedback(ticketID: ticket.ticketID)
        #expect(all.map(\.feedbackID) == [first.feedbackID, other.feedbackID, second.feedbackID])
        let history = FeedbackHistory(all)
        #expect(history.current.map(\.feedbackID) == [other.feedbackID, second.feedbackID])
        #expect(history.replaced.map(\.feedbackID) == [first.feedbackID])
        #expect(history.replaced[0].supersededBy == second.feedbackID && history.replaced[0].supersededAt != nil)
        // Feedback that names no one replaces nothing and is replaced by nothing: two unnamed
        // people are not one sender.
        let unnamed = [verdict(ticket, helpful: true), verdict(ticket, helpful: false)]
        for item in unnamed { try await feedback.add(item, record: record) }
        let current = FeedbackHistory(try await feedback.feedback(ticketID: ticket.ticketID)).current
        #expect(current.map(\.sender) == ["Marco", "Anna", nil, nil])
        #expect(current.suffix(2).map(\.feedbackID) == unnamed.map(\.feedbackID))
        // No name reaches an unnamed feedback: a reviewer calling themselves after its key replaces nothing.
        try await feedback.add(verdict(ticket, helpful: false, reviewer: "unnamed:" + unnamed[0].feedbackID), record: record)
        #expect(FeedbackHistory(try await feedback.feedback(ticketID: ticket.ticketID)).current.count == 5)
        // The ticket's feedback step record is the latest one's.
        #expect(try await store.stepRecords(ticketID: ticket.ticketID).filter { $0.step == .feedback }.count == 1)
    }

    @Test func theExportHoldsCorrectionsAndApprovalsAllowedForTrainingAndInForce() async throws {
        let database = try SQLiteDatabase(directory: directory.path)
        let store = SQLiteTicketStore(database: database)
        let feedback = SQLiteFeedbackStore(database: database)
        let old = Date(timeIntervalSince1970: 1_700_000_000)
        let corrected = try await finishedTicket(store)
        let approved = try await finishedTicket(store, category: "motion")
        let unhelpful = try await finishedTicket(store)
        let notForTraining = try await finishedTicket(store)
        let replaced = try await finishedTicket(store)
        let older = try await finishedTicket(store)
        try await feedback.add(
            verdict(corrected, helpful: false, corrected: "electrical", steps: ["Check the PSU fuse."]), record: record)
        try await feedback.add(verdict(approved, helpful: true), record: record)
        try await feedback.add(verdict(unhelpful, helpful: false), record: record)
        try await feedback.add(verdict(notForTraining, helpful: true, training: false), record: record)
        try await feedback.add(verdict(replaced, helpful: true, reviewer: "Anna"), record: record)
        try await feedback.add(verdict(replaced, helpful: true, training: false, reviewer: "Anna"), record: record)
        try await feedback.add(verdict(older, helpful: true, at: old), record: record)

        let examples = try await feedback.trainingExamples(since: old.addingTimeInterval(1))
        #expect(examples.map(\.ticketID) == [corrected.ticketID, approved.ticketID])
        #expect(examples[0].label == "electrical" && examples[0].labelSource == .corrected && examples[0].predictedCategory == "thermal")
        #expect(examples[0].solutionSteps == ["Check the PSU fuse."])
        #expect(examples[1].label == "motion" && examples[1].labelSource == .approved && examples[1].solutionSteps == ["Reseat the thermistor."])
        #expect(examples[0].text == corrected.symptomText && examples[0].errorCode == "17105" && examples[0].generator == "extractive")
        #expect(try await feedback.trainingExamples(since: nil).count == 3)
        // The line's field names are the ones `flusso classifier train` reads by default.
        let line = try JSONSerialization.jsonObject(with: try FlussoJSON.encode(examples[0])) as? [String: Any]
        #expect(line?["text"] as? String == corrected.symptomText && line?["label"] as? String == "electrical")
        #expect(line?["error_code"] as? String == "17105")
    }

    @Test func theSolutionCachePrefersAnApprovedAnswerAndSkipsOneWhoseSenderNowSaysItDidNotHelp() async throws {
        let database = try SQLiteDatabase(directory: directory.path)
        let store = SQLiteTicketStore(database: database)
        let feedback = SQLiteFeedbackStore(database: database)
        let cache = SQLiteSolutionCache(database: database)
        let approved = try await finishedTicket(store, at: Date().addingTimeInterval(-60))
        let newer = try await finishedTicket(store)
        let probe = SampleTickets.ticket()
        #expect(
            try await cache.similarSolvedTicket(errorCode: "17105", productModel: "mk4", excludingTicketID: probe.ticketID)?.ticketID
                == newer.ticketID)
        try await feedback.add(verdict(approved, helpful: true, reviewer: "Anna"), record: record)
        #expect(
            try await cache.similarSolvedTicket(errorCode: "17105", productModel: "mk4", excludingTicketID: probe.ticketID)?.ticketID
                == approved.ticketID)
        try await feedback.add(verdict(approved, helpful: false, reviewer: "Anna"), record: record)
        #expect(
            try await cache.similarSolvedTicket(errorCode: "17105", productModel: "mk4", excludingTicketID: probe.ticketID)?.ticketID
                == newer.ticketID)
    }

    @Test func statsCountFeedbackInForceByGeneratorCategoryAndWeek() async throws {
        let database = try SQLiteDatabase(directory: directory.path)
        let store = SQLiteTicketStore(database: database)
        let feedback = SQLiteFeedbackStore(database: database)
        let monday = try #require(FlussoJSON.parseDate("2026-11-30T09:00:00Z"))
        let thermal = try await finishedTicket(store)
        let motion = try await finishedTicket(store, category: "motion")
        try await feedback.add(verdict(thermal, helpful: false, reviewer: "Anna", at: monday), record: record)
        try await feedback.add(verdict(thermal, helpful: true, reviewer: "Anna", at: monday.addingTimeInterval(60)), record: record)
        try await feedback.add(verdict(motion, helpful: false, corrected: "electrical", at: monday.addingTimeInterval(-86_400)), record: record)
        let stats = FeedbackStats(try await feedback.judgedTickets(since: nil))
        #expect(stats.total.feedback == 2 && stats.total.helpful == 1 && stats.total.corrected == 1)
        #expect(stats.byCategory.map(\.key) == ["motion", "thermal"])
        #expect(stats.byCategory.map(\.helpfulRate) == [0, 1])
        #expect(stats.byGenerator.map(\.key) == ["extractive"] && stats.byGenerator[0].helpfulRate == 0.5)
        #expect(stats.byWeek.map(\.key) == ["2026-W48", "2026-W49"])
    }
}
