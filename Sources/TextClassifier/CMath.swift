#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) func cLog(_ x: Double) -> Double { log(x) }
@inline(__always) func cExp(_ x: Double) -> Double { exp(x) }
@inline(__always) func cExpf(_ x: Float) -> Float { expf(x) }
@inline(__always) func cLogf(_ x: Float) -> Float { logf(x) }
