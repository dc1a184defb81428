import Foundation
import HuddleCore
import HuddleTesting
import Testing
@testable import HuddleBot

/// The runtime reads the secrets the configuration names, and only the runtime.
@Suite struct SecretsTests {
    /// Secrets come from the environment or a file, trimmed; a missing one is named; a file under
    /// `$CREDENTIALS_DIRECTORY` (systemd's `LoadCredential=`) is found there.
    @Test func readsWhatTheConfigNames() throws {
        let folder = try temporaryDirectory()
        let file = folder + "/webhook-url"
        try "https://hooks.example/abc\n".write(toFile: file, atomically: true, encoding: .utf8)
        let secrets = Secrets(environment: ["X": " s3cret ", "CREDENTIALS_DIRECTORY": folder, "P": "pa ss"])
        #expect(try secrets.read(.file(file)) == "https://hooks.example/abc")
        #expect(try secrets.read(.file("${CREDENTIALS_DIRECTORY}/webhook-url")) == "https://hooks.example/abc")
        #expect(try secrets.read(.file("$CREDENTIALS_DIRECTORY/webhook-url")) == "https://hooks.example/abc")
        #expect(try secrets.read(.environment("X")) == "s3cret")
        #expect(throws: SecretError.self) { try secrets.read(.environment("Y")) }
        #expect(throws: SecretError.self) { try secrets.read(.file("/nonexistent/huddle")) }
        #expect(throws: SecretError.self) { try Secrets(environment: [:]).read(.file("$CREDENTIALS_DIRECTORY/webhook-url")) }
        // Passwords as they are: spaces kept, the first line of a file.
        #expect(try secrets.password(env: "P") == "pa ss")
        #expect(throws: TransportSetupError.self) { try secrets.password(env: "Y") }
        #expect(secrets.firstLine(ofFile: file) == "https://hooks.example/abc")
        #expect(secrets.firstLine(ofFile: folder + "/none") == nil)
    }
}
