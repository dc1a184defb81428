import NIOCore

/// Splits the byte stream into IRC lines (ending in LF, with an optional CR), without the line
/// ending. A line longer than `maxLength` bytes is dropped whole, so a hostile server cannot
/// grow memory without bound; the count of dropped lines is kept for the log.
public struct IRCLineDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = ByteBuffer

    /// The longest line kept: 512 bytes of message plus 8191 of tags, as IRCv3 allows.
    public static let defaultMaxLength = 512 + 8191

    public let maxLength: Int
    private var discarding = false
    private var scanned = 0
    public private(set) var droppedLines = 0

    /// Creates a decoder that keeps lines up to `maxLength` bytes.
    public init(maxLength: Int = IRCLineDecoder.defaultMaxLength) {
        self.maxLength = maxLength
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.dropFirst(scanned).firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > maxLength {
                // Too long already: forget what we have and skip to the next newline.
                buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                if !discarding { droppedLines += 1 }
                discarding = true
                scanned = 0
            } else {
                scanned = buffer.readableBytes
            }
            return .needMoreData
        }
        let length = newline - view.startIndex
        scanned = 0
        if discarding || length > maxLength + 1 {
            if !discarding { droppedLines += 1 }
            discarding = false
            buffer.moveReaderIndex(forwardBy: length + 1)
            return .continue
        }
        var line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytesView.last == UInt8(ascii: "\r") {
            line = line.getSlice(at: line.readerIndex, length: line.readableBytes - 1)!
        }
        if line.readableBytes > 0 {
            context.fireChannelRead(wrapInboundOut(line))
        }
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        // A final line without newline at EOF is incomplete; drop it.
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        return .needMoreData
    }
}
