import Logging
import NIOCore
import NIOEmbedded
import IRCProtocol
import Testing
@testable import IRCClient

@Suite struct IRCLineDecoderTests {
    func decode(_ chunks: [[UInt8]], maxLength: Int = IRCLineDecoder.defaultMaxLength) throws -> [String] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(IRCLineDecoder(maxLength: maxLength)))
        for chunk in chunks {
            var buffer = channel.allocator.buffer(capacity: chunk.count)
            buffer.writeBytes(chunk)
            try channel.writeInbound(buffer)
        }
        var lines: [String] = []
        while let line = try channel.readInbound(as: ByteBuffer.self) { lines.append(String(buffer: line)) }
        _ = try channel.finish()
        return lines
    }

    /// Fed one byte at a time, the decoder gives the same lines as fed at once; CR LF, LF and empty lines are handled.
    @Test func byteAtATime() throws {
        let stream = Array(":srv 001 huddle :Welcome\r\nPING :x\n\r\n:a!b@c PRIVMSG #r :héllo 👋\r\npartial".utf8)
        let expected = [":srv 001 huddle :Welcome", "PING :x", ":a!b@c PRIVMSG #r :héllo 👋"]
        #expect(try decode([stream]) == expected)
        #expect(try decode(stream.map { [$0] }) == expected)
    }

    /// An over-long line is dropped whole and the next line still comes through.
    @Test func dropsOverlongLines() throws {
        let long = Array(repeating: UInt8(ascii: "a"), count: 100)
        let stream = Array("ok1\r\n".utf8) + long + Array("\r\nok2\r\n".utf8)
        #expect(try decode([stream], maxLength: 50) == ["ok1", "ok2"])
        #expect(try decode(stream.map { [$0] }, maxLength: 50) == ["ok1", "ok2"])
    }
}

@Suite struct AsyncQueueTests {
    /// Items come out in order; a cancelled pop takes nothing away.
    @Test func cancelledPopLosesNothing() async throws {
        let queue = AsyncQueue<Int>()
        let waiting = Task { await queue.pop() }
        try await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        #expect(await waiting.value == nil)
        queue.push(1)
        queue.push(2)
        queue.pushFront([0])
        #expect(await queue.pop() == 0)
        #expect(await queue.pop() == 1)
        #expect(await queue.pop() == 2)
        #expect(queue.count == 0)
    }

    /// A waiting consumer gets the first of the items pushed back to the front.
    @Test func pushFrontWakesWaiter() async throws {
        let queue = AsyncQueue<Int>()
        let waiting = Task { await queue.pop() }
        try await Task.sleep(for: .milliseconds(20))
        queue.pushFront([7, 8])
        #expect(await waiting.value == 7)
        #expect(await queue.pop() == 8)
    }
}

@Suite struct FingerprintTests {
    /// Pins are compared as lower-case hex without colons.
    @Test func normalized() {
        #expect(TLSSettings.normalized("BD:16:AA") == "bd16aa")
    }
}

@Suite struct BackoffTests {
    /// Reconnect delays double from the first delay, stay under the cap, and vary by at most a quarter.
    @Test func exponentialWithJitter() throws {
        var configuration = IRCClientConfiguration(host: "127.0.0.1", port: 1, identity: IRCClientIdentity(nick: "h"), wording: catalogueWording)
        configuration.reconnectDelay = .seconds(1)
        configuration.reconnectMaxDelay = .seconds(60)
        let client = try IRCClient(configuration: configuration, logger: Logger(label: "test"))
        for (failures, base) in [(1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0), (7, 60.0), (40, 60.0)] {
            let delay = client.backoff(failures: failures)
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            #expect(seconds >= base * 0.75 - 0.001 && seconds <= base * 1.25 + 0.001, "failures \(failures): \(seconds)")
        }
    }
}
