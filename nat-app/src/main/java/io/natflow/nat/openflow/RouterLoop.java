package io.natflow.nat.openflow;

import io.natflow.nat.service.RouterBusyException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread a router's state lives on. Switch events from Netty, timers, the restore and
 * service calls are tasks here, run in submission order, so the router and its core need no lock.
 *
 * <p>Switch events are untrusted input and are bounded: at most {@code eventCapacity} wait at
 * once; more are refused (the caller counts the drop). Control tasks (switch up and down,
 * timers, restore, service calls) are not refused while the loop runs: their number is bounded
 * by what issues them (a few timers, the HTTP threads), and dropping one would lose a change.
 */
final class RouterLoop {
    private static final Logger LOG = LoggerFactory.getLogger(RouterLoop.class);

    private final String name;
    private final ExecutorService executor;
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final int eventCapacity;

    RouterLoop(String name, int eventCapacity) {
        this.name = name;
        this.eventCapacity = eventCapacity;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY); // above the REST threads (nice -5 with ThreadPriorityPolicy=1 as root)
            return t;
        });
    }

    /** Queues a switch event; false (nothing queued) if {@code eventCapacity} are already waiting. */
    boolean offerEvent(Runnable event) {
        if (queuedEvents.incrementAndGet() > eventCapacity) {
            queuedEvents.decrementAndGet();
            return false;
        }
        try {
            executor.execute(() -> {
                queuedEvents.decrementAndGet();
                guarded(event);
            });
            return true;
        } catch (RejectedExecutionException e) {
            queuedEvents.decrementAndGet();
            return false;
        }
    }

    /** Queues a control task; false only once the loop is shut down. */
    boolean execute(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Runs {@code task} on the loop; its result or exception completes the future. */
    <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) {
            result.completeExceptionally(new RouterBusyException("the router's event loop is shut down"));
        }
        return result;
    }

    /** A failing task is logged; the loop, and the router's state on it, go on. */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("a task on {} failed", name, e);
        }
    }

    /** Switch events waiting now (for tests and metrics). */
    int queuedEvents() {
        return queuedEvents.get();
    }

    void shutdown() {
        executor.shutdown();
    }
}
