/// A batch of rows for a bulk load, stored flat: one byte buffer for all text and one cell
/// record per value, so filling a batch allocates nothing once its buffers have grown.
///
/// `DatabaseConnection.loadRows` hands the same batch to its `fill` closure again and again;
/// the closure appends cells row by row (`appendNull`, `appendInteger`, `appendText`, then
/// `endRow`).
///
/// ```swift
/// try db.loadRows(schema: "main", table: "t", columns: ["id", "name"], rowCount: 1) { batch, _ in
///   batch.appendInteger(1); batch.appendText("ann"); batch.endRow()
/// }
/// ```
public struct BulkRows {
  /// One value: `count` -1 is NULL, -2 an integer held in `start`, otherwise text at
  /// `bytes[start..<start + count]`.
  struct Cell {
    var start: Int
    var count: Int
  }

  /// Values per row.
  public let columnCount: Int
  /// Complete rows in the batch.
  public private(set) var rowCount = 0
  var bytes: [UInt8] = []
  var cells: [Cell] = []

  /// An empty batch of `columnCount`-value rows.
  public init(columnCount: Int) {
    self.columnCount = columnCount
  }

  /// Appends a NULL to the current row.
  public mutating func appendNull() { cells.append(Cell(start: 0, count: -1)) }

  /// Appends an integer to the current row.
  public mutating func appendInteger(_ value: Int64) {
    cells.append(Cell(start: Int(value), count: -2))
  }

  /// Appends UTF-8 text (copied) to the current row.
  public mutating func appendText(_ utf8: UnsafeBufferPointer<UInt8>) {
    cells.append(Cell(start: bytes.count, count: utf8.count))
    bytes.append(contentsOf: utf8)
  }

  /// Appends text to the current row.
  public mutating func appendText(_ text: String) {
    var text = text
    text.withUTF8 { appendText($0) }
  }

  /// Ends the current row; it must have `columnCount` values.
  public mutating func endRow() {
    precondition(cells.count == (rowCount + 1) * columnCount, "a bulk row needs \(columnCount) values")
    rowCount += 1
  }

  /// Empties the batch, keeping its buffers.
  public mutating func removeAll() {
    rowCount = 0
    bytes.removeAll(keepingCapacity: true)
    cells.removeAll(keepingCapacity: true)
  }

  /// Cell `column` of row `row` as a `SQLValue` (for the small-load paths).
  func value(row: Int, column: Int) -> SQLValue {
    let c = cells[row * columnCount + column]
    switch c.count {
    case -1: return .null
    case -2: return .integer(Int64(c.start))
    default: return .text(String(decoding: bytes[c.start..<c.start + c.count], as: UTF8.self))
    }
  }

  /// The batch's rows as `SQLValue`s.
  var values: [[SQLValue]] {
    (0..<rowCount).map { r in (0..<columnCount).map { value(row: r, column: $0) } }
  }
}
