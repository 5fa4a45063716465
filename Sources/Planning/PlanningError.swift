import Forecasting
import TrajectoryIO

/// Errors from loading datasets and scenario files and from planning requests, with the file, line and column.
public enum PlanningError: Error, Equatable, Sendable, CustomStringConvertible {
    case datasetsNotFound(searched: [String])
    case unknownDataset(name: String, known: [String])
    case unknownIndicator(dataset: String, id: String, known: [String])
    case badMetadata(file: String, line: Int, detail: String)
    /// A request that cannot be carried out as asked (a transform without bounds, an assumption inside the data…).
    case invalidRequest(String)
    /// A scenario file that cannot be run as written.
    case scenarioFile(file: String, line: Int, column: Int, key: String, detail: String)
    case forecasting(ForecastingError)
    /// A data file could not be read or written.
    case dataFile(DataFileError)
    /// The indicator has no observation in the vintage asked for (`as_of` before its first value): nothing to
    /// assess, which the commands report as a note, not a failure.
    case noObservationInVintage(indicator: String, asOf: String)

    /// A sentence naming the file, line, column or key concerned.
    public var description: String {
        switch self {
        case let .datasetsNotFound(searched):
            return
                "cannot find the Datasets folder (looked in: \(searched.joined(separator: ", "))); set TRAJECTORY_DATASETS or run from the repository"
        case let .unknownDataset(name, known):
            return "unknown dataset '\(name)'; available: \(known.joined(separator: ", "))"
        case let .unknownIndicator(dataset, id, known):
            return "dataset '\(dataset)' has no indicator '\(id)'; available: \(known.joined(separator: ", "))"
        case let .badMetadata(file, line, detail): return "\(file): line \(line): \(detail)"
        case let .invalidRequest(detail): return detail
        case let .scenarioFile(file, line, column, key, detail):
            return "\(file): line \(line), column \(column)\(key.isEmpty ? "" : " (\(key))"): \(detail)"
        case let .forecasting(error): return error.description
        case let .dataFile(error): return error.description
        case let .noObservationInVintage(indicator, asOf):
            return
                "indicator '\(indicator)' has no observation dated on or before \(asOf): nothing to assess in that vintage"
        }
    }

    /// Whether the error means there is nothing to assess (an answer the commands note) rather than a failure.
    public var isNothingToAssess: Bool {
        if case .noObservationInVintage = self { return true }
        return false
    }
}

extension PlanningError {
    /// Runs `body`, whose errors are planning, data-file or forecasting errors, as one typed error.
    static func wrapping<T>(_ body: () throws -> T) throws(PlanningError) -> T {
        do {
            return try body()
        } catch let error as PlanningError {
            throw error
        } catch let error as DataFileError {
            throw .dataFile(error)
        } catch let error as ForecastingError {
            throw .forecasting(error)
        } catch {
            throw .invalidRequest(String(describing: error))
        }
    }

    /// Runs an I/O step, wrapping its errors.
    static func io<T>(_ body: () throws(DataFileError) -> T) throws(PlanningError) -> T {
        do { return try body() } catch { throw .dataFile(error) }
    }
}
