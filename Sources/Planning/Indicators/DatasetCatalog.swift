import Forecasting
import Foundation
import TrajectoryIO

/// The shipped datasets under `Datasets/`.
///
/// The folder is found, in order: the path given by the caller (`--datasets`), `$TRAJECTORY_DATASETS`,
/// a `Datasets` folder in the current directory or one of its parents, then beside the running executable (its real
/// path, whatever folder or link it was started from) or one of its parents — a build under `.build/` finds the
/// checkout's folder — or in `share/trajectory/Datasets` of one of them (an installed `PREFIX/bin/trajectory` finds
/// `PREFIX/share/trajectory/Datasets`).
public struct DatasetCatalog: Sendable {
    /// The `Datasets` folder.
    public let root: String

    /// Names of the datasets.
    public static let names = ["cnipa", "m3-yearly"]

    /// The catalogue of the `Datasets` folder at `root`.
    public init(root: String) { self.root = root }

    /// Finds the `Datasets` folder.
    public static func locate(explicit: String? = nil) throws(PlanningError) -> DatasetCatalog {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let env = ProcessInfo.processInfo.environment["TRAJECTORY_DATASETS"], !env.isEmpty { candidates.append(env) }
        func ancestors(_ start: URL, installed: Bool = false) -> [String] {
            var out: [String] = [], url = start.standardizedFileURL
            for _ in 0..<8 {
                out.append(url.appendingPathComponent("Datasets").path)
                if installed { out.append(url.appendingPathComponent("share/trajectory/Datasets").path) }
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
            return out
        }
        candidates += ancestors(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        candidates += ancestors(runningExecutable().deletingLastPathComponent(), installed: true)
        for path in candidates where FileManager.default.fileExists(atPath: path + "/cnipa/indicators.csv") {
            return DatasetCatalog(root: path)
        }
        if let explicit { return DatasetCatalog(root: explicit) }  // reported when a file in it is missing
        throw .datasetsNotFound(searched: Array(candidates.prefix(4)))
    }

    /// The real path of the running executable: `/proc/self/exe` on Linux (`argv[0]` is only the name it was called
    /// by, which for a command found on `PATH` is not a path at all), else `argv[0]` with its links resolved.
    static func runningExecutable() -> URL {
        if let resolved = realpath("/proc/self/exe", nil) {
            defer { free(resolved) }
            return URL(fileURLWithPath: String(cString: resolved))
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    }

    /// The CNIPA indicators with the 14th Five-Year Plan targets.
    public func cnipa() throws(PlanningError) -> IndicatorDataset {
        try IndicatorDataset.load(name: "cnipa", folder: root + "/cnipa")
    }

    /// The M3 yearly series: training part and held-out test part.
    public func m3Yearly() throws(PlanningError) -> (train: [Series], test: [Series]) {
        let reader = LongCSVReader()
        return try PlanningError.io { () throws(DataFileError) in
            (try reader.read(path: root + "/m3-yearly/train.csv"), try reader.read(path: root + "/m3-yearly/test.csv"))
        }
    }

    /// Checks a dataset name.
    public static func validate(_ name: String) throws(PlanningError) {
        guard names.contains(name) else { throw .unknownDataset(name: name, known: names) }
    }
}
