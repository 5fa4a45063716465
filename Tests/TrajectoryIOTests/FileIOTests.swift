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
        try FileIO.writeAtomically(Array("one\n".utf8), to: path)
        try FileIO.writeAtomically(Array("two\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"])
    }

    @Test func missingFolderIsAnErrorAndLeavesNothing() {
        #expect(throws: DataFileError.self) { try FileIO.writeAtomically([1], to: "/nonexistent-dir/out.csv") }
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-dir/out.csv"))
    }

    @Test func uncommittedFileLeavesNoTemporary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tj-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let file = try FileIO.AtomicFile(path: dir.appendingPathComponent("x.csv").path)
            file.write([1, 2, 3])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
