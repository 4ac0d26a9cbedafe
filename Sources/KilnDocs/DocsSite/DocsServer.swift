import FlyingFox
import Foundation

/// Serves `target/` over HTTP on 127.0.0.1 for `kiln docs serve` (FlyingFox).
public enum DocsServer {
  /// Serves `directory` until the task is cancelled; `ready` is called with the URL once the
  /// socket listens.
  public static func serve(directory: String, port: UInt16, ready: @Sendable (String) -> Void) async throws {
    let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), timeout: 30)
    let root = URL(fileURLWithPath: directory, isDirectory: true)
    let index = root.appendingPathComponent("index.html")
    await server.appendRoute("GET,HEAD /") { _ in
      let data = (try? Data(contentsOf: index)) ?? Data("target/index.html is missing: run `kiln docs generate`".utf8)
      return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: data)
    }
    await server.appendRoute("GET,HEAD /*", to: DirectoryHTTPHandler(root: root, serverPath: "/"))
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await server.run() }
      try await server.waitUntilListening()
      ready("http://127.0.0.1:\(port)/")
      try await group.next()
    }
  }
}
