import Foundation
import KilnBase
import KilnJinja

/// Parsed templates by text, shared by threads: test arguments such as `ref('customers')`
/// repeat across thousands of tests, and parsing each once is enough.
final class TemplateCache: Sendable {
  private let templates = SharedCache<String, Template>()
  let environment: Environment

  init(environment: Environment) { self.environment = environment }

  func template(_ text: String, name: String) throws -> Template {
    try templates.value(text) { try environment.parse(text, name: name) }
  }
}
