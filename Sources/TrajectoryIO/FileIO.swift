import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whole-file reads (regular files, pipes, FIFOs, standard input) and checked writes to standard output.
package enum FileIO {
    /// Reads a whole file, or standard input for `-`. A regular file is read at its size; anything else (a pipe, a
    /// FIFO, `/dev/stdin`, a process substitution) is read as a stream to its end.
    package static func readAll(_ path: String, limit: Int? = nil) throws(DataFileError) -> [UInt8] {
        func tooLarge(_ size: Int) -> DataFileError {
            .cannotRead(
                file: path, reason: "the file has \(size) bytes, more than the \(limit ?? 0) this command reads")
        }
        if path == "-" { return try readStream(0, path: path, limit: limit) }
        let fd = try openForReading(path)
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .cannotRead(file: path, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return try readStream(fd, path: path, limit: limit) }
        let size = Int(info.st_size)
        if let limit, size > limit { throw tooLarge(size) }
        var failure: String?
        let buffer = [UInt8](unsafeUninitializedCapacity: size) { raw, initialized in
            var done = 0
            if let base = raw.baseAddress {
                while done < size {
                    let n = read(fd, base + done, size - done)
                    if n < 0 { failure = String(cString: strerror(errno)); break }
                    if n == 0 { break }
                    done += n
                }
            }
            initialized = done
        }
        if let failure { throw .cannotRead(file: path, reason: failure) }
        return buffer
    }

    /// Opens a file for reading: a missing file, a folder or a refusal is an error naming the file.
    package static func openForReading(_ path: String) throws(DataFileError) -> Int32 {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .cannotRead(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .cannotRead(file: path, reason: "it is a directory") }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotRead(file: path, reason: String(cString: strerror(errno))) }
        return fd
    }

    /// Reads `fd` to its end in chunks (a stream has no size to read up front).
    static func readStream(_ fd: Int32, path: String, limit: Int?) throws(DataFileError) -> [UInt8] {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotRead(file: path == "-" ? "standard input" : path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            data.append(contentsOf: chunk[0..<n])
            if let limit, data.count > limit {
                throw .cannotRead(
                    file: path == "-" ? "standard input" : path,
                    reason: "more than the \(limit) bytes this command reads")
            }
        }
        return data
    }

    /// Writes all of `bytes` to `fd`, retrying short writes and interruptions.
    /// - Throws: ``DataFileError/cannotWrite(file:reason:)`` naming `name` (a full disk, a closed descriptor).
    package static func writeAll(_ bytes: [UInt8], to fd: Int32, name: String) throws(DataFileError) {
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count, let base = raw.baseAddress {
                let n = write(fd, base + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failure = n == 0 ? "nothing was written" : String(cString: strerror(errno)); return }
                done += n
            }
        }
        if let failure { throw .cannotWrite(file: name, reason: failure) }
    }

    /// Writes to standard output; a failed write (a full disk, a closed output) is an error, not a lost line.
    package static func writeStandardOutput(_ bytes: [UInt8]) throws(DataFileError) {
        try writeAll(bytes, to: 1, name: "standard output")
    }
}
