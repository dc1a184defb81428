import ArgumentParser
import HuddleCore

extension HuddleCommand {
    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prints Huddle's version.")

        func run() {
            print(HuddleVersion.text)
        }
    }
}
