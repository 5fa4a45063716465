import ArgumentParser
import Forecasting
import Foundation
import TrajectoryIO

/// `trajectory`: forecasts of indicator series from the terminal.
@main
struct TrajectoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trajectory",
        abstract: "Forecast indicator series and check them against plan targets.",
        discussion: """
            Exit status (every command): 0 when everything asked was answered (a year already observed or an
            indicator without data in a vintage is answered with a note); 1 on an error that stopped the run (a bad
            file, a failed write: nothing is written); 3 when some series, indicators or scenarios could not be done
            (each is named on standard error, the others are written); 64 on a usage error (nothing is run).
            """,
        version: "0.2.0",
        subcommands: [
            Forecast.self, Targets.self, Scenarios.self, Plot.self, Report.self, Backtest.self, Datasets.self,
        ]
    )

    static func main() {
        OpenBLASThreads.runSingleThreaded()
        // The engine parallelises over series and its matrices are small: OpenBLAS's own threads would only contend
        // with ours (and spin in sched_yield), so every command runs it single-threaded (the one place the CLI says so).
        ForecastingRuntime.useSingleThreadedBLAS()
        // An interrupted or terminated run removes the temporary files of the outputs it was writing.
        TemporaryFiles.installSignalHandlers()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// OpenBLAS starts its thread pool when the library loads, sized by `OPENBLAS_NUM_THREADS`; its idle threads
/// then spin for a while and take cores from Trajectory's own workers, which parallelise over series (the
/// matrices here are too small for BLAS threads to pay). When the variable is unset, the process re-executes
/// itself once with `OPENBLAS_NUM_THREADS=1`; a value the user set is respected.
enum OpenBLASThreads {
    static func runSingleThreaded() {
        #if os(Linux)
            guard getenv("OPENBLAS_NUM_THREADS") == nil, getenv("TRAJECTORY_NO_REEXEC") == nil else { return }
            setenv("OPENBLAS_NUM_THREADS", "1", 1)
            setenv("TRAJECTORY_NO_REEXEC", "1", 1)
            var arguments = CommandLine.arguments.map { strdup($0) }
            arguments.append(nil)
            execv("/proc/self/exe", &arguments)
        // execv returns only on failure: carry on in this process.
        #endif
    }
}
