import Foundation

/// Sorting of the simulated values at one step (a few hundred finite numbers, sorted thousands of times per batch):
/// a counting sort into twice as many equal-width buckets as values, then insertion sort, which has only the few
/// disorders inside buckets to repair — several times faster than a comparison sort on these sizes, whose
/// unpredictable branches dominate. Values that are not all finite, or too close for buckets, use the standard sort.
enum SmallSort {
    static func sort(
        _ values: UnsafeMutableBufferPointer<Double>, scratch: UnsafeMutableBufferPointer<Double>,
        counts: UnsafeMutableBufferPointer<Int>
    ) {
        var v = values
        let n = v.count
        let buckets = 2 * n
        guard n > 16, scratch.count >= n, counts.count > buckets else { v.sort(); return }
        var low = v[0], high = v[0], ordered = true, finite = v[0].isFinite
        for i in 1..<n {
            let x = v[i]
            low = min(low, x)
            high = max(high, x)
            ordered = ordered && v[i - 1] <= x
            finite = finite && x.isFinite
        }
        guard finite else { v.sort(); return }
        if ordered { return }
        let scale = Double(buckets) / (high - low)
        guard high > low, scale.isFinite, scale > 0 else { v.sort(); return }
        for b in 0...buckets { counts[b] = 0 }
        @inline(__always) func bucket(_ x: Double) -> Int { Swift.min(buckets - 1, Int((x - low) * scale)) }
        for i in 0..<n { counts[bucket(v[i]) + 1] += 1 }
        for b in 1...buckets { counts[b] += counts[b - 1] }
        for i in 0..<n {
            let b = bucket(v[i])
            scratch[counts[b]] = v[i]
            counts[b] += 1
        }
        // Insertion sort of the bucket-ordered values: each moves within its bucket at most.
        v[0] = scratch[0]
        for i in 1..<n {
            let x = scratch[i]
            var j = i
            while j > 0 && v[j - 1] > x {
                v[j] = v[j - 1]
                j -= 1
            }
            v[j] = x
        }
    }
}
