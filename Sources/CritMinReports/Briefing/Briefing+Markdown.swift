import CritMinCore

extension Briefing {
    /// The briefing as GitHub-flavoured Markdown: headings, paragraphs, bullets, pipe tables, each chart as a table of
    /// its data under its caption, reference marks "[n]", then "Method notes" and the numbered "Sources".
    public func markdown() -> String {
        let numbering = SourceNumbering(self)
        var writer = MarkdownWriter(numbering: numbering)
        writer.block("# " + MarkdownWriter.escape(title))
        if let subtitle { writer.block("*" + MarkdownWriter.escape(subtitle) + "*") }
        if let summary { writer.block("**Bottom line.** " + writer.inlines(summary)) }
        for section in sections {
            writer.block("## " + MarkdownWriter.escape(section.title))
            for block in section.blocks { writer.write(block) }
        }
        if !methodNotes.isEmpty {
            writer.block("## Method notes")
            writer.block(methodNotes.map { "- " + MarkdownWriter.escapeLineStart(MarkdownWriter.escape($0)) }.joined(separator: "\n"))
        }
        if !numbering.ordered.isEmpty {
            writer.block("## Sources")
            writer.block(
                numbering.ordered.enumerated().map { index, source in
                    "\(index + 1). " + MarkdownWriter.escape(source.line)
                        + (source.licence.map { ". Licence: " + MarkdownWriter.escape($0) + "." } ?? "")
                }
                .joined(separator: "\n"))
        }
        return writer.blocks.joined(separator: "\n\n") + "\n"
    }
}

/// Markdown text, block by block; numbers tables and figures as it goes.
private struct MarkdownWriter {
    let numbering: SourceNumbering
    private(set) var blocks: [String] = []
    private var tableCount = 0
    private var figureCount = 0

    init(numbering: SourceNumbering) { self.numbering = numbering }

    mutating func block(_ text: String) { blocks.append(text) }

    mutating func write(_ block: BriefingBlock) {
        switch block {
        case .paragraph(let runs):
            self.block(MarkdownWriter.escapeLineStart(inlines(runs)))
        case .bullets(let items):
            self.block(items.map { "- " + MarkdownWriter.escapeLineStart(inlines($0)) }.joined(separator: "\n"))
        case .table(let table):
            tableCount += 1
            self.table(table, heading: "Table \(tableCount). " + table.title)
        case .chart(let chart):
            figureCount += 1
            table(chart.dataTable, heading: "Figure \(figureCount). " + chart.title)
            self.block("*" + MarkdownWriter.escape(chart.caption) + "*" + marks(chart.citations))
        case .callout(let title, let body):
            self.block("> **" + MarkdownWriter.escape(title) + "**\n>\n> " + MarkdownWriter.escapeLineStart(inlines(body)))
        }
    }

    /// A heading line, the pipe table (figures right-aligned), then its notes and source lines.
    private mutating func table(_ table: ReportTable, heading: String) {
        block("**" + MarkdownWriter.escape(heading) + "**")
        if table.rows.isEmpty {
            block("(no data)")
        } else {
            let row = { (cells: [String]) in "| " + cells.map(MarkdownWriter.cell).joined(separator: " | ") + " |" }
            var lines = [row(table.columns.map(\.title))]
            lines.append("| " + table.columns.map { $0.alignment == .right ? "---:" : "---" }.joined(separator: " | ") + " |")
            for cells in table.rows { lines.append(row(table.columns.indices.map { $0 < cells.count ? cells[$0].text : "" })) }
            block(lines.joined(separator: "\n"))
        }
        for note in table.notes { block("Note: " + MarkdownWriter.escape(note)) }
        for citation in table.citations { block("Source: " + MarkdownWriter.escape(citation)) }
    }

    func inlines(_ runs: [Inline]) -> String {
        runs.map { run in
            switch run {
            case .text(let text): MarkdownWriter.escape(text)
            case .strong(let text): MarkdownWriter.strong(text)
            case .figure(let text, let citations): MarkdownWriter.escape(text) + marks(citations)
            case .link(let text, let href): "[" + MarkdownWriter.escape(text) + "](" + href.replacingOccurrences(of: ")", with: "%29") + ")"
            }
        }
        .joined()
    }

    /// " [1, 3]" for the ids' numbers; "" for none.
    func marks(_ ids: [CitationID]) -> String {
        let marks = numbering.marks(ids)
        guard !marks.isEmpty else { return "" }
        let texts = marks.map { mark in
            switch mark {
            case .number(let number): String(number)
            case .run(let run): "\(run.lowerBound)–\(run.upperBound)"
            case .missing(let id): "missing source: " + MarkdownWriter.escape(id.rawValue)
            }
        }
        return " [" + texts.joined(separator: ", ") + "]"
    }

    /// Bold text, with surrounding spaces kept outside the markers (Markdown ignores "** x**").
    private static func strong(_ text: String) -> String {
        let core = text.trimmingCharacters(in: .whitespaces)
        guard !core.isEmpty else { return text }
        let leading = String(text.prefix { $0 == " " })
        let trailing = String(text.reversed().prefix { $0 == " " })
        return leading + "**" + escape(core) + "**" + trailing
    }

    /// Text with Markdown's inline syntax characters backslash-escaped and line breaks as spaces.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", "|", "~": out += "\\" + String(character)
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// A table cell: escaped, with an empty cell kept visible as a space.
    private static func cell(_ text: String) -> String { text.isEmpty ? " " : escape(text) }

    /// A paragraph whose first characters would start a heading, list, quote or rule gets them escaped.
    static func escapeLineStart(_ text: String) -> String {
        if let first = text.first, "#+-=>".contains(first) { return "\\" + text }
        let digits = text.prefix { $0.isNumber }
        if !digits.isEmpty, let next = text.dropFirst(digits.count).first, next == "." || next == ")" {
            return digits + "\\" + text.dropFirst(digits.count)
        }
        return text
    }
}
