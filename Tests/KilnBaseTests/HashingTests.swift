import KilnBase
import Testing

// Expected digests computed with Python's hashlib (md5 / sha256 over UTF-8).
@Test(arguments: [
  ("", "d41d8cd98f00b204e9800998ecf8427e"),
  ("a", "0cc175b9c0f1b6a831c399e269772661"),
  ("abc", "900150983cd24fb0d6963f7d28e17f72"),
  ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
  ("The quick brown fox jumps over the lazy dog", "9e107d9d372bb6826bd81d3542a419d6"),
  (String(repeating: "x", count: 1000), "398533d48111e9f664b1f64cb10c4b63"),
  ("héllo ✓", "21b1ae5bc147bb564254200a4731e337"),
  // Padding boundaries: 55 bytes fit one block, 56 and 64 need a second.
  (String(repeating: "a", count: 55), "ef1772b6dff9a122358552954ad0df65"),
  (String(repeating: "a", count: 56), "3b0c8ac703f828b04c6c197006d17218"),
  (String(repeating: "a", count: 64), "014842d480b571495a4a0363793f7367"),
])
func md5MatchesHashlib(input: String, expected: String) {
  #expect(Hashing.md5Hex(input) == expected)
}

@Test(arguments: [
  ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
  ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
  (
    "The quick brown fox jumps over the lazy dog",
    "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"
  ),
  (
    String(repeating: "x", count: 1000),
    "44f8354494a5ba03ba1792a8d3e9c534c47a9181980fde7a3f44b06ef2ae7c7f"
  ),
  ("héllo ✓", "5657cdef8a85a584e0e961e6f8247cf5d3f8ed21496ed6fdbcfd43a761e94245"),
  (
    String(repeating: "a", count: 56),
    "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"
  ),
])
func sha256MatchesHashlib(input: String, expected: String) {
  #expect(Hashing.sha256Hex(input) == expected)
}
