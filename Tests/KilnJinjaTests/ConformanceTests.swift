import Foundation
import KilnJinja
import Testing

/// One conformance case: `Inputs/<name>.jinja` (JSON context, `---`, template) and
/// `Expected/<name>.txt` written by Python jinja2 (`Scripts/jinja-oracle.py`).
struct ConformanceCase: CustomStringConvertible {
  var name: String
  var context: String
  var template: String
  var expected: String
  var description: String { name }

  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

  static func all() throws -> [ConformanceCase] {
    let inputs = directory.appendingPathComponent("Inputs")
    let names = try FileManager.default.contentsOfDirectory(atPath: inputs.path)
      .filter { $0.hasSuffix(".jinja") }.sorted()
    return try names.map { file in
      let name = String(file.dropLast(".jinja".count))
      let text = try String(contentsOf: inputs.appendingPathComponent(file), encoding: .utf8)
      guard let sep = text.range(of: "\n---\n") ?? (text.hasPrefix("---\n") ? text.range(of: "---\n") : nil)
      else { throw CocoaError(.fileReadCorruptFile) }
      let expected = try String(
        contentsOf: directory.appendingPathComponent("Expected/\(name).txt"), encoding: .utf8)
      return ConformanceCase(
        name: name, context: String(text[..<sep.lowerBound]),
        template: String(text[sep.upperBound...]), expected: expected)
    }
  }

  /// Renders the case, returning the output or the error in the Expected-file format.
  func run() -> String {
    do {
      let ctx = try Value.fromJSON(context.isEmpty ? "{}" : context)
      var globals: [String: Value] = [:]
      if case .dict(let d) = ctx {
        for (k, v) in d.items { if let s = k.stringValue { globals[s] = v } }
      }
      let env = Environment()
      return try env.parse(template, name: "\(name).jinja").render(globals)
    } catch let e as JinjaError {
      let message = e.message.replacingOccurrences(of: "\n", with: "\\n")
      return "kind: \(e.kind.rawValue)\nline: \(e.line)\nmessage: \(message)"
    } catch {
      return "kind: host\nline: 0\nmessage: \(error)"
    }
  }

  /// Whether the result matches: exact output for renders; kind and line for errors, and the
  /// message too for syntax errors (runtime messages are CPython's wording).
  func matches(_ actual: String) -> Bool {
    guard name.hasPrefix("err_") else { return actual == expected }
    var exp = expected
    if exp.hasSuffix("\n") { exp.removeLast() }
    let want = exp.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
    let got = actual.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
    guard want.count == 3, got.count == 3 else { return false }
    if want[0] != got[0] || want[1] != got[1] { return false }
    return want[0] != "kind: syntax" || want[2] == got[2]
  }
}

@Test func conformanceSuiteHasEnoughCases() throws {
  let cases = try ConformanceCase.all()
  #expect(cases.count >= 300)
  #expect(cases.filter { $0.name.hasPrefix("err_") }.count >= 30)
}

/// Cases where Kiln knowingly differs from jinja2 (see COMPATIBILITY.md). Each must still
/// differ, so a fix forces removing it from this list.
let knownDivergences: Set<String> = [
  "expr_int_literals",  // Python ints are unbounded; Kiln's are 64-bit and say so.
  "render_large_ints",
]

@Test func knownDivergencesStillDiverge() throws {
  for c in try ConformanceCase.all() where knownDivergences.contains(c.name) {
    let actual = c.run()
    #expect(!c.matches(actual), "\(c.name) now matches jinja2: remove it from knownDivergences")
    #expect(actual.contains("64"), "\(c.name) should fail with the 64-bit message, got \(actual)")
  }
}

@Test func conformanceWithPythonJinja2() throws {
  let cases = try ConformanceCase.all()
  var failures: [String] = []
  for c in cases where !knownDivergences.contains(c.name) {
    let actual = c.run()
    if !c.matches(actual) {
      failures.append("--- \(c.name)\nexpected: \(c.expected.debugDescription)\nactual:   \(actual.debugDescription)")
    }
  }
  if !failures.isEmpty {
    Issue.record("\(failures.count) of \(cases.count) cases differ from jinja2:\n\(failures.joined(separator: "\n"))")
  }
}
