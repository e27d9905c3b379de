// swift-tools-version: 6.1
import PackageDescription

/// Flusso: an offline service that turns a support ticket into a checked, cited solution.
/// The module map is docs/architecture.md (which follows ../shared/ARCHITECTURE.md).
let package = Package(
    name: "Flusso",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "flusso", targets: ["flusso"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "FlussoCore",
            dependencies: []
        ),
        .target(
            name: "VectorIndex",
            dependencies: []
        ),
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "Embeddings",
            dependencies: ["FlussoCore", "COpenBLAS"],
            // Optimised even in debug builds: the encoder's SIMD kernels are ~100x slower at -Onone,
            // which would make every test that runs the model take minutes.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(
            name: "HTTPSupport",
            dependencies: [
                "FlussoCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "Webhooks",
            dependencies: ["FlussoCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "WebhookHTTP",
            dependencies: [
                "FlussoCore",
                "HTTPSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "HTTPEnrichment",
            dependencies: [
                "FlussoCore",
                "HTTPSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "HTTPEmbeddings",
            dependencies: [
                "FlussoCore",
                "HTTPSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "AWSAdapters",
            dependencies: [
                "FlussoCore",
                "HTTPSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "EmbedBench",
            dependencies: ["Embeddings", "VectorIndex"]
        ),
        .target(
            name: "TextClassifier",
            dependencies: ["FlussoCore", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "ANNBench",
            dependencies: ["VectorIndex"]
        ),
        .systemLibrary(
            name: "CTesseract", pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev", "tesseract-ocr-eng", "tesseract-ocr-ita", "tesseract-ocr-osd"])]),
        .systemLibrary(name: "CLeptonica", pkgConfig: "lept", providers: [.apt(["libleptonica-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // libxml2 behind a C face of its own: its headers pull in the system's ICU, which clashes
        // with Foundation's in Swift.
        .target(name: "CHTMLParser", dependencies: ["CLibXML2"]),
        .target(name: "HTMLText", dependencies: ["CHTMLParser"]),
        // poppler-glib's pkg-config entry brings cairo's flags (`cairo` is linked by the module map).
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev", "libcairo2-dev"])]),
        .target(
            name: "DocumentText",
            dependencies: ["FlussoCore", "CTesseract", "CLeptonica", "CPoppler"]
        ),
        .target(
            name: "Knowledge",
            dependencies: [
                "FlussoCore",
                "HTMLText",
                "VectorIndex",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Generation",
            dependencies: [
                "FlussoCore",
                "HTTPSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Guardrails",
            dependencies: [
                "FlussoCore",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "LocalStore",
            dependencies: [
                "FlussoCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "Pipeline",
            dependencies: [
                "FlussoCore",
                "Webhooks",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "FlussoServer",
            dependencies: [
                "FlussoCore",
                "Pipeline",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "flusso",
            dependencies: [
                "AWSAdapters",
                "HTTPEnrichment",
                "Webhooks",
                "WebhookHTTP",
                "FlussoCore",
                "LocalStore",
                "Pipeline",
                "FlussoServer",
                "DocumentText",
                "ANNBench",
                "Knowledge",
                "VectorIndex",
                "Generation",
                "Guardrails",
                "TextClassifier",
                "Embeddings",
                "HTTPEmbeddings",
                "CPoppler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(name: "FlussoTestSupport", dependencies: ["FlussoCore", "AWSAdapters", "CPoppler"], path: "Tests/FlussoTestSupport"),
        .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex", "ANNBench"]),
        .testTarget(
            name: "KnowledgeTests",
            dependencies: [
                "Knowledge", "Embeddings", "VectorIndex", "FlussoCore", "LocalStore", "FlussoTestSupport", "HTMLText",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "TextClassifierTests",
            dependencies: ["TextClassifier", "FlussoCore", "Pipeline", "FlussoTestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "DocumentTextTests", dependencies: ["DocumentText", "FlussoCore", "CLeptonica", "CPoppler", "FlussoTestSupport"]),
        .testTarget(
            name: "EmbeddingsTests",
            dependencies: ["Embeddings", "HTTPEmbeddings", "FlussoCore", "FlussoTestSupport"]
        ),
        .testTarget(
            name: "GenerationTests",
            dependencies: [
                "Generation", "FlussoCore", "LocalStore", "FlussoTestSupport", "Guardrails",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "GuardrailsTests", dependencies: ["Guardrails", "FlussoCore", "FlussoTestSupport"]),
        .testTarget(name: "FlussoCoreTests", dependencies: ["FlussoCore", "FlussoTestSupport"]),
        .testTarget(
            name: "HTTPSupportTests",
            dependencies: [
                "HTTPSupport", "FlussoCore", "FlussoTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "WebhooksTests",
            dependencies: [
                "Webhooks", "WebhookHTTP", "Pipeline", "LocalStore", "FlussoCore", "FlussoTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "HTTPEnrichmentTests",
            dependencies: ["HTTPEnrichment", "FlussoCore", "Pipeline", "FlussoTestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "AWSAdaptersTests", dependencies: ["AWSAdapters", "FlussoCore", "FlussoTestSupport"]),
        .testTarget(name: "LocalStoreTests", dependencies: ["LocalStore", "FlussoCore", "FlussoTestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "FlussoCore", "LocalStore", "FlussoTestSupport", "DocumentText"]),
        .testTarget(
            name: "FlussoServerTests",
            dependencies: [
                "FlussoServer", "FlussoCore", "Pipeline", "LocalStore", "FlussoTestSupport", "TextClassifier", "DocumentText",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "FlussoCLITests",
            dependencies: [
                "flusso", "FlussoCore", "FlussoTestSupport", "AWSAdapters", "Embeddings",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
