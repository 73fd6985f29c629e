package io.natflow.nat.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.natflow.nat.service.RouterBusyException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterLoopTest {
    private final RouterLoop loop = new RouterLoop("natflow-router-test", 2);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        release.countDown();
        loop.shutdown();
    }

    /** Holds the loop until {@link #release} opens, so tasks queue up behind it. */
    private void block() {
        assertTrue(loop.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    @Test
    void switchEventsBeyondTheCapacityAreRefusedControlTasksAreNot() {
        block();
        assertTrue(loop.offerEvent(() -> ran.add("event 1")));
        assertTrue(loop.offerEvent(() -> ran.add("event 2")));
        assertFalse(loop.offerEvent(() -> ran.add("event 3")), "a third waiting event is over the capacity of 2");
        assertEquals(2, loop.queuedEvents());
        assertTrue(loop.execute(() -> ran.add("timer")));
        release.countDown();
        loop.call(() -> ran.add("service")).join();
        assertEquals(List.of("event 1", "event 2", "timer", "service"), ran, "every task in submission order");
        assertEquals(0, loop.queuedEvents());
        assertTrue(loop.offerEvent(() -> ran.add("event 4")), "room again once the queue drained");
    }

    @Test
    void tasksRunOnTheRoutersNamedThread() {
        assertEquals(
                "natflow-router-test",
                loop.call(() -> Thread.currentThread().getName()).join());
    }

    @Test
    void aFailingCallFailsItsFutureAndTheLoopGoesOn() {
        CompletionException e = assertThrows(
                CompletionException.class,
                () -> loop.call(() -> {
                            throw new IllegalStateException("boom");
                        })
                        .join());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(42, loop.call(() -> 42).join());
    }

    @Test
    void afterShutdownCallsFailAsBusyAndEventsAreRefused() {
        loop.shutdown();
        CompletionException e =
                assertThrows(CompletionException.class, () -> loop.call(() -> 1).join());
        assertInstanceOf(RouterBusyException.class, e.getCause());
        assertFalse(loop.offerEvent(() -> ran.add("late")));
        assertEquals(0, loop.queuedEvents());
    }
}
