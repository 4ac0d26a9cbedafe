/// A batch of rows for a bulk load, stored flat: one byte buffer for all text and one cell
/// record per value, in memory that is reused batch after batch, so filling a batch allocates
/// nothing once its buffers have grown.
///
/// `DatabaseConnection.loadRows` hands the same batch to its source's `fill` again and again;
/// the source appends cells row by row (`appendNull`, `appendInteger`, `appendText`, then
/// `endRow`). A batch belongs to the load that made it, on one thread.
public final class BulkRows {
  /// One value: `count` -1 is NULL, -2 an integer held in `start`, otherwise text at
  /// `bytes[start..<start + count]`.
  struct Cell {
    var start: Int
    var count: Int
  }

  /// Values per row.
  public let columnCount: Int
  /// Complete rows in the batch.
  public var rowCount: Int { rowCells / max(1, columnCount) }

  // One thread fills and reads a batch: no dynamic exclusivity checks per cell.
  @exclusivity(unchecked) private(set) var bytes: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private(set) var byteCount = 0
  @exclusivity(unchecked) private var byteCapacity: Int
  @exclusivity(unchecked) private(set) var cells: UnsafeMutablePointer<Cell>
  @exclusivity(unchecked) private(set) var cellCount = 0
  @exclusivity(unchecked) private var cellCapacity: Int
  /// Cells of complete rows.
  @exclusivity(unchecked) private var rowCells = 0

  /// An empty batch of `columnCount`-value rows.
  public init(columnCount: Int) {
    self.columnCount = columnCount
    byteCapacity = 1 << 16
    bytes = .allocate(capacity: byteCapacity)
    cellCapacity = max(16, columnCount * 64)
    cells = .allocate(capacity: cellCapacity)
  }

  deinit {
    bytes.deallocate()
    cells.deallocate()
  }

  /// Appends a NULL to the current row.
  public func appendNull() { appendCell(Cell(start: 0, count: -1)) }

  /// Appends an integer to the current row.
  public func appendInteger(_ value: Int64) { appendCell(Cell(start: Int(value), count: -2)) }

  /// Appends UTF-8 text (copied) to the current row.
  public func appendText(_ utf8: UnsafeBufferPointer<UInt8>) {
    let n = utf8.count
    if byteCount + n > byteCapacity {
      var c = byteCapacity * 2
      while c < byteCount + n { c *= 2 }
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
      grown.update(from: bytes, count: byteCount)
      bytes.deallocate()
      bytes = grown
      byteCapacity = c
    }
    if let src = utf8.baseAddress, n > 0 { (bytes + byteCount).update(from: src, count: n) }
    appendCell(Cell(start: byteCount, count: n))
    byteCount += n
  }

  /// Appends text to the current row.
  public func appendText(_ text: String) {
    var text = text
    text.withUTF8 { appendText($0) }
  }

  /// Ends the current row; it must have `columnCount` values.
  public func endRow() {
    precondition(cellCount == rowCells + columnCount, "a bulk row needs \(columnCount) values")
    rowCells = cellCount
  }

  /// Empties the batch, keeping its buffers.
  public func removeAll() {
    byteCount = 0
    cellCount = 0
    rowCells = 0
  }

  private func appendCell(_ c: Cell) {
    if cellCount == cellCapacity {
      let grown = UnsafeMutablePointer<Cell>.allocate(capacity: cellCapacity * 2)
      grown.moveInitialize(from: cells, count: cellCount)
      cells.deallocate()
      cells = grown
      cellCapacity *= 2
    }
    (cells + cellCount).initialize(to: c)
    cellCount += 1
  }

  /// Cell `column` of row `row` as a `SQLValue` (for the small-load paths).
  func value(row: Int, column: Int) -> SQLValue {
    let c = cells[row * columnCount + column]
    switch c.count {
    case -1: return .null
    case -2: return .integer(Int64(c.start))
    default:
      return .text(
        String(decoding: UnsafeBufferPointer(start: bytes + c.start, count: c.count), as: UTF8.self)
      )
    }
  }

  /// The batch's rows as `SQLValue`s.
  var values: [[SQLValue]] {
    (0..<rowCount).map { r in (0..<columnCount).map { value(row: r, column: $0) } }
  }
}

/// Rows for `DatabaseConnection.loadRows`, produced a batch at a time.
///
/// ```swift
/// final class People: BulkRowSource {
///   let columnCount = 2, rowCount = 1, columnTypes: [BulkColumnType]? = [.integer, .text]
///   var done = false
///   func fill(_ batch: BulkRows, limit: Int) {
///     guard !done else { return }
///     batch.appendText("1"); batch.appendText("ann"); batch.endRow()
///     done = true
///   }
///   func rewind() { done = false }
/// }
/// try db.loadRows(schema: "main", table: "people", columns: ["id", "name"], from: People())
/// ```
public protocol BulkRowSource: AnyObject {
  /// Values per row.
  var columnCount: Int { get }
  /// Rows expected: Postgres sends a few with `INSERT`, many with `COPY`.
  var rowCount: Int { get }
  /// What each column holds, when the source knows its values are in the canonical text forms
  /// `BulkColumnType` describes; Postgres then sends them in COPY's binary format. nil: text.
  var columnTypes: [BulkColumnType]? { get }
  /// Appends up to `limit` rows to `batch` (emptied by the caller); fewer, or none, at the end.
  func fill(_ batch: BulkRows, limit: Int) throws
  /// Starts again from the first row (a binary COPY that meets a value with no exact binary
  /// form is rolled back and redone in text).
  func rewind() throws
}

/// The type of a bulk-loaded column, for loaders with a binary form (Postgres binary COPY),
/// and the text each expects. A value in another form makes the load fall back to text, so
/// the server's own text input decides it.
public enum BulkColumnType: Sendable, Hashable {
  /// `integer` (int4): `-?digits`.
  case integer
  /// `float8`: `-?digits[.digits][E±digits]`.
  case double
  /// `boolean`: `true` or `false`.
  case boolean
  /// `date`: `YYYY-MM-DD`.
  case date
  /// `timestamp without time zone`: `YYYY-MM-DD HH:MM:SS[.ffffff][±HH:MM[:SS]]` (an offset is
  /// ignored, as Postgres ignores it for this type).
  case timestamp
  /// `text`: any UTF-8.
  case text
}

/// A growable byte buffer in memory reused between fills (COPY data on its way to the server).
final class ByteBuffer {
  @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private(set) var count = 0
  @exclusivity(unchecked) private var capacity: Int

  init(capacity: Int) {
    self.capacity = max(16, capacity)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  var isEmpty: Bool { count == 0 }

  func removeAll() { count = 0 }

  /// Makes room for `n` more bytes and returns where they go.
  @inline(__always) func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
    if count + n > capacity { grow(count + n) }
    return base + count
  }

  private func grow(_ needed: Int) {
    var c = capacity * 2
    while c < needed { c *= 2 }
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
    grown.update(from: base, count: count)
    base.deallocate()
    base = grown
    capacity = c
  }

  /// Counts `n` bytes written at `reserve(n)`.
  @inline(__always) func advance(_ n: Int) { count += n }

  @inline(__always) func append(_ byte: UInt8) {
    reserve(1).pointee = byte
    count += 1
  }

  @inline(__always) func append(_ a: UInt8, _ b: UInt8) {
    let p = reserve(2)
    p[0] = a
    p[1] = b
    count += 2
  }

  func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
    guard n > 0 else { return }
    reserve(n).update(from: p, count: n)
    count += n
  }

  func append<S: Sequence<UInt8>>(contentsOf bytes: S) {
    for b in bytes { append(b) }
  }
}
