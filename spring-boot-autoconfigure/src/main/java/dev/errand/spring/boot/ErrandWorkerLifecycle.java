package dev.errand.spring.boot;

import dev.errand.worker.Worker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the worker once the application context is refreshed (every bean ready, the last lifecycle phase) and
 * closes it first when the context closes: it stops claiming, running jobs finish within
 * {@code errand.worker.shutdownGrace}, claimed jobs that did not start are handed back, and only then are the
 * data source and the other beans closed.
 */
final class ErrandWorkerLifecycle implements SmartLifecycle {
    private final ObjectProvider<Worker> workers;
    private volatile Worker worker;
    private volatile boolean running;

    /** {@code workers} may hold none: an application without {@code @Job} beans has no worker to run. */
    ErrandWorkerLifecycle(ObjectProvider<Worker> workers) {
        this.workers = workers;
    }

    @Override
    public void start() {
        worker = workers.getIfAvailable();
        if (worker != null) {
            worker.start();
        }
        running = true;
    }

    @Override
    public void stop() {
        try {
            if (worker != null) {
                worker.close();
            }
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The last to start and the first to stop. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
