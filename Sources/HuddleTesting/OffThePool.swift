import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking work (starting a server and polling until it listens, waiting for a program)
/// on a thread of its own, so it never holds one of the few cooperative threads that every
/// other test running at the same time needs. The thread unblocks all signals first: a program
/// started from it inherits that mask, so it can be stopped with SIGTERM (the cooperative pool's
/// threads block nearly every signal, and a child started from them would ignore SIGTERM).
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            continuation.resume(with: Result { try work() })
        }.start()
    }
}

extension NgircdServer {
    /// Starts an ngircd (see `init`) off the cooperative pool.
    public static func started(port: Int? = nil, tls: Bool = false) async throws -> NgircdServer {
        try await offThePool { try NgircdServer(port: port, tls: tls) }
    }

    /// Starts the server again after `stop()`, off the cooperative pool.
    public func restart() async throws {
        try await offThePool { try self.start() }
    }
}

extension InspircdServer {
    /// Starts InspIRCd and Anope (see `init`) off the cooperative pool.
    public static func started() async throws -> InspircdServer {
        try await offThePool { try InspircdServer() }
    }
}

extension WebhookPeer {
    /// Starts the webhook peer (see `init`) off the cooperative pool.
    public static func started() async throws -> WebhookPeer {
        try await offThePool { try WebhookPeer() }
    }
}
