import KilnBase
import OrderedCollections

/// A `unit_tests:` entry of a properties file (dbt 1.8+): a model run on given rows instead of
/// its refs and sources, compared with expected rows.
public struct UnitTestSpec: Sendable {
  /// Rows of a `given` input or of `expect`, in one of dbt's three formats.
  public enum Rows: Sendable {
    /// `format: dict` (the default): a list of column → value mappings.
    case dict([OrderedDictionary<String, ConfigValue>])
    /// `format: csv`: a header line and data lines (values as text; empty is null).
    case csv(String)
    /// `format: sql`: a `select` giving the rows.
    case sql(String)
  }

  /// One `given` input.
  public struct Input: Sendable {
    /// As written: `ref('stg_customers')`, `source('billing', 'invoices')` or `this`.
    public var input: String
    /// The rows standing in for it.
    public var rows: Rows
    /// Where it is written.
    public var span: SourceSpan
  }

  /// `name:`.
  public var name: String
  /// `model:`, the model under test.
  public var model: String
  /// `description:`.
  public var description: String
  /// `given:`.
  public var given: [Input]
  /// `expect:`.
  public var expect: Rows
  /// `overrides: vars:`.
  public var vars: OrderedDictionary<String, ConfigValue>
  /// `overrides: macros:` (`is_incremental: true`...).
  public var macros: OrderedDictionary<String, ConfigValue>
  /// `overrides: env_vars:`.
  public var envVars: OrderedDictionary<String, ConfigValue> = [:]
  /// `config: tags:`.
  public var tags: [String]
  /// `config: enabled:` (default true).
  public var enabled: Bool
  /// The properties file it is written in, relative to the project root.
  public var originalFilePath: String
  /// The entry.
  public var span: SourceSpan
  /// The `model:` value.
  public var modelSpan: SourceSpan
}
