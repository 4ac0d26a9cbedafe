import Foundation
import KilnJinja
import Testing

/// SplitMix64: a tiny seeded generator, so every fuzz run sees the same inputs.
struct SplitMix64 {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// A number in `0..<n` (n > 0).
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// What a template did: rendered, or failed with a `JinjaError` (anything else is a bug).
enum Outcome: Equatable {
  case rendered(String)
  case failed(JinjaError.Kind, String)
  case foreign(String)

  var isFailure: Bool { if case .failed = self { return true } else { return false } }
}

/// An environment whose limits keep a debug-build fuzz run short.
func fuzzEnvironment() -> Environment {
  var env = Environment()
  env.maxLoopIterations = 200_000
  env.maxOutputBytes = 4 * 1024 * 1024
  return env
}

func outcome(_ env: Environment, _ text: String, _ globals: [String: Value] = [:]) -> Outcome {
  do {
    return .rendered(try env.parse(text, name: "fuzz.jinja").render(globals))
  } catch let e as JinjaError {
    return .failed(e.kind, e.message)
  } catch {
    return .foreign("\(type(of: error)): \(error)")
  }
}

/// Fragments a mutation inserts: delimiters, brackets, keywords and awkward values.
let fuzzFragments: [String] = [
  "{{", "{%", "{#", "}}", "%}", "#}", "-", "{{-", "-}}", "{%-", "-%}", "(", ")", "[", "]", "{", "}",
  "|", ".", ",", ":", "'", "\"", "~", "*", "**", "/", "//", "%", "=", "==", "\\", "\n", " ",
  " if ", " else ", " for ", " in ", " is ", " not ", " and ", " or ", "endfor", "endif",
  "{% endif %}", "{% endfor %}", "{% else %}", "{% endmacro %}", "{% endcall %}", "{% endset %}",
  "{% if x %}", "{% for i in range(3) %}", "{% macro m(a, b=1) %}", "{% call m() %}",
  "{% set x = 1 %}", "{% break %}", "{% continue %}", "{% do x %}", "{% raw %}", "loop",
  "caller()", "namespace()", "range(", "range(100000)", "|list", "|join", "|upper", "|sum",
  "|batch(", "|map(", "attribute=", "0", "-1", "99999999999999999999", "1e308", "0.0", "none",
  "true", "__class__", "self", "kwargs", "varargs", "é", "\u{0}", "\u{FFFD}", "%s", "%d", "{0}",
]

func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
  var bytes = Array(text.utf8)
  for _ in 0...rng.below(3) {
    let n = bytes.count
    switch rng.below(5) {
    case 0 where n > 0:  // delete a range
      let start = rng.below(n)
      let len = 1 + rng.below(min(24, n - start))
      bytes.removeSubrange(start..<(start + len))
    case 1 where n > 0:  // duplicate a range somewhere else
      let start = rng.below(n)
      let len = 1 + rng.below(min(64, n - start))
      let chunk = Array(bytes[start..<(start + len)])
      bytes.insert(contentsOf: chunk, at: rng.below(bytes.count + 1))
    case 2 where n > 0:  // overwrite one byte (may break UTF-8)
      bytes[rng.below(n)] = UInt8(truncatingIfNeeded: rng.next())
    default:  // insert a fragment
      bytes.insert(contentsOf: Array(rng.pick(fuzzFragments).utf8), at: rng.below(n + 1))
    }
  }
  return String(decoding: bytes, as: UTF8.self)
}

/// A template made of random fragments and text.
func randomTemplate(_ rng: inout SplitMix64) -> String {
  var s = ""
  for _ in 0..<(1 + rng.below(24)) {
    s += rng.below(4) == 0 ? "txt\(rng.below(10)) " : rng.pick(fuzzFragments)
  }
  return s
}

func globals(of c: ConformanceCase) -> [String: Value] {
  guard case .dict(let d)? = try? Value.fromJSON(c.context.isEmpty ? "{}" : c.context) else { return [:] }
  var g: [String: Value] = [:]
  for (k, v) in d.items { if let s = k.stringValue { g[s] = v } }
  return g
}

/// Fuzz counts: how many templates rendered, failed cleanly, or failed another way.
struct FuzzTally: Sendable {
  var rendered = 0
  var failed = 0
  var foreign: [String] = []
}

func fuzz(_ cases: [ConformanceCase]) -> FuzzTally {
  let env = fuzzEnvironment()
  var rng = SplitMix64(seed: 0x4B49_4C4E)
  var tally = FuzzTally()
  func record(_ o: Outcome, _ text: String) {
    switch o {
    case .rendered: tally.rendered += 1
    case .failed: tally.failed += 1
    case .foreign(let m): tally.foreign.append("\(m)\n  template: \(text.debugDescription)")
    }
  }
  for round in 0..<11 {
    for c in cases {
      let text = mutate(c.template, &rng)
      record(outcome(env, text, round.isMultiple(of: 2) ? globals(of: c) : [:]), text)
    }
  }
  for _ in 0..<1_000 {
    let text = randomTemplate(&rng)
    record(outcome(env, text), text)
  }
  return tally
}

@Test func mutatedAndRandomTemplatesRenderOrThrow() throws {
  let cases = try ConformanceCase.all()
  let t = onThread(stackSize: bigStack) { fuzz(cases) }
  #expect(t.rendered + t.failed + t.foreign.count >= 6_000)
  #expect(t.rendered > 500, "most mutations should still render something")
  #expect(t.failed > 500, "many mutations should be rejected")
  #expect(t.foreign.isEmpty, "non-JinjaError failures:\n\(t.foreign.prefix(10).joined(separator: "\n"))")
}

/// Hostile shapes, each with the error it must end in (nil: must render).
let pathological: [(name: String, template: String, mustFailWith: String?)] = [
  ("500 parentheses", "{{ " + String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500) + " }}", "nested too deeply"),
  ("500 brackets", "{{ " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + " }}", "nested too deeply"),
  ("500 braces", "{{ " + String(repeating: "{", count: 500) + " }}", nil as String?),
  ("500 unbalanced (", "{{ " + String(repeating: "(", count: 500) + " }}", nil),
  ("500 nots", "{{ " + String(repeating: "not ", count: 500) + "x }}", "nested too deeply"),
  ("500 minus", "{{ " + String(repeating: "-", count: 500) + "1 }}", "nested too deeply"),
  ("500 filters", "{{ x" + String(repeating: "|string", count: 500) + " }}", nil),
  ("5000 nested ifs", String(repeating: "{% if true %}", count: 5_000) + "x" + String(repeating: "{% endif %}", count: 5_000), "nested too deeply"),
  ("5000 unclosed fors", String(repeating: "{% for i in x %}", count: 5_000), nil),
  ("range too big", "{% for i in range(10**9) %}{% endfor %}", "Range too big"),
  ("3-deep range(100000)", "{% for a in range(100000) %}{% for b in range(100000) %}{% for c in range(100000) %}{% endfor %}{% endfor %}{% endfor %}", "loop iterations exceed"),
  ("recursive macro", "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}", "maximum macro call depth"),
  ("mutually recursive macros", "{% macro a() %}{{ b() }}{% endmacro %}{% macro b() %}{{ a() }}{% endmacro %}{{ a() }}", "maximum macro call depth"),
  ("recursive call block", "{% macro m() %}{% call m() %}{{ caller() }}{% endcall %}{% endmacro %}{{ m() }}", "maximum macro call depth"),
  ("call block into caller-less macro", "{% macro m() %}{% call m() %}x{% endcall %}{% endmacro %}{{ m() }}", "two values for the special caller argument"),
  ("recursive loop", "{% for x in [[1]] recursive %}{{ loop([x]) }}{% endfor %}", "recursion"),
  ("huge string repeat", "{{ 'x' * 10**12 }}", "too large"),
  ("huge list repeat", "{{ ([1, 2] * 10**10) | length }}", "too large"),
  ("huge center", "{{ 'x' | center(10**12) }}", "too large"),
  ("huge indent", "{{ 'a\nb' | indent(10**12) }}", "too large"),
  ("huge batch", "{{ [1] | batch(10**12, 0) | list }}", "too large"),
  ("huge format width", "{{ '%99999999999999999999999d' % 1 }}", "too large"),
  ("huge format precision", "{{ '%.99999999999999999999f' % 1.5 }}", "too large"),
  ("huge str.format width", "{{ '{:>99999999999999999999}'.format(1) }}", "too large"),
  ("huge ljust", "{{ 'x'.ljust(10**12) }}", "too large"),
  ("output limit", "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}", "rendered output exceeds"),
  ("int overflow", "{{ 2 ** 64 }}", "64"),
  ("self-containing list", "{% set l = [1] %}{% do l.append(l) %}{{ l }}", nil),
  ("self-containing dict", "{% set d = {} %}{% do d.update({'d': d}) %}{{ d }}", nil),
  ("self-containing tojson", "{% set l = [] %}{% do l.append(l) %}{{ l | tojson }}", "Circular reference"),
  ("escaped cycler method", "{% set n = cycler(1, 2).next %}{{ n() }}{{ n() }}", nil),
  ("escaped loop method", "{% set ns = namespace() %}{% for i in [1] %}{% set ns.c = loop.cycle %}{% endfor %}{{ ns.c('a', 'b') }}", nil),
  ("unclosed percent-format key", "{{ '%s%s-%(' % (a, b) }}", "incomplete format key"),
  ("wordwrap width 0", "{{ 'The quick brown' | wordwrap(0) }}", "invalid width 0 (must be > 0)"),
  ("int filter with base 1", "{{ 'a' | int(2, true) }}|{{ '11' | int(0, 37) }}", nil),
  ("break outside loop", "{% break %}x", "'break' outside loop"),
  ("continue in macro in loop", "{% for i in [1] %}{% macro m() %}{% continue %}{% endmacro %}{% endfor %}", "'continue' not properly in loop"),
  ("deeply nested list at runtime", "{% set ns = namespace(l=[]) %}{% for i in range(5000) %}{% set ns.l = [ns.l] %}{% endfor %}{{ ns.l | length }}{{ (ns.l | string)[:3] }}{{ ns.l == ns.l }}", nil),
]

/// The stack Kiln's own limits are sized for (a main thread's); smaller stacks are covered by
/// `deepTemplatesFitInA512KiBThreadStack`.
let bigStack = 8 * 1024 * 1024

@Test(arguments: pathological.indices)
func pathologicalTemplateEndsCleanly(_ i: Int) {
  let p = pathological[i]
  let o = renderOnThread(stackSize: bigStack, p.template)
  switch o {
  case .foreign(let m): Issue.record("\(p.name): non-JinjaError \(m)")
  case .failed(_, let message):
    if let want = p.mustFailWith {
      #expect(message.contains(want), "\(p.name): \(message)")
    }
  case .rendered(let s):
    if let want = p.mustFailWith { Issue.record("\(p.name) rendered \(s.prefix(80)) instead of failing with \(want)") }
  }
}

@Test func twoHundredNestedIfsRender() {
  let text = String(repeating: "{% if true %}", count: 200) + "deep" + String(repeating: "{% endif %}", count: 200)
  #expect(renderOnThread(stackSize: bigStack, text) == .rendered("deep"))
  let tooMany = String(repeating: "{% if true %}", count: 300) + String(repeating: "{% endif %}", count: 300)
  #expect(renderOnThread(stackSize: bigStack, tooMany) == .failed(.syntax, "blocks nested too deeply (limit 256)"))
}

@Test func loopLimitStopsThreeNestedRangesWithDefaultLimits() throws {
  // With the default limit (10,000,000) the innermost body never runs more than that; a smaller
  // limit shows the same error quickly. The error points at the innermost loop.
  var env = Environment()
  env.maxLoopIterations = 1_000_000
  let text = "{% for a in range(100000) %}\n{% for b in range(100000) %}\n{% for c in range(100000) %}{% endfor %}{% endfor %}{% endfor %}"
  let e = try #require(throws: JinjaError.self) { try env.render(text) }
  #expect(e.kind == .runtime)
  #expect(e.message == "loop iterations exceed 1000000")
  #expect(e.line == 3)
}

/// Carries a result out of a thread.
final class ThreadResult<T>: @unchecked Sendable {
  // @unchecked: written by the thread before the semaphore signals, read after.
  var result: T?
}

/// Runs `body` on a new thread with an explicit stack size and returns its result.
func onThread<T>(stackSize: Int, _ body: @escaping @Sendable () -> T) -> T {
  let box = ThreadResult<T>()
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    box.result = body()
    done.signal()
  }
  thread.stackSize = stackSize
  thread.start()
  done.wait()
  return box.result!
}

/// Renders on a thread with an explicit stack size (fuzz limits) and returns the outcome.
func renderOnThread(stackSize: Int, _ text: String) -> Outcome {
  onThread(stackSize: stackSize) { outcome(fuzzEnvironment(), text) }
}

/// On a small stack a deep template may end in the stack guard's error, never in a crash.
func renderedOrOutOfStack(_ o: Outcome, _ expected: String) -> Bool {
  switch o {
  case .rendered(let s): return s == expected
  case .failed(_, let m): return m.contains("for this thread's stack")
  case .foreign: return false
  }
}

@Test func deepTemplatesFitInA512KiBThreadStack() {
  let stack = 512 * 1024
  let parens = "{{ " + String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100) + " }}"
  #expect(renderOnThread(stackSize: stack, parens).isFailure, "100 parentheses exceed the nesting limit")
  let some = "{{ " + String(repeating: "(", count: 30) + "1" + String(repeating: ")", count: 30) + " }}"
  #expect(renderedOrOutOfStack(renderOnThread(stackSize: stack, some), "1"))
  let ifs = String(repeating: "{% if true %}", count: 200) + "x" + String(repeating: "{% endif %}", count: 200)
  #expect(renderedOrOutOfStack(renderOnThread(stackSize: stack, ifs), "x"))
  let recursion = "{% macro m(n) %}{% if n > 0 %}{{ m(n - 1) }}{% else %}bottom{% endif %}{% endmacro %}{{ m(99) }}"
  #expect(renderedOrOutOfStack(renderOnThread(stackSize: stack, recursion), "bottom"))
  let runaway = "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}"
  #expect(renderOnThread(stackSize: stack, runaway).isFailure)
  // The same templates on a main-thread-sized stack render in full.
  #expect(renderOnThread(stackSize: bigStack, some) == .rendered("1"))
  #expect(renderOnThread(stackSize: bigStack, ifs) == .rendered("x"))
  #expect(renderOnThread(stackSize: bigStack, recursion) == .rendered("bottom"))
}

/// Inputs the fuzzer once crashed or hung on, with what Python jinja2 does with them.
@Test func fuzzFindingsBehaveLikeJinja2() {
  #expect(outcome(Environment(), "{{ 'a' | int(2, true) }}|{{ '11' | int(0, 37) }}|{{ '11' | int(0, 1) }}") == .rendered("2|11|11"))
  #expect(outcome(Environment(), "{{ 'ab cd' | wordwrap(0) }}") == .failed(.type, "invalid width 0 (must be > 0)"))
  #expect(outcome(Environment(), "{{ '%(' % {} }}") == .failed(.type, "incomplete format key"))
  #expect(outcome(Environment(), "{% set n = cycler(1, 2).next %}{{ n() }}{{ n() }}") == .rendered("12"))
}
