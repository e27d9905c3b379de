import FlussoCore
import Foundation
import Hummingbird

/// A `FlussoError` as Hummingbird renders it: `{"error": {"code", "message", "field"?, "detail"?,
/// "details"?}}` with the HTTP status its code carries (`FlussoErrorCode.httpStatus`).
public struct APIError: HTTPResponseError {
    public let error: FlussoError

    public init(_ error: FlussoError) {
        self.error = error
    }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: error.code.httpStatus) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(Envelope(error), status: status)
        if error.code == .unauthorized {
            response.headers[.wwwAuthenticate] = "Bearer"
        }
        return response
    }

    struct Envelope: Encodable {
        struct Body: Encodable {
            var code: String
            var message: String
            var field: String?
            var detail: String?
            var details: [FieldProblem]?
        }
        var error: Body

        init(_ error: FlussoError) {
            self.error = Body(
                code: error.code.name, message: error.message, field: error.field, detail: error.detail,
                details: error.details.count > 1 ? error.details : nil)
        }
    }
}

/// Turns every error a route throws into an `APIError`: a `FlussoError` as it is, Hummingbird's
/// own `HTTPError` (no route, body too large, …) as the matching code, anything else as
/// `internal_error` without its text (logged instead). Errors answered with a 5xx are logged.
public struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            throw APIError(Self.flussoError(from: error))
        } catch {
            let flussoError = FlussoError(error)
            if flussoError.code.httpStatus >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(error)"])
            }
            if error is FlussoError || error is any FlussoErrorConvertible { throw APIError(flussoError) }
            throw APIError(FlussoError(.internalError, "the server could not complete the request"))
        }
    }

    static func flussoError(from error: HTTPError) -> FlussoError {
        switch error.status {
        case .notFound: FlussoError(.routeNotFound, error.body ?? "no such route")
        case .contentTooLarge: FlussoError(.bodyTooLarge, "the request body is larger than the limit")
        case .methodNotAllowed: FlussoError(.methodNotAllowed, error.body ?? "method not allowed on this route")
        case .unauthorized: FlussoError(.unauthorized, error.body ?? "a valid bearer API key is required")
        case .unsupportedMediaType: FlussoError(.unsupportedMediaType, error.body ?? "unsupported content type")
        case .badRequest: FlussoError(.invalidParameter, error.body ?? "bad request")
        default:
            error.status.code >= 500
                ? FlussoError(.internalError, error.body ?? error.status.reasonPhrase, detail: "\(error.status.code)")
                : FlussoError(.invalidRequest, error.body ?? error.status.reasonPhrase, detail: "\(error.status.code)")
        }
    }
}
