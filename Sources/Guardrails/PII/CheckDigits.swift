/// Check-digit algorithms of the identifiers the PII detector recognises.
enum CheckDigits {
    /// IBAN lengths by country (ISO 13616 registry, the countries a European site meets).
    static let ibanLengths: [String: Int] = [
        "IT": 27, "SM": 27, "VA": 22, "DE": 22, "FR": 27, "ES": 24, "PT": 25, "NL": 18, "BE": 16, "LU": 20, "AT": 20,
        "CH": 21, "LI": 21, "GB": 22, "IE": 22, "DK": 18, "SE": 24, "NO": 15, "FI": 18, "PL": 28, "CZ": 24, "SK": 24,
        "SI": 19, "HR": 21, "HU": 28, "RO": 24, "BG": 22, "GR": 27, "MT": 31, "CY": 28, "EE": 20, "LV": 21, "LT": 20,
        "MC": 27, "AD": 24, "IS": 26, "TR": 26,
    ]

    /// ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end.
    static func ibanIsValid(_ compact: String) -> Bool {
        let chars = Array(compact.uppercased())
        guard chars.count >= 15, let expected = ibanLengths[String(chars[0..<2])], chars.count == expected,
            chars[2].isNumber, chars[3].isNumber
        else { return false }
        var remainder = 0
        for character in chars[4...] + chars[0..<4] {
            if let digit = character.wholeNumberValue, character.isASCII {
                remainder = (remainder * 10 + digit) % 97
            } else if let ascii = character.asciiValue, character.isLetter {
                let value = Int(ascii) - 55  // A = 10 … Z = 35
                remainder = (remainder * 100 + value) % 97
            } else {
                return false
            }
        }
        return remainder == 1
    }

    /// Luhn over a string of digits.
    static func luhnIsValid(_ digits: [Int]) -> Bool {
        guard digits.count >= 2 else { return false }
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    /// A card number: 13–19 digits, a known issuer prefix, and Luhn.
    static func cardIsValid(_ digits: [Int]) -> Bool {
        guard (13...19).contains(digits.count), luhnIsValid(digits) else { return false }
        let two = digits[0] * 10 + digits[1]
        let four = digits.prefix(4).reduce(0) { $0 * 10 + $1 }
        switch digits[0] {
        case 4: return [13, 16, 19].contains(digits.count)  // Visa
        case 5: return (51...55).contains(two) && digits.count == 16  // Mastercard
        case 2: return (2221...2720).contains(four) && digits.count == 16  // Mastercard 2-series
        case 3: return ([34, 37].contains(two) && digits.count == 15) || two == 35 || [36, 38, 39, 30].contains(two)  // Amex, JCB, Diners
        case 6: return four == 6011 || two == 65 || (644...649).contains(four / 10)  // Discover
        default: return false
        }
    }

    /// Partita IVA: 11 digits, the last a Luhn-style check digit over the first ten.
    static func partitaIVAIsValid(_ digits: [Int]) -> Bool {
        guard digits.count == 11, digits.contains(where: { $0 != 0 }) else { return false }
        var sum = 0
        for index in 0..<10 {
            if index % 2 == 0 {
                sum += digits[index]
            } else {
                let doubled = digits[index] * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            }
        }
        return (10 - sum % 10) % 10 == digits[10]
    }

    private static let oddValues: [Character: Int] = [
        "0": 1, "1": 0, "2": 5, "3": 7, "4": 9, "5": 13, "6": 15, "7": 17, "8": 19, "9": 21,
        "A": 1, "B": 0, "C": 5, "D": 7, "E": 9, "F": 13, "G": 15, "H": 17, "I": 19, "J": 21, "K": 2, "L": 4, "M": 18,
        "N": 20, "O": 11, "P": 3, "Q": 6, "R": 8, "S": 12, "T": 14, "U": 16, "V": 10, "W": 22, "X": 25, "Y": 24, "Z": 23,
    ]

    /// Codice fiscale: 16 characters, the last the check letter of the official odd/even tables
    /// (digit positions may hold omocodia letters L–V).
    static func codiceFiscaleIsValid(_ code: String) -> Bool {
        let chars = Array(code.uppercased())
        guard chars.count == 16 else { return false }
        var sum = 0
        for (index, character) in chars.prefix(15).enumerated() {
            if index % 2 == 0 {  // 1st, 3rd, … (odd positions, counting from 1)
                guard let value = oddValues[character] else { return false }
                sum += value
            } else if let digit = character.wholeNumberValue, character.isASCII {
                sum += digit
            } else if let ascii = character.asciiValue, character.isLetter {
                sum += Int(ascii) - 65
            } else {
                return false
            }
        }
        guard let check = chars[15].asciiValue else { return false }
        return Int(check) - 65 == sum % 26
    }
}
