import Foundation
import TrajectoryIO

/// SVG to PNG through `rsvg-convert` (librsvg, Debian's `librsvg2-bin`), found on `PATH` at run time: a well-kept
/// renderer rather than a rasteriser of our own. Missing, it is named in the error with the package to install.
enum PNGConverter {
    /// The PNG rendering of `svg`.
    /// - Throws: ``DataFileError`` naming `rsvg-convert` when it is missing or fails.
    static func png(fromSVG svg: [UInt8]) throws -> [UInt8] {
        guard let tool = executable("rsvg-convert") else {
            throw DataFileError.cannotWrite(
                file: "rsvg-convert",
                reason:
                    "PNG output needs rsvg-convert on PATH (Debian: apt-get install librsvg2-bin); write .svg instead")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--format", "png", "--zoom", "2"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // The SVG is small (tens of kilobytes): written whole, then the PNG read to its end.
        input.fileHandleForWriting.write(Data(svg))
        try input.fileHandleForWriting.close()
        let png = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, png.starts(with: [0x89, 0x50, 0x4E, 0x47]) else {
            throw DataFileError.cannotWrite(
                file: tool,
                reason: "rsvg-convert failed (exit \(process.terminationStatus)): "
                    + String(decoding: message.prefix(300), as: UTF8.self))
        }
        return [UInt8](png)
    }

    /// The first executable called `name` on `PATH`.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
