import Foundation
import Testing

@testable import TrajectoryIO

@Suite("Atomic file writes")
struct FileIOTests {
    @Test func writesAndReplaces() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tj-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.csv").path
        try AtomicFile.write(Array("one\n".utf8), to: path)
        try AtomicFile.write(Array("two\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"])
    }

    @Test func missingFolderIsAnErrorAndLeavesNothing() {
        #expect(throws: DataFileError.self) { try AtomicFile.write([1], to: "/nonexistent-dir/out.csv") }
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-dir/out.csv"))
    }

    @Test func uncommittedFileLeavesNoTemporary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tj-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let file = try AtomicFile(path: dir.appendingPathComponent("x.csv").path)
            file.write([1, 2, 3])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// A temporary folder for one test.
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fileio-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Devices, folders and FIFOs are refused as outputs and left as they are; so are files with other hard links.
    @Test func nonRegularOutputsAreRefused() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A device node of the test's own (/dev/null's numbers; needs root): a regression replaces only this one.
        let device = dir.appendingPathComponent("device").path
        if mknod(device, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0 {
            #expect(throws: DataFileError.self) { try AtomicFile.write(Array("x".utf8), to: device) }
            var info = stat()
            #expect(stat(device, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
            unlink(device)
        }
        #expect(throws: DataFileError.self) { try AtomicFile.write([1], to: dir.path) }
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: DataFileError.self) { try AtomicFile.write([1], to: fifo) }
        let file = dir.appendingPathComponent("a.csv").path, other = dir.appendingPathComponent("b.csv").path
        try AtomicFile.write(Array("a".utf8), to: file)
        #expect(link(file, other) == 0)
        #expect(throws: DataFileError.self) { try AtomicFile.write(Array("new".utf8), to: file) }
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "a")
        // Nothing left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.csv", "b.csv", "fifo"])
    }

    /// A symbolic link is written through (the link stays a link); an existing file keeps its mode; a new one gets
    /// 0666 less the umask.
    @Test func linksAndModesAreKept() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = dir.appendingPathComponent("real.csv").path, link = dir.appendingPathComponent("link.csv").path
        try AtomicFile.write(Array("one".utf8), to: real)
        var info = stat()
        #expect(stat(real, &info) == 0 && info.st_mode & 0o777 == 0o666 & ~AtomicFile.currentUmask())
        #expect(symlink(real, link) == 0)
        #expect(chmod(real, 0o600) == 0)
        try AtomicFile.write(Array("two".utf8), to: link)
        #expect(lstat(link, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK)
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "two")
        #expect(stat(real, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    /// A full disk is an error naming the output, not a short file reported as written.
    @Test func fullDiskIsAnError() throws {
        let fd = open("/dev/full", O_WRONLY)
        guard fd >= 0 else { return }  // no /dev/full on this system
        defer { close(fd) }
        #expect(throws: DataFileError.cannotWrite(file: "standard output", reason: String(cString: strerror(ENOSPC)))) {
            try FileIO.writeAll(Array(repeating: 65, count: 100_000), to: fd, name: "standard output")
        }
    }

    /// Pipes and FIFOs are read as streams (they have no size; they read as empty before).
    @Test func pipesAreReadAsStreams() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let text = String(repeating: "series_id,period,value\n", count: 5_000)
        let writeEnd = fds[1]
        let writer = Thread {
            try? FileIO.writeAll(Array(text.utf8), to: writeEnd, name: "pipe")
            close(writeEnd)
        }
        writer.start()
        let data = try FileIO.readAll("/dev/fd/\(fds[0])")
        close(fds[0])
        #expect(data.count == text.utf8.count)
    }

    /// Temporary files of runs that no longer exist are removed by the next write to the same output.
    @Test func orphanedTemporaryFilesAreRemoved() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A pid that does not run: far above the default pid_max.
        let orphan = dir.appendingPathComponent(".out.csv.trajectory-2147483000.ABCDEF").path
        #expect(FileManager.default.createFile(atPath: orphan, contents: Data([1])))
        try AtomicFile.write(Array("x".utf8), to: dir.appendingPathComponent("out.csv").path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"])
    }
}
