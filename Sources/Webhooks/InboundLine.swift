import Foundation
import HuddleCore

/// A line a person sent from a webhook platform, checked and parsed.
public struct InboundLine: Sendable, Hashable {
    /// The platform's user id: the person's identity.
    public var userID: String
    public var userName: String
    public var text: String
    /// A slash command (its text is for the bot, not the channel): the reply is only for the sender.
    public var isCommand: Bool
    /// Addressed to the bot by a trigger word (`huddle kudos …` on Mattermost), like a slash command
    /// but said in the channel.
    public var isAddressed = false
    /// Sent privately to the bot (the generic route's `private: true`).
    public var isPrivate: Bool
    /// The platform's id of the post, when it has one (Mattermost outgoing webhooks), to drop repeats.
    public var postID: String?
    /// Platform user ids of people the line names (`@name` in its text), by lower-case name, where
    /// the platform gave them (Slack and Discord mentions): a mention by id is what pings.
    public var mentions: [String: String] = [:]
    /// The platform's trigger for opening a dialog (Slack and Mattermost slash commands).
    public var triggerID: String?
    /// A submitted dialog of the huddle (Discord's modal, Slack's view, Mattermost's dialog).
    public var dialog: DialogSubmission?

    /// Creates a line.
    public init(userID: String, userName: String, text: String, isCommand: Bool, isAddressed: Bool = false, isPrivate: Bool,
                postID: String?) {
        self.userID = userID
        self.userName = userName
        self.text = text
        self.isCommand = isCommand
        self.isAddressed = isAddressed
        self.isPrivate = isPrivate
        self.postID = postID
    }
}

/// Why a request was turned away, or a platform's own check answered; nothing of it is stored.
public struct InboundRejection: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public var reason: String
    /// What the answer's body is: the reason as text, or (for a platform's ping) JSON.
    public var contentType = "text/plain; charset=utf-8"
    /// What kind of refusal it is, for the count and the log; nil for an answer (a platform's check).
    public var refusal: HTTPRefusal?
    public var description: String { "\(status) \(reason)" }

    /// A refusal of some kind, or (without one) an answer, with a text body.
    public init(status: Int, reason: String, refusal: HTTPRefusal? = nil) {
        self.status = status
        self.reason = reason
        self.refusal = refusal
    }

    /// A platform's ping answered with a JSON body.
    static func pong(_ json: String) -> InboundRejection {
        var answer = InboundRejection(status: 200, reason: json)
        answer.contentType = "application/json"
        return answer
    }
}
