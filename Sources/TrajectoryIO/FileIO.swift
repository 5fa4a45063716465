import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whole-file reads and atomic writes.
package enum FileIO {
    /// Reads a whole file, or standard input for `-`.
    package static func readAll(_ path: String, limit: Int? = nil) throws(DataFileError) -> [UInt8] {
        func tooLarge(_ size: Int) -> DataFileError {
            .cannotRead(
                file: path, reason: "the file has \(size) bytes, more than the \(limit ?? 0) this command reads")
        }
        if path == "-" {
            let data = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
            if let limit, data.count > limit { throw tooLarge(data.count) }
            return data
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

    /// Writes `bytes` to `path` atomically: to a temporary file in the same folder, then renamed into place,
    /// so a reader never sees a half-written file and a failed run leaves no file behind.
    package static func writeAtomically(_ bytes: [UInt8], to path: String) throws(DataFileError) {
        let file = try AtomicFile(path: path)
        file.write(bytes)
        try file.commit()
    }

    /// A file being written through a temporary file: ``commit()`` renames it into place; dropping it
    /// without committing removes the temporary file.
    package final class AtomicFile {
        package let path: String
        let temporary: String
        var fd: Int32
        var failure: String?

        /// Creates the temporary file beside `path`.
        package init(path: String) throws(DataFileError) {
            let url = URL(fileURLWithPath: path)
            let directory = url.deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw .cannotWrite(file: path, reason: "the folder \(directory) does not exist")
            }
            var template = Array("\(directory)/.\(url.lastPathComponent).tmp.XXXXXX".utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { p in p.baseAddress.map { mkstemp($0) } ?? -1 }
            guard fd >= 0 else { throw .cannotWrite(file: path, reason: String(cString: strerror(errno))) }
            self.path = path
            self.fd = fd
            self.temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        /// Appends bytes.
        package func write(_ bytes: [UInt8]) {
            guard failure == nil else { return }
            bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count, let base = raw.baseAddress {
                    let n = Glibc.write(fd, base + done, raw.count - done)
                    if n <= 0 { failure = String(cString: strerror(errno)); return }
                    done += n
                }
            }
        }

        /// Flushes, closes and renames the file into place.
        package func commit() throws(DataFileError) {
            fchmod(fd, 0o644)
            close(fd)
            fd = -1
            if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
            if let failure {
                unlink(temporary)
                throw .cannotWrite(file: path, reason: failure)
            }
        }

        deinit {
            if fd >= 0 {
                close(fd)
                unlink(temporary)
            }
        }
    }

    /// Writes to standard output.
    package static func writeStandardOutput(_ bytes: [UInt8]) {
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
