/// Hex digests used for dbt-compatible names: test-name hashes, `dbt_scd_id`, file checksums.
///
/// ```swift
/// Hashing.md5Hex("abc")     // "900150983cd24fb0d6963f7d28e17f72"
/// Hashing.sha256Hex("abc")  // "ba7816bf…"
/// ```
public enum Hashing {
  /// Lowercase hex MD5 (RFC 1321) of the UTF-8 bytes of `s`, as Python's `hashlib.md5`.
  public static func md5Hex(_ s: String) -> String { hex(md5(Array(s.utf8))) }

  /// Lowercase hex SHA-256 (FIPS 180-4) of the UTF-8 bytes of `s`, as `hashlib.sha256`.
  public static func sha256Hex(_ s: String) -> String { SHA256Digest.hex(s) }

  /// MD5 digest of raw bytes (16 bytes).
  public static func md5(_ message: [UInt8]) -> [UInt8] {
    var a0: UInt32 = 0x6745_2301
    var b0: UInt32 = 0xefcd_ab89
    var c0: UInt32 = 0x98ba_dcfe
    var d0: UInt32 = 0x1032_5476
    // One padded buffer and one word array for all blocks: tens of thousands of test ids are
    // hashed per parse, so the digest must not allocate per block.
    let m = paddedBuffer(message)
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { w in
      m.withUnsafeBufferPointer { bytes in
        for block in stride(from: 0, to: bytes.count, by: 64) {
          for i in 0..<16 {
            let o = block + i * 4
            w[i] =
              UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16
              | UInt32(bytes[o + 3]) << 24
          }
          var (a, b, c, d) = (a0, b0, c0, d0)
          for i in 0..<64 {
            var f: UInt32
            let g: Int
            switch i {
            case 0..<16: (f, g) = ((b & c) | (~b & d), i)
            case 16..<32: (f, g) = ((d & b) | (~d & c), (5 * i + 1) % 16)
            case 32..<48: (f, g) = (b ^ c ^ d, (3 * i + 5) % 16)
            default: (f, g) = (c ^ (b | ~d), (7 * i) % 16)
            }
            f = f &+ a &+ md5K[i] &+ w[g]
            a = d
            d = c
            c = b
            b = b &+ rotl(f, md5Shifts[i])
          }
          a0 = a0 &+ a
          b0 = b0 &+ b
          c0 = c0 &+ c
          d0 = d0 &+ d
        }
      }
    }
    var out = [UInt8]()
    out.reserveCapacity(16)
    for v in [a0, b0, c0, d0] {
      for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(k)))) }
    }
    return out
  }

  // Per-round shift amounts from RFC 1321 §3.4.
  private static let md5Shifts: [UInt32] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
  ]

  /// The message padded with 0x80, zeros and the 64-bit bit length (little-endian, as MD5
  /// writes it) to a multiple of 64 bytes.
  private static func paddedBuffer(_ message: [UInt8]) -> [UInt8] {
    var m = message
    let bitLength = UInt64(message.count) &* 8
    m.reserveCapacity(message.count + 72)
    m.append(0x80)
    while m.count % 64 != 56 { m.append(0) }
    for i in 0..<8 { m.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))) }
    return m
  }

  /// Lowercase hex of bytes.
  public static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }


  // floor(abs(sin(i + 1)) * 2^32), RFC 1321 §3.4, precomputed.
  private static let md5K: [UInt32] = [
    0xd76a_a478, 0xe8c7_b756, 0x2420_70db, 0xc1bd_ceee, 0xf57c_0faf, 0x4787_c62a, 0xa830_4613,
    0xfd46_9501, 0x6980_98d8, 0x8b44_f7af, 0xffff_5bb1, 0x895c_d7be, 0x6b90_1122, 0xfd98_7193,
    0xa679_438e, 0x49b4_0821, 0xf61e_2562, 0xc040_b340, 0x265e_5a51, 0xe9b6_c7aa, 0xd62f_105d,
    0x0244_1453, 0xd8a1_e681, 0xe7d3_fbc8, 0x21e1_cde6, 0xc337_07d6, 0xf4d5_0d87, 0x455a_14ed,
    0xa9e3_e905, 0xfcef_a3f8, 0x676f_02d9, 0x8d2a_4c8a, 0xfffa_3942, 0x8771_f681, 0x6d9d_6122,
    0xfde5_380c, 0xa4be_ea44, 0x4bde_cfa9, 0xf6bb_4b60, 0xbebf_bc70, 0x289b_7ec6, 0xeaa1_27fa,
    0xd4ef_3085, 0x0488_1d05, 0xd9d4_d039, 0xe6db_99e5, 0x1fa2_7cf8, 0xc4ac_5665, 0xf429_2244,
    0x432a_ff97, 0xab94_23a7, 0xfc93_a039, 0x655b_59c3, 0x8f0c_cc92, 0xffef_f47d, 0x8584_5dd1,
    0x6fa8_7e4f, 0xfe2c_e6e0, 0xa301_4314, 0x4e08_11a1, 0xf753_7e82, 0xbd3a_f235, 0x2ad7_d2bb,
    0xeb86_d391,
  ]
}
