import Foundation
import KilnBase
import KilnTestSupport
import Testing

@testable import KilnProject

// The seed reader reads its input in chunks and types it in one pass; these tests put chunk
// boundaries everywhere (chunks as small as the reader allows, 16 bytes) and compare with one
// read of the whole input.

/// A CSV with every shape the reader handles: quoted fields with doubled quotes, delimiters
/// and line breaks (LF, CRLF and CR) inside, CRLF and CR line ends, text after a closing quote,
/// a quote inside an unquoted field, a blank line, a short row, non-ASCII text and a final
/// delimiter at the end of the input.
private let awkward =
  "\u{FEFF}id,name,amount,day,flag,note\r\n"
  + "1,\"he said \"\"hi\"\"\",1.50,2024-01-05,true,\"line one\r\nline two\"\r\n"
  + "2,\"a, b\",-0.25,2024-02-29,FALSE,\"cr\rinside\"\r"
  + "3,plain,7,2024-12-31,true,\"q\"tail\n"
  + "\n"
  + "5,ünïcödé ✓,1e3,2024-01-01,false,a\"b\n"
  + "6,short\n"
  + "7,\"\",,,null,"

private func rows(_ t: SeedTable) throws -> [[String]] {
  try t.rows.map { row in
    row.map { v -> String in
      switch v {
      case .null: "∅"
      case .number(let n): "n:\(n)"
      case .bool(let b): "b:\(b)"
      case .date(let s): "d:\(s)"
      case .datetime(let s): "dt:\(s)"
      case .text(let s): "t:\(s)"
      }
    }
  }
}

@Test func chunkBoundariesAnywhereReadTheSameRecords() throws {
  let source = SeedSource.bytes(SeedBytes(Array(awkward.utf8)))
  let whole = try SeedCSV.read(source, path: "s.csv", chunkSize: 1 << 20)
  #expect(whole.columnNames == ["id", "name", "amount", "day", "flag", "note"])
  #expect(whole.columnTypes == [.integer, .text, .number, .date, .boolean, .text])
  #expect(
    try rows(whole) == [
      ["n:1", "t:he said \"hi\"", "n:1.50", "d:2024-01-05", "b:true", "t:line one\nline two"],
      ["n:2", "t:a, b", "n:-0.25", "d:2024-02-29", "b:false", "t:cr\ninside"],
      ["n:3", "t:plain", "n:7", "d:2024-12-31", "b:true", "t:qtail"],
      ["∅", "∅", "∅", "∅", "∅", "∅"],
      ["n:5", "t:ünïcödé ✓", "n:1E+3", "d:2024-01-01", "b:false", "t:a\"b"],
      ["n:6", "t:short", "∅", "∅", "∅", "∅"],
      ["n:7", "∅", "∅", "∅", "∅", "∅"],
    ])
  #expect(whole.warnings.map(\.code) == ["P0305", "P0305"])
  #expect(whole.warnings.compactMap { $0.span?.location.line } == [5, 7])
  for size in 16...48 {
    let t = try SeedCSV.read(source, path: "s.csv", chunkSize: size)
    #expect(t.columnTypes == whole.columnTypes, "chunk \(size)")
    #expect(try rows(t) == rows(whole), "chunk \(size)")
    #expect(
      t.warnings.compactMap { $0.span?.location.line } == [5, 7], "chunk \(size)")
  }
}

@Test func aSeedLargerThanAChunkWithQuotedLineBreaksAcrossBoundaries() throws {
  // 3,000 rows whose quoted cells hold CRLF line breaks and doubled quotes, read from a file
  // in 1 KiB chunks: many records straddle a boundary, some inside their quotes.
  var csv = "id,text,when\r\n"
  var expected: [[String]] = []
  for i in 1...3000 {
    let text =
      "row \(i) says \"\(String(repeating: "x", count: i % 17))\"\r\nand \(i % 7 == 0 ? "ends" : "goes on")"
    csv +=
      "\(i),\"\(text.replacingOccurrences(of: "\"", with: "\"\""))\",2024-01-\(String(format: "%02d", i % 28 + 1)) 10:00:00\r\n"
    expected.append([
      "n:\(i)", "t:" + text.replacingOccurrences(of: "\r\n", with: "\n"),
      "dt:2024-01-\(String(format: "%02d", i % 28 + 1)) 10:00:00",
    ])
  }
  let dir = try TempDirectory(prefix: "kiln-seed-stream")
  defer { dir.remove() }
  try dir.write("big.csv", csv)
  let t = try SeedCSV.read(.file(dir.path + "/big.csv"), path: "seeds/big.csv", chunkSize: 1024)
  #expect(t.rowCount == 3000)
  #expect(t.columnTypes == [.integer, .text, .datetime])
  #expect(try rows(t) == expected)
}

@Test func errorsNameTheirLineAndColumnWhateverTheChunk() throws {
  var csv = "a,b\n"
  for i in 1...500 { csv += "\(i),\"v\(i)\"\n" }
  csv += "501,x,extra\n"
  for size in [16, 17, 100, 1 << 20] {
    let ragged = try #require(throws: Diagnostic.self) {
      try SeedCSV.read(.bytes(SeedBytes(Array(csv.utf8))), path: "seeds/s.csv", chunkSize: size)
    }
    #expect(ragged.code == "P0301")
    #expect(ragged.span?.location.line == 502)
    #expect(ragged.span?.location.column == 7)
    #expect(ragged.rendered(color: false).contains("--> seeds/s.csv:502:7"))
    let open = try #require(throws: Diagnostic.self) {
      try SeedCSV.read(
        .bytes(SeedBytes(Array((csv.dropLast(12) + "\"never closed\n").utf8))), path: "seeds/s.csv",
        chunkSize: size)
    }
    #expect(open.code == "P0303")
    #expect(open.span?.location.line == 502)
    #expect(open.span?.location.column == 1)
  }
}

@Test func bytesThatAreNotUTF8AreAnError() throws {
  var bytes = Array("a,b\n1,ok\n2,".utf8)
  bytes += [0xC3, 0x28]  // a lead byte without its continuation
  bytes += Array("\n".utf8)
  let error = try #require(throws: Diagnostic.self) {
    try SeedCSV.read(.bytes(SeedBytes(bytes)), path: "seeds/s.csv", chunkSize: 16)
  }
  #expect(error.code == "P0306")
  #expect(error.message.contains("byte offset 11"))
  #expect(UTF8Check.firstInvalid(Array("ü✓😀".utf8), 9) == nil)
  for bad: [UInt8] in [
    [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF],
  ] {
    #expect(UTF8Check.firstInvalid(bad, bad.count) == 0, "\(bad)")
  }
}

@Test func aMultiByteDelimiterSplitByAChunkBoundary() throws {
  let csv = "a§b§c\n1§\"x§y\"§3\n4§§\n"
  for size in 16...24 {
    let t = try SeedCSV.read(
      .bytes(SeedBytes(Array(csv.utf8))), path: "s.csv", delimiter: "§", chunkSize: size)
    #expect(try rows(t) == [["n:1", "t:x§y", "n:3"], ["n:4", "∅", "∅"]], "chunk \(size)")
  }
}

@Test func aSeedThatChangesBetweenThePassesFailsTheLoad() throws {
  let dir = try TempDirectory(prefix: "kiln-seed-stream")
  defer { dir.remove() }
  try dir.write("s.csv", "a\n1\n2\n")
  let t = try SeedCSV.read(.file(dir.path + "/s.csv"), path: "seeds/s.csv")
  try dir.write("s.csv", "a\n1\nnot a number\n")
  let error = try #require(throws: Diagnostic.self) { try t.rows }
  #expect(error.code == "P0307")
}

// Two threads type a large seed, split at a line break past the middle; forced here on small
// inputs (`parallelBytes: 1`), the results must be those of one thread.

private func bytes(_ s: String) -> SeedSource { .bytes(SeedBytes(Array(s.utf8))) }

@Test func twoThreadsTypeASeedAsOneDoes() throws {
  var csv = "id,v,w\n"
  for i in 1...400 { csv += "\(i),\(i % 9 == 0 ? "" : String(i)),\"x\(i)\"\n" }
  csv += "401,later text,\n402\n"  // column v turns text only in the second half; a short row
  for size in [16, 64, 1 << 20] {
    let one = try SeedCSV.read(bytes(csv), path: "s.csv", chunkSize: size, parallelBytes: .max)
    let two = try SeedCSV.read(bytes(csv), path: "s.csv", chunkSize: size, parallelBytes: 1)
    #expect(one.columnTypes == [.integer, .text, .text])
    #expect(two.columnTypes == one.columnTypes, "chunk \(size)")
    #expect(two.rowCount == 402)
    #expect(try rows(two) == rows(one), "chunk \(size)")
    #expect(two.warnings.compactMap { $0.span?.location.line } == [403], "chunk \(size)")
  }
  // Decimal places found only in the second half make the column REAL.
  let places = "x\n" + String(repeating: "1\n", count: 300) + "2.5\n"
  #expect(try SeedCSV.read(bytes(places), path: "s.csv", parallelBytes: 1).columnTypes == [.number])
}

@Test func aSplitInsideAQuotedFieldIsReadByOneThread() throws {
  // The middle of the file is deep inside a quoted field of many lines: the second thread's
  // start is not a record start, and the first reads on.
  let lines = (1...200).map { "line \($0), with a comma" }.joined(separator: "\n")
  let csv = "a,b\n1,x\n2,\"" + lines + "\"\n3,y\n"
  let two = try SeedCSV.read(bytes(csv), path: "s.csv", parallelBytes: 1)
  #expect(two.rowCount == 3)
  #expect(try rows(two) == [["n:1", "t:x"], ["n:2", "t:" + lines], ["n:3", "t:y"]])
}

@Test func twoThreadsReportTheFirstErrorInTheFile() throws {
  var csv = "a,b\n"
  for i in 1...300 { csv += "\(i),v\n" }
  let lateRagged = csv + "301,v,extra\n"
  let late = try #require(throws: Diagnostic.self) {
    try SeedCSV.read(bytes(lateRagged), path: "seeds/s.csv", chunkSize: 32, parallelBytes: 1)
  }
  #expect(late.code == "P0301")
  #expect(late.span?.location.line == 302)
  // Errors in both halves: the first half's is the one reported.
  let both = "a,b\n1,v,early\n" + csv.dropFirst(4) + "301,v,extra\n"
  let early = try #require(throws: Diagnostic.self) {
    try SeedCSV.read(bytes(both), path: "seeds/s.csv", chunkSize: 32, parallelBytes: 1)
  }
  #expect(early.span?.location.line == 2)
  // Not UTF-8 in the second half.
  var broken = Array(csv.utf8)
  broken += [0x33, 0x2C, 0xFF, 0x0A]
  let utf8 = try #require(throws: Diagnostic.self) {
    try SeedCSV.read(.bytes(SeedBytes(broken)), path: "seeds/s.csv", parallelBytes: 1)
  }
  #expect(utf8.code == "P0306")
}
