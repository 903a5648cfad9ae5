import CritMinCore
import CritMinSimulation
import Foundation

/// The real-world disruption scenarios and candidate actions critmin ships (`examples/` in the repository), which the
/// briefing runs for the country asked.
public enum ShippedScenarios {
    /// The file of candidate actions among them.
    public static let interventionsFile = "interventions.yaml"

    /// The folder that holds them.
    public static func folder() throws(CritMinError) -> URL {
        guard let url = Bundle.module.url(forResource: "Examples", withExtension: nil) else {
            throw CritMinError(.io, "the shipped scenarios are missing from critmin's resources (Scenarios/Examples)")
        }
        return url
    }

    /// The scenario files, by name.
    public static func scenarioFiles() throws(CritMinError) -> [URL] {
        let folder = try folder()
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw CritMinError(.io, "cannot list the shipped scenarios: \(error.localizedDescription)", file: folder.path)
        }
        return names.filter { $0.hasSuffix(".yaml") && $0 != interventionsFile }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Every shipped scenario, by file name.
    public static func scenarios(catalogue: Catalogue) throws(CritMinError) -> [Scenario] {
        try scenarioFiles().map { url throws(CritMinError) in try ScenarioFile.read(url, catalogue: catalogue) }
    }

    /// The shipped candidate actions.
    public static func interventions(catalogue: Catalogue) throws(CritMinError) -> [Intervention] {
        try InterventionsFile.read(try folder().appendingPathComponent(interventionsFile), catalogue: catalogue)
    }
}
