/// How tests are pulled in by the nodes they test (`--indirect-selection`).
///
/// See docs.getdbt.com/reference/global-configs/indirect-selection and the "Indirect selection"
/// section of docs.getdbt.com/reference/node-selection/test-selection-examples.
public enum IndirectSelection: String, Hashable, Sendable, CaseIterable {
  /// The default: a test runs when ANY of its parents is selected.
  case eager
  /// A test runs only when ALL of its parents are selected.
  case cautious
  /// A test runs when each parent is selected or upstream of a selected node.
  case buildable
  /// No test is selected indirectly, only tests matched directly.
  case empty
}
