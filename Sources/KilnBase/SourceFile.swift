/// A file's text together with its path, used to turn byte offsets into line and column.
///
/// Spans keep UTF-8 offsets; lines and columns are computed only when a diagnostic is printed.
public final class SourceFile: Sendable, Hashable {
  /// The path shown in diagnostics (relative to the project root where possible).
  public let path: String
  /// The whole text of the file.
  public let text: String

  /// Creates a source file from its path and text. Cheap: line positions are computed only
  /// when a diagnostic is printed (projects create tens of thousands of these).
  public init(path: String, text: String) {
    self.path = path
    self.text = text
  }

  public static func == (a: SourceFile, b: SourceFile) -> Bool { a === b }
  public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }

  private var lineStarts: [Int] {
    var starts = [0]
    for (i, b) in text.utf8.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    return starts
  }

  /// 1-based line and column (in Unicode scalars) of a UTF-8 offset.
  public func location(of offset: Int) -> (line: Int, column: Int) {
    let utf8 = Array(text.utf8)
    let starts = lineStarts
    let off = max(0, min(offset, utf8.count))
    var lo = 0
    var hi = starts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if starts[mid] <= off { lo = mid } else { hi = mid - 1 }
    }
    let start = starts[lo]
    let col = String(decoding: utf8[start..<off], as: UTF8.self).unicodeScalars.count + 1
    return (lo + 1, col)
  }

  /// 1-based line number of a UTF-8 offset.
  public func line(of offset: Int) -> Int {
    var line = 1
    for (i, b) in text.utf8.enumerated() {
      if i >= offset { break }
      if b == UInt8(ascii: "\n") { line += 1 }
    }
    return line
  }

  /// The text of a 1-based line without its newline.
  public func lineText(_ line: Int) -> String {
    let utf8 = Array(text.utf8)
    let starts = lineStarts
    guard line >= 1, line <= starts.count else { return "" }
    let start = starts[line - 1]
    var end = line < starts.count ? starts[line] - 1 : utf8.count
    if end > start, utf8[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: utf8[start..<max(start, end)], as: UTF8.self)
  }

  /// Number of lines in the file.
  public var lineCount: Int { lineStarts.count }
}

extension String {
  /// The string without leading and trailing whitespace, like Python's `str.strip()` (which
  /// dbt applies to every file before rendering); avoids Foundation's UTF-16 round trip.
  public var pythonStripped: String {
    let scalars = unicodeScalars
    var start = scalars.startIndex
    var end = scalars.endIndex
    while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
    while end > start, scalars[scalars.index(before: end)].properties.isWhitespace {
      end = scalars.index(before: end)
    }
    if start == scalars.startIndex && end == scalars.endIndex { return self }
    return String(scalars[start..<end])
  }
}

/// A range of UTF-8 offsets in a source file.
public struct SourceSpan: Hashable, Sendable {
  /// The file the span points into.
  public var file: SourceFile
  /// UTF-8 offsets into `file.text`.
  public var range: Range<Int>

  /// Creates a span.
  public init(file: SourceFile, range: Range<Int>) {
    self.file = file
    self.range = range
  }

  /// 1-based line of the span's start.
  public var line: Int { file.line(of: range.lowerBound) }
  /// 1-based line and column of the span's start.
  public var location: (line: Int, column: Int) { file.location(of: range.lowerBound) }
}
