import KilnBase

/// An error raised while parsing or rendering a template.
///
/// `kind` mirrors the Python exception jinja2 would raise: `TemplateSyntaxError`,
/// `UndefinedError`, `TypeError`/`ValueError`, `SecurityError`, or another runtime error.
public struct JinjaError: Error, Sendable, CustomStringConvertible {
  /// Which Python exception this corresponds to.
  public enum Kind: String, Sendable {
    case syntax, undefined, type, security, runtime
  }

  /// The kind of failure.
  public var kind: Kind
  /// jinja2-like message.
  public var message: String
  /// Where in which template, once known.
  public var span: SourceSpan?
  /// Macro call stack, innermost first ("in macro `x`, called from a.sql:3").
  public var notes: [Diagnostic.Note] = []
  /// A suggestion ("did you mean `upper`?").
  public var hint: String?

  /// Creates an error.
  public init(_ kind: Kind, _ message: String, span: SourceSpan? = nil, hint: String? = nil) {
    self.kind = kind
    self.message = message
    self.span = span
    self.hint = hint
  }

  /// A type error (`TypeError`/`ValueError` in Python).
  public static func type(_ m: String) -> JinjaError { JinjaError(.type, m) }
  /// A runtime error raised by the template or a host function.
  public static func runtime(_ m: String) -> JinjaError { JinjaError(.runtime, m) }
  /// An undefined-value error.
  public static func undefined(_ m: String) -> JinjaError { JinjaError(.undefined, m) }
  /// A sandbox violation.
  public static func security(_ m: String) -> JinjaError { JinjaError(.security, m) }

  /// 1-based line of the error, or 0 when unknown.
  public var line: Int { span?.line ?? 0 }

  /// Stable code per kind, for diagnostics.
  public var code: String {
    switch kind {
    case .syntax: return "J0101"
    case .undefined: return "J0201"
    case .type: return "J0202"
    case .security: return "J0203"
    case .runtime: return "J0204"
    }
  }

  /// The error as a renderable diagnostic with a caret under the failing expression.
  public var diagnostic: Diagnostic {
    let prefix = kind == .syntax ? "template syntax error: " : ""
    return Diagnostic(.error, code: code, prefix + message, span: span, notes: notes, hint: hint)
  }

  public var description: String { diagnostic.rendered(color: false) }
}
