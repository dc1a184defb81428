import Foundation

/// The personal huddle form: a page for a phone (no script; plain HTML form posts), and what a
/// submission says as chat lines, so that it goes through the same engine as chat.
public struct HuddleForm: Sendable {
    public var team: TeamConfig
    public var shift: String
    public var language: Language
    /// What the huddle opens with, as the prompt shows it.
    public var opening: [String]
    /// Colleagues a compliment can be for (never the person themselves).
    public var colleagues: [String]
    /// Where the form posts: its own signed address.
    public var action: String
    /// The form's token (a POST without it is refused) and this page's nonce (a second POST of
    /// the same page stores nothing).
    public var token: String
    public var nonce: String

    /// Creates a form.
    public init(team: TeamConfig, shift: String, language: Language, opening: [String], colleagues: [String], action: String,
                token: String, nonce: String) {
        self.team = team
        self.shift = shift
        self.language = language
        self.opening = opening
        self.colleagues = colleagues
        self.action = action
        self.token = token
        self.nonce = nonce
    }

    /// The field names: `q1`…, `q1_note` beside a quick check, `kudos_to`, `kudos_text`, `obs_kind`
    /// (`gain` or `pain`), `obs_text`; and `token` and `nonce`.
    public static func answerField(_ number: Int) -> String { "q\(number)" }

    /// The page, with `notices` (what happened to a submission) above the form.
    public func page(notices: [String] = []) -> String {
        func e(_ text: String) -> String { DigestHTML.escape(text) }
        let questions = team.questions(forShift: shift)
        let checks = team.quickChecks(forShift: shift)
        var fields: [String] = []
        for (index, question) in questions.enumerated() {
            let number = index + 1, name = Self.answerField(number)
            let label = "<label for=\"\(name)\">\(number). \(e(question.text(language)))</label>"
            if let check = checks[number] {
                let options = check.values.map { value in
                    "<label class=\"pick\"><input type=\"radio\" name=\"\(name)\" value=\"\(e(value))\"> \(e(check.label(value, language)))</label>"
                }.joined()
                fields.append("<fieldset><legend>\(number). \(e(question.text(language))) \(e(check.hint(language)))</legend>\(options)"
                              + "<input type=\"text\" name=\"\(name)_note\" maxlength=\"300\" placeholder=\"…\"></fieldset>")
            } else {
                fields.append("<p>\(label)<textarea id=\"\(name)\" name=\"\(name)\" rows=\"2\" maxlength=\"\(UserText.maxLength)\" "
                              + "placeholder=\"\(e(Phrase.form(.yourAnswer).text(language)))\"></textarea></p>")
            }
        }
        let colleagues = colleagues.map { "<option value=\"\(e($0))\">\(e($0))</option>" }.joined()
        let kudos = self.colleagues.isEmpty ? "" : """
            <fieldset><legend>\(e(Phrase.form(.compliment).text(language)))</legend>
            <select name="kudos_to" aria-label="\(e(Phrase.form(.colleague).text(language)))"><option value="">—</option>\(colleagues)</select>
            <textarea name="kudos_text" rows="2" maxlength="\(UserText.maxLength)"></textarea></fieldset>
            """
        let observation = """
            <fieldset><legend>\(e(Phrase.form(.observation).text(language)))</legend>
            <label class="pick"><input type="radio" name="obs_kind" value="gain" checked> \(e(Phrase.form(.gain).text(language)))</label>
            <label class="pick"><input type="radio" name="obs_kind" value="pain"> \(e(Phrase.form(.pain).text(language)))</label>
            <textarea name="obs_text" rows="2" maxlength="\(UserText.maxLength)"></textarea></fieldset>
            """
        let intro = opening.isEmpty ? "" : "<section class=\"day\">" + opening.map { "<p>\(e($0))</p>" }.joined() + "</section>"
        let body = """
            \(notices.isEmpty ? "" : "<div class=\"notice\" role=\"status\">" + notices.map { "<p>\(e($0))</p>" }.joined() + "</div>")
            \(intro)
            <form method="post" action="\(e(action))">
            <input type="hidden" name="token" value="\(e(token))"><input type="hidden" name="nonce" value="\(e(nonce))">
            <h2>\(e(Phrase.form(.questions).text(language)))</h2>
            \(fields.joined(separator: "\n"))
            \(kudos)
            \(observation)
            <p><button type="submit">\(e(Phrase.form(.send).text(language)))</button></p>
            </form>
            """
        return Self.document(title: Phrase.form(.title(team: team.name, shift: shift)).text(language), body: body, language: language)
    }

    /// A page with only a title and a message (a refused link, a closed huddle).
    public static func message(_ text: String, title: String, language: Language) -> String {
        document(title: title, body: "<p class=\"notice\" role=\"status\">\(DigestHTML.escape(text))</p>", language: language)
    }

    static func document(title: String, body: String, language: Language) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(DigestHTML.escape(title))</title>
        <style>body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:560px;padding:12px;color:#222;background:#fafafa;font-size:17px}
        h1{font-size:1.3em}h2{font-size:1.1em;margin:1em 0 .4em}.day{background:#fff;border-left:4px solid #1565c0;padding:4px 10px;margin:8px 0}
        .day p{margin:.3em 0}fieldset{border:1px solid #ccc;border-radius:8px;margin:10px 0;padding:8px}legend{font-weight:600}
        label{display:block;margin:.3em 0}label.pick{display:inline-block;margin:.3em 1em .3em 0;padding:6px 0}
        textarea,input[type=text],select{width:100%;box-sizing:border-box;font-size:1em;padding:8px;margin:.2em 0}
        button{font-size:1.1em;padding:12px 24px;border-radius:8px;border:0;background:#1565c0;color:#fff;width:100%}
        .notice{background:#e8f5e9;border:1px solid #2e7d32;border-radius:8px;padding:8px}.notice p{margin:.2em 0}</style></head><body>
        <h1>\(DigestHTML.escape(title))</h1>
        \(body)
        </body></html>

        """
    }

    /// The chat lines a submission says, in the order a person would type them: each answer
    /// (a quick check's value with its note), the compliment (only for a colleague of the list),
    /// the observation. Lines are single: line breaks in a field become spaces.
    public func lines(_ fields: [String: String], prefix: String) -> [String] {
        func field(_ name: String) -> String {
            (fields[name] ?? "").split(whereSeparator: \.isNewline).joined(separator: " ").trimmingSpaces
        }
        var lines: [String] = []
        let checks = team.quickChecks(forShift: shift)
        for number in 1...max(1, team.questions(forShift: shift).count) {
            var answer = field(Self.answerField(number))
            if checks[number] != nil, !answer.isEmpty, !field("\(Self.answerField(number))_note").isEmpty {
                answer += " " + field("\(Self.answerField(number))_note")
            }
            if !answer.isEmpty { lines.append("\(prefix)antwoord \(number) \(answer)") }
        }
        let to = field("kudos_to"), kudos = field("kudos_text")
        if colleagues.contains(to), !kudos.isEmpty { lines.append("\(prefix)kudos \(to) \(kudos)") }
        let observation = field("obs_text")
        if !observation.isEmpty { lines.append("\(prefix)\(field("obs_kind") == "pain" ? "zorg" : "blij") \(observation)") }
        return lines
    }

    /// The fields of an `application/x-www-form-urlencoded` body (`+` is a space); the first of a
    /// name counts.
    public static func fields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String { String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }
}
