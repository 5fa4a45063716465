import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file written through a temporary file beside it and renamed into place on ``commit()``, so that a reader never
/// sees a half-written file and a failed or killed run leaves no file behind.
///
/// The rules:
/// - The output must be a regular file or not exist yet: a device, FIFO, socket or folder is refused (so `-o
///   /dev/null` never replaces the device node), and so is a file with other hard links (renaming would split them).
/// - A symbolic link is followed: the file it points to is replaced, the link is kept.
/// - An existing file keeps its mode and, where the process may set them, its owner and group; a new file gets
///   0666 less the umask.
/// - The data is flushed to disk (`fsync`) before the rename, and the folder after it.
/// - The temporary file is named `.NAME.trajectory-PID.XXXXXX`; it is removed on every error path, when the value is
///   dropped uncommitted, and on SIGINT, SIGTERM, SIGHUP and SIGPIPE (``TemporaryFiles``); a later write to the same
///   output removes such files left by processes that no longer run.
package final class AtomicFile {
    /// The path given.
    package let path: String
    /// Where the data lands: `path`, or the file a symbolic link at `path` points to.
    let target: String
    let temporary: String
    var fd: Int32
    var failure: String?
    /// Mode, owner and group to give the new file (nil owner: leave it).
    let mode: mode_t
    let owner: (uid_t, gid_t)?

    /// Writes `bytes` to `path` atomically.
    package static func write(_ bytes: [UInt8], to path: String) throws(DataFileError) {
        let file = try AtomicFile(path: path)
        file.write(bytes)
        try file.commit()
    }

    /// Creates the temporary file beside the output.
    package init(path: String) throws(DataFileError) {
        var target = path
        var info = stat()
        if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                throw .cannotWrite(file: path, reason: "it is a symbolic link to a file that cannot be reached")
            }
            target = String(cString: resolved)
            free(resolved)
        }
        var mode = 0o666 & ~Self.currentUmask()
        var owner: (uid_t, gid_t)?
        if stat(target, &info) == 0 {
            let kind = info.st_mode & S_IFMT
            guard kind == S_IFREG else {
                let what =
                    kind == S_IFDIR
                    ? "a folder" : kind == S_IFCHR || kind == S_IFBLK ? "a device" : "not a regular file"
                throw .cannotWrite(file: path, reason: "it is \(what); write to a regular file")
            }
            guard info.st_nlink <= 1 else {
                throw .cannotWrite(
                    file: path,
                    reason: "it has \(info.st_nlink) hard links, which replacing it would split; write elsewhere")
            }
            mode = info.st_mode & 0o7777
            owner = (info.st_uid, info.st_gid)
        }
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .cannotWrite(file: path, reason: "the folder \(directory) does not exist")
        }
        let prefix = ".\(url.lastPathComponent).trajectory-"
        Self.removeOrphans(in: directory, prefix: prefix)
        var template = Array("\(directory)/\(prefix)\(getpid()).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { p in p.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw .cannotWrite(file: path, reason: String(cString: strerror(errno))) }
        self.path = path
        self.target = target
        self.fd = fd
        self.mode = mode
        self.owner = owner
        self.temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        TemporaryFiles.register(temporary)
    }

    /// Appends bytes (the first failure is kept and reported by ``commit()``).
    package func write(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        do { try FileIO.writeAll(bytes, to: fd, name: path) } catch {
            if case let .cannotWrite(_, reason) = error { failure = reason }
        }
    }

    /// Flushes to disk, closes and renames the file into place; on failure the temporary file is removed.
    package func commit() throws(DataFileError) {
        if failure == nil, fchmod(fd, mode) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil, let (uid, gid) = owner, fchown(fd, uid, gid) != 0, errno != EPERM {
            failure = String(cString: strerror(errno))
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        fd = -1
        if failure == nil, rename(temporary, target) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            TemporaryFiles.unregister(temporary)
            throw .cannotWrite(file: path, reason: failure)
        }
        TemporaryFiles.unregister(temporary)
        // The rename itself reaches the disk with the folder's entry.
        let folder = open(URL(fileURLWithPath: target).deletingLastPathComponent().path, O_RDONLY)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(temporary)
            TemporaryFiles.unregister(temporary)
        }
    }

    /// The process's umask: from `/proc/self/status` where the kernel gives it (reading it that way changes nothing
    /// for other threads), else by setting and restoring it.
    static func currentUmask() -> mode_t {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
            let value = mode_t(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8)
        {
            return value
        }
        let mask = umask(0o022)
        umask(mask)
        return mask
    }

    /// Removes `prefix<pid>.*` files in `directory` whose process no longer runs (left by a run killed with
    /// SIGKILL, which no handler sees).
    static func removeOrphans(in directory: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: "."), let pid = Int32(rest[..<dot]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
        }
    }
}
