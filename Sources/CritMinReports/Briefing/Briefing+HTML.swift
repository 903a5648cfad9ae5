import CritMinCore

extension Briefing {
    /// The briefing as one self-contained HTML5 file: inline CSS and SVG, no scripts, fonts or other files to load.
    /// Prints on A4 with page numbers, keeps figures and table rows whole across pages, links reference marks to the
    /// numbered sources, and escapes all text.
    public func html() -> String {
        let numbering = SourceNumbering(self)
        var writer = HTMLWriter(numbering: numbering, chartDataTables: false)
        var body = "<header class=\"masthead\">\n<h1>\(Markup.escape(title))</h1>\n"
        if let subtitle { body += "<p class=\"subtitle\">\(Markup.escape(subtitle))</p>\n" }
        body += "</header>\n"
        if let summary {
            body += "<section class=\"bottom-line\" aria-labelledby=\"bottom-line\">\n<h2 id=\"bottom-line\">Bottom line</h2>\n"
            body += "<p>\(writer.inlines(summary))</p>\n</section>\n"
        }
        for (index, section) in sections.enumerated() {
            body += "<section aria-labelledby=\"section-\(index + 1)\">\n<h2 id=\"section-\(index + 1)\">\(Markup.escape(section.title))</h2>\n"
            for block in section.blocks { body += writer.html(block) }
            body += "</section>\n"
        }
        if !methodNotes.isEmpty {
            body += "<section class=\"method-notes\" aria-labelledby=\"method-notes\">\n<h2 id=\"method-notes\">Method notes</h2>\n<ul>\n"
            body += methodNotes.map { "<li>\(Markup.escape($0))</li>\n" }.joined()
            body += "</ul>\n</section>\n"
        }
        if !numbering.ordered.isEmpty {
            body += "<section class=\"sources\" aria-labelledby=\"sources\">\n<h2 id=\"sources\">Sources</h2>\n<ol>\n"
            body += numbering.ordered.enumerated().map { "<li id=\"source-\($0.offset + 1)\">\(HTMLWriter.source($0.element))</li>\n" }.joined()
            body += "</ol>\n</section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Markup.escape(title))</title>
            <style>
            \(HTMLWriter.styleSheet(runningTitle: title))
            </style>
            </head>
            <body>
            <main class="briefing">
            \(body)</main>
            </body>
            </html>

            """
    }
}

/// A briefing cut into the pieces a page template lays out: the dashboard renders its pages as briefings, with the
/// same writer, so a figure looks and is cited the same on a page as in a handed-on file.
public struct BriefingFragments: Sendable {
    public struct Section: Sendable {
        /// The section's element id ("section-1").
        public var id: String
        public var title: String
        /// The blocks as HTML.
        public var html: String
    }

    public var summary: String?
    public var sections: [Section]
    public var methodNotes: [String]
    /// Each source's list entry as HTML, in number order (the entry's id is "source-N").
    public var sources: [String]
}

extension Briefing {
    /// The briefing's parts as HTML, each chart followed by its data table in a disclosure (`<details>`).
    public func htmlFragments() -> BriefingFragments {
        let numbering = SourceNumbering(self)
        var writer = HTMLWriter(numbering: numbering, chartDataTables: true)
        let sections = sections.enumerated().map { index, section in
            BriefingFragments.Section(id: "section-\(index + 1)", title: section.title, html: section.blocks.map { writer.html($0) }.joined())
        }
        return BriefingFragments(
            summary: summary.map { writer.inlines($0) }, sections: sections, methodNotes: methodNotes,
            sources: numbering.ordered.map(HTMLWriter.source))
    }
}

/// HTML for a briefing's blocks; numbers tables and figures as it goes.
private struct HTMLWriter {
    let numbering: SourceNumbering
    /// Whether each chart is followed by its numbers as a table (the briefing's SVG carries them in its description).
    let chartDataTables: Bool
    private var tableCount = 0
    private var figureCount = 0

    init(numbering: SourceNumbering, chartDataTables: Bool) {
        self.numbering = numbering
        self.chartDataTables = chartDataTables
    }

    mutating func html(_ block: BriefingBlock) -> String {
        switch block {
        case .paragraph(let runs):
            return "<p>\(inlines(runs))</p>\n"
        case .bullets(let items):
            return "<ul>\n" + items.map { "<li>\(inlines($0))</li>\n" }.joined() + "</ul>\n"
        case .table(let table):
            tableCount += 1
            return self.table(table, caption: "Table \(tableCount).")
        case .chart(let chart):
            figureCount += 1
            let id = "figure-\(figureCount)"
            var data = ""
            if chartDataTables {
                data =
                    "<details class=\"data-table\">\n<summary>Data table: \(Markup.escape(chart.title))</summary>\n"
                    + table(chart.dataTable, caption: "Data of figure \(figureCount).") + "</details>\n"
            }
            return "<figure class=\"chart\" id=\"\(id)\">\n<p class=\"figure-title\"><span class=\"label\">Figure \(figureCount).</span> "
                + Markup.escape(chart.title) + "</p>\n" + chart.svg(id: id) + "\n<figcaption>" + Markup.escape(chart.caption) + marks(chart.citations)
                + "</figcaption>\n" + data + "</figure>\n"
        case .callout(let title, let body):
            return
                "<aside class=\"callout\" role=\"note\">\n<p class=\"callout-title\">\(Markup.escape(title))</p>\n<p>\(inlines(body))</p>\n</aside>\n"
        }
    }

    /// A table with a labelled caption, column headers, the first column as row headers, then notes and sources.
    private func table(_ table: ReportTable, caption label: String) -> String {
        // Short tables stay on one page; long ones break between rows.
        var out = "<div class=\"table-block\(table.rows.count <= 15 ? " keep" : "")\">\n<table>\n"
        out += "<caption><span class=\"label\">\(label)</span> \(Markup.escape(table.title))</caption>\n<thead>\n<tr>"
        out += table.columns.map { "<th scope=\"col\"\($0.alignment == .right ? " class=\"num\"" : "")>\(Markup.escape($0.title))</th>" }.joined()
        out += "</tr>\n</thead>\n<tbody>\n"
        if table.rows.isEmpty { out += "<tr><td colspan=\"\(max(1, table.columns.count))\">No data</td></tr>\n" }
        for row in table.rows {
            out += "<tr>"
            for (index, column) in table.columns.enumerated() {
                let cell = index < row.count ? row[index] : .empty
                let text = cell.link.map { "<a href=\"\(Markup.escape($0))\">\(Markup.escape(cell.text))</a>" } ?? Markup.escape(cell.text)
                let numeric = column.alignment == .right ? " class=\"num\"" : ""
                out += index == 0 ? "<th scope=\"row\"\(numeric)>\(text)</th>" : "<td\(numeric)>\(text)</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        out += table.notes.map { "<p class=\"table-note\">Note: \(Markup.escape($0))</p>\n" }.joined()
        out += table.citations.map { "<p class=\"table-note\">Source: \(Markup.escape($0))</p>\n" }.joined()
        return out + "</div>\n"
    }

    func inlines(_ runs: [Inline]) -> String {
        runs.map { run in
            switch run {
            case .text(let text): Markup.escape(text)
            case .strong(let text): "<strong>\(Markup.escape(text))</strong>"
            case .figure(let text, let citations): "<span class=\"figure\">\(Markup.escape(text))\(marks(citations))</span>"
            case .link(let text, let href): "<a href=\"\(Markup.escape(href))\">\(Markup.escape(text))</a>"
            }
        }
        .joined()
    }

    /// Superscript reference marks, each number a link to its source: "[1, 3]".
    private func marks(_ ids: [CitationID]) -> String {
        let marks = numbering.marks(ids)
        guard !marks.isEmpty else { return "" }
        let link = { (number: Int) in "<a href=\"#source-\(number)\" aria-label=\"Source \(number)\">\(number)</a>" }
        let links = marks.map { mark in
            switch mark {
            case .number(let number): link(number)
            case .run(let run): link(run.lowerBound) + "–" + link(run.upperBound)
            case .missing(let id): "<span class=\"missing\">missing source: \(Markup.escape(id.rawValue))</span>"
            }
        }
        return "<sup class=\"ref\">[" + links.joined(separator: ", ") + "]</sup>"
    }

    /// A sources-list entry: the citation line with its address as a link, then the licence.
    static func source(_ citation: Citation) -> String {
        var withoutAddress = citation
        withoutAddress.url = nil
        var out = Markup.escape(withoutAddress.line) + "."
        if let url = citation.url {
            let link = Markup.escape(url)
            out += " <a class=\"url\" href=\"\(link)\">\(link)</a>"
        }
        if let licence = citation.licence { out += " <span class=\"licence\">Licence: \(Markup.escape(licence)).</span>" }
        return out
    }

    /// The style sheet; `runningTitle` prints at the foot of every page.
    static func styleSheet(runningTitle: String) -> String {
        """
        :root { --ink: #1a1a1a; --muted: #4d4d4d; --accent: #1f3a5f; --rule: #c9ced6; --tint: #f2f5f9; --note: #fff7e0; --note-rule: #a36b00; }
        * { box-sizing: border-box; }
        html { background: #ffffff; color: var(--ink); font-size: 16px; }
        body { margin: 0; font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 1rem; line-height: 1.55; }
        main.briefing { max-width: 50rem; margin: 0 auto; padding: 2.5rem 1.75rem 4rem; }
        .masthead { border-top: 6px solid var(--accent); padding-top: 1.1rem; margin-bottom: 1.5rem; }
        h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .4rem; color: var(--accent); }
        .subtitle { margin: 0; color: var(--muted); font-size: 1rem; }
        h2 { font-size: 1.3rem; line-height: 1.3; color: var(--accent); margin: 2.2rem 0 .8rem; padding-bottom: .25rem;
          border-bottom: 1px solid var(--rule); }
        p, ul, ol { margin: 0 0 .9rem; }
        li { margin-bottom: .3rem; }
        .bottom-line { background: var(--tint); border-left: 5px solid var(--accent); padding: .9rem 1.2rem .2rem; margin: 0 0 2rem; }
        .bottom-line h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; border: 0; margin: 0 0 .35rem; padding: 0; }
        .bottom-line p { font-size: 1.08rem; }
        .callout { background: var(--note); border-left: 5px solid var(--note-rule); padding: .8rem 1.2rem .1rem; margin: 1.2rem 0 1.4rem; }
        .callout-title { font-weight: bold; margin-bottom: .3rem; }
        .figure { font-variant-numeric: tabular-nums; white-space: nowrap; }
        sup.ref { font-size: .68em; line-height: 0; margin-left: .1em; white-space: nowrap; }
        sup.ref a { color: var(--accent); text-decoration: none; }
        sup.ref a:hover, sup.ref a:focus { text-decoration: underline; }
        .missing { color: #b00020; font-weight: bold; }
        figure.chart { margin: 1.6rem 0 1.8rem; padding: 0; overflow-x: auto; }
        figure.chart svg { display: block; width: 100%; height: auto; min-width: 34rem; }
        .figure-title, .table-block caption { font-weight: bold; font-size: .95rem; margin: 0 0 .5rem; text-align: left; color: var(--ink); }
        .label { color: var(--accent); }
        figcaption, .table-note { font-size: .84rem; color: var(--muted); margin: .45rem 0 0; line-height: 1.45; }
        .table-block { margin: 1.6rem 0 1.8rem; overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: .86rem; line-height: 1.35; font-variant-numeric: tabular-nums; }
        caption { caption-side: top; }
        th, td { padding: .35rem .6rem; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; }
        thead th { background: var(--tint); border-bottom: 2px solid var(--accent); font-weight: bold; vertical-align: bottom; }
        tbody th { font-weight: normal; }
        .num { text-align: right; white-space: nowrap; }
        .sources ol, .method-notes ul { font-size: .86rem; line-height: 1.45; padding-left: 1.6rem; }
        .sources li { margin-bottom: .45rem; overflow-wrap: anywhere; }
        .sources li:target { background: var(--note); }
        .sources a.url { color: var(--accent); }
        .licence { color: var(--muted); }
        @page { size: A4; margin: 18mm 17mm 20mm;
          @bottom-left { content: "\(cssString(runningTitle))"; font: 8pt Arial, "Liberation Sans", sans-serif; color: #4d4d4d; }
          @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, "Liberation Sans", sans-serif; color: #4d4d4d; } }
        @media print {
          html { font-size: 10pt; }
          body { line-height: 1.45; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          main.briefing { max-width: none; padding: 0; }
          h2 { margin-top: 1.6rem; }
          h2, .figure-title, .callout-title { break-after: avoid; page-break-after: avoid; }
          figure.chart, .callout, .bottom-line, .table-block.keep, tr, li { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
          .table-block, figure.chart { overflow: visible; }
          p { orphans: 3; widows: 3; }
          a { color: inherit; }
        }
        """
    }

    /// Text as a CSS string body: quotes, backslashes, line breaks and angle brackets as CSS escapes.
    private static func cssString(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "\"", "<", ">", "\n", "\r": out += "\\" + String(scalar.value, radix: 16) + " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
