import NIOPosix
import Vapor

/// bcrypt runs on threads of its own, not on the pool that SQLite and file I/O use: a storm of logins
/// then queues behind itself and cannot stall ticket lists. On two cores that is one thread.
struct PasswordThreadPoolKey: StorageKey {
    typealias Value = NIOThreadPool
}

extension Application {
    /// Starts the password pool (once) and stops it when the application shuts down.
    func startPasswordThreadPool(threads: Int) {
        let pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        storage[PasswordThreadPoolKey.self] = pool
        lifecycle.use(PasswordThreadPoolShutdown(pool: pool))
    }

    var passwordHasher: AsyncPasswordHasher {
        password.sync.async(on: storage[PasswordThreadPoolKey.self] ?? threadPool, hopTo: eventLoopGroup.any())
    }
}

extension Request {
    /// `req.password.async`, but on the password threads.
    var passwordHasher: AsyncPasswordHasher {
        application.password.sync.async(
            on: application.storage[PasswordThreadPoolKey.self] ?? application.threadPool, hopTo: eventLoop)
    }
}

private struct PasswordThreadPoolShutdown: LifecycleHandler {
    let pool: NIOThreadPool

    func shutdownAsync(_: Application) async {
        try? await pool.shutdownGracefully()
    }
}
