import ArgumentParser
import TrajectoryIO

/// `--failures FILE`: what could not be done, as CSV for a program to read (a batch scheduler, the Spark
/// integration), beside the messages on standard error. Written atomically when the run ends, with the header alone
/// when nothing failed, and also when nothing at all could be done (before the run exits 1).
struct FailureLog {
    let path: String?
    private var bytes: [UInt8]

    init(path: String?, header: [String]) {
        self.path = path
        bytes = []
        add(header)
    }

    /// One failure's fields (quoted as CSV needs).
    mutating func add(_ fields: [String]) {
        guard path != nil else { return }
        for (k, field) in fields.enumerated() {
            if k > 0 { bytes.append(0x2C) }
            CSVText.append(field, to: &bytes)
        }
        bytes.append(0x0A)
    }

    /// Writes the file, if one was asked for.
    func write() throws {
        guard let path else { return }
        try AtomicFile.write(bytes, to: path)
    }

    /// `--failures` must name a CSV file, not standard output (which holds the results).
    static func validate(_ path: String?) throws {
        guard let path else { return }
        guard path != "-", OutputOptions.fileExtension(path) == "csv" else {
            throw ValidationError("--failures must name a .csv file (standard output holds the results), got '\(path)'")
        }
    }
}
