import Embeddings
import Foundation
import VectorIndex

/// `EmbedBench MODEL_DIR TEXTS_OUT.json [THREADS…]`: MiniLM sentences/s for 16-, 64- and
/// 256-token inputs (exact token counts, random vocabulary words, fixed seed) with each thread
/// count, best of 3 rounds, and the process's peak RSS. Writes the texts to TEXTS_OUT.json so
/// the llama.cpp yardstick embeds the very same inputs. Used by scripts/bench-embed.
func peakRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

// OpenBLAS's kernels for this CPU (see BLASKernels), as `flusso` does: re-executed once if needed.
if BLASKernels.setCoreTypeIfNeeded() != nil { execv("/proc/self/exe", CommandLine.unsafeArgv) }

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: EmbedBench MODEL_DIR TEXTS_OUT.json [THREADS…]\n".utf8))
    exit(2)
}
let modelDirectory = arguments[1]
let threadCounts = arguments.count > 3 ? arguments[3...].compactMap { Int($0) } : [1, 2]
let lengths = [16: 512, 64: 256, 256: 96]  // tokens → texts per round

do {
    let probe = try MiniLMEmbedder(modelDirectory: modelDirectory)
    let vocabulary = try String(contentsOfFile: modelDirectory + "/vocab.txt", encoding: .utf8).split(separator: "\n").map(String.init)
    let words = vocabulary[1996..<vocabulary.count].filter { w in
        w.count >= 3 && w.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }
    var rng = SplitMix64(state: 42)
    var texts: [Int: [String]] = [:]
    for (length, count) in lengths {
        texts[length] = (0..<count).map { _ in
            (0..<(length - 2)).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
        }
        for t in texts[length]!.prefix(8) {
            precondition(probe.tokenizer.encode(t).ids.count == length, "a generated text is not \(length) tokens")
        }
    }
    let json = try JSONSerialization.data(withJSONObject: Dictionary(uniqueKeysWithValues: texts.map { ("\($0.key)", $0.value) }))
    try json.write(to: URL(fileURLWithPath: arguments[2]))

    var results: [String: [String: Double]] = [:]
    for threads in threadCounts {
        let model = try MiniLMEmbedder(modelDirectory: modelDirectory, threads: threads)
        for length in lengths.keys.sorted() {
            let items = texts[length]!
            _ = model.encodeSynchronously(Array(items.prefix(8)))
            var best = 0.0
            for _ in 0..<3 {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = model.encodeSynchronously(items)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                best = max(best, Double(items.count) / seconds)
            }
            results["\(length)", default: [:]]["\(threads)"] = best
        }
    }
    var out: [String: Any] = results
    out["peak_rss_mb"] = peakRSSMegabytes()
    out["blas_kernels"] = BLASKernels.chosen
    let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
