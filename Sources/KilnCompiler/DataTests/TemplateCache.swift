import Foundation
import KilnJinja

/// Parsed templates by text, shared by threads: test arguments such as `ref('customers')`
/// repeat across thousands of tests, and parsing each once is enough.
final class TemplateCache: @unchecked Sendable {
  // @unchecked: every access to `templates` holds `lock`; Templates are immutable.
  private var templates: [String: Template] = [:]
  private let lock = NSLock()
  let environment: Environment

  init(environment: Environment) { self.environment = environment }

  func template(_ text: String, name: String) throws -> Template {
    lock.lock()
    if let t = templates[text] {
      lock.unlock()
      return t
    }
    lock.unlock()
    let t = try environment.parse(text, name: name)
    lock.lock()
    templates[text] = t
    lock.unlock()
    return t
  }
}
