import Foundation

/// Chunking settings. Defaults: chunks up to 400 tokens, long sections cut into ~300-token
/// windows that overlap by ~50 tokens.
public struct ChunkingSettings: Sendable, Equatable, Codable {
    public var maxTokens: Int
    public var windowTokens: Int
    public var overlapTokens: Int

    public init(maxTokens: Int = 400, windowTokens: Int = 300, overlapTokens: Int = 50) {
        self.maxTokens = maxTokens
        self.windowTokens = windowTokens
        self.overlapTokens = overlapTokens
    }

    /// Folded into each document's content hash, so changing the settings re-chunks everything.
    var fingerprint: String { "chunking:\(maxTokens)/\(windowTokens)/\(overlapTokens)" }
}

/// One chunk's text and where it sits in the document, before metadata is attached.
struct ChunkDraft: Equatable {
    var sectionPath: [String]
    var text: String
    var tokenCount: Int
}

/// Splits Markdown (or plain text) along its headings.
///
/// Sections (a heading and the text up to the next heading; fenced code blocks are never split
/// on `#` lines) are packed in order into chunks of at most `maxTokens`, so short neighbouring
/// sections share a chunk and a chunk never straddles more than it must. A section longer than
/// `maxTokens` becomes several chunks of about `windowTokens`, cut at paragraph or sentence
/// boundaries, each repeating the last ~`overlapTokens` of the previous one. A chunk's section
/// path is the heading path of the first section it holds.
struct MarkdownChunker {
    var settings: ChunkingSettings

    private struct Section {
        var path: [String]
        var lines: [Substring]
    }

    private struct Unit {
        var path: [String]
        var text: String
        var tokens: Int
        var standalone: Bool
    }

    func chunk(_ body: String) -> [ChunkDraft] {
        var units: [Unit] = []
        for section in sections(of: body) {
            let text = section.lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { continue }
            let hasBody = section.lines.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !isHeading($0) }
            guard hasBody else { continue }
            let tokens = TextTerms.tokenCount(text)
            if tokens <= settings.maxTokens {
                units.append(Unit(path: section.path, text: text, tokens: tokens, standalone: false))
            } else {
                for window in windows(of: text) {
                    units.append(Unit(path: section.path, text: window, tokens: TextTerms.tokenCount(window), standalone: true))
                }
            }
        }
        var drafts: [ChunkDraft] = []
        var current: [Unit] = []
        func flush() {
            guard let first = current.first else { return }
            let text = current.map(\.text).joined(separator: "\n\n")
            drafts.append(ChunkDraft(sectionPath: first.path, text: text, tokenCount: current.reduce(0) { $0 + $1.tokens }))
            current = []
        }
        for unit in units {
            if unit.standalone {
                flush()
                current = [unit]
                flush()
            } else if current.reduce(0, { $0 + $1.tokens }) + unit.tokens > settings.maxTokens {
                flush()
                current = [unit]
            } else {
                current.append(unit)
            }
        }
        flush()
        return drafts
    }

    private func isHeading(_ line: Substring) -> Bool { headingLevel(line) != nil }

    private func headingLevel(_ line: Substring) -> Int? {
        var level = 0
        for ch in line {
            if ch == "#" { level += 1 } else { break }
        }
        guard (1...6).contains(level) else { return nil }
        let rest = line.dropFirst(level)
        return rest.isEmpty || rest.first == " " ? level : nil
    }

    private func sections(of body: String) -> [Section] {
        var result: [Section] = [Section(path: [], lines: [])]
        var stack: [(level: Int, title: String)] = []
        var inFence = false
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, let level = headingLevel(line) {
                let title = line.dropFirst(level).trimmingCharacters(in: .whitespaces)
                while let last = stack.last, last.level >= level { stack.removeLast() }
                stack.append((level, title))
                result.append(Section(path: stack.map(\.title), lines: [line]))
            } else {
                result[result.count - 1].lines.append(line)
            }
        }
        return result
    }

    /// Cuts a long text into overlapping windows at paragraph, then sentence, then word boundaries.
    private func windows(of text: String) -> [String] {
        var pieces: [String] = []
        for paragraph in text.components(separatedBy: "\n\n") {
            let p = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !p.isEmpty else { continue }
            if TextTerms.tokenCount(p) <= settings.windowTokens {
                pieces.append(p)
            } else {
                for sentence in sentences(of: p) {
                    if TextTerms.tokenCount(sentence) <= settings.windowTokens {
                        pieces.append(sentence)
                    } else {
                        pieces.append(contentsOf: wordRuns(of: sentence))
                    }
                }
            }
        }
        var out: [String] = []
        var current: [String] = []
        var tokens = 0
        for piece in pieces {
            let t = TextTerms.tokenCount(piece)
            if tokens + t > settings.windowTokens, !current.isEmpty {
                out.append(current.joined(separator: " "))
                // Carry the tail of this window into the next one.
                var carried: [String] = []
                var carriedTokens = 0
                for previous in current.reversed() {
                    let pt = TextTerms.tokenCount(previous)
                    if carriedTokens + pt > settings.overlapTokens { break }
                    carried.insert(previous, at: 0)
                    carriedTokens += pt
                }
                current = carried
                tokens = carriedTokens
            }
            current.append(piece)
            tokens += t
        }
        if !current.isEmpty { out.append(current.joined(separator: " ")) }
        return out
    }

    private func sentences(of paragraph: String) -> [String] {
        var out: [String] = []
        var start = paragraph.startIndex
        var i = paragraph.startIndex
        while i < paragraph.endIndex {
            let ch = paragraph[i]
            let next = paragraph.index(after: i)
            if ch == "." || ch == "!" || ch == "?" || ch == "\n", next == paragraph.endIndex || paragraph[next] == " " || paragraph[next] == "\n" {
                let s = paragraph[start..<next].trimmingCharacters(in: .whitespacesAndNewlines)
                if !s.isEmpty { out.append(s) }
                start = next
            }
            i = next
        }
        let tail = paragraph[start...].trimmingCharacters(in: .whitespacesAndNewlines)
        if !tail.isEmpty { out.append(tail) }
        return out
    }

    private func wordRuns(of sentence: String) -> [String] {
        let words = sentence.split(separator: " ")
        let size = max(1, settings.windowTokens / 2)
        return stride(from: 0, to: words.count, by: size).map { words[$0..<min($0 + size, words.count)].joined(separator: " ") }
    }
}
