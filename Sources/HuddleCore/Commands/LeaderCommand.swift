/// `!leider <code>`: a leader on a server without accounts proves who they are with the one-time
/// code an admin made (`huddle leader-code`); from then on their host mask leads the team.
public enum LeaderCommand {
    public static let command: ChatCommand = ChatCommand(
        name: "leider",
        aliases: ["leader"],
        usage: LocalizedText(nl: "leider <code>", en: "leader <code>"),
        summary: LocalizedText(nl: "(teamleiders, privé) bevestigt wie je bent met de eenmalige code van de beheerder.",
                               en: "(team leaders, privately) confirms who you are with the admin's one-time code."),
        examples: ["!leider k7wq-3mzp-x9rt", "!leader k7wq-3mzp-x9rt"],
        recordsAsSender: false,
        // A code names its own team, so no "which team?" first.
        withoutTeam: { context in
            let code = Self.code(in: context.arguments)
            guard !code.isEmpty else { return context.usageReply(command) }
            return .claimLeader(code)
        }
    ) { context in
        let code = Self.code(in: context.arguments)
        guard !code.isEmpty else { return context.usageReply(command) }
        return .claimLeader(code)
    }

    /// The code in the command's arguments (its first word).
    public static func code(in arguments: String) -> String { arguments.splitFirstWord().0 }
}
