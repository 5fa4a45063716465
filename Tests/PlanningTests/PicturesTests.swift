import Foundation
import Testing

@testable import Forecasting
@testable import Planning

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Fan charts and the HTML report")
struct PicturesTests {
    /// A hostile dataset: names, units, notes, titles and URLs holding markup.
    func hostile() throws -> MiniDataset {
        try MiniDataset(
            indicators: ["evil,\"<script>alert('name')</script>\",\"<b>unit</b> & co\",higher,0,100,level,end,yes"],
            observations: [
                "evil,2020,40,u,javascript:alert(1),<script>alert('title')</script>,n,high,annual",
                "evil,2021,42,u,\"https://example.org/?a=1&b=\"\"><script>x</script>\",t,n,high,annual",
                "evil,2021-06-30,41,u,https://example.org,t,n,high,point",
                "evil,2022,45,u,https://example.org,t,n,high,annual",
            ],
            targets: ["evil,2020,40,2025,60,https://example.org,\"<img src=x onerror=alert(1)>\""])
    }

    @Test func everyDataStringIsEscaped() throws {
        let mini = try hostile()
        defer { mini.remove() }
        let data = try mini.load()
        let outlook = try OutlookEngine(dataset: data).outlook(
            OutlookRequest(indicatorID: "evil", model: try ModelSpec.parse("drift")))
        let svg = FanChart().svg(outlook, subtitle: "<script>subtitle</script>")
        let page = HTMLReport(
            title: "<script>t</script>", vintage: "<i>v</i>", model: "drift", generated: "<b>d</b>", version: "0.2.0"
        )
        .html(targets: [outlook], charts: [(outlook, data.observations)], skipped: ["<script>skipped</script>"])
        for text in [svg, page] {
            #expect(!text.lowercased().contains("<script"))
            #expect(!text.contains("<b>") && !text.contains("<img") && !text.contains("<i>"))
            #expect(text.contains("&lt;script&gt;"))
        }
        #expect(!page.contains("href=\"javascript:"))
        #expect(page.contains("href=\"https://example.org/?a=1&amp;b=&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""))
        // Both documents are well-formed XML/XHTML-compatible markup for the parts that are XML (the SVG).
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "SVG is not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
    }

    /// The chart carries what a reader needs: bands, median, target marker, dated points drawn differently,
    /// axis labels with the unit, and the plotted values inside the bounds.
    @Test func fanChartHasItsParts() throws {
        let mini = try hostile()
        defer { mini.remove() }
        let outlook = try OutlookEngine(dataset: try mini.load()).outlook(
            OutlookRequest(indicatorID: "evil", model: try ModelSpec.parse("drift")))
        let svg = FanChart().svg(outlook)
        #expect(svg.components(separatedBy: "<polygon").count - 1 == 2)  // 95% and 80% bands
        #expect(svg.contains("stroke-dasharray=\"6 4\""))  // median
        #expect(svg.contains("target 2025: 60"))
        #expect(svg.contains("dated value (e.g. mid-year)"))
        #expect(svg.contains("&lt;b&gt;unit&lt;/b&gt; &amp; co"))
        for year in 2021...2025 { #expect(svg.contains(">\(year)</text>")) }
    }

    /// A missing year is a gap in the history line (PCT filings lack 2015: two strokes, 2008–2014 and 2016–2024),
    /// not a straight stroke across it.
    @Test func missingYearsAreGaps() throws {
        let data = try IndicatorDataset.load(name: "cnipa", folder: try datasetsFolder() + "/cnipa")
        let outlook = try OutlookEngine(dataset: data).outlook(
            OutlookRequest(indicatorID: "pct_wipo_china_origin", model: try ModelSpec.parse("drift"), targetYear: 2027))
        let svg = FanChart().svg(outlook)
        #expect(svg.components(separatedBy: "<polyline class=\"history\"").count - 1 == 2)
    }

    @Test func niceTicksAndLabels() {
        #expect(FanChart.niceTicks(0.3, 9.6, count: 6) == [0, 2, 4, 6, 8, 10])
        #expect(FanChart.niceTicks(12.8, 13.9, count: 6) == [12.5, 13, 13.5, 14])
        #expect(FanChart.tickLabel(130000, step: 50000) == "130,000")
        #expect(FanChart.tickLabel(7.25, step: 0.05) == "7.25")
    }
}
