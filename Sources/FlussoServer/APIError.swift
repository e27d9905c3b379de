import FlussoCore
import Foundation
import Hummingbird

/// Renders every error as `{"error": {"code", "message", "field"?, "details"?}}` with the
/// status its code stands for.
public struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as FlussoError {
            if APIErrorStatus.status(for: error.code).code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(error)"])
            }
            return APIErrorBody.response(error)
        } catch let error as HTTPError {
            return APIErrorBody.response(APIErrorStatus.flussoError(from: error))
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            return APIErrorBody.response(FlussoError("internal_error", "the server could not complete the request"))
        }
    }
}

/// The mapping from stable error codes to HTTP statuses.
public enum APIErrorStatus {
    public static func status(for code: String) -> HTTPResponse.Status {
        switch code {
        case "invalid_json", "invalid_parameter", "invalid_cursor", "invalid_multipart": .badRequest
        case "unauthorized": .unauthorized
        case "not_found", "route_not_found": .notFound
        case "method_not_allowed": .methodNotAllowed
        case "ticket_not_finished", "conflict": .conflict
        case "body_too_large": .contentTooLarge
        case "unsupported_media_type": .unsupportedMediaType
        case "validation_failed": .unprocessableContent
        case "storage_error", "storage_unavailable", "not_ready": .serviceUnavailable
        default: .internalServerError
        }
    }

    static func flussoError(from error: HTTPError) -> FlussoError {
        switch error.status {
        case .notFound: FlussoError("route_not_found", error.body ?? "no such route")
        case .contentTooLarge: FlussoError("body_too_large", "the request body is larger than the limit")
        case .methodNotAllowed: FlussoError("method_not_allowed", error.body ?? "method not allowed on this route")
        case .unauthorized: FlussoError("unauthorized", error.body ?? "a valid bearer API key is required")
        case .badRequest: FlussoError("invalid_parameter", error.body ?? "bad request")
        default: FlussoError("http_\(error.status.code)", error.body ?? error.status.reasonPhrase)
        }
    }
}

enum APIErrorBody {
    struct Envelope: Encodable {
        struct Body: Encodable {
            var code: String
            var message: String
            var field: String?
            var details: [FieldProblem]?
        }
        var error: Body
    }

    static func response(_ error: FlussoError) -> Response {
        let body = Envelope(error: .init(code: error.code, message: error.message, field: error.field,
                                         details: error.details.count > 1 ? error.details : nil))
        var response = JSONResponse.make(body, status: APIErrorStatus.status(for: error.code))
        if error.code == "unauthorized" {
            response.headers[.wwwAuthenticate] = "Bearer"
        }
        return response
    }
}
