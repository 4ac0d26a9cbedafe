import Foundation
import KilnAdapters
import KilnBase
import KilnCompiler
import KilnProject

/// `kiln source freshness`: for each selected source table with `freshness` and a
/// `loaded_at_field`, dbt's `collect_freshness` query (`max(loaded_at_field)` and the
/// database's current time, with the criteria's `filter`), and pass / warn / error by age.
public enum FreshnessCheck {
  /// One table's outcome, as a `sources.json` result.
  public struct Result: Sendable {
    /// `source.<package>.<source>.<table>`.
    public var uniqueID: String
    /// `<source>.<table>`, for the console.
    public var displayName: String
    /// pass, warn, error or runtime error.
    public var status: FreshnessCriteria.Status
    /// `max(loaded_at_field)`; nil when the table is empty or the check failed.
    public var maxLoadedAt: Date?
    /// The database's current time when the query ran.
    public var snapshottedAt: Date?
    /// `snapshotted_at - max_loaded_at` in seconds.
    public var age: Double?
    /// The thresholds.
    public var criteria: FreshnessCriteria
    /// What went wrong (runtime errors).
    public var diagnostic: Diagnostic?
    /// The query run.
    public var sql: String
    /// When it started and finished.
    public var startedAt: Date
    /// When it finished.
    public var completedAt: Date
  }

  /// Source tables that have freshness criteria and a `loaded_at_field`, among `selected`
  /// (ids), in id order; bad criteria are diagnostics.
  public static func checkable(_ parsed: ParsedProject, selected: Set<String>) throws(DiagnosticList)
    -> [(SourceDefinition, FreshnessCriteria)]
  {
    var out: [(SourceDefinition, FreshnessCriteria)] = []
    var errors: [Diagnostic] = []
    for (id, s) in parsed.project.sources where selected.contains(id) {
      do {
        guard let c = try FreshnessCriteria.of(s), loadedAtField(s) != nil else { continue }
        out.append((s, c))
      } catch { errors.append(error) }
    }
    if !errors.isEmpty { throw DiagnosticList(errors) }
    return out
  }

  /// `loaded_at_field` from `config:` (dbt 1.10+), else the property (table over source).
  static func loadedAtField(_ s: SourceDefinition) -> String? {
    s.config.extra["loaded_at_field"]?.stringValue ?? s.loadedAtField
  }

  /// The freshness query of a source table.
  public static func query(_ s: SourceDefinition, _ c: FreshnessCriteria, parsed: ParsedProject) -> String {
    let session = parsed.session
    let relation = session.policy.render(
      database: s.database ?? session.profile.database, schema: s.schema, identifier: s.identifier)
    let field = loadedAtField(s) ?? "null"
    let (maxed, now) =
      session.adapterType == .postgres
      ? ("cast(max(\(field)) as text)", "cast(now() as text)")
      : ("max(\(field))", "strftime('%Y-%m-%d %H:%M:%f', 'now')")
    var sql = "select\n  \(maxed) as max_loaded_at,\n  \(now) as snapshotted_at\nfrom \(relation)"
    if let f = c.filter { sql += "\nwhere \(f)" }
    return sql
  }

  /// Runs one table's check on `connection`.
  public static func run(
    _ s: SourceDefinition, _ c: FreshnessCriteria, parsed: ParsedProject, on connection: any DatabaseConnection
  ) -> Result {
    let start = Date()
    let sql = query(s, c, parsed: parsed)
    var r = Result(
      uniqueID: s.uniqueID, displayName: "\(s.sourceName).\(s.name)", status: .runtimeError, maxLoadedAt: nil,
      snapshottedAt: nil, age: nil, criteria: c, diagnostic: nil, sql: sql, startedAt: start, completedAt: start)
    do {
      let row = try connection.query(sql).rows.first ?? []
      let texts = row.map { v -> String? in
        switch v {
        case .text(let t): return t
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        default: return nil
        }
      }
      guard texts.count == 2, let nowText = texts[1], let now = FreshnessTimestamp.parse(nowText) else {
        throw Diagnostic(code: "R0501", "the freshness query of \(r.displayName) returned no current time")
      }
      r.snapshottedAt = now
      guard let loadedText = texts[0] else {
        throw Diagnostic(
          code: "R0502", "source \(r.displayName) has no rows\(c.filter == nil ? "" : " matching the filter"), so it has no freshness",
          path: s.originalFilePath, hint: "load the table, or check `loaded_at_field` and `filter`")
      }
      guard let loaded = FreshnessTimestamp.parse(loadedText) else {
        throw Diagnostic(
          code: "R0503", "loaded_at_field `\(loadedAtField(s) ?? "")` of source \(r.displayName) gave `\(loadedText)`, which is not a timestamp",
          span: s.span, hint: "point loaded_at_field at a timestamp column, or cast it (e.g. `cast(col as timestamp)`)")
      }
      r.maxLoadedAt = loaded
      r.age = now.timeIntervalSince(loaded)
      r.status = c.status(age: r.age ?? 0)
    } catch let d as Diagnostic {
      r.diagnostic = d
    } catch let a as AdapterError {
      var d = a.diagnostic(path: s.originalFilePath)
      d.notes.insert(.init("while checking the freshness of source \(r.displayName)"), at: 0)
      r.diagnostic = d
    } catch {
      r.diagnostic = Diagnostic(code: "R0500", "\(error)", path: s.originalFilePath)
    }
    r.completedAt = Date()
    return r
  }

  /// `target/sources.json` (schema v3).
  public static func document(_ results: [Result], parsed: ParsedProject, elapsed: Double) -> JSON {
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    func stamp(_ d: Date?) -> JSON {
      guard let d else { return .null }
      let f = DateFormatter()
      f.locale = Locale(identifier: "en_US_POSIX")
      f.timeZone = TimeZone(identifier: "UTC")
      f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'"
      return .string(f.string(from: d))
    }
    func threshold(_ t: FreshnessCriteria.Threshold) -> JSON {
      .object([("count", t.count.map { .int($0) } ?? .null), ("period", .opt(t.period))])
    }
    let items: [JSON] = results.map { r in
      if r.status == .runtimeError {
        return .object([
          ("unique_id", .string(r.uniqueID)), ("error", .string(r.diagnostic?.message ?? "")),
          ("status", .string(r.status.rawValue)),
        ])
      }
      return .object([
        ("unique_id", .string(r.uniqueID)), ("max_loaded_at", stamp(r.maxLoadedAt)),
        ("snapshotted_at", stamp(r.snapshottedAt)), ("max_loaded_at_time_ago_in_s", .double(r.age ?? 0)),
        ("status", .string(r.status.rawValue)),
        (
          "criteria",
          .object([
            ("warn_after", threshold(r.criteria.warnAfter)), ("error_after", threshold(r.criteria.errorAfter)),
            ("filter", .opt(r.criteria.filter)),
          ])
        ),
        ("adapter_response", .object([("_message", .string("SELECT 1")), ("code", .string("SELECT")), ("rows_affected", .int(1))])),
        (
          "timing",
          .array([
            .object([("name", .string("compile")), ("started_at", .string(iso.string(from: r.startedAt))), ("completed_at", .string(iso.string(from: r.startedAt)))]),
            .object([("name", .string("execute")), ("started_at", .string(iso.string(from: r.startedAt))), ("completed_at", .string(iso.string(from: r.completedAt)))]),
          ])
        ),
        ("thread_id", .string("Thread-1")), ("execution_time", .double(r.completedAt.timeIntervalSince(r.startedAt))),
      ])
    }
    return .object([
      (
        "metadata",
        .object([
          ("dbt_schema_version", .string("https://schemas.getdbt.com/dbt/sources/v3.json")),
          ("dbt_version", .string("1.10.0")), ("generated_at", .string(iso.string(from: Date()))),
          ("invocation_id", .string(parsed.session.invocationID)),
          ("invocation_started_at", .string(iso.string(from: parsed.session.runStartedAt))), ("env", .object([])),
        ])
      ),
      ("results", .array(items)), ("elapsed_time", .double(elapsed)),
    ])
  }
}
