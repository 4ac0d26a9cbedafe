import KilnBase

/// Splits a seed into CSV records as Python's `csv.reader` does (non-strict excel dialect, over
/// text opened with universal newlines, which is how dbt reads seeds), at the byte level and
/// reading the source in chunks, so a seed of any size is read in bounded memory.
///
/// `\r\n`, `\r` and `\n` all end a line, and even inside quotes a `\r\n` or `\r` becomes `\n`;
/// a `"` starts a quoted field only at a field's start; `""` inside quotes is one quote; text
/// after a closing quote is appended; a `"` inside an unquoted field is kept; a blank line is a
/// record with no fields; a delimiter at the very end of the input still ends with an empty
/// field. A leading UTF-8 BOM is skipped, and offsets are counted in the text without it.
///
/// A field's bytes are valid until the next call to `next()`: they point into the read buffer
/// when the field is used as written, or into a scratch buffer when quotes had to be undone.
/// A reader belongs to one thread, so its state skips dynamic exclusivity checks (which were a
/// tenth of a seed load's time).
final class SeedCSVReader {
  /// The UTF-8 byte order mark.
  static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

  private struct Field {
    /// Where the field starts in the file (its opening quote, if quoted), as a buffer index.
    var offset: Int
    /// First byte of its value, in the read buffer or the scratch buffer.
    var start: Int
    var count: Int
    var inScratch: Bool
  }

  private enum Scan { case record, needMore, end }

  /// Bytes equal to zero in `x`, as high bits; the lowest set bit is exact (borrows may set
  /// spurious bits above it, which callers never look at).
  @inline(__always) private static func zeroBytes(_ x: UInt64) -> UInt64 {
    (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
  }

  @inline(__always) private static func broadcast(_ b: UInt8) -> UInt64 {
    UInt64(b) &* 0x0101_0101_0101_0101
  }

  private let input: SeedInput
  private let path: String
  private let source: SeedSource
  private let delimiter: [UInt8]
  private let validatesUTF8: Bool

  @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private var capacity: Int
  /// The first byte not yet returned in a record.
  @exclusivity(unchecked) private var start = 0
  /// One past the last byte read.
  @exclusivity(unchecked) private var end = 0
  @exclusivity(unchecked) private var eof = false
  /// The file offset (BOM-stripped) of `buffer[0]`.
  @exclusivity(unchecked) private var base = 0
  /// Bytes before this buffer index have been checked to be UTF-8.
  @exclusivity(unchecked) private var validated = 0
  /// 3 when the input starts with a BOM.
  @exclusivity(unchecked) private var bomLength = 0

  @exclusivity(unchecked) private var scratch: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private var scratchCapacity: Int
  @exclusivity(unchecked) private var scratchCount = 0
  @exclusivity(unchecked) private var fields: UnsafeMutablePointer<Field>
  @exclusivity(unchecked) private var fieldCapacity = 16

  /// Number of fields in the current record (0 for a blank line).
  @exclusivity(unchecked) private(set) var fieldCount = 0
  /// File offset of the end of the current record's last field (before its line break).
  @exclusivity(unchecked) private(set) var recordEnd = 0

  /// Opens `source`; `chunkSize` is how much is read at a time (the buffer grows past it only
  /// for a record longer than a chunk). With `validatesUTF8`, `next()` throws P0306 on bytes that
  /// are not UTF-8 (checked a chunk at a time, always at record boundaries).
  ///
  /// `offset` (in the file's bytes) starts reading in the middle, at what must be the start of
  /// a record; `bomLength` then says whether the file starts with a BOM, which offsets exclude.
  init(
    _ source: SeedSource, path: String, delimiter: [UInt8], chunkSize: Int = 1 << 20,
    validatesUTF8: Bool, offset: Int = 0, bomLength: Int = 0
  ) throws {
    self.input = try SeedInput(source, path: path)
    self.path = path
    self.source = source
    self.delimiter = delimiter
    self.validatesUTF8 = validatesUTF8
    capacity = max(16, chunkSize)
    buffer = .allocate(capacity: capacity)
    scratchCapacity = 256
    scratch = .allocate(capacity: scratchCapacity)
    fields = .allocate(capacity: fieldCapacity)
    if offset > 0 {
      try input.seek(to: offset)
      self.bomLength = bomLength
      base = offset - bomLength
      return
    }
    // The BOM is only a BOM at the very start, so read until three bytes are in.
    while end < 3, !eof { try readMore() }
    if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
      start = 3
      base = -3
      self.bomLength = 3
    }
  }

  /// 3 when the file starts with a BOM, else 0.
  var byteOrderMarkLength: Int { bomLength }

  /// File offset (BOM-stripped) where the next record starts.
  var position: Int { base + start }

  /// Checks the bytes of the records returned so far, when the reader stops before the end.
  func validateReturned() throws {
    if validatesUTF8 { try validate(upTo: start) }
  }

  deinit {
    buffer.deallocate()
    scratch.deallocate()
    fields.deallocate()
  }

  /// Moves to the next record; false at the end of the input.
  func next() throws -> Bool {
    while true {
      switch try scan() {
      case .record: return true
      case .end:
        if validatesUTF8 { try validate(upTo: end) }
        return false
      case .needMore: try refill()
      }
    }
  }

  /// The value of field `i` of the current record (quotes undone), valid until `next()`.
  func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
    let f = fields[i]
    return UnsafeBufferPointer(start: (f.inScratch ? scratch : buffer) + f.start, count: f.count)
  }

  /// File offset (BOM-stripped) where field `i` of the current record starts.
  func fieldOffset(_ i: Int) -> Int { base + fields[i].offset }

  /// The whole input as a `SourceFile`, for placing a diagnostic (reads it all again).
  func sourceFile() -> SourceFile { source.sourceFile(path: path) }

  // MARK: - Scanning

  private static let quote = UInt8(ascii: "\"")
  private static let cr = UInt8(ascii: "\r")
  private static let lf = UInt8(ascii: "\n")

  /// Reads one record from `start`. `.needMore` when the buffer ends before the record does
  /// (or before what follows decides it) and more input may come; the record is then scanned
  /// again from its start after a refill.
  private func scan() throws -> Scan {
    let buf = buffer
    let end = self.end
    let eof = self.eof
    let quote = Self.quote
    let cr = Self.cr
    let lf = Self.lf
    let d0 = delimiter[0]
    let single = delimiter.count == 1
    let quotes = Self.broadcast(quote)
    let crs = Self.broadcast(cr)
    let lfs = Self.broadcast(lf)
    let delims = Self.broadcast(d0)
    fieldCount = 0
    scratchCount = 0
    var i = start
    guard i < end else { return eof ? .end : .needMore }

    /// Ends the record at the line break at `i` (LF, CR or CRLF) and moves past it;
    /// `.needMore` when a CR ends the buffer and an LF may follow.
    func endRecord(at i: inout Int) -> Scan {
      recordEnd = base + i
      if buf[i] == cr {
        if i + 1 >= end {
          if !eof { return .needMore }
          i += 1
        } else {
          i += buf[i + 1] == lf ? 2 : 1
        }
      } else {
        i += 1
      }
      start = i
      return .record
    }

    /// 1 for a delimiter at `j`, 0 for none, -1 when the buffer ends inside a possible one.
    func delimiterAt(_ j: Int) -> Int {
      if buf[j] != d0 { return 0 }
      if single { return 1 }
      if j + delimiter.count > end { return eof ? 0 : -1 }
      for k in 1..<delimiter.count where buf[j + k] != delimiter[k] { return 0 }
      return 1
    }

    // A blank line: a record without fields.
    if buf[i] == lf || buf[i] == cr {
      return endRecord(at: &i)
    }

    while true {
      // At the start of a field.
      let fieldStart = i
      var field: Field
      if i < end, buf[i] == quote {
        let contentStart = i + 1
        var j = contentStart
        // Eight bytes at a time to the first quote or carriage return.
        while j + 8 <= end {
          let w = UnsafeRawPointer(buf + j).loadUnaligned(as: UInt64.self)
          let m = Self.zeroBytes(w ^ quotes) | Self.zeroBytes(w ^ crs)
          if m != 0 {
            j += m.trailingZeroBitCount >> 3
            break
          }
          j += 8
        }
        while j < end, buf[j] != quote, buf[j] != cr { j += 1 }
        if j >= end {
          if eof { throw unterminated(at: fieldStart) }
          return .needMore
        }
        if buf[j] == quote, j + 1 >= end, !eof { return .needMore }
        if buf[j] == quote, j + 1 >= end || buf[j + 1] != quote {
          // Closed with nothing to undo: the value is the bytes between the quotes.
          field = Field(
            offset: fieldStart, start: contentStart, count: j - contentStart, inScratch: false)
          i = j + 1
        } else {
          // Doubled quotes or line breaks to rewrite: build the value in scratch.
          reserveScratch(end - contentStart)
          let s0 = scratchCount
          append(buf + contentStart, j - contentStart)
          var k = j
          var closed = false
          while k < end {
            let c = buf[k]
            if c == quote {
              if k + 1 >= end {
                if !eof { return .needMore }
                k += 1
                closed = true
                break
              }
              if buf[k + 1] == quote {
                scratch[scratchCount] = quote
                scratchCount += 1
                k += 2
                continue
              }
              k += 1
              closed = true
              break
            }
            if c == cr {
              if k + 1 >= end, !eof { return .needMore }
              scratch[scratchCount] = lf
              scratchCount += 1
              k += k + 1 < end && buf[k + 1] == lf ? 2 : 1
              continue
            }
            scratch[scratchCount] = c
            scratchCount += 1
            k += 1
          }
          if !closed {
            if eof { throw unterminated(at: fieldStart) }
            return .needMore
          }
          field = Field(offset: fieldStart, start: s0, count: scratchCount - s0, inScratch: true)
          i = k
        }
        // Text after the closing quote runs to a delimiter or line end and is appended.
        var j2 = i
        while j2 < end, buf[j2] != lf, buf[j2] != cr {
          let d = delimiterAt(j2)
          if d == 1 { break }
          if d < 0 { return .needMore }
          j2 += 1
        }
        if j2 > i {
          if !field.inScratch {
            reserveScratch(field.count)
            let s0 = scratchCount
            append(buf + field.start, field.count)
            field = Field(offset: fieldStart, start: s0, count: field.count, inScratch: true)
          }
          reserveScratch(j2 - i)
          append(buf + i, j2 - i)
          field.count += j2 - i
          i = j2
        }
      } else {
        // Unquoted: runs to a delimiter or line end.
        var j = i
        if single {
          // Eight bytes at a time to the first delimiter or line break.
          while j + 8 <= end {
            let w = UnsafeRawPointer(buf + j).loadUnaligned(as: UInt64.self)
            let m = Self.zeroBytes(w ^ delims) | Self.zeroBytes(w ^ lfs) | Self.zeroBytes(w ^ crs)
            if m != 0 {
              j += m.trailingZeroBitCount >> 3
              break
            }
            j += 8
          }
          while j < end {
            let c = buf[j]
            if c == d0 || c == lf || c == cr { break }
            j += 1
          }
        } else {
          while j < end, buf[j] != lf, buf[j] != cr {
            let d = delimiterAt(j)
            if d == 1 { break }
            if d < 0 { return .needMore }
            j += 1
          }
        }
        field = Field(offset: fieldStart, start: i, count: j - i, inScratch: false)
        i = j
      }
      appendField(field)

      if i >= end {
        if !eof { return .needMore }
        recordEnd = base + i
        start = i
        return .record
      }
      let d = delimiterAt(i)
      if d < 0 { return .needMore }
      if d == 1 {
        i += delimiter.count
        if i >= end {
          if !eof { return .needMore }
          // A delimiter at the very end of the input still ends with an empty field.
          appendField(Field(offset: i, start: i, count: 0, inScratch: false))
          recordEnd = base + i
          start = i
          return .record
        }
        continue
      }
      // A line break ends the record.
      return endRecord(at: &i)
    }
  }

  @inline(__always) private func appendField(_ f: Field) {
    if fieldCount == fieldCapacity { growFields() }
    (fields + fieldCount).initialize(to: f)
    fieldCount += 1
  }

  private func growFields() {
    let grown = UnsafeMutablePointer<Field>.allocate(capacity: fieldCapacity * 2)
    grown.moveInitialize(from: fields, count: fieldCount)
    fields.deallocate()
    fields = grown
    fieldCapacity *= 2
  }

  /// Makes room for `n` more scratch bytes.
  private func reserveScratch(_ n: Int) {
    guard scratchCount + n > scratchCapacity else { return }
    var c = scratchCapacity * 2
    while c < scratchCount + n { c *= 2 }
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
    grown.update(from: scratch, count: scratchCount)
    scratch.deallocate()
    scratch = grown
    scratchCapacity = c
  }

  private func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
    (scratch + scratchCount).update(from: p, count: n)
    scratchCount += n
  }

  // MARK: - Input

  /// Drops what has been returned, makes room (growing only for a record longer than the
  /// buffer) and reads more.
  private func refill() throws {
    if validatesUTF8 { try validate(upTo: start) }
    if start > 0 {
      (buffer).update(from: buffer + start, count: end - start)
      base += start
      end -= start
      validated = max(0, validated - start)
      start = 0
    }
    if end == capacity {
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
      grown.update(from: buffer, count: end)
      buffer.deallocate()
      buffer = grown
      capacity *= 2
    }
    try readMore()
  }

  private func readMore() throws {
    let n = try input.read(into: buffer + end, count: capacity - end)
    if n == 0 { eof = true } else { end += n }
  }

  private func validate(upTo limit: Int) throws {
    guard limit > validated else { return }
    if let bad = UTF8Check.firstInvalid(buffer + validated, limit - validated) {
      throw Diagnostic(
        code: "P0306",
        "seed file is not valid UTF-8 (at byte offset \(bomLength + base + validated + bad))",
        path: path, hint: "save the file as UTF-8")
    }
    validated = limit
  }

  private func unterminated(at offset: Int) -> Diagnostic {
    let start = base + offset
    return Diagnostic(
      code: "P0303", "quoted field is never closed",
      span: SourceSpan(file: sourceFile(), range: start..<(start + 1)),
      hint: "add the closing `\"`, or double quotes inside the field (`\"\"`)")
  }
}

/// UTF-8 validation (Unicode 15 §3.9, table 3-7: no overlong forms, surrogates or values above
/// U+10FFFF), eight ASCII bytes at a time.
enum UTF8Check {
  /// The index of the first byte that does not start a valid sequence, or nil when all are valid.
  static func firstInvalid(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
    var i = 0
    while i < n {
      while i + 8 <= n {
        let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
        if w & 0x8080_8080_8080_8080 != 0 { break }
        i += 8
      }
      guard i < n else { return nil }
      let b = p[i]
      if b < 0x80 {
        i += 1
        continue
      }
      func cont(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
      if b >= 0xC2, b <= 0xDF {
        guard cont(1) else { return i }
        i += 2
      } else if b >= 0xE0, b <= 0xEF {
        guard cont(1), cont(2) else { return i }
        let b1 = p[i + 1]
        if b == 0xE0, b1 < 0xA0 { return i }  // overlong
        if b == 0xED, b1 > 0x9F { return i }  // surrogates
        i += 3
      } else if b >= 0xF0, b <= 0xF4 {
        guard cont(1), cont(2), cont(3) else { return i }
        let b1 = p[i + 1]
        if b == 0xF0, b1 < 0x90 { return i }  // overlong
        if b == 0xF4, b1 > 0x8F { return i }  // above U+10FFFF
        i += 4
      } else {
        return i
      }
    }
    return nil
  }
}
