import Foundation
import VectorIndex

/// A dense matrix read from a TEXMEX `.fvecs`/`.ivecs` file: each record is an Int32
/// dimension followed by that many 4-byte values; all records must share the dimension.
public struct VecsMatrix<Element: Sendable>: Sendable {
    public let rows: Int
    public let dimensions: Int
    /// Row-major values, `rows * dimensions` long.
    public let values: [Element]

    public func row(_ i: Int) -> ArraySlice<Element> {
        values[(i * dimensions)..<((i + 1) * dimensions)]
    }
}

/// Errors while reading vector files.
public struct VecsFileError: Error, CustomStringConvertible {
    public let description: String
}

/// Reads `.fvecs` (Float32) and `.ivecs` (Int32) files.
public enum VecsFile {
    public static func readFloats(_ path: String) throws -> VecsMatrix<Float> {
        try read(path) { raw, n in Float(bitPattern: raw.loadUnaligned(fromByteOffset: n, as: UInt32.self)) }
    }

    public static func readInts(_ path: String) throws -> VecsMatrix<Int32> {
        try read(path) { raw, n in raw.loadUnaligned(fromByteOffset: n, as: Int32.self) }
    }

    private static func read<E>(_ path: String, _ load: (UnsafeRawBufferPointer, Int) -> E) throws -> VecsMatrix<E> {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        return try data.withUnsafeBytes { raw -> VecsMatrix<E> in
            guard raw.count >= 4 else { throw VecsFileError(description: "\(path): empty or truncated") }
            let dim = Int(raw.loadUnaligned(fromByteOffset: 0, as: Int32.self))
            guard dim > 0 else { throw VecsFileError(description: "\(path): bad dimension \(dim)") }
            let record = 4 + 4 * dim
            guard raw.count % record == 0 else { throw VecsFileError(description: "\(path): size is not a multiple of the record size") }
            let rows = raw.count / record
            var values: [E] = []
            values.reserveCapacity(rows * dim)
            for r in 0..<rows {
                let base = r * record
                guard Int(raw.loadUnaligned(fromByteOffset: base, as: Int32.self)) == dim else {
                    throw VecsFileError(description: "\(path): row \(r) has a different dimension")
                }
                for j in 0..<dim { values.append(load(raw, base + 4 + 4 * j)) }
            }
            return VecsMatrix(rows: rows, dimensions: dim, values: values)
        }
    }
}
