import Foundation

/// A PDF whose standard security handler needs a user password (the /U entry matches no empty
/// password), so it cannot be opened without one.
public func encryptedPDF() -> Data {
    let hex32 = String(repeating: "7A", count: 32)
    var out = "%PDF-1.4\n"
    var offsets: [Int] = []
    func object(_ number: Int, _ body: String) {
        offsets.append(out.utf8.count)
        out += "\(number) 0 obj\n\(body)\nendobj\n"
    }
    object(1, "<< /Type /Catalog /Pages 2 0 R >>")
    object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")
    object(4, "<< /Filter /Standard /V 1 /R 2 /O <\(hex32)> /U <\(hex32)> /P -4 >>")
    let xref = out.utf8.count
    out += "xref\n0 5\n0000000000 65535 f \n"
    for offset in offsets { out += String(format: "%010d 00000 n \n", offset) }
    out +=
        "trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] >>\nstartxref\n\(xref)\n%%EOF\n"
    return Data(out.utf8)
}
