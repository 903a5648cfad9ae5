import CritMinCore
import CritMinReports
import Foundation
import Mustache

/// The dashboard's Mustache templates and style sheet, read once from the server's resources.
struct DashboardViews: Sendable {
    let library: MustacheLibrary
    let styleSheet: String

    /// Every `.mustache` file in `Views/`, registered under its name without the extension.
    init() throws {
        guard let folder = Bundle.module.url(forResource: "Views", withExtension: nil) else {
            throw CritMinError(.io, "the dashboard's templates are missing from critmin's resources (CritMinServer/Views)")
        }
        var library = MustacheLibrary()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }.sorted()
        for name in names {
            let url = folder.appendingPathComponent(name)
            do {
                try library.register(try String(contentsOf: url, encoding: .utf8), named: String(name.dropLast(".mustache".count)))
            } catch {
                throw CritMinError(.invalidFormat, "cannot read the dashboard template: \(error)", file: url.path)
            }
        }
        self.library = library
        styleSheet = try String(contentsOf: folder.appendingPathComponent("dashboard.css"), encoding: .utf8)
    }

    /// A value for a template section: Mustache prints a `nil` boxed in `Any` as "nil", so absent values are `false`.
    static func present(_ value: Any?) -> Any { value ?? false }

    /// `template` rendered with `context`; a missing template is a programming error the page tests catch.
    func render(_ template: String, _ context: [String: Any]) -> String {
        guard let text = library.render(context, withTemplate: template) else {
            preconditionFailure("no dashboard template '\(template)'")
        }
        return text
    }

    /// A page's document (title, facts, summary, sections, method notes, sources) as HTML; `extra` goes between the
    /// contents and the first section (the assessment's matrix).
    func document(_ page: DashboardPage, extra: String = "") -> String {
        let fragments = page.document.htmlFragments()
        let sections = fragments.sections.map { ["id": $0.id, "title": $0.title, "html": $0.html] as [String: Any] }
        let context: [String: Any] = [
            "title": page.document.title, "subtitle": Self.present(page.document.subtitle), "hasFacts": !page.facts.isEmpty,
            "facts": page.facts.map { ["label": $0.label, "value": $0.value] }, "summary": Self.present(fragments.summary),
            "hasContents": sections.count > 2, "sections": sections, "extra": extra,
            "hasMethodNotes": !fragments.methodNotes.isEmpty, "methodNotes": fragments.methodNotes,
            "hasSources": !fragments.sources.isEmpty,
            "sources": fragments.sources.enumerated().map { ["number": $0.offset + 1, "html": $0.element] as [String: Any] },
        ]
        return render("document", context)
    }

    /// The matrix as an HTML table.
    func heatMap(_ matrix: HeatMapTable) -> String {
        render(
            "heatmap",
            [
                "title": matrix.title, "scaleNote": matrix.scaleNote,
                "columns": matrix.columns.map {
                    ["title": $0.title, "explanation": $0.explanation, "sortLink": $0.sortLink, "sorted": $0.sorted] as [String: Any]
                },
                "rows": matrix.rows.map { row in
                    [
                        "commodity": row.commodity, "link": row.link,
                        "cells": row.cells.map {
                            ["text": $0.text, "fill": Self.present($0.fill), "ink": Self.present($0.ink), "link": $0.link, "title": $0.title]
                                as [String: Any]
                        },
                    ] as [String: Any]
                },
            ])
    }
}
