import CritMinCore
import Crypto
import Foundation

/// SHA-256 over an import's source files, so that re-importing the same files is recognised as a no-op.
public enum SourceChecksum {
    /// Hex SHA-256 over each file's name and bytes, in the order given.
    public static func sha256(of files: [URL]) throws(CritMinError) -> String {
        var hasher = SHA256()
        for file in files {
            hasher.update(data: Data(file.lastPathComponent.utf8))
            do {
                let handle = try FileHandle(forReadingFrom: file)
                defer { try? handle.close() }
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
            } catch {
                throw CritMinError(.io, "cannot read file: \(error.localizedDescription)", file: file.path)
            }
        }
        return hex(hasher.finalize())
    }

    /// Hex SHA-256 of bytes in memory.
    public static func sha256(of data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
