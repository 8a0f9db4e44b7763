import Dispatch
import NIOPosix
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

// bcrypt runs on threads of its own, not on the pool that SQLite and file I/O use: a storm of logins
// then queues behind itself and cannot stall ticket lists. On two cores that is one thread.
extension Application {
    /// Starts a password pool that stops when the application shuts down.
    func startPasswordThreadPool(threads: Int) -> NIOThreadPool {
        let pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        Self.lowerPriority(of: pool, threads: threads)
        lifecycle.use(PasswordThreadPoolShutdown(pool: pool))
        return pool
    }

    /// Gives the password threads a lower scheduling priority (nice 10): when logins and other requests
    /// compete for the cores, the other requests go first and logins absorb the wait.
    private static func lowerPriority(of pool: NIOThreadPool, threads: Int) {
        #if os(Linux)
            let arrived = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            for _ in 0..<threads {
                // Each job holds its thread until all have started, so every thread runs exactly one.
                pool.submit { _ in
                    // On Linux, `who` 0 is the calling thread only.
                    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                    arrived.signal()
                    release.wait()
                }
            }
            for _ in 0..<threads { arrived.wait() }
            for _ in 0..<threads { release.signal() }
        #endif
    }

    var passwordHasher: AsyncPasswordHasher { passwordHasher(hoppingTo: eventLoopGroup.any()) }

    func passwordHasher(hoppingTo eventLoop: any EventLoop) -> AsyncPasswordHasher {
        password.sync.async(on: services.passwordPool, hopTo: eventLoop)
    }
}

extension Request {
    /// `req.password.async`, but on the password threads.
    var passwordHasher: AsyncPasswordHasher { application.passwordHasher(hoppingTo: eventLoop) }
}

private struct PasswordThreadPoolShutdown: LifecycleHandler {
    let pool: NIOThreadPool

    func shutdownAsync(_: Application) async {
        try? await pool.shutdownGracefully()
    }
}
