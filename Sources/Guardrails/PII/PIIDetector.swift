import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One piece of personal data found in a text.
public struct PIIMatch: Sendable, Equatable {
    /// `EMAIL`, `PHONE`, `IBAN`, `CARD`, `CODICE_FISCALE`, `PARTITA_IVA`, `IP`.
    public var type: String
    /// The text as written.
    public var value: String
    /// UTF-16 range in the text.
    public var range: NSRange
}

/// Finds e-mail addresses, phone numbers (Italian and international), IBANs (mod 97), payment
/// cards (issuer prefix and Luhn), codici fiscali and partite IVA (check digits) and IP
/// addresses. Numbers right after a word such as `order`, `ordine`, `fattura`, `tracking`,
/// `serial` or `pratica` are references, not personal data, and are left alone; so are error
/// codes, dates, versions and measures.
public struct PIIDetector: Sendable {
    public init() {}

    private static let email = regex(#"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#)
    // Only where an IBAN may start: `ibanRange` measures it by its country's length (a greedy
    // match would swallow the next IBAN of a list).
    private static let iban = regex(#"(?<![A-Za-z0-9])[A-Z]{2} ?\d{2}(?= ?[A-Z0-9])"#)
    private static let card = regex(#"(?<![\w#.,/-])\d(?:[ -]?\d){12,22}(?![\w])"#)
    private static let codiceFiscale = regex(
        #"(?<![A-Za-z0-9])[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z](?![A-Za-z0-9])"#
    )
    private static let partitaIVA = regex(#"(?<![A-Za-z0-9])(?:IT ?)?\d{11}(?![\w])"#, options: [])
    private static let ipv4 = regex(#"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)"#)
    private static let ipv6 = regex(#"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])"#)
    private static let internationalPhone = regex(#"(?<![\w+])(?:\+|00)[1-9][\d ().-]{6,20}\d(?!\w)"#)
    private static let italianPhone = regex(#"(?<![\w+#/.,:-])(?:3\d{2}|0\d{1,3})(?:[ .-]?\d{2,4}){1,4}(?![\w/]|[.,]\d)"#)
    private static let italianLandlineSlash = regex(#"(?<![\w+#/.,:-])0\d{1,3}/\d{5,8}(?![\w/]|[.,]\d)"#)
    private static let dateLike = regex(#"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$"#)
    // A unit right after a number makes it a measure, not a phone number (`ma` and `a` are left
    // out: Italian "ma" and "a" follow numbers in ordinary sentences).
    private static let unitAfter = regex(#"^\s?(?:mm|cm|°|v\b|w\b|kw|kg|%|rpm|bar|€|eur\b|euro|pz\b|pcs\b|mah)"#)
    // A reference keyword right before the number (`ordine n. `, `order #`, `tracking: `): such a
    // number is a reference, not a phone number, IP or partita IVA. (Cards that pass Luhn and an
    // issuer prefix are redacted whatever precedes them.)
    private static let referenceBefore = regex(
        #"\b(?:order|ordine|ord|tracking|spedizione|shipment|pratica|fattura|invoice|serial|seriale|s/n|sn|matricola|lotto|batch|commessa|articolo|article|protocollo|claim|reclamo|rma|ddt|bolla|firmware|version|versione|release|error|errore)\b\.?\s*(?:(?:n|no|nr|num|numero|number)\.?\s*)?[#:°]?\s*$"#
    )
    private static let vatBefore = regex(#"\b(?:p\.? ?iva|partita iva|vat|vat number|codice iva|c\.f\.|cf)\b[^\n]{0,6}$"#)

    /// Every piece of personal data in `text`, in text order, none overlapping.
    public func find(in text: String) -> [PIIMatch] {
        let ns = text as NSString
        var taken: [NSRange] = []
        var found: [PIIMatch] = []
        func add(_ type: String, _ range: NSRange) {
            guard range.length > 0, !taken.contains(where: { NSIntersectionRange($0, range).length > 0 }) else { return }
            taken.append(range)
            found.append(PIIMatch(type: type, value: ns.substring(with: range), range: range))
        }
        let whole = NSRange(location: 0, length: ns.length)
        for m in Self.email.matches(in: text, range: whole) { add("EMAIL", trimTrailingDots(m.range, in: ns)) }
        for m in Self.iban.matches(in: text, range: whole) {
            if let range = ibanRange(startingAt: m.range.location, in: ns) {
                add("IBAN", range)
            } else if let shaped = ibanShapedRange(startingAt: m.range.location, in: ns) {
                taken.append(shaped)  // an IBAN with wrong check digits: not personal data, and not a phone number either
            }
        }
        for m in Self.codiceFiscale.matches(in: text, range: whole)
        where CheckDigits.codiceFiscaleIsValid(ns.substring(with: m.range)) { add("CODICE_FISCALE", m.range) }
        for m in Self.card.matches(in: text, range: whole) {
            if let range = cardRange(m.range, in: ns) { add("CARD", range) }
        }
        for m in Self.partitaIVA.matches(in: text, range: whole) {
            let digits = ns.substring(with: m.range).compactMap(\.wholeNumberValue)
            guard CheckDigits.partitaIVAIsValid(digits) else { continue }
            if isVAT(before: m.range, in: ns) || !isReference(before: m.range, in: ns) { add("PARTITA_IVA", m.range) }
        }
        for m in Self.ipv4.matches(in: text, range: whole) where !isReference(before: m.range, in: ns) { add("IP", m.range) }
        for m in Self.ipv6.matches(in: text, range: whole) where Self.isIPv6(ns.substring(with: m.range)) { add("IP", m.range) }
        for m in Self.internationalPhone.matches(in: text, range: whole) {
            let range = trimPhone(m.range, in: ns)
            let digits = ns.substring(with: range).filter(\.isNumber).count
            if (8...15).contains(digits), !isReference(before: range, in: ns) { add("PHONE", range) }
        }
        for m in Self.italianLandlineSlash.matches(in: text, range: whole) where !isReference(before: m.range, in: ns) { add("PHONE", m.range) }
        for m in Self.italianPhone.matches(in: text, range: whole) {
            let value = ns.substring(with: m.range)
            let digits = value.filter(\.isNumber).count
            let valid = value.hasPrefix("3") ? (9...10).contains(digits) : (6...11).contains(digits)
            guard valid, Self.dateLike.firstMatch(in: value, range: NSRange(location: 0, length: (value as NSString).length)) == nil,
                !isReference(before: m.range, in: ns), !hasUnit(after: m.range, in: ns)
            else { continue }
            add("PHONE", m.range)
        }
        return found.sorted { $0.range.location < $1.range.location }
    }

    private static func regex(_ pattern: String, options: NSRegularExpression.Options = [.caseInsensitive]) -> NSRegularExpression {
        try! NSRegularExpression(pattern: pattern, options: options)
    }

    private func trimTrailingDots(_ range: NSRange, in ns: NSString) -> NSRange {
        var r = range
        while r.length > 0, ns.character(at: r.location + r.length - 1) == 46 { r.length -= 1 }
        return r
    }

    /// The IBAN starting at `start`: as many characters as its country's length (single spaces
    /// between groups allowed), ending at a word boundary, with a valid mod-97 check.
    private func ibanRange(startingAt start: Int, in ns: NSString) -> NSRange? {
        guard start + 2 <= ns.length else { return nil }
        let country = ns.substring(with: NSRange(location: start, length: 2)).uppercased()
        guard let length = CheckDigits.ibanLengths[country] else { return nil }
        var compact = ""
        var index = start
        while index < ns.length, compact.count < length {
            let unit = ns.character(at: index)
            guard let scalar = Unicode.Scalar(unit) else { return nil }
            if CharacterSet.alphanumerics.contains(scalar), scalar.isASCII {
                compact.unicodeScalars.append(scalar)
            } else if unit != 32 || compact.isEmpty || (index + 1 < ns.length && ns.character(at: index + 1) == 32) {
                return nil  // single spaces only (groups of four, or the Italian CIN/ABI/CAB layout); mod 97 decides
            }
            index += 1
        }
        guard compact.count == length else { return nil }
        if index < ns.length, let next = Unicode.Scalar(ns.character(at: index)), CharacterSet.alphanumerics.contains(next) { return nil }
        guard CheckDigits.ibanIsValid(compact) else { return nil }
        return NSRange(location: start, length: index - start)
    }

    /// The span of a full-length IBAN whatever its check digits (to keep other detectors out of it).
    private func ibanShapedRange(startingAt start: Int, in ns: NSString) -> NSRange? {
        let country = ns.substring(with: NSRange(location: start, length: 2)).uppercased()
        guard let length = CheckDigits.ibanLengths[country] else { return nil }
        var count = 0
        var index = start
        while index < ns.length, count < length, let scalar = Unicode.Scalar(ns.character(at: index)) {
            if CharacterSet.alphanumerics.contains(scalar) { count += 1 } else if scalar != " " || count % 4 != 0 { break }
            index += 1
        }
        return count == length ? NSRange(location: start, length: index - start) : nil
    }

    /// The longest prefix of a digit run (ending where a group ends) that is a valid card number.
    private func cardRange(_ range: NSRange, in ns: NSString) -> NSRange? {
        let text = ns.substring(with: range)
        var ends: [(length: Int, digits: [Int])] = []
        var digits: [Int] = []
        let units = Array(text.utf16)
        for (offset, unit) in units.enumerated() where unit >= 48 && unit <= 57 {
            digits.append(Int(unit) - 48)
            let atEnd = offset + 1 == units.count || units[offset + 1] == 32 || units[offset + 1] == 45
            if atEnd { ends.append((offset + 1, digits)) }
        }
        for end in ends.reversed() where CheckDigits.cardIsValid(end.digits) {
            return NSRange(location: range.location, length: end.length)
        }
        return nil
    }

    private func trimPhone(_ range: NSRange, in ns: NSString) -> NSRange {
        var r = range
        while r.length > 0, let s = Unicode.Scalar(ns.character(at: r.location + r.length - 1)), !CharacterSet.decimalDigits.contains(s) {
            r.length -= 1
        }
        return r
    }

    private func before(_ range: NSRange, in ns: NSString) -> String {
        let start = max(0, range.location - 30)
        return ns.substring(with: NSRange(location: start, length: range.location - start))
    }

    private func isReference(before range: NSRange, in ns: NSString) -> Bool {
        let text = before(range, in: ns)
        return Self.referenceBefore.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    private func isVAT(before range: NSRange, in ns: NSString) -> Bool {
        let text = before(range, in: ns)
        return Self.vatBefore.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    private func hasUnit(after range: NSRange, in ns: NSString) -> Bool {
        let end = range.location + range.length
        let text = ns.substring(with: NSRange(location: end, length: min(8, ns.length - end)))
        return Self.unitAfter.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    static func isIPv6(_ candidate: String) -> Bool {
        guard candidate.filter(\.isHexDigit).count >= 3 else { return false }
        var address = in6_addr()
        return inet_pton(AF_INET6, candidate, &address) == 1
    }
}
