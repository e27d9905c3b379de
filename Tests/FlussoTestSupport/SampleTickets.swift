import FlussoCore
import Foundation

/// Ticket bodies and tickets for tests.
public enum SampleTickets {
    public static let validBody: JSONValue = .object([
        "customer": .object(["id": .string("cust-42")]),
        "asset": .object(["serial": .string("SN-1"), "product_type": .string("3d-printer"), "model": .string("MK4")]),
        "error_code": .string("17105"),
        "symptom_text": .string("Thermal runaway on the hotend after ten minutes of printing"),
        "language": .string("en"),
        "metadata": .object(["orderNumber": .string("A-1")]),
    ])

    public static let validJSON =
        #"{"customer":{"id":"cust-42"},"asset":{"model":"MK4","product_type":"3d-printer"},"error_code":"17105","symptom_text":"Thermal runaway on the hotend"}"#

    public static func ticket(symptom: String = "Printer stops with MINTEMP", at date: Date = Date()) -> Ticket {
        Ticket(createdAt: date, customer: CustomerRef(id: "cust-1"), asset: AssetRef(model: "MK4"), errorCode: "17105", symptomText: symptom)
    }

    public static func intakeRecord(at date: Date = Date()) -> StepRecord {
        StepRecord(step: .intake, status: .succeeded, attempts: 1, startedAt: date, finishedAt: date, durationMs: 0.1, detail: "test")
    }
}
