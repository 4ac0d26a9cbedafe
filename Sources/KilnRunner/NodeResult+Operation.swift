import Foundation
import KilnBase

extension NodeResult {
  /// The result of a project hook (`operation.<project>.<project>-on-run-start-0`): success, or
  /// an error with its diagnostic.
  public static func operation(
    _ id: String, error: Diagnostic?, statements: [String], startedAt: Date, completedAt: Date
  ) -> NodeResult {
    NodeResult(
      id: id, status: error == nil ? .success : .error, message: error?.message ?? "OK", diagnostic: error,
      adapterResponse: "", executionTime: completedAt.timeIntervalSince(startedAt), startedAt: startedAt,
      completedAt: completedAt, statements: statements, threadID: "main", failures: nil)
  }
}
