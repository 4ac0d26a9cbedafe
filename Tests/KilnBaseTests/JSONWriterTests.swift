import Foundation
import KilnBase
import Testing

/// String escaping reads eight bytes at a time while nothing needs escaping; every special
/// byte at every place of a word, and strings of every length around the word size, must come
/// out exactly as a byte-by-byte escape (checked against Foundation's JSON decoder too).
@Suite struct JSONWriterTests {
  /// The reference: one byte at a time.
  static func slowEscape(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 {
          out += String(format: "\\u%04x", u.value)
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out + "\""
  }

  @Test func everySpecialByteAtEveryPlace() throws {
    let specials: [Character] = ["\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}"]
    let fillers = ["a", "é", "✓", " ", "\u{7F}"]
    for length in 0...20 {
      for filler in fillers {
        let plain = String(repeating: filler, count: length)
        #expect(JSON.string(plain).text() == Self.slowEscape(plain))
        for place in 0..<max(length, 1) {
          for special in specials {
            var chars = Array(plain)
            if chars.isEmpty { chars = [special] } else { chars[place] = special }
            let s = String(chars)
            let text = JSON.string(s).text()
            #expect(text == Self.slowEscape(s), "\(s.debugDescription)")
            let back = try JSONDecoder().decode(String.self, from: Data(text.utf8))
            #expect(back == s)
          }
        }
      }
    }
  }

  @Test func rawMembersJoinPiecesAsOneObject() {
    let members = JSON.rawMembers([Array(#""a": 1"#.utf8), [], Array(#""b": [2, 3], "c": null"#.utf8)])
    #expect(members.text() == #"{"a": 1, "b": [2, 3], "c": null}"#)
    var streamed: [UInt8] = []
    JSON.object([("x", members), ("y", .rawMembers([]))]).stream { streamed += $0 }
    #expect(String(decoding: streamed, as: UTF8.self) == #"{"x": {"a": 1, "b": [2, 3], "c": null}, "y": {}}"#)
  }
}
