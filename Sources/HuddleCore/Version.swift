/// The version of Huddle, as `huddle --version` prints it and CTCP VERSION answers.
public enum HuddleVersion {
    /// Semantic version of this build.
    public static let number = "0.8.1"
    /// `Huddle 0.8.1`.
    public static var text: String { "Huddle \(number)" }
}
