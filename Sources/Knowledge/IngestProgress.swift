import Foundation

/// Rate and time left of a long ingestion, for its progress lines on stderr: counts what is
/// done against what there is, from when the work began.
struct IngestProgress {
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant

    init() { started = clock.now }

    /// "12.5 chunks/s, ETA 1:05" (no ETA when nothing is done yet, or nothing is left).
    func rateAndETA(done: Int, of total: Int, unit: String) -> String {
        let elapsed = (clock.now - started).seconds
        guard done > 0, elapsed > 0 else { return "starting" }
        let rate = Double(done) / elapsed
        let rateText = String(format: rate < 10 ? "%.1f" : "%.0f", rate) + " \(unit)/s"
        guard total > done else { return rateText }
        return rateText + ", ETA " + Self.clockText(Double(total - done) / rate)
    }

    /// Seconds as m:ss or h:mm:ss.
    static func clockText(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
