// swift-format-ignore-file: OrderedImports
import Foundation
import Testing

// The README's example for each library product, compiled and run here. Each example sits between
// `// README: <product>` and `// END` markers; a test checks that the README shows exactly this code, so the two
// cannot drift apart.

// README: LinearAlgebra
import LinearAlgebra

func linearAlgebraExample() throws -> [Double] {
    // y = 1 + 2t on t = 0…3, by least squares on the design [1, t] (LAPACK's QR).
    let design = try Matrix(rowMajor: [[1, 0], [1, 1], [1, 2], [1, 3]])
    let responses = try Matrix(rowMajor: [[1], [3], [5], [7]])
    let fit = try LeastSquares.solve(design: design, responses: responses)
    return Array(fit.coefficients.column(0))  // [1, 2]
}
// END

// README: Forecasting
import Forecasting

func forecastingExample() throws -> (median: [Double], probability: Double) {
    let series = try Series(id: "pct", firstYear: 2016, values: [43_168, 48_882, 53_345, 58_990, 68_720, 69_540])
    let fitted = try ModelSpec.parse("auto").model().fit(series)
    let forecast = try fitted.forecast(.through(year: 2025), levels: [80, 95])
    let reach = 1 - fitted.cumulativeProbability(of: 70_000, at: 2025)  // P(value in 2025 ≥ 70,000)
    if case let .combination(members, _) = fitted.parameters {
        print(members.map(\.modelName))  // the members and their weights, without a downcast
    }
    return (forecast.mean, reach)
}
// END

// README: TrajectoryIO
import TrajectoryIO

func trajectoryIOExample(path: String) throws -> [UInt8] {
    let series = try LongCSVReader().read(path: path)  // series_id,period,value; errors name line and column
    let result = try BatchForecaster(model: ModelSpec.parse("theta").model(), horizon: .steps(3)).run(series)
    return ForecastWriter(format: .csv).render(result, levels: [80, 95])
}
// END

// README: Planning
import Planning

func planningExample() throws -> Double? {
    let data = try DatasetCatalog.locate().cnipa()
    let outlook = try OutlookEngine(dataset: data).outlook(OutlookRequest(indicatorID: "hv_inv_patents_per10k"))
    return outlook.assessment?.probability  // P(target met)
}
// END

@Suite("The README's library examples")
struct LibraryExamplesTests {
    /// The code blocks under the README's "Library products" heading, in order.
    static func readmeBlocks() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "## Library products") else { return [] }
        let section = readme[start.upperBound...].components(separatedBy: "\n## ").first ?? ""
        return section.components(separatedBy: "```swift\n").dropFirst().compactMap {
            $0.components(separatedBy: "```").first
        }
    }

    /// The examples in this file, marker to marker.
    static func sourceBlocks() throws -> [String] {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        var blocks: [String] = [], current: [Substring]?
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("// README: ") && !line.contains("<") {
                current = []
            } else if line == "// END", let lines = current {
                blocks.append(lines.joined(separator: "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test func readmeShowsTheCompiledExamples() throws {
        let readme = try Self.readmeBlocks(), source = try Self.sourceBlocks()
        #expect(source.count == 4)
        #expect(readme.count == source.count)
        for (shown, compiled) in zip(readme, source) {
            #expect(
                shown.trimmingCharacters(in: .whitespacesAndNewlines)
                    == compiled.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    @Test func examplesRun() throws {
        let line = try linearAlgebraExample()
        #expect(abs(line[0] - 1) < 1e-12 && abs(line[1] - 2) < 1e-12)
        let (median, reach) = try forecastingExample()
        #expect(median.count == 4 && median.allSatisfy { $0 > 50_000 } && reach > 0 && reach < 1)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("examples-\(getpid()).csv").path
        try "series_id,period,value\na,2019,1\na,2020,2\na,2021,2.5\na,2022,3.5\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let csv = String(decoding: try trajectoryIOExample(path: path), as: UTF8.self)
        #expect(csv.hasPrefix("series_id,period,model,mean,lo80,hi80,lo95,hi95\na,2023,theta,"))
        let p = try #require(try planningExample())
        #expect(p >= 0 && p <= 1)
    }
}
