/// The one function that turns ticket fields into classifier input, used both when a ticket is
/// classified and when ticket-shaped training data is loaded, so training and prediction see
/// the same features.
///
/// Text: the symptom text. Tags: the product type (`pt:3d-printer`), the whole error code
/// (`ec:17105`) and its two- and three-character prefixes (`ec2:17`, `ec3:171`), after upper-
/// casing and dropping anything that is not a letter or digit (`e-204` → `E204`).
public enum TicketFeatures {
    public static func input(symptomText: String, errorCode: String?, productType: String?) -> ClassifierInput {
        var tags: [String] = []
        if let productType {
            let p = String(productType.lowercased().unicodeScalars.filter { !$0.properties.isWhitespace })
            if !p.isEmpty { tags.append("pt:" + p) }
        }
        if let errorCode {
            let code = String(errorCode.uppercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
            if !code.isEmpty {
                tags.append("ec:" + code)
                if code.count > 2 { tags.append("ec2:" + String(code.prefix(2))) }
                if code.count > 3 { tags.append("ec3:" + String(code.prefix(3))) }
            }
        }
        return ClassifierInput(text: symptomText, tags: tags)
    }
}
