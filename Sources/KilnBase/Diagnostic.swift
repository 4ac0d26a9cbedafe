/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable {
  case error, warning, note
}

/// An error or warning with a stable code, a place in a source file, notes and a hint.
///
/// Every layer reports bad input as a `Diagnostic`; the CLI renders it once with
/// `rendered(color:)`. Codes are grouped by layer: J Jinja, S SQL, P project, A adapter,
/// C compiler, R runner.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
  /// An extra remark attached to a diagnostic, optionally with its own place.
  public struct Note: Sendable {
    /// The remark.
    public var message: String
    /// Where it points, if anywhere.
    public var span: SourceSpan?
    /// Creates a note.
    public init(_ message: String, span: SourceSpan? = nil) {
      self.message = message
      self.span = span
    }
  }

  /// Error, warning or note.
  public var severity: Severity
  /// Stable, greppable code such as `J0101`.
  public var code: String
  /// Lower-case message naming the thing, no final period.
  public var message: String
  /// Where the problem is.
  public var span: SourceSpan?
  /// A file path when there is no span (a whole file is at fault).
  public var path: String?
  /// Extra remarks ("called from ...").
  public var notes: [Note]
  /// A suggestion ("did you mean `stg_orders`?").
  public var hint: String?

  /// Creates a diagnostic.
  public init(
    _ severity: Severity = .error, code: String, _ message: String, span: SourceSpan? = nil,
    path: String? = nil, notes: [Note] = [], hint: String? = nil
  ) {
    self.severity = severity
    self.code = code
    self.message = message
    self.span = span
    self.path = path
    self.notes = notes
    self.hint = hint
  }

  public var description: String { rendered(color: false) }
}

/// A collection of diagnostics thrown together, e.g. every file's errors after loading.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
  /// The diagnostics, in the order they were found.
  public var diagnostics: [Diagnostic]
  /// Creates a list.
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
  public var description: String {
    diagnostics.map { $0.rendered(color: false) }.joined(separator: "\n")
  }
}
