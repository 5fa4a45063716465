/// One of `count` disjoint parts of a batch, chosen by a stable hash of each series' (or scenario's) id: shard
/// `index` (1…`count`) holds the ids whose FNV-1a 64-bit hash of their UTF-8 bytes, modulo `count`, is `index` − 1.
///
/// The hash depends on nothing but the id's bytes (not on the platform, the process or the input order), so N
/// machines that each run one shard of the same input together cover every series exactly once, and since a series'
/// forecast depends only on its own data and the seed, the union of their outputs is the unsharded output.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 1-based shard number.
    public let index: Int
    /// Number of shards.
    public let count: Int

    /// Shard `index` of `count`; nil unless 1 ≤ index ≤ count.
    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Reads `K/N` (`2/8`); nil when it is not two integers with 1 ≤ K ≤ N.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: k, count: n)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// Whether the id belongs to this shard.
    public func contains(_ id: String) -> Bool {
        Int(Self.fnv1a64(id) % UInt64(count)) == index - 1
    }

    /// FNV-1a, 64 bits (offset basis 14695981039346656037, prime 1099511628211), of the id's UTF-8 bytes.
    public static func fnv1a64(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
