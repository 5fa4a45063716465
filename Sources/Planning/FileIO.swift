import Foundation

/// Whole-file reads and atomic writes.
public enum FileIO {
    /// Reads a whole file, or standard input for `-`.
    public static func readAll(_ path: String) throws(PlanningError) -> [UInt8] {
        if path == "-" {
            return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .cannotRead(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .cannotRead(file: path, reason: "it is a directory") }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotRead(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotRead(file: path, reason: String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        var buffer = [UInt8](repeating: 0, count: size)
        var done = 0
        let failure: String? = buffer.withUnsafeMutableBytes { raw -> String? in
            guard let base = raw.baseAddress else { return nil }
            while done < size {
                let n = read(fd, base + done, size - done)
                if n < 0 { return String(cString: strerror(errno)) }
                if n == 0 { break }
                done += n
            }
            return nil
        }
        if let failure { throw .cannotRead(file: path, reason: failure) }
        if done < size { buffer.removeLast(size - done) }
        return buffer
    }

    /// Writes `bytes` to `path` atomically: to a temporary file in the same folder, then renamed into place,
    /// so a reader never sees a half-written file and a failed run leaves no file behind.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(PlanningError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotWrite(file: path, reason: "the folder \(directory) does not exist")
        }
        var template = Array("\(directory)/.\(url.lastPathComponent).tmp.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { p in p.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw .cannotWrite(file: path, reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count, let base = raw.baseAddress {
                let n = write(fd, base + done, raw.count - done)
                if n <= 0 { failure = String(cString: strerror(errno)); return }
                done += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        fchmod(fd, 0o644)
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw .cannotWrite(file: path, reason: failure)
        }
    }

    /// Writes to standard output.
    public static func writeStandardOutput(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count, let base = raw.baseAddress {
                let n = write(1, base + done, raw.count - done)
                if n <= 0 { return }
                done += n
            }
        }
    }
}
