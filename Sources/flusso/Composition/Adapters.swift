/// The composition root's factories: one `make…` per port, each from typed settings, and the only
/// place an adapter type is named. `Runtime` calls them once, in one pass; commands get ports
/// from the runtime, never an adapter of their own. docs/architecture.md has the port → adapter
/// table as these functions build it.
enum Adapters {}
