import Vapor

extension Application {
    /// Runs `work` in the background for the life of the app: at shutdown it is cancelled and, when
    /// `awaitAtShutdown`, waited for (so that it can finish recording what it did).
    func runInBackground(awaitAtShutdown: Bool = true, _ work: @escaping @Sendable () async -> Void) {
        lifecycle.use(BackgroundWork(task: Task { await work() }, awaitAtShutdown: awaitAtShutdown))
    }
}

private struct BackgroundWork: LifecycleHandler {
    let task: Task<Void, Never>
    let awaitAtShutdown: Bool

    func shutdownAsync(_ application: Application) async {
        task.cancel()
        if awaitAtShutdown { await task.value }
    }
}
