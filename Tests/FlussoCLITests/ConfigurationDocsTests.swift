import FlussoTestSupport
import Foundation
import Testing

/// docs/configuration.md and the key table (`flusso config keys --json`, the single source of
/// the defaults) agree: the same keys, environment variables and defaults. Fails on drift.
@Suite struct ConfigurationDocsTests {
    struct Key: Decodable { var name, environment, `default`: String }
    struct Row { var key, environment, defaultText: String }

    func keys() throws -> [Key] {
        let result = try FlussoBinary.run(["config", "keys", "--json"])
        #expect(result.status == 0, "\(result.err)")
        return try JSONDecoder().decode([Key].self, from: Data(result.out.utf8))
    }

    /// The rows of the key table: `| `key` | `ENV` … | default | meaning |`.
    func rows() throws -> [String: Row] {
        let text = try String(contentsOf: SourceScan.packageRoot.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        var rows: [String: Row] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            // Split on cell bars that are not escaped (`\|` stands inside a regular expression).
            var cells: [String] = []
            var cell = ""
            var previous: Character = " "
            for character in line.dropFirst() {
                if character == "|" && previous != "\\" {
                    cells.append(cell.trimmingCharacters(in: .whitespaces))
                    cell = ""
                } else {
                    cell.append(character)
                }
                previous = character
            }
            guard cells.count >= 4 else { continue }
            let key = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let environment = String(cells[1].split(separator: "`").first ?? "")
            rows[key] = Row(key: key, environment: environment, defaultText: cells[2].replacingOccurrences(of: "\\|", with: "|"))
        }
        return rows
    }

    @Test func everyKeyIsDocumentedWithItsVariableAndDefault() throws {
        let documented = try rows()
        let keys = try keys()
        #expect(keys.count > 80)
        for key in keys {
            if key.name.hasPrefix("generation.secondary.") {
                #expect(documented["generation.secondary.*"]?.defaultText == "as primary", "generation.secondary.* row")
                continue
            }
            guard let row = documented[key.name] else {
                Issue.record("docs/configuration.md has no row for \(key.name) (\(key.environment), default '\(key.default)')")
                continue
            }
            #expect(row.environment == key.environment, "\(key.name)")
            if key.default.isEmpty {
                #expect(row.defaultText.hasPrefix("empty"), "\(key.name): documented default \(row.defaultText), the code's is empty")
            } else {
                #expect(row.defaultText == "`\(key.default)`", "\(key.name): documented default \(row.defaultText), the code's is `\(key.default)`")
            }
        }
    }

    @Test func everyDocumentedKeyExists() throws {
        let names = Set(try keys().map(\.name))
        for key in try rows().keys where key != "generation.secondary.*" {
            #expect(names.contains(key), "docs/configuration.md documents \(key), which is not a configuration key")
        }
    }
}
