import ArgumentParser

/// `trajectory`: forecasts of indicator series from the terminal.
@main
struct TrajectoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trajectory",
        abstract: "Forecast indicator series and check them against plan targets.",
        discussion: """
            Exit status: 0 when every series was forecast; 1 on an error that stopped the run (bad file, bad option);
            3 when some series could not be forecast (they are listed on standard error, the others are written).
            """,
        version: "0.1.0",
        subcommands: [Forecast.self, Backtest.self, Datasets.self]
    )
}
