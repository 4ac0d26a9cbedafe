#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Stops parsing or rendering with an error before the thread's stack runs out.
///
/// Nesting limits alone cannot be right for every thread: a debug build uses several times the
/// stack of a release build, and a secondary thread may have only 512 KiB. So the parser and
/// the renderer also compare the current stack position with the thread's stack bounds (read
/// once per thread) and fail while `reserve` bytes are still free.
enum StackGuard {
  /// Bytes kept free for unwinding and for the work done between two checks.
  static let reserve: UInt = 64 * 1024

  private static let key: pthread_key_t = {
    var k = pthread_key_t()
    pthread_key_create(&k, nil)
    return k
  }()

  /// The lowest safe stack address of the current thread (bounds plus `reserve`).
  static func limit() -> UInt {
    if let p = pthread_getspecific(key) { return UInt(bitPattern: p) }
    let low = lowestAddress() + reserve
    pthread_setspecific(key, UnsafeRawPointer(bitPattern: low))
    return low
  }

  /// The lowest address of the current thread's stack, or 0 when unknown.
  static func lowestAddress() -> UInt {
    #if canImport(Darwin)
      let t = pthread_self()
      return UInt(bitPattern: pthread_get_stackaddr_np(t)) - UInt(pthread_get_stacksize_np(t))
    #elseif os(Linux)
      // `pthread_getattr_np` is a GNU extension the Glibc module does not import.
      typealias GetAttr = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
      guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return 0 }
      let getattr = unsafeBitCast(sym, to: GetAttr.self)
      var attr = pthread_attr_t()
      guard getattr(pthread_self(), &attr) == 0 else { return 0 }
      defer { pthread_attr_destroy(&attr) }
      var addr: UnsafeMutableRawPointer?
      var size = 0
      guard pthread_attr_getstack(&attr, &addr, &size) == 0 else { return 0 }
      return UInt(bitPattern: addr)
    #else
      return 0
    #endif
  }

  /// Whether the stack is nearly exhausted on this thread.
  @inline(__always)
  static var isLow: Bool {
    var marker: UInt8 = 0
    let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    return here < limit()
  }

  /// The error for a template too deeply nested for the current thread.
  static var error: JinjaError {
    JinjaError.runtime("template nested too deeply for this thread's stack")
  }
}
