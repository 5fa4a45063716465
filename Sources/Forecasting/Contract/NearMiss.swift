/// Suggestions for mistyped names (model names on the command line).
enum NearMiss {
    /// The name among `names` closest to `name` by edit distance, when it is a near miss (at most 2 edits, or a third of its
    /// length).
    static func closest(to name: String, among names: [String]) -> String? {
        let lower = Array(name.lowercased())
        let candidates = names.filter { !$0.contains(" ") && !$0.contains("…") }
        var best: (String, Int)?
        for candidate in candidates {
            let d = editDistance(lower, Array(candidate.lowercased()))
            if d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        guard let (candidate, distance) = best, distance > 0, distance <= max(2, lower.count / 3) else { return nil }
        return candidate
    }

    /// Levenshtein distance.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
