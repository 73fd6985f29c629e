package io.natflow.rest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundPriorityFilterTest {
    private final BackgroundPriorityFilter filter = new BackgroundPriorityFilter();

    @Test
    void aRequestIsServedAtTheLowestPriorityAndTheThreadGetsItsOwnBack() throws Exception {
        Thread thread = Thread.currentThread();
        thread.setPriority(Thread.NORM_PRIORITY + 1);
        AtomicInteger during = new AtomicInteger();
        filter.doFilter(
                null, null, (req, resp) -> during.set(Thread.currentThread().getPriority()));
        assertEquals(Thread.MIN_PRIORITY, during.get());
        assertEquals(Thread.NORM_PRIORITY + 1, thread.getPriority());
        thread.setPriority(Thread.NORM_PRIORITY);
    }

    @Test
    void theThreadGetsItsPriorityBackWhenTheRequestFails() {
        Thread thread = Thread.currentThread();
        thread.setPriority(Thread.NORM_PRIORITY);
        assertThrows(
                IOException.class,
                () -> filter.doFilter(null, null, (req, resp) -> {
                    throw new IOException("client went away");
                }));
        assertEquals(Thread.NORM_PRIORITY, thread.getPriority());
    }
}
