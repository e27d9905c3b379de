import FlussoCore
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the local classifier's model file on SIGHUP (`kill -HUP <pid>` after `flusso
/// classifier retrain` or `rollback`), for `serve` and `worker`. A file that cannot be read
/// leaves the model in use (the error is logged). With no local classifier, SIGHUP is logged and
/// ignored.
struct ClassifierReloadOnHangup: Service {
    let control: (any ClassifierModelControl)?
    let logger: Logger

    /// SIGHUP's default action ends the process: ignore it from the start of `serve` and
    /// `worker`, so one sent while they load (before this service traps it) is harmless.
    static func ignoreUntilTrapped() {
        signal(SIGHUP, SIG_IGN)
    }

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            guard let control else {
                logger.warning("SIGHUP: no local classifier model to reload")
                continue
            }
            do {
                let info = try control.reload()
                logger.notice("SIGHUP: classifier model reloaded", metadata: ["model_id": "\(info.modelID)", "revision": "\(info.revision)"])
            } catch {
                logger.error("SIGHUP: classifier model not reloaded; the model in use stays", metadata: ["error": "\(error)"])
            }
        }
    }
}
