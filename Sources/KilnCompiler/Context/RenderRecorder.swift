import KilnBase
import KilnJinja
import KilnProject

/// A `ref(...)` call seen while rendering, with where it was written.
public struct RefCall: Sendable, Hashable {
  /// `ref('package', 'name')`'s package, if given.
  public var package: String?
  /// The referenced name.
  public var name: String
  /// The call site.
  public var span: SourceSpan?
}

/// A `source(...)` call seen while rendering.
public struct SourceCall: Sendable, Hashable {
  /// Source name.
  public var source: String
  /// Table name.
  public var table: String
  /// The call site.
  public var span: SourceSpan?
}

/// Collects what one render of a node did: refs, sources, `config(...)` values, log lines.
/// Lives in one render (one thread); the host functions of that render share it.
final class RenderRecorder: @unchecked Sendable {
  // @unchecked: created per render and only touched by that render's thread.
  var refs: [RefCall] = []
  var sources: [SourceCall] = []
  var config: [String: ConfigValue] = [:]
  var logs: [String] = []
  /// Ephemeral models referenced (unique ids, in order of first use) for CTE injection.
  var ephemerals: [String] = []
  /// A context function reached the warehouse during a deferred compile (see `DatabaseAccess`).
  var usedDatabase = false

  func setConfig(_ key: String, _ value: ConfigValue) {
    config[key] = value
  }
}
