// kiln-bench: throughput benchmarks for Kiln.
//
//   swift run -c release kiln-bench jinja [--seconds S] [--corpus DIR] [--dump DIR] [NAME...]
//
// `jinja` parses and renders every `<corpus>/*.jinja` (JSON context, `---`, template) for S
// seconds each, parse included in every iteration (as the Python baseline does with
// `env.from_string(src).render(ctx)`), and prints renders/s per template and in total, ending
// with `RESULT kiln_renders_per_sec=<float>`.

import Foundation
import KilnJinja

struct CorpusCase {
  var name: String
  var globals: [String: Value]
  var template: String
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("kiln-bench: \(message)\n".utf8))
  exit(2)
}

func loadCorpus(_ dir: URL, only: Set<String>) throws -> [CorpusCase] {
  let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    .filter { $0.hasSuffix(".jinja") }.sorted()
  var out: [CorpusCase] = []
  for file in files {
    let name = String(file.dropLast(".jinja".count))
    if !only.isEmpty && !only.contains(name) { continue }
    let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
    guard let sep = text.range(of: "\n---\n") else { fail("\(file): no '---' line") }
    var globals: [String: Value] = [:]
    if case .dict(let d) = try Value.fromJSON(String(text[..<sep.lowerBound])) {
      for (k, v) in d.items { if let s = k.stringValue { globals[s] = v } }
    }
    out.append(CorpusCase(name: name, globals: globals, template: String(text[sep.upperBound...])))
  }
  return out
}

func seconds(_ d: Duration) -> Double {
  let c = d.components
  return Double(c.seconds) + Double(c.attoseconds) / 1e18
}

func pad(_ s: String, _ width: Int) -> String {
  s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
}

func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

func runJinja(_ args: [String]) throws {
  var budget = 2.0
  var corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("corpus")
  var dump: URL?
  var only: Set<String> = []
  var it = args.makeIterator()
  while let a = it.next() {
    switch a {
    case "--seconds":
      guard let v = it.next().flatMap(Double.init), v > 0 else { fail("--seconds needs a number") }
      budget = v
    case "--corpus":
      guard let v = it.next() else { fail("--corpus needs a directory") }
      corpus = URL(fileURLWithPath: v)
    case "--dump":
      guard let v = it.next() else { fail("--dump needs a directory") }
      dump = URL(fileURLWithPath: v)
    default:
      if a.hasPrefix("-") { fail("unknown option \(a)") }
      only.insert(a)
    }
  }
  let cases = try loadCorpus(corpus, only: only)
  if cases.isEmpty { fail("no corpus templates in \(corpus.path)") }
  if let dump { try FileManager.default.createDirectory(at: dump, withIntermediateDirectories: true) }

  let env = Environment()
  let clock = ContinuousClock()
  let width = cases.map(\.name.count).max() ?? 0
  var totalRenders = 0
  var totalElapsed = 0.0
  for c in cases {
    let output = try env.parse(c.template, name: c.name).render(c.globals)  // warm-up
    if let dump {
      try output.write(to: dump.appendingPathComponent("\(c.name).sql"), atomically: true, encoding: .utf8)
    }
    var renders = 0
    var sink = 0
    let start = clock.now
    let deadline = start + .nanoseconds(Int64(budget * 1e9))
    var now = start
    while renders == 0 || now < deadline {
      sink &+= try env.parse(c.template, name: c.name).render(c.globals).utf8.count
      renders += 1
      now = clock.now
    }
    let elapsed = seconds(now - start)
    precondition(sink >= 0)
    totalRenders += renders
    totalElapsed += elapsed
    print(
      "\(pad(c.name, width))  \(renders) renders in \(fmt(elapsed, 2)) s  "
        + "\(fmt(Double(renders) / elapsed, 1))/s  \(fmt(elapsed / Double(renders) * 1e3, 3)) ms/render  "
        + "\(c.template.utf8.count) B src  \(output.utf8.count) B out")
  }
  let rate = Double(totalRenders) / totalElapsed
  print("kiln total: \(fmt(rate, 1))/s")
  print("RESULT kiln_renders_per_sec=\(fmt(rate, 3))")
}

let argv = Array(CommandLine.arguments.dropFirst())
guard let mode = argv.first else {
  fail("usage: kiln-bench jinja [--seconds S] [--corpus DIR] [--dump DIR] [NAME...]")
}
do {
  switch mode {
  case "jinja": try runJinja(Array(argv.dropFirst()))
  default: fail("unknown mode '\(mode)' (available: jinja)")
  }
} catch {
  fail("\(error)")
}
