/// A value bound to or read from a statement; the five SQLite storage classes, which also cover
/// what Kiln sends to Postgres as parameters.
public enum SQLValue: Hashable, Sendable {
  /// SQL NULL.
  case null
  /// A 64-bit signed integer.
  case integer(Int64)
  /// An IEEE double.
  case real(Double)
  /// UTF-8 text.
  case text(String)
  /// Raw bytes.
  case blob([UInt8])

  /// The text, or nil when the value is not `.text`.
  public var textValue: String? {
    if case .text(let s) = self { return s }
    return nil
  }

  /// The integer, or nil when the value is not `.integer`.
  public var integerValue: Int64? {
    if case .integer(let i) = self { return i }
    return nil
  }

  /// True for `.null`.
  public var isNull: Bool { self == .null }
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  ExpressibleByStringLiteral, ExpressibleByNilLiteral
{
  /// An `.integer` literal.
  public init(integerLiteral value: Int64) { self = .integer(value) }
  /// A `.real` literal.
  public init(floatLiteral value: Double) { self = .real(value) }
  /// A `.text` literal.
  public init(stringLiteral value: String) { self = .text(value) }
  /// `nil` is `.null`.
  public init(nilLiteral: ()) { self = .null }
}
