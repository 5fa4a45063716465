import ArgumentParser
import Foundation
import Testing

@testable import TrajectoryCLI

/// Every command the README shows and every example in a command's `--help` runs on the shipped data and exits 0
/// (issue: planner experience). The commands are read from the README and from the commands' own help text, so the
/// documentation and the test cannot drift apart.
@Suite("Documented commands run")
struct DocumentedCommandsTests {
    static var root: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }

    /// A command line of the documentation: from `trajectory` on, with at least one option, and none of the
    /// synopsis' placeholders (`FILE.csv`, `ID`, `[--as-of DATE]`, `(A | B)`, `…`).
    static func command(_ text: String) -> [String]? {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        guard let start = flat.range(of: "trajectory ") else { return nil }
        let words = flat[start.upperBound...].split(separator: " ").map(String.init)
        guard words.contains(where: { $0.hasPrefix("--") }) else { return nil }
        for word in words {
            let value = word.split(separator: "=").last.map(String.init) ?? word
            let stem = value.split(separator: ".").first.map(String.init) ?? value
            if stem.count > 0, stem.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }),
                stem.first?.isLetter == true
            {
                return nil
            }
            if word.contains(where: { "[]|()…".contains($0) }) || word == "..." { return nil }
        }
        return words
    }

    /// The commands of the README: inline code spans and lines of code blocks.
    static func readmeCommands() throws -> [[String]] {
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var found: [[String]] = []
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inBlock.toggle()
                continue
            }
            if inBlock, line.trimmingCharacters(in: .whitespaces).hasPrefix("trajectory "),
                let c = command(String(line))
            {
                found.append(c)
            }
        }
        // Inline spans (they may wrap onto the next line).
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        for (k, part) in parts.enumerated() where k % 2 == 1 && part.hasPrefix("trajectory ") {
            if let c = command(String(part)) { found.append(c) }
        }
        return found
    }

    /// The examples of every command's help (lines of its discussion that start with `trajectory`).
    static func helpCommands() -> [[String]] {
        var found: [[String]] = []
        func visit(_ type: any ParsableCommand.Type) {
            for line in type.configuration.discussion.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("trajectory "), let c = command(trimmed) { found.append(c) }
            }
            for sub in type.configuration.subcommands { visit(sub) }
        }
        visit(TrajectoryCommand.self)
        return found
    }

    /// Runs `words` (after `trajectory`) with relative input paths taken from the repository and outputs written to
    /// a scratch folder.
    static func runDocumented(_ words: [String], in scratch: Scratch) throws -> Int32 {
        var args: [String] = []
        var previous = ""
        for word in words {
            if previous == "--output" || previous == "-o" {
                args.append(scratch.path((word as NSString).lastPathComponent))
            } else if !word.hasPrefix("-"), !word.hasPrefix("/"), word.contains("/"),
                FileManager.default.fileExists(atPath: root.appendingPathComponent(word).path)
            {
                args.append(root.appendingPathComponent(word).path)
            } else {
                args.append(word)
            }
            previous = word
        }
        if !args.contains("--datasets"), !(args.first == "scenarios" && args.dropFirst().first == "run") {
            args += ["--datasets", datasets]
        }
        return try run(args)
    }

    /// Runs every command in a scratch folder; each must exit 0.
    static func expectAllRun(_ commands: [[String]]) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        setenv("TRAJECTORY_DATASETS", datasets, 1)
        for c in commands {
            let line = "trajectory " + c.joined(separator: " ")
            do {
                #expect(try runDocumented(c, in: scratch) == 0, "\(line)")
            } catch {
                Issue.record("\(line): \(error)")
            }
        }
    }

    @Test func theReadmeShowsCommandsThatRun() throws {
        let commands = try Self.readmeCommands()
        #expect(commands.count >= 12, "\(commands.count) commands found in the README")
        try Self.expectAllRun(commands)
    }

    @Test func theHelpExamplesRun() throws {
        let commands = Self.helpCommands()
        #expect(commands.count >= 6, "\(commands.count) help examples")
        try Self.expectAllRun(commands)
    }

    /// The placeholder rule: a synopsis is not a command, a concrete line is.
    @Test func placeholdersAreNotCommands() {
        #expect(Self.command("trajectory plot --indicator ID --output FILE.svg") == nil)
        #expect(Self.command("trajectory targets [--dataset cnipa]") == nil)
        #expect(Self.command("trajectory forecast --dataset m3-yearly --horizon 6 ...") == nil)
        #expect(Self.command("trajectory forecast") == nil)
        #expect(
            Self.command("swift run -c release trajectory targets --dataset cnipa --format table")
                == ["targets", "--dataset", "cnipa", "--format", "table"])
    }
}
