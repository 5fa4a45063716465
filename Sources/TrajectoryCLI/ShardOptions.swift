import ArgumentParser
import Forecasting
import Foundation

/// `--shard K/N` and `--shard-from-env`: one of N disjoint parts of a batch (``Shard``), for any scheduler.
struct ShardOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Keep only shard K of N (1 ≤ K ≤ N): the series (or scenarios) whose FNV-1a 64-bit hash of the id's UTF-8 bytes, modulo N, is K − 1.",
            valueName: "K/N"))
    var shard: String?

    @Flag(
        name: .customLong("shard-from-env"),
        help:
            "Take the shard from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, and JOB_COMPLETIONS set to the Job's completions) or a Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT, SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_STEP)."
    )
    var shardFromEnv = false

    func validate() throws {
        if shard != nil && shardFromEnv { throw ValidationError("give --shard K/N or --shard-from-env, not both") }
        if let shard, Shard(parsing: shard) == nil {
            throw ValidationError("--shard must be K/N with whole numbers 1 ≤ K ≤ N (e.g. 2/8), got '\(shard)'")
        }
        if shardFromEnv { _ = try Self.fromEnvironment(ProcessInfo.processInfo.environment) }
    }

    /// The shard asked for, nil for the whole batch.
    func resolved() throws -> Shard? {
        if let shard { return Shard(parsing: shard) }
        return shardFromEnv ? try Self.fromEnvironment(ProcessInfo.processInfo.environment) : nil
    }

    /// The shard a scheduler's environment gives: Kubernetes' 0-based completion index (K = index + 1), or Slurm's
    /// array task (K = (id − min) / step + 1 of SLURM_ARRAY_TASK_COUNT). Anything missing, not a number, out of
    /// range or both schedulers at once is a usage error naming the variables.
    static func fromEnvironment(_ environment: [String: String]) throws -> Shard {
        func number(_ name: String) throws -> Int? {
            guard let text = environment[name] else { return nil }
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--shard-from-env: \(name)='\(text)' is not a whole number")
            }
            return n
        }
        let kubernetes = environment["JOB_COMPLETION_INDEX"] != nil
        let slurm = environment["SLURM_ARRAY_TASK_ID"] != nil
        if kubernetes && slurm {
            throw ValidationError(
                "--shard-from-env: both JOB_COMPLETION_INDEX (Kubernetes) and SLURM_ARRAY_TASK_ID (Slurm) are set; give --shard K/N"
            )
        }
        if kubernetes {
            guard let index = try number("JOB_COMPLETION_INDEX"), let count = try number("JOB_COMPLETIONS") else {
                throw ValidationError(
                    "--shard-from-env: JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS is not; set it in the Job's env to .spec.completions"
                )
            }
            guard let shard = Shard(index: index + 1, count: count) else {
                throw ValidationError(
                    "--shard-from-env: JOB_COMPLETION_INDEX=\(index) is not in 0…\(count - 1) (JOB_COMPLETIONS=\(count))"
                )
            }
            return shard
        }
        if slurm {
            guard let id = try number("SLURM_ARRAY_TASK_ID"), let count = try number("SLURM_ARRAY_TASK_COUNT") else {
                throw ValidationError("--shard-from-env: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")
            }
            let low = try number("SLURM_ARRAY_TASK_MIN") ?? 0, step = try number("SLURM_ARRAY_TASK_STEP") ?? 1
            guard step >= 1, (id - low) % step == 0, let shard = Shard(index: (id - low) / step + 1, count: count)
            else {
                throw ValidationError(
                    "--shard-from-env: Slurm task \(id) is not one of \(count) evenly spaced tasks from \(low) by \(step) (use --array=0-\(max(0, count - 1)))"
                )
            }
            return shard
        }
        throw ValidationError(
            "--shard-from-env: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm job array) is set"
        )
    }
}
