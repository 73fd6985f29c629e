package io.natflow.rest.api;

import io.natflow.nat.service.RouterBusyException;
import io.natflow.nat.service.UnknownRouterException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for an answer of the NAT service on a request thread, bounded: a router's loop that does
 * not answer within {@link #TIMEOUT_MILLIS} is a 503, not a request thread stuck for good.
 */
public final class Await {
    /** Longer than any one loop task (pages are bounded) plus a switch's flow-stats answer. */
    public static final long TIMEOUT_MILLIS = 10_000;

    private Await() {}

    public static <T> T result(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while waiting for the NAT");
        } catch (TimeoutException e) {
            future.cancel(false);
            throw ApiException.unavailable("the NAT router did not answer within " + TIMEOUT_MILLIS / 1000 + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownRouterException u) {
                throw ApiException.notFound(u.getMessage());
            }
            if (cause instanceof RouterBusyException b) {
                throw ApiException.unavailable(b.getMessage());
            }
            if (cause instanceof ApiException a) {
                throw a;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }
}
