import FlussoCore
import FlussoTestSupport
import Foundation
import Testing

@Suite struct TrainingExampleTests {
    func answered(version: Int?, status: TicketStatus) -> Ticket {
        var ticket = SampleTickets.ticket()
        ticket.classification = Classification(category: "thermal", confidence: 0.9, top3: [], modelID: "m", modelVersion: 1)
        var solution = Solution(
            probableCause: "", steps: [SolutionStep(order: 1, text: "Reseat the thermistor.", citations: [])], citations: [], safetyFlags: [],
            generator: "extractive", model: nil, language: "en", generatedAt: Date())
        solution.version = version
        ticket.solution = solution
        ticket.transition(to: status, at: Date())
        return ticket
    }

    func helpful(_ ticket: Ticket, judged version: Int?) -> Feedback {
        var feedback = Feedback(ticketID: ticket.ticketID, wasHelpful: true, useForTraining: true, rating: nil, comment: nil, createdAt: Date())
        feedback.solutionVersion = version
        return feedback
    }

    @Test func approvedStepsAreThoseOfTheVersionJudgedWhileItIsStillInForce() throws {
        let current = answered(version: nil, status: .ready)
        #expect(TrainingExample(ticket: current, feedback: helpful(current, judged: 1))?.solutionSteps == ["Reseat the thermistor."])
        // A reviewer edited the answer after the feedback: the label stands, the steps do not.
        let edited = answered(version: 2, status: .ready)
        let example = try #require(TrainingExample(ticket: edited, feedback: helpful(edited, judged: 1)))
        #expect(example.label == "thermal" && example.solutionSteps == nil)
        // A reviewer rejected the answer: its steps are not exported as approved.
        let rejected = answered(version: nil, status: .rejected)
        #expect(TrainingExample(ticket: rejected, feedback: helpful(rejected, judged: 1))?.solutionSteps == nil)
    }
}
