/// A stable error code: the name clients and tests match on, how a retry policy treats it, and
/// the HTTP status the API answers with. The set is closed: every code is a `static let` below
/// and listed in `all`; a value that varies (an upstream HTTP status) goes in
/// `FlussoError.detail`, never in the code. Codes stored in step records are names; `named(_:)`
/// reads them back.
public struct FlussoErrorCode: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let kind: ErrorKind
    /// The HTTP status the API answers with.
    public let httpStatus: Int
    /// What the code means, for people (docs and `flusso` help).
    public let meaning: String

    private init(_ name: String, _ kind: ErrorKind, _ httpStatus: Int, _ meaning: String) {
        self.name = name
        self.kind = kind
        self.httpStatus = httpStatus
        self.meaning = meaning
    }

    public var description: String { name }

    public static func == (lhs: FlussoErrorCode, rhs: FlussoErrorCode) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// The code with this name (as stored in a step record), or nil.
    public static func named(_ name: String) -> FlussoErrorCode? { byName[name] }

    private static let byName: [String: FlussoErrorCode] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    public static let internalError = FlussoErrorCode(
        "internal_error", .transient, 500,
        "An unexpected failure (an I/O error or a bug); retried as transient.")
    public static let cancelled = FlussoErrorCode("cancelled", .permanent, 503, "The work was cancelled (shutdown).")
    public static let invalidConfiguration = FlussoErrorCode(
        "invalid_configuration", .permanent, 500,
        "A configuration value is wrong or a required resource is missing.")
    public static let invalidParameter = FlussoErrorCode("invalid_parameter", .permanent, 400, "A query parameter or command-line argument is wrong.")
    public static let invalidInput = FlussoErrorCode("invalid_input", .permanent, 400, "A command's input is wrong.")
    public static let invalidRequest = FlussoErrorCode("invalid_request", .permanent, 400, "The HTTP request is malformed.")
    public static let invalidJSON = FlussoErrorCode("invalid_json", .permanent, 400, "A body or file is not valid JSON.")
    public static let invalidCursor = FlussoErrorCode("invalid_cursor", .permanent, 400, "A pagination cursor is not one this server issued.")
    public static let invalidMultipart = FlussoErrorCode("invalid_multipart", .permanent, 400, "A multipart body cannot be read.")
    public static let invalidObjectKey = FlussoErrorCode("invalid_object_key", .permanent, 400, "An object-store key is not allowed.")
    public static let invalidQuery = FlussoErrorCode("invalid_query", .permanent, 400, "A knowledge-base query is empty or too long.")
    public static let unauthorized = FlussoErrorCode("unauthorized", .permanent, 401, "A valid bearer API key is required.")
    public static let notFound = FlussoErrorCode("not_found", .permanent, 404, "The ticket (or other resource) does not exist.")
    public static let routeNotFound = FlussoErrorCode("route_not_found", .permanent, 404, "No route matches the path.")
    public static let methodNotAllowed = FlussoErrorCode("method_not_allowed", .permanent, 405, "The route does not take this method.")
    public static let conflict = FlussoErrorCode("conflict", .permanent, 409, "The request conflicts with the resource's state.")
    public static let ticketNotFinished = FlussoErrorCode("ticket_not_finished", .permanent, 409, "The ticket has no final status yet.")
    public static let stepAlreadyFinished = FlussoErrorCode("step_already_finished", .permanent, 409, "The step was already recorded as finished.")
    public static let invalidState = FlussoErrorCode("invalid_state", .permanent, 409, "A status change that is not allowed.")
    public static let leaseLost = FlussoErrorCode("lease_lost", .permanent, 409, "A worker's lease on a job expired or passed to another worker.")
    public static let guardrailsDisabled = FlussoErrorCode("guardrails_disabled", .permanent, 409, "guardrails.enabled is false.")
    public static let emptyKnowledgeBase = FlussoErrorCode("empty_knowledge_base", .permanent, 409, "The knowledge base has no chunks.")
    public static let noEmbedder = FlussoErrorCode("no_embedder", .permanent, 409, "Dense search needs an embedder and none is configured.")
    public static let staleVersion = FlussoErrorCode(
        "stale_version", .permanent, 409, "The review names a solution version that is no longer the ticket's current one.")
    public static let noLocalClassifier = FlussoErrorCode(
        "no_local_classifier", .permanent, 409, "The process runs no local classifier model that could be reloaded.")
    public static let tooLittleData = FlussoErrorCode("too_little_data", .permanent, 422, "Too few examples to train or judge a model.")
    public static let challengerRefused = FlussoErrorCode(
        "challenger_refused", .permanent, 409, "A retrained model was worse than the one in use by more than the margin; nothing was replaced.")
    public static let noPreviousModel = FlussoErrorCode("no_previous_model", .permanent, 409, "There is no previous model to roll back to.")
    public static let bodyTooLarge = FlussoErrorCode("body_too_large", .permanent, 413, "The request body is larger than server.body_limit_bytes.")
    public static let attachmentTooLarge = FlussoErrorCode("attachment_too_large", .permanent, 413, "An attachment is larger than its limit.")
    public static let unsupportedMediaType = FlussoErrorCode("unsupported_media_type", .permanent, 415, "The request's content type is not accepted.")
    public static let unsupportedType = FlussoErrorCode("unsupported_type", .permanent, 415, "A file or attachment type that cannot be read.")
    public static let validationFailed = FlussoErrorCode(
        "validation_failed", .permanent, 422,
        "A request body field is missing or wrong (field and details say which).")
    public static let invalidTicket = FlussoErrorCode("invalid_ticket", .permanent, 422, "A ticket file is not a valid ticket.")
    public static let emptyText = FlussoErrorCode("empty_text", .permanent, 422, "There is no text to classify.")
    public static let uriNotAllowed = FlussoErrorCode("uri_not_allowed", .permanent, 422, "An attachment URI is outside what is allowed.")
    public static let unsupportedURI = FlussoErrorCode("unsupported_uri", .permanent, 422, "An attachment URI scheme that cannot be read.")
    public static let attachmentMissing = FlussoErrorCode("attachment_missing", .permanent, 422, "An attachment is not in the object store.")
    public static let attachmentCorrupt = FlussoErrorCode("attachment_corrupt", .permanent, 422, "An attachment cannot be decoded.")
    public static let corruptDocument = FlussoErrorCode("corrupt_document", .permanent, 422, "A PDF or image cannot be read.")
    public static let encryptedDocument = FlussoErrorCode("encrypted_document", .permanent, 422, "A PDF needs a password.")
    public static let invalidLanguages = FlussoErrorCode("invalid_languages", .permanent, 500, "Tesseract has no model for a configured language.")
    public static let ocrUnavailable = FlussoErrorCode("ocr_unavailable", .permanent, 500, "Tesseract could not be started.")
    public static let ocrFailed = FlussoErrorCode("ocr_failed", .transient, 500, "OCR could not allocate or run on a page.")
    public static let storageError = FlussoErrorCode("storage_error", .transient, 503, "The database could not complete a write or read.")
    public static let storageUnavailable = FlussoErrorCode("storage_unavailable", .permanent, 503, "The database cannot be opened.")
    public static let storageCorrupt = FlussoErrorCode("storage_corrupt", .permanent, 500, "A stored document cannot be decoded.")
    public static let notReady = FlussoErrorCode("not_ready", .transient, 503, "The service is not ready.")
    public static let tooManyEventStreams = FlussoErrorCode(
        "too_many_event_streams", .throttled, 503, "Every GET /events stream this server allows is open; try again later.")
    public static let timeout = FlussoErrorCode("timeout", .timeout, 504, "An operation took longer than its deadline.")
    public static let stepTimeout = FlussoErrorCode("step_timeout", .timeout, 504, "A pipeline step took longer than its timeout.")
    public static let serverUnreachable = FlussoErrorCode("server_unreachable", .transient, 503, "A server Flusso calls cannot be reached.")
    public static let serverError = FlussoErrorCode(
        "server_error", .transient, 502,
        "A server Flusso calls answered with an error (detail: its HTTP status).")
    public static let invalidModelResponse = FlussoErrorCode(
        "invalid_model_response", .permanent, 502, "A model server's answer cannot be used (asking again gives the same).")
    public static let awsCredentials = FlussoErrorCode("aws_credentials", .permanent, 500, "No usable AWS credentials were found.")
    public static let awsAuth = FlussoErrorCode("aws_auth", .permanent, 502, "AWS refused the credentials or the signature.")
    public static let awsThrottled = FlussoErrorCode("aws_throttled", .throttled, 503, "AWS asked to slow down.")
    public static let awsUnavailable = FlussoErrorCode("aws_unavailable", .transient, 503, "AWS could not be reached or failed (5xx).")
    public static let awsError = FlussoErrorCode("aws_error", .permanent, 502, "AWS refused the request (detail: its HTTP status and error code).")
    public static let embeddingModelMissing = FlussoErrorCode(
        "embedding_model_missing", .permanent, 500,
        "An embedding model file is missing or unreadable.")
    public static let embeddingServerUnavailable = FlussoErrorCode(
        "embedding_server_unavailable", .transient, 503,
        "The embedding server could not be reached or kept failing.")
    public static let embeddingInvalidResponse = FlussoErrorCode(
        "embedding_invalid_response", .transient, 502,
        "The embedding server answered something that is not embeddings.")
    public static let embeddingFailed = FlussoErrorCode("embedding_failed", .transient, 503, "A document could not be embedded.")
    public static let enrichmentSourceUnavailable = FlussoErrorCode(
        "enrichment_source_unavailable", .transient, 503,
        "A site's customer or asset API could not be reached or answered something unusable.")
    public static let webhookVerificationFailed = FlussoErrorCode(
        "webhook_verification_failed", .permanent, 401, "A webhook's signature, timestamp or headers do not verify.")
    public static let emptyDataset = FlussoErrorCode("empty_dataset", .permanent, 422, "A training set has no usable examples.")
    public static let missingField = FlussoErrorCode("missing_field", .permanent, 422, "A record lacks a required field.")
    public static let invalidUTF8 = FlussoErrorCode("invalid_utf8", .permanent, 422, "A file is not UTF-8.")
    public static let invalidEncoding = FlussoErrorCode("invalid_encoding", .permanent, 422, "A document is not in a readable text encoding.")
    public static let invalidCSV = FlussoErrorCode("invalid_csv", .permanent, 422, "A CSV file cannot be read.")
    public static let invalidYAML = FlussoErrorCode("invalid_yaml", .permanent, 422, "A YAML file cannot be read.")
    public static let invalidFrontMatter = FlussoErrorCode(
        "invalid_front_matter", .permanent, 422,
        "A Markdown document's front matter cannot be read.")
    public static let invalidHTML = FlussoErrorCode("invalid_html", .permanent, 422, "An HTML page cannot be read (empty, or not HTML).")
    public static let invalidLabel = FlussoErrorCode(
        "invalid_label", .permanent, 422,
        "A labelled evaluation query's labels are unusable: a quote too short to point at one passage, or labels that match no chunk.")
    public static let invalidSidecar = FlussoErrorCode(
        "invalid_sidecar", .permanent, 422, "A PDF manual's sidecar YAML has an unknown key or a value of the wrong kind.")
    public static let invalidCatalogue = FlussoErrorCode("invalid_catalogue", .permanent, 422, "An error-code catalogue does not match its mapping.")
    public static let invalidMapping = FlussoErrorCode("invalid_mapping", .permanent, 422, "A catalogue or enrichment mapping file is wrong.")
    public static let invalidPattern = FlussoErrorCode("invalid_pattern", .permanent, 422, "A regular expression does not compile.")
    public static let noCatalogueMapping = FlussoErrorCode("no_catalogue_mapping", .permanent, 422, "A catalogue file has no mapping.")
    public static let emptyDocument = FlussoErrorCode("empty_document", .permanent, 422, "A document has no text.")
    public static let unreadableFile = FlussoErrorCode("unreadable_file", .permanent, 422, "A file cannot be read.")
    public static let singleClass = FlussoErrorCode("single_class", .permanent, 422, "A training set has only one label.")
    public static let invalidSettings = FlussoErrorCode("invalid_settings", .permanent, 422, "Training or model settings are out of range.")
    public static let notAModel = FlussoErrorCode("not_a_model", .permanent, 422, "A file is not a classifier model.")
    public static let incompatibleModel = FlussoErrorCode("incompatible_model", .permanent, 422, "A model file of another format version.")
    public static let truncatedModel = FlussoErrorCode("truncated_model", .permanent, 422, "A model file is cut short.")
    public static let corruptedModel = FlussoErrorCode("corrupted_model", .permanent, 422, "A model file fails its checksum.")
    public static let writeFailed = FlussoErrorCode("write_failed", .transient, 500, "A file could not be written.")
    public static let ioError = FlussoErrorCode("io_error", .transient, 500, "A file could not be read or written.")
    public static let dimensionMismatch = FlussoErrorCode("dimension_mismatch", .permanent, 422, "A vector of the wrong length.")
    public static let nonFiniteValue = FlussoErrorCode("non_finite_value", .permanent, 422, "A vector holds NaN or infinity.")
    public static let zeroVector = FlussoErrorCode("zero_vector", .permanent, 422, "A zero vector cannot be normalised.")
    public static let invalidK = FlussoErrorCode("invalid_k", .permanent, 400, "k must be positive.")
    public static let duplicateID = FlussoErrorCode("duplicate_id", .permanent, 409, "A vector id is already in the index.")
    public static let unknownID = FlussoErrorCode("unknown_id", .permanent, 404, "A vector id is not in the index.")
    public static let unknownMetric = FlussoErrorCode("unknown_metric", .permanent, 422, "An index file names an unknown metric.")
    public static let badMagic = FlussoErrorCode("bad_magic", .permanent, 422, "A file is not a vector index.")
    public static let unsupportedVersion = FlussoErrorCode("unsupported_version", .permanent, 422, "A vector index of another format version.")
    public static let truncatedFile = FlussoErrorCode("truncated_file", .permanent, 422, "A vector index file is cut short.")
    public static let corruptedFile = FlussoErrorCode("corrupted_file", .permanent, 422, "A vector index file is corrupted.")

    /// Every code.
    public static let all: [FlussoErrorCode] = [
        .internalError, .cancelled, .invalidConfiguration, .invalidParameter, .invalidInput, .invalidRequest, .invalidJSON, .invalidCursor,
        .invalidMultipart, .invalidObjectKey, .invalidQuery, .unauthorized, .notFound, .routeNotFound, .methodNotAllowed, .conflict,
        .ticketNotFinished, .stepAlreadyFinished, .invalidState, .leaseLost, .guardrailsDisabled, .emptyKnowledgeBase, .noEmbedder,
        .staleVersion, .noLocalClassifier, .tooLittleData, .challengerRefused, .noPreviousModel,
        .bodyTooLarge, .attachmentTooLarge, .unsupportedMediaType, .unsupportedType, .validationFailed, .invalidTicket, .emptyText,
        .uriNotAllowed, .unsupportedURI, .attachmentMissing, .attachmentCorrupt, .corruptDocument, .encryptedDocument, .invalidLanguages,
        .ocrUnavailable, .ocrFailed, .storageError, .storageUnavailable, .storageCorrupt, .notReady, .tooManyEventStreams, .timeout, .stepTimeout,
        .serverUnreachable, .serverError, .invalidModelResponse, .awsCredentials, .awsAuth, .awsThrottled, .awsUnavailable, .awsError,
        .embeddingModelMissing, .embeddingServerUnavailable, .embeddingInvalidResponse, .embeddingFailed, .enrichmentSourceUnavailable,
        .webhookVerificationFailed, .emptyDataset,
        .missingField,
        .invalidUTF8, .invalidEncoding, .invalidCSV, .invalidYAML, .invalidFrontMatter, .invalidHTML, .invalidLabel, .invalidSidecar,
        .invalidCatalogue,
        .invalidMapping,
        .invalidPattern,
        .noCatalogueMapping, .emptyDocument, .unreadableFile, .singleClass, .invalidSettings, .notAModel, .incompatibleModel,
        .truncatedModel, .corruptedModel, .writeFailed, .ioError, .dimensionMismatch, .nonFiniteValue, .zeroVector, .invalidK, .duplicateID,
        .unknownID, .unknownMetric, .badMagic, .unsupportedVersion, .truncatedFile, .corruptedFile,
    ]
}
