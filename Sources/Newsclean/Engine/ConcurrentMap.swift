internal import Dispatch
internal import NewscleanRegex

/// `(0..<count).map(transform)`, with the calls spread over every core; the results stay in index order.
///
/// For building a cleaner: parsing rule files, and compiling and analysing their patterns, are independent per file
/// and per rule, and were most of the time `newsclean` took to start. The caller's
/// ``CompiledPattern/compileCounter``, a task-local that would not reach the dispatch threads, is bound around every
/// call.
package func concurrentMap<Element>(_ count: Int, _ transform: @Sendable (Int) -> Element) -> [Element] {
    guard count > 1 else { return (0..<count).map(transform) }
    let counter = CompiledPattern.compileCounter
    return [Element](unsafeUninitializedCapacity: count) { buffer, initializedCount in
        let slots = Slots(base: buffer.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            CompiledPattern.$compileCounter.withValue(counter) {
                (slots.base + index).initialize(to: transform(index))
            }
        }
        initializedCount = count
    }
}

/// The uninitialized result buffer of `concurrentMap`.
// Sendable: each call initializes its own element, and `concurrentPerform` returns only after every call did.
private struct Slots<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}
