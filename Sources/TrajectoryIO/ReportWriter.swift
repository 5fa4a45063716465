import Forecasting
import Foundation

/// Renders model reports (`ModelReport`) as text for people or as JSON
/// (`{"reports": [{series_id, model, selection, parameters, aicc, accuracy, ljung_box, residual_acf, note}]}`).
public enum ReportWriter {
    /// The reports as text (one block a series) or JSON; CSV has no shape for them, so text is written instead.
    public static func render(_ reports: [ModelReport], format: OutputFormat) -> [UInt8] {
        render(reports, format: format, meta: nil)
    }

    /// The same, the JSON object ending with a `meta` object (its bytes) when given.
    package static func render(_ reports: [ModelReport], format: OutputFormat, meta: [UInt8]?) -> [UInt8] {
        format == .json ? json(reports, meta: meta) : Array(text(reports).utf8)
    }

    static func short(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let a = abs(x)
        if a == 0 { return "0" }
        return String(format: a >= 1e5 || a < 1e-3 ? "%.3g" : "%.4g", x)
    }

    /// One block a series, lines within 80 columns where the model's name allows.
    public static func text(_ reports: [ModelReport]) -> String {
        var out = ""
        for r in reports {
            let a = r.accuracy
            out += "\(r.seriesID): \(r.model)\n"
            out += "  why: \(r.selection)\n"
            out += "  estimates:\n" + r.parameters.map { "    \($0)\n" }.joined()
            out += "  AICc: \(r.aicc.map(short) ?? "n/a")\n"
            out += "  in-sample: ME \(short(a.me))  RMSE \(short(a.rmse))  MAE \(short(a.mae))  MPE \(short(a.mpe))"
            out += "  MAPE \(short(a.mape))  MASE \(short(a.mase))  ACF1 \(short(a.acf1))\n"
            if let lb = r.ljungBox {
                out += "  residuals: Ljung–Box Q = \(short(lb.statistic)) on \(lb.lags) lag\(lb.lags == 1 ? "" : "s"), "
                out += "p = \(short(lb.pValue))\(lb.pValue < 0.05 ? " (autocorrelation left in the residuals)" : "")"
                out += "; ACF at lags 1–\(r.residualACF.count): \(r.residualACF.map(short).joined(separator: ", "))\n"
            } else {
                out += "  residuals: too few for a Ljung–Box test\n"
            }
            if let note = r.note { out += "  notes: \(note)\n" }
            out += "\n"
        }
        return out
    }

    static func json(_ reports: [ModelReport], meta: [UInt8]? = nil) -> [UInt8] {
        func field(_ name: String, _ value: [UInt8], first: Bool = false) -> [UInt8] {
            (first ? [] : [0x2C]) + JSONText.string(name) + [0x3A] + value
        }
        func numbers(_ xs: [Double]) -> [UInt8] {
            [0x5B] + Array(xs.map { JSONText.number($0) }.joined(separator: [0x2C])) + [0x5D]
        }
        var out: [UInt8] = Array("{\"reports\":[".utf8)
        for (k, r) in reports.enumerated() {
            out += Array((k == 0 ? "\n{" : ",\n{").utf8)
            out += field("series_id", JSONText.string(r.seriesID), first: true)
            out += field("model", JSONText.string(r.model))
            out += field("selection", JSONText.string(r.selection))
            out += field(
                "parameters",
                [0x5B] + Array(r.parameters.map { JSONText.string($0) }.joined(separator: [0x2C])) + [0x5D])
            out += field("aicc", r.aicc.map { JSONText.number($0) } ?? Array("null".utf8))
            let a = r.accuracy
            var acc: [UInt8] = [0x7B]
            for (i, (name, value)) in [
                ("ME", a.me), ("RMSE", a.rmse), ("MAE", a.mae), ("MPE", a.mpe), ("MAPE", a.mape), ("MASE", a.mase),
                ("ACF1", a.acf1),
            ].enumerated() {
                acc += field(name, JSONText.number(value), first: i == 0)
            }
            out += field("accuracy", acc + [0x7D])
            if let lb = r.ljungBox {
                out += field(
                    "ljung_box",
                    [0x7B] + field("statistic", JSONText.number(lb.statistic), first: true)
                        + field("lags", Array(String(lb.lags).utf8)) + field("p_value", JSONText.number(lb.pValue))
                        + [0x7D])
            } else {
                out += field("ljung_box", Array("null".utf8))
            }
            out += field("residual_acf", numbers(r.residualACF))
            out += field("note", r.note.map { JSONText.string($0) } ?? Array("null".utf8))
            out += [0x7D]
        }
        out += JSONText.closing(meta: meta)
        return out
    }
}
