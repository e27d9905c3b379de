import CLeptonica
import CTesseract
import FlussoCore
import Foundation
import Synchronization

/// One Tesseract handle (`TessBaseAPI`) loaded with a language list, plus a lazily created
/// orientation-detection handle (`osd`).
///
/// Not `Sendable` and not thread-safe: Tesseract handles keep per-page state. Each instance is
/// created, used and destroyed on one `EngineWorker`'s serial queue only (see `EnginePool`).
final class TesseractEngine {
    private(set) var languages: String
    let tessdata: String
    private var handle: OpaquePointer
    private var osdHandle: OpaquePointer?
    private var osdUnavailable = false

    /// Loads the models (~110 ms for ita+eng). Throws `ocr_unavailable` when a language is missing.
    init(tessdata: String, languages: String) throws {
        guard let handle = TessBaseAPICreate() else {
            throw FlussoError(.ocrUnavailable, "cannot create a Tesseract handle")
        }
        self.tessdata = tessdata
        self.languages = languages
        self.handle = handle
        guard TessBaseAPIInit3(handle, tessdata, languages) == 0 else {
            TessBaseAPIEnd(handle)
            TessBaseAPIDelete(handle)
            throw FlussoError(.ocrUnavailable, "Tesseract cannot load languages '\(languages)' from \(tessdata)")
        }
        Self.configure(handle)
    }

    /// Sends Tesseract's progress chatter ("Detected 56 diacritics") to /dev/null instead of
    /// the service's stderr (results and errors still come back through the API), and turns off
    /// the per-word re-reading of doubtful words inverted (`tessedit_do_invert`): on a dense page
    /// it costs about a quarter of the time for the same text (linn.png: 5.3 s → 4.0 s with the
    /// CLI, identical output), and Tesseract 5's layout analysis already finds white-on-dark
    /// regions by itself (tested: a page with an inverted band reads with CER 0).
    private static func configure(_ handle: OpaquePointer) {
        _ = TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
        _ = TessBaseAPISetVariable(handle, "tessedit_do_invert", "0")
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
        if let osdHandle {
            TessBaseAPIEnd(osdHandle)
            TessBaseAPIDelete(osdHandle)
        }
    }

    /// Re-initialises the handle when a call asks for other languages. Unknown languages are
    /// refused before the handle is touched (every `+`-separated name needs its
    /// `.traineddata` file), so a bad request never leaves the engine unusable.
    func use(languages wanted: String) throws {
        guard wanted != languages else { return }
        let names = wanted.split(separator: "+", omittingEmptySubsequences: false)
        guard !names.isEmpty,
            names.allSatisfy({ name in
                !name.isEmpty && name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
                    && FileManager.default.fileExists(atPath: tessdata + "/" + name + ".traineddata")
            })
        else {
            throw FlussoError(.invalidLanguages, "Tesseract has no model for '\(wanted)' in \(tessdata)")
        }
        if TessBaseAPIInit3(handle, tessdata, wanted) == 0 {
            languages = wanted
            Self.configure(handle)
            return
        }
        // A failed Init leaves the handle without models: replace it with a fresh one.
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
        handle = TessBaseAPICreate()
        _ = TessBaseAPIInit3(handle, tessdata, languages)
        Self.configure(handle)
        throw FlussoError(.invalidLanguages, "Tesseract cannot load languages '\(wanted)' from \(tessdata)")
    }

    /// Result of recognising one image.
    struct Recognition {
        var text: String
        var confidence: Double
        var cutShort: Bool
    }

    /// Recognises `pix` (any depth Leptonica reads) with automatic page segmentation, stopping
    /// after `deadline` seconds or when `cancel` is raised; the words read until then are kept.
    func recognize(_ pix: UnsafeMutablePointer<PIX>, dpi: Int?, deadline: Double, cancel: CancelFlag) -> Recognition {
        TessBaseAPISetPageSegMode(handle, PSM_AUTO)
        TessBaseAPISetImage2(handle, pix)
        if let dpi, dpi > 0 { TessBaseAPISetSourceResolution(handle, Int32(dpi)) }
        let monitor = TessMonitorCreate()
        defer { TessMonitorDelete(monitor) }
        let deadlineMs = Int32(clamping: Int((deadline * 1000).rounded()))
        TessMonitorSetDeadlineMSecs(monitor, deadlineMs)
        TessMonitorSetCancelThis(monitor, Unmanaged.passUnretained(cancel).toOpaque())
        TessMonitorSetCancelFunc(monitor) { cancelThis, _ in
            guard let cancelThis else { return false }
            return Unmanaged<CancelFlag>.fromOpaque(cancelThis).takeUnretainedValue().isRaised
        }
        let start = ContinuousClock.now
        _ = TessBaseAPIRecognize(handle, monitor)
        let elapsed = ContinuousClock.now - start
        var text = ""
        if let cText = TessBaseAPIGetUTF8Text(handle) {
            text = String(cString: cText)
            TessDeleteText(cText)
        }
        let confidence = Double(TessBaseAPIMeanTextConf(handle))
        TessBaseAPIClear(handle)
        let cutShort = cancel.isRaised || elapsed >= .milliseconds(Int(deadlineMs))
        return Recognition(text: text, confidence: confidence, cutShort: cutShort)
    }

    /// Page orientation from the `osd` model: clockwise degrees the page must be turned by to
    /// read upright (0, 90, 180, 270) and Tesseract's confidence; nil when `osd` is not installed
    /// or the page has too little text to tell.
    func detectOrientation(_ pix: UnsafeMutablePointer<PIX>) -> (degrees: Int, confidence: Double)? {
        if osdHandle == nil && !osdUnavailable {
            if let candidate = TessBaseAPICreate() {
                if TessBaseAPIInit2(candidate, tessdata, "osd", OEM_TESSERACT_ONLY) == 0 {
                    Self.configure(candidate)
                    osdHandle = candidate
                } else {
                    TessBaseAPIEnd(candidate)
                    TessBaseAPIDelete(candidate)
                }
            }
            osdUnavailable = osdHandle == nil
        }
        guard let osd = osdHandle else { return nil }
        TessBaseAPISetPageSegMode(osd, PSM_OSD_ONLY)
        TessBaseAPISetImage2(osd, pix)
        defer { TessBaseAPIClear(osd) }
        var degrees: Int32 = 0
        var confidence: Float = 0
        var script: UnsafePointer<CChar>?
        var scriptConfidence: Float = 0
        guard TessBaseAPIDetectOrientationScript(osd, &degrees, &confidence, &script, &scriptConfidence) != 0 else {
            return nil
        }
        return (Int(degrees), Double(confidence))
    }

    /// `tesseract-5.3.0`.
    static var version: String {
        "tesseract-" + String(cString: TessVersion())
    }
}

/// A flag raised from another thread (task cancellation) and read by Tesseract's cancel callback
/// and between pages.
final class CancelFlag: Sendable {
    private let raised = Mutex(false)
    var isRaised: Bool { raised.withLock { $0 } }
    func raise() { raised.withLock { $0 = true } }
}
