import ArgumentParser
import Foundation
import Testing

@testable import TrajectoryCLI

@Suite("trajectory backtest")
struct BacktestCommandTests {
    @Test func trainTestSummaryAndPerSeries() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let train = try scratch.write(
            "train.csv", "series_id,period,value\na,1,1\na,2,2\na,3,4\nb,1,10\nb,2,10\nb,3,10\nb,4,10\n")
        let test = try scratch.write("test.csv", "series_id,period,value\na,4,5\na,5,7\nb,5,10\n")
        #expect(
            try run([
                "backtest", "--input", train, "--test", test, "--model", "naive", "--model", "drift",
                "--format", "csv", "--output", scratch.path("s.csv"),
            ]) == 0)
        let lines = try scratch.read("s.csv").split(separator: "\n")
        #expect(lines.first == "model,series,points,sMAPE,MASE,cov80,cov95,MSIS,RMSE,MAE,MAPE,failures,seconds")
        #expect(lines.count == 3)
        // Naive: a scores (200/9 + 600/11)/2 and b scores 0; the mean over the two series.
        let naive = lines[1].split(separator: ",")
        #expect(naive[0] == "naive" && naive[1] == "2" && naive[2] == "3")
        #expect(abs((Double(naive[3]) ?? 0) - (200.0 / 9 + 600.0 / 11) / 4) < 1e-3)
        #expect(
            try run([
                "backtest", "--input", train, "--test", test, "--model", "naive", "--per-series",
                "--format", "csv", "--output", scratch.path("p.csv"),
            ]) == 0)
        let perSeries = try scratch.read("p.csv").split(separator: "\n")
        #expect(perSeries.count == 3 && perSeries[1].hasPrefix("a,naive,2,"))
    }

    @Test func rollingOriginAndValidation() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.write(
            "d.csv",
            "series_id,period,value\n"
                + (1...12).map { "s,\($0),\(Double($0) * 1.5 + Double($0 % 3))" }.joined(separator: "\n") + "\n")
        #expect(
            try run([
                "backtest", "--input", data, "--holdout", "2", "--origins", "3", "--model", "ets", "--model", "theta",
                "--format", "json", "--output", scratch.path("r.json"),
            ]) == 0)
        let envelope = try JSONSerialization.jsonObject(with: Data(try scratch.read("r.json").utf8)) as? [String: Any]
        let json = envelope?["rows"] as? [[String: String]]
        #expect(json?.map { $0["model"] } == ["ets", "theta"])
        #expect(json?.first?["series"] == "3" && json?.first?["points"] == "6")
        #expect(throws: (any Error).self) { try TrajectoryCommand.parseAsRoot(["backtest", "--input", data]) }
        #expect(throws: (any Error).self) {
            try TrajectoryCommand.parseAsRoot(["backtest", "--input", data, "--holdout", "2", "--model", "nonsense"])
        }
    }
}

@Suite("ARIMA, combination and calibrated intervals from the command line")
struct ModelOptionsCommandTests {
    @Test func fixedARIMAWithDriftAndCalibratedIntervals() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var text = "series_id,period,value\n"
        for (k, v) in [3, 4.5, 4.9, 6.2, 7.1, 7.0, 8.4, 9.9, 10.1, 11.6, 12.0, 13.4, 13.1, 14.8].enumerated() {
            text += "a,\(2000 + k),\(v)\n"
        }
        let input = try scratch.write("in.csv", text)
        #expect(
            try run([
                "forecast", "--input", input, "--horizon", "2", "--model", "arima:1,1,0", "--drift", "--output",
                scratch.path("a.csv"),
            ]) == 0)
        #expect(try scratch.read("a.csv").contains("\"ARIMA(1,1,0) with drift\""))
        #expect(
            try run([
                "forecast", "--input", input, "--horizon", "2", "--model", "combo", "--intervals", "calibrated",
                "--output", scratch.path("c.csv"),
            ]) == 0)
        #expect(try scratch.read("c.csv").contains("combo(ETS"))
        #expect(throws: (any Error).self) {
            try TrajectoryCommand.parseAsRoot([
                "forecast", "--input", input, "--horizon", "2", "--model", "arima:1,2,0", "--drift",
            ])
        }
    }
}
