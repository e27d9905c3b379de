import FlussoCore
import Foundation

/// A retrieved chunk as step 5 would hand it over.
func retrieved(
    _ documentID: String, rank: Int, text: String, title: String = "Article", section: [String] = [],
    codes: [String] = [], models: [String] = [], language: String = "en"
) -> RetrievedChunk {
    let chunk = KnowledgeChunk(
        documentID: documentID, ordinal: 0, title: title, sectionPath: section, text: text, language: language,
        productTypes: ["laser-cutter"], productModels: models, errorCodes: codes, sourceURL: nil,
        tokenCount: text.split(separator: " ").count)
    return RetrievedChunk(
        rank: rank, chunk: chunk, score: 1.0 / Double(rank),
        features: RankingFeatures(
            dense: 0.8, denseRank: rank, lexicalRank: rank, fused: 0.1,
            errorCodeMatch: codes.isEmpty == false, modelMatch: true, termOverlap: 0.5),
        reason: "test")
}

let l101Text = """
    # L101: Cooling water flow too low

    Applies to: Aurora Digital Fabrication AL-40 and AL-60.

    ## What it means

    The flow switch on the laser tube's water circuit measured less than 2 litres per minute. Without flow the CO2 tube overheats and cracks within seconds, so the laser is disabled.

    ## What to check

    - Check that the water chiller is switched on and its pump runs.
    - Look for kinks in the silicone hoses behind the machine and for air bubbles inside the tube.

    ## How to fix it

    1. Straighten the hoses, top up the chiller with distilled water, and bleed air by tilting the tube end upwards while the pump runs.
    2. Never fire the laser to test it while the flow alarm is active.
    """

let l101 = retrieved(
    "kb/en/laser-cutter/error-codes/l101.md", rank: 1, text: l101Text, title: "L101 Cooling water flow too low",
    codes: ["L101"], models: ["AL-40", "AL-60"])
let maintenance = retrieved(
    "kb/en/laser-cutter/maintenance.md", rank: 2,
    text: "## Every week\n\n- Clean the lens with lens tissue.\n- Empty the crumb tray under the honeycomb bed.",
    title: "Laser maintenance", models: ["AL-40"])

func ticket(_ symptom: String, code: String? = "L101", model: String? = "AL-40", language: String? = "en") -> Ticket {
    Ticket(
        createdAt: Date(timeIntervalSince1970: 1_800_000_000), customer: CustomerRef(id: "cust-1"),
        asset: AssetRef(serial: "SN-1", productType: "laser-cutter", model: model), errorCode: code, symptomText: symptom,
        language: language)
}

/// The repository's root directory.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
