import FlussoCore
import Testing

@testable import Guardrails

@Suite struct PIITests {
    let detector = PIIDetector()

    func types(_ text: String) -> [String] { detector.find(in: text).map(\.type) }
    func values(_ text: String) -> [String] { detector.find(in: text).map(\.value) }

    @Test(arguments: [
        ("Scrivere a mario.rossi+assistenza@officina-rossi.it per conferma.", "EMAIL", "mario.rossi+assistenza@officina-rossi.it"),
        ("Richiamare il cliente al 347 123 4567 dopo le 15.", "PHONE", "347 123 4567"),
        ("Tel. +39 02 1234 5678", "PHONE", "+39 02 1234 5678"),
        ("Call +44 20 7946 0958 or +1 (415) 555-0132.", "PHONE", "+44 20 7946 0958"),
        ("IBAN IT60 X054 2811 1010 0000 0123 456 per il rimborso.", "IBAN", "IT60 X054 2811 1010 0000 0123 456"),
        ("Pay to DE89370400440532013000 today.", "IBAN", "DE89370400440532013000"),
        ("Card 4111 1111 1111 1111 expires 12/27.", "CARD", "4111 1111 1111 1111"),
        ("Amex 3782-822463-10005 on file.", "CARD", "3782-822463-10005"),
        ("CF RSSMRA85T10A562S del titolare.", "CODICE_FISCALE", "RSSMRA85T10A562S"),
        ("P.IVA 01234567897 della ditta.", "PARTITA_IVA", "01234567897"),
        ("The printer is at 192.168.1.20.", "IP", "192.168.1.20"),
        ("Server fe80::1ff:fe23:4567:890a is down.", "IP", "fe80::1ff:fe23:4567:890a"),
    ])
    func personalDataIsFoundWithItsType(text: String, type: String, value: String) {
        let found = detector.find(in: text)
        #expect(found.contains { $0.type == type && $0.value == value }, "\(found)")
    }

    @Test(arguments: [
        "Errore #10101 sulla MK4, firmware 6.1.3, ugello a 215 °C.",
        "Ordine n. 2024-118833 spedito, fattura 2024/0012.",
        "order #4500012345 and tracking 1234567812345678",
        "SN AL40-220913-0042, S/N CX12345678, ticket tkt_3f2c9a8e-1b2d-4c5e-8f90-123456789abc",
        "IT60 X054 2811 1010 0000 0123 457 (wrong check digits)",
        "RSSMRA85T10A562T has a wrong check letter",
        "pratica 01234567890 aperta il 02.03.2024 alle 10:30:00",
        "Feed 1500 mm/min, 24 V, 0.2 mm, v2.0.1.15, version 1.2.3.4",
    ])
    func lookAlikesAreLeftAlone(text: String) {
        #expect(detector.find(in: text).isEmpty, "\(detector.find(in: text))")
    }

    @Test func checkDigitsOfEachIdentifier() {
        #expect(CheckDigits.ibanIsValid("IT60X0542811101000000123456"))
        #expect(!CheckDigits.ibanIsValid("IT61X0542811101000000123456"))
        #expect(CheckDigits.cardIsValid([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
        #expect(!CheckDigits.cardIsValid([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]))
        #expect(CheckDigits.codiceFiscaleIsValid("RSSMRA85T10A562S"))
        #expect(!CheckDigits.codiceFiscaleIsValid("RSSMRA85T10A562X"))
        #expect(CheckDigits.partitaIVAIsValid([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 7]))
        #expect(!CheckDigits.partitaIVAIsValid([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0]))
    }

    @Test func theSameValueGetsTheSamePlaceholderAcrossTexts() {
        let result = PIIRedactor().redact(["Write to a@b.it or c@d.com", "again: a@b.it, phone 347 123 4567"])
        #expect(result.texts == ["Write to [EMAIL_1] or [EMAIL_2]", "again: [EMAIL_1], phone [PHONE_1]"])
        #expect(result.found.map(\.placeholder) == ["[EMAIL_1]", "[EMAIL_2]", "[EMAIL_1]", "[PHONE_1]"])
        #expect(result.found.map(\.text) == [0, 0, 1, 1])
    }

    @Test func theGuardrailRedactsEveryFieldAndRecordsWhereNeverWhat() async {
        var solution = Fixture.solution(
            [("Call the customer on 347 123 4567.", ["kb/a#0"])], cause: "Reported by a@b.it.",
            quotes: [("kb/a#0", "mail a@b.it")])
        solution.safetyFlags = ["Customer IBAN IT60X0542811101000000123456 was in the ticket"]
        var review = SolutionReview(ticket: Fixture.ticket("x"), solution: solution, retrieved: [])
        await PIIGuardrail().apply(to: &review)
        #expect(review.solution.probableCause == "Reported by [EMAIL_1].")
        #expect(review.solution.steps[0].text == "Call the customer on [PHONE_1].")
        #expect(review.solution.citations[0].quote == "mail [EMAIL_1]")
        #expect(review.solution.safetyFlags[0] == "Customer IBAN [IBAN_1] was in the ticket")
        #expect(review.redactions.map(\.field) == ["probable_cause", "steps[0].text", "citations[0].quote", "safety_flags[0]"])
        #expect(review.issues.isEmpty)
        #expect(!String(describing: review.redactions).contains("4567"))
    }
}
