import KilnBase

/// Parses `--select` and `--exclude` arguments into a `SelectionExpression`.
///
/// Follows dbt's syntax (docs.getdbt.com/reference/node-selection/syntax): each argument may
/// hold several space-separated criteria, which are unioned with those of every other argument;
/// commas inside one criterion intersect; `--exclude` criteria are unioned and then subtracted.
///
/// ```swift
/// try SelectorParser.parse(select: ["+orders tag:nightly,config.materialized:table"])
/// ```
public enum SelectorParser {
  /// Parses the selection; no `select` criteria at all means every node (`SelectionExpression.all`).
  public static func parse(select: [String], exclude: [String] = []) throws(Diagnostic)
    -> SelectionExpression
  {
    let base = try unionOfArguments(select) ?? .all
    guard let minus = try unionOfArguments(exclude) else { return base }
    return .exclude(base, minus)
  }

  private static func unionOfArguments(_ args: [String]) throws(Diagnostic)
    -> SelectionExpression?
  {
    var parts: [SelectionExpression] = []
    for arg in args {
      for token in arg.split(whereSeparator: \.isWhitespace) {
        var atoms: [SelectionExpression] = []
        for piece in token.split(separator: ",", omittingEmptySubsequences: false) {
          guard !piece.isEmpty else { throw .emptyCriterion(in: String(token)) }
          atoms.append(.atom(try criterion(String(piece))))
        }
        parts.append(atoms.count == 1 ? atoms[0] : .intersection(atoms))
      }
    }
    if parts.isEmpty { return nil }
    return parts.count == 1 ? parts[0] : .union(parts)
  }

  /// Parses one criterion such as `2+path:models/staging+1` or `@orders`.
  public static func criterion(_ raw: String) throws(Diagnostic) -> Criterion {
    var rest = Substring(raw)
    let childrensParents = rest.first == "@"
    if childrensParents { rest = rest.dropFirst() }

    var includeParents = false
    var parentsDepth: Int?
    let leadingDigits = rest.prefix(while: isDigit)
    if rest.dropFirst(leadingDigits.count).first == "+" {
      includeParents = true
      parentsDepth = try depth(leadingDigits, in: raw)
      rest = rest.dropFirst(leadingDigits.count + 1)
    }

    var includeChildren = false
    var childrenDepth: Int?
    if let plus = rest.lastIndex(of: "+"), rest[rest.index(after: plus)...].allSatisfy(isDigit) {
      includeChildren = true
      childrenDepth = try depth(rest[rest.index(after: plus)...], in: raw)
      rest = rest[..<plus]
    }

    // Anything still holding `+` had an operator that is not `N+` or `+N`, e.g. `m+x`.
    if rest.contains("+") { throw .malformedOperator(raw) }
    // dbt rejects `@m+` ("@" prefix and "+" suffix are incompatible) but accepts `@+m`, whose
    // ancestors `@` already includes.
    if childrensParents && includeChildren { throw .atWithChildren(raw) }

    var method: SelectionMethod
    var args: [String] = []
    var value: String
    if let colon = rest.firstIndex(of: ":") {
      let names = rest[..<colon].split(separator: ".", omittingEmptySubsequences: false)
      let name = String(names[0])
      guard let m = SelectionMethod(rawValue: name) else {
        throw SelectionMethod.unsupported.contains(name)
          ? .unsupportedMethod(name, in: raw) : .unknownMethod(name, in: raw)
      }
      method = m
      args = names.dropFirst().map(String.init)
      value = String(rest[rest.index(after: colon)...])
    } else {
      value = String(rest)
      method = defaultMethod(for: value)
    }
    guard !value.isEmpty else { throw .emptyValue(raw) }
    try validate(method, args, value, raw)
    return Criterion(
      method: method, methodArgs: args, value: value, includeParents: includeParents,
      parentsDepth: parentsDepth, includeChildren: includeChildren, childrenDepth: childrenDepth,
      childrensParents: childrensParents)
  }

  /// dbt's rule for a value without `method:` (docs.getdbt.com/reference/node-selection/methods,
  /// "the default value will be one of path, file or fqn"): something that looks like a path is a
  /// path, a name ending in `.sql`, `.py` or `.csv` is a file, anything else is an fqn.
  /// dbt 1.10 also treats an existing path as a path, yet `dbt ls -s models` run in the project
  /// root selects nothing, so a bare folder name is left to `fqn` here as well.
  static func defaultMethod(for value: String) -> SelectionMethod {
    if value.contains("/") || value.contains("\\") { return .path }
    let lower = value.lowercased()
    if lower.hasSuffix(".sql") || lower.hasSuffix(".py") || lower.hasSuffix(".csv") { return .file }
    return .fqn
  }

  private static func validate(
    _ method: SelectionMethod, _ args: [String], _ value: String, _ raw: String
  ) throws(Diagnostic) {
    switch method {
    case .config:
      guard !args.isEmpty, !args.contains("") else { throw .configNeedsKey(raw) }
    default:
      guard args.isEmpty else { throw .unexpectedArguments(method, raw) }
    }
    switch method {
    case .source where value.split(separator: ".", omittingEmptySubsequences: false).count > 3:
      throw .tooManySourceParts(raw)
    // dbt matches resource types exactly, so `resource_type:sou*` is an error there too.
    case .resourceType where !knownResourceTypes.contains(value):
      throw .unknownValue(value, of: method, in: raw, candidates: knownResourceTypes)
    case .testType where !knownTestTypes.contains(value):
      throw .unknownValue(value, of: method, in: raw, candidates: knownTestTypes)
    default: break
    }
  }

  static let knownResourceTypes = [
    "model", "test", "seed", "snapshot", "source", "analysis", "exposure", "metric",
    "semantic_model", "saved_query", "unit_test", "operation", "function",
  ]
  static let knownTestTypes = ["generic", "singular", "data", "unit"]

  private static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

  private static func depth(_ digits: Substring, in raw: String) throws(Diagnostic) -> Int? {
    if digits.isEmpty { return nil }
    guard let n = Int(digits) else { throw .malformedOperator(raw) }
    return n
  }
}

extension Diagnostic {
  fileprivate static func selectorError(_ message: String, hint: String? = nil) -> Diagnostic {
    Diagnostic(code: "P0501", message, hint: hint)
  }

  fileprivate static func emptyCriterion(in token: String) -> Diagnostic {
    selectorError("empty selection criterion in `\(token)`", hint: "remove the extra comma")
  }

  fileprivate static func malformedOperator(_ raw: String) -> Diagnostic {
    selectorError(
      "malformed graph operator in `\(raw)`",
      hint: "write `+name`, `2+name`, `name+`, `name+3` or `@name`; a depth is a whole number")
  }

  fileprivate static func atWithChildren(_ raw: String) -> Diagnostic {
    selectorError(
      "`@` and a `+` suffix cannot be combined in `\(raw)`",
      hint: "`@name` already selects everything downstream of `name`")
  }

  fileprivate static func unknownMethod(_ name: String, in raw: String) -> Diagnostic {
    selectorError(
      "unknown selector method `\(name)` in `\(raw)`",
      hint: methodHint(for: name))
  }

  /// `Suggest.hint`, plus one swapped pair of neighbouring letters (`tga` -> `tag`), which is
  /// the commonest typo in a short method name and two edits away by plain edit distance.
  fileprivate static func methodHint(for name: String) -> String? {
    let names = SelectionMethod.allCases.map(\.rawValue)
    if let hint = Suggest.hint(for: name, in: names) { return hint }
    let typed = Array(name)
    for i in typed.indices.dropLast() {
      var swapped = typed
      swapped.swapAt(i, i + 1)
      if let hit = names.first(where: { $0 == String(swapped) }) { return "did you mean `\(hit)`?" }
    }
    return nil
  }

  fileprivate static func unsupportedMethod(_ name: String, in raw: String) -> Diagnostic {
    selectorError("selector method `\(name)` in `\(raw)` is not supported by kiln yet")
  }

  fileprivate static func emptyValue(_ raw: String) -> Diagnostic {
    selectorError("selection criterion `\(raw)` has no value to match")
  }

  fileprivate static func configNeedsKey(_ raw: String) -> Diagnostic {
    selectorError(
      "`config` needs a key in `\(raw)`", hint: "name the config, as in `config.materialized:view`")
  }

  fileprivate static func unexpectedArguments(_ method: SelectionMethod, _ raw: String)
    -> Diagnostic
  {
    selectorError(
      "selector method `\(method.rawValue)` takes no dotted arguments, in `\(raw)`",
      hint: "only `config` takes a key, as in `config.materialized:view`")
  }

  fileprivate static func tooManySourceParts(_ raw: String) -> Diagnostic {
    selectorError(
      "too many parts in `\(raw)`",
      hint:
        "write `source:<source>`, `source:<source>.<table>` or `source:<package>.<source>.<table>`"
    )
  }

  fileprivate static func unknownValue(
    _ value: String, of method: SelectionMethod, in raw: String, candidates: [String]
  ) -> Diagnostic {
    selectorError(
      "unknown \(method.rawValue) `\(value)` in `\(raw)`",
      hint: Suggest.hint(for: value, in: candidates)
        ?? "expected one of " + candidates.map { "`\($0)`" }.joined(separator: ", "))
  }
}
