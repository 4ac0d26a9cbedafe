/// A binary min-heap, so Kahn's algorithm can always pick the smallest ready node in O(log n)
/// instead of re-sorting the ready set after every step.
struct MinHeap<Element: Comparable> {
  private var items: [Element] = []

  init(_ elements: [Element] = []) {
    for e in elements { push(e) }
  }

  var isEmpty: Bool { items.isEmpty }

  mutating func push(_ e: Element) {
    items.append(e)
    var i = items.count - 1
    while i > 0 {
      let parent = (i - 1) / 2
      guard items[i] < items[parent] else { break }
      items.swapAt(i, parent)
      i = parent
    }
  }

  mutating func pop() -> Element? {
    guard !items.isEmpty else { return nil }
    items.swapAt(0, items.count - 1)
    let top = items.removeLast()
    var i = 0
    while true {
      let l = 2 * i + 1
      let r = l + 1
      var smallest = i
      if l < items.count, items[l] < items[smallest] { smallest = l }
      if r < items.count, items[r] < items[smallest] { smallest = r }
      if smallest == i { break }
      items.swapAt(i, smallest)
      i = smallest
    }
    return top
  }
}
