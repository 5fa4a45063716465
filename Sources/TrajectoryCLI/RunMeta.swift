import ArgumentParser
import Foundation
import Planning
import TrajectoryIO

/// The `meta` object of every JSON output: the version, the command and its settings, and each data file read with
/// its SHA-256 (as `sha256sum` prints it), so that a result can be traced to what produced it.
enum RunMeta {
    /// The version of `trajectory`.
    static var version: String { TrajectoryCommand.configuration.version }

    /// `meta` for `command` with its `settings` and `data` files.
    static func make(_ command: String, _ settings: [(String, JSONValue)], data: [JSONValue]) -> JSONValue {
        .object(
            [("trajectory", .string(version)), ("command", .string(command))] + settings + [("data", .array(data))])
    }

    /// A file read and its SHA-256: given (a stream's, computed as it was read) or read again here.
    static func file(_ path: String, sha256: String? = nil) -> JSONValue {
        let digest = sha256 ?? (try? FileIO.readAll(path)).map(SHA256.hexDigest(of:))
        return .object([("file", .string(path)), ("sha256", .optional(digest))])
    }

    /// The files of the shipped datasets `names` (their CSV files, by name) in the datasets folder found from
    /// `explicit` (`--datasets`); none when there is no such folder.
    static func datasets(_ names: [String], explicit: String?) -> [JSONValue] {
        guard let root = try? DatasetCatalog.locate(explicit: explicit).root else { return [] }
        return names.flatMap { name -> [JSONValue] in
            let folder = root + "/" + name
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return files.filter { $0.hasSuffix(".csv") }.sorted().map { file(folder + "/" + $0) }
        }
    }

    /// A string setting, null when not given.
    static func setting(_ name: String, _ value: String?) -> (String, JSONValue) { (name, .optional(value)) }
}

extension OutputOptions {
    /// Writes a table-shaped result as rendered, or in JSON as the envelope every command writes:
    /// `{"rows": [...], "failures": [...], "notes": [...], "meta": {...}}`.
    func emitRows(
        _ render: (OutputFormat) -> [UInt8], meta: JSONValue, failures: [JSONValue] = [], notes: [JSONValue] = []
    ) throws {
        let format = resolvedFormat
        guard format == .json else {
            try emit(render(format))
            return
        }
        var rows = render(.json)
        while rows.last == 0x0A { rows.removeLast() }
        let envelope = JSONValue.object([
            ("rows", .raw(rows)), ("failures", .array(failures)), ("notes", .array(notes)), ("meta", meta),
        ])
        try emit(envelope.bytes + [0x0A])
    }
}
