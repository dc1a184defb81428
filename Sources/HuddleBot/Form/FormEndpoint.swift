import Foundation
import HuddleCore
import HuddleStore
import Synchronization
import Webhooks

/// The nonces of form pages already submitted (a day long), so a second POST of a page — the
/// back button, a double tap — stores nothing.
final class FormNonces: Sendable {
    private let seen = Mutex<[String: Date]>([:])

    /// True the first time a page's nonce is sent.
    func claim(_ nonce: String, at now: Date) -> Bool {
        seen.withLock { seen in
            seen = seen.filter { now.timeIntervalSince($0.value) < 86_400 }
            guard seen[nonce] == nil else { return false }
            seen[nonce] = now
            return true
        }
    }
}

extension HuddleBot {
    /// The headers of every form answer: nothing cached or sent on as a referrer, no script, a
    /// form that posts only to its own address, never framed.
    static let formHeaders: [HTTPReply.Header] = [
        HTTPReply.Header("Cache-Control", "no-store"),
        HTTPReply.Header("Referrer-Policy", "no-referrer"),
        HTTPReply.Header("X-Content-Type-Options", "nosniff"),
        HTTPReply.Header("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    ]

    /// Serves the forms and the platforms' dialogs on the listener of a companion that has one (the webhook hub).
    func start(companion unit: BotUnit) {
        for case let hub as WebhookHub in unit.services {
            hub.serveForms { [self] request in await serveForm(request) }
            hub.serveDialogs { [self] team, line in await answerDialog(team: team, line: line) }
        }
        supervisor.start(unit)
    }

    /// Sends the sender of `message`, privately, a personal link to the form of `huddle`.
    func sendFormLink(_ huddle: HuddleRef, message: ChatMessage, team: TeamConfig, transport: any ChatTransport) async {
        let language = team.language
        guard let web = config.web, let key = try? data.linkKey() else {
            await transport.notify(Phrase.form(.noPages).text(language), to: message.sender.nick)
            return
        }
        guard !transport.repliesAreSeenByAll(message) else {
            await transport.notify(Phrase.form(.onlyPrivately(prefix: engine.prefix)).text(language), to: message.sender.nick)
            return
        }
        guard let open = await openHuddle(of: team, at: message.at), open.key.shift == huddle.shift, open.key.day == huddle.day else {
            await transport.notify(Phrase.form(.noOpenHuddle).text(language), to: message.sender.nick)
            return
        }
        let link = FormLink(team: team.id, huddle: huddle, nick: message.sender.nick, account: message.sender.account,
                            mask: message.senderMask, expires: Int(open.closesAt.timeIntervalSince1970))
        let url = "\(web.publicURL)\(link.path)?\(link.query(key: key))"
        let until = LocalClock.time(open.closesAt, in: team.timeZone).description
        // A private message on IRC; in the answer to the slash command on a webhook platform.
        if transport.hasPrivateMessages {
            await transport.message(Phrase.form(.link(url, until: until)).text(language), to: message.sender.nick)
        } else {
            await transport.notify(Phrase.form(.link(url, until: until)).text(language), to: message.sender.nick)
        }
    }

    /// The answer to `GET` or `POST /form/…`: the form of the open huddle for the link's person, a
    /// submission stored through the chat engine as that person, or a page that says why not.
    func serveForm(_ request: HTTPRequest) async -> HTTPReply {
        await answerForm(request).adding(Self.formHeaders)
    }

    private func answerForm(_ request: HTTPRequest) async -> HTTPReply {
        let config = config, now = clock.now()
        func page(_ status: Int, _ html: String) -> HTTPReply { HTTPReply(status: status, contentType: "text/html; charset=utf-8", body: Data(html.utf8)) }
        func refused(_ status: Int, _ phrase: Phrase.Form, _ language: Language) -> HTTPReply {
            page(status, HuddleForm.message(Phrase.form(phrase).text(language), title: "Huddle", language: language))
        }
        guard request.method == "GET" || request.method == "HEAD" || request.method == "POST" else { return .text(405, "use GET or POST") }
        guard config.web != nil, let key = try? data.linkKey(),
              let link = FormLink.read(path: request.path, query: request.query, key: key, now: now),
              let team = config.team(id: link.team) else { return refused(403, .refused, config.language) }
        let language = (try? await peopleSettings(of: team))?.person(link.account ?? link.nick).language ?? team.language
        guard let open = await openHuddle(of: team, at: now), open.key.shift == link.huddle.shift, open.key.day == link.huddle.day else {
            return refused(410, .closed, language)
        }
        let form = HuddleForm(team: team, shift: link.huddle.shift, language: language,
                              opening: Opening.lines(await opening(of: team, key: open.key, at: now), budget: config.opening.lines, language: language,
                                                     timeZone: team.timeZone, now: now, prefix: engine.prefix),
                              colleagues: await colleagues(of: team, besides: link.nick, at: now),
                              action: "\(link.path)?\(request.query)", token: link.token(key: key), nonce: RandomID.uuid())
        guard request.method == "POST" else { return page(200, form.page()) }
        // A page of this link posts its token; a page elsewhere cannot (nor may a browser send it from there).
        let fields = HuddleForm.fields(String(decoding: request.body, as: UTF8.self))
        if let origin = request.headers["origin"], origin != "null", let web = config.web, !web.publicURL.hasPrefix(origin) {
            return refused(403, .refused, language)
        }
        guard let token = fields["token"], link.accepts(token: token, key: key) else { return refused(403, .refused, language) }
        guard let nonce = fields["nonce"], !nonce.isEmpty, formNonces.claim(nonce, at: now) else { return page(200, form.page(notices: [Phrase.form(.alreadySent).text(language)])) }
        let lines = form.lines(fields, prefix: engine.prefix)
        guard !lines.isEmpty else { return page(200, form.page(notices: [Phrase.form(.nothingFilled).text(language)])) }
        let replies = await handleAsPerson(lines, team: team, author: Author(nick: link.nick, account: link.account), mask: link.mask, via: "form")
        return page(200, form.page(notices: replies))
    }

    /// Handles chat lines as `author` said them in `team`'s channel, through a chat service of the
    /// team's route (its rate limit, its confirmations); returns what was said to them. Each line
    /// is on disk (fsync) and confirmed before the next.
    func handleAsPerson(_ lines: [String], team: TeamConfig, author: Author, mask: String?, via: String) async -> [String] {
        let route = route(for: team)
        let transport = FormTransport(base: route.transport, person: author.nick)
        let chat = ChatService(bot: self, routeID: route.id, transport: transport)
        for line in lines {
            var message = ChatMessage(sender: author, channel: team.channel, text: line, at: clock.now(), senderMask: mask)
            message.via = via
            await chat.handle(message)
        }
        return transport.replies
    }

    /// Who a compliment from the form can be for: the team's people of the recent weeks and those
    /// in its channel now that the bot knows of, without the person themselves.
    func colleagues(of team: TeamConfig, besides nick: String, at now: Date) async -> [String] {
        let history = (try? await history(of: team, need: .recent, at: now)) ?? .empty
        var names: [String: String] = [:]
        for entry in history.entries where entry.isContribution {
            guard let author = entry.author?.nick, author.lowercased() != nick.lowercased() else { continue }
            names[author.lowercased()] = author
        }
        return names.values.sorted { $0.lowercased() < $1.lowercased() }
    }
}
