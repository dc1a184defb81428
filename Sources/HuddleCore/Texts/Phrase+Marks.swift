extension Phrase {
    /// The marks the bot puts around and between short texts: the same in every language.
    public enum Marks {
        /// A confirmation in one sign: the entry is on record (`anna: ✓`).
        public static let done = "✓"
        /// Between short texts merged into one line: one person's confirmations, a prompt's lines.
        public static let between = " · "
        /// Between different people's confirmations in one line.
        public static let betweenPeople = " | "
        /// Between a person's name and what is said to them in a channel (`anna: …`).
        public static let afterName = ": "
    }
}
