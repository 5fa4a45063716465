/// A linear pre-scan of a YAML text before it reaches the YAML parser, so that hostile files get a clear error
/// instead of a hang, an exhausted stack or exhausted memory.
///
/// - Anchors and aliases (`&a`, `*a`, and `<<: *a` merges) are refused: a scenario file has no use for them, and
///   an alias bomb (a billion laughs) expands exponentially when the document is walked.
/// - Nesting is limited to ``maximumDepth`` levels, counting indentation, `- ` chains and `[`/`{` brackets: the
///   parser and the document walk recurse once per level.
///
/// The scan is conservative (a `*` starting a plain scalar is refused too; quote it) and knows quoting and
/// comments on a line; it costs one pass over the bytes.
public enum YAMLGuard {
    /// The deepest nesting accepted.
    public static let maximumDepth = 24

    /// Where and why a text was refused.
    public struct Problem: Error, Equatable, Sendable {
        /// Line (from 1).
        public let line: Int
        /// Column (from 1).
        public let column: Int
        /// What was found.
        public let detail: String
    }

    /// The first problem in `text`, or nil when it may be parsed.
    public static func check(_ text: String) -> Problem? {
        var indents: [Int] = []
        var flowDepth = 0
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Array(rawLine.utf8)
            var i = 0
            while i < line.count && line[i] == 0x20 { i += 1 }
            if i == line.count || line[i] == 0x23 || line[i] == 0x0D { continue }  // blank or comment
            if flowDepth == 0 {
                while let top = indents.last, top > i { indents.removeLast() }
                if indents.last != i { indents.append(i) }
            }
            var depth = indents.count + flowDepth
            var atNodeStart = true
            var quote: UInt8? = nil
            while i < line.count {
                let c = line[i]
                if let q = quote {
                    if c == q {
                        if q == 0x27 && i + 1 < line.count && line[i + 1] == 0x27 { i += 2; continue }  // '' inside '…'
                        quote = nil
                    } else if c == 0x5C && q == 0x22 {
                        i += 1  // \x inside "…"
                    }
                    i += 1
                    continue
                }
                switch c {
                case 0x20, 0x09:
                    break
                case 0x23 where i == 0 || line[i - 1] == 0x20 || line[i - 1] == 0x09:
                    i = line.count  // comment
                    continue
                case 0x22 where atNodeStart, 0x27 where atNodeStart:
                    quote = c
                    atNodeStart = false
                case 0x26 where atNodeStart, 0x2A where atNodeStart:
                    return Problem(
                        line: lineNumber, column: i + 1,
                        detail:
                            "anchors and aliases ('&name', '*name') are not allowed in a scenario file; write the values out (quote a value that starts with '*' or '&')"
                    )
                case 0x2D where atNodeStart && (i + 1 == line.count || line[i + 1] == 0x20):
                    depth += 1  // "- " entry
                case 0x3F where atNodeStart && (i + 1 == line.count || line[i + 1] == 0x20):
                    depth += 1  // "? " key
                case 0x5B, 0x7B:
                    flowDepth += 1
                    depth += 1
                    atNodeStart = true
                    i += 1
                    if depth > maximumDepth { return tooDeep(lineNumber, i) }
                    continue
                case 0x5D, 0x7D:
                    flowDepth = max(0, flowDepth - 1)
                    atNodeStart = false
                case 0x2C where flowDepth > 0:
                    atNodeStart = true
                    i += 1
                    continue
                case 0x3A
                where i + 1 == line.count || line[i + 1] == 0x20
                    || (flowDepth > 0 && (line[i + 1] == 0x2C || line[i + 1] == 0x5D || line[i + 1] == 0x7D)):
                    atNodeStart = true
                    i += 1
                    continue
                default:
                    atNodeStart = false
                }
                if depth > maximumDepth { return tooDeep(lineNumber, i + 1) }
                i += 1
            }
            if depth > maximumDepth { return tooDeep(lineNumber, 1) }
        }
        return nil
    }

    static func tooDeep(_ line: Int, _ column: Int) -> Problem {
        Problem(
            line: line, column: column,
            detail: "the file is nested more than \(maximumDepth) levels deep (a scenario file needs 5)")
    }
}
