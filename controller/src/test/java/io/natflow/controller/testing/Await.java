package io.natflow.controller.testing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Bounded polling for tests: wait for a condition instead of sleeping a fixed time. */
public final class Await {
    private static final long POLL_MILLIS = 5;

    private Await() {}

    /**
     * Polls {@code condition} until it holds; fails with an {@link AssertionError} naming
     * {@code description} if it still does not hold after {@code timeout}.
     */
    public static void until(BooleanSupplier condition, Duration timeout, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + description);
            }
            sleep(POLL_MILLIS);
        }
    }

    /** {@link #until(BooleanSupplier, Duration, String)} with a 5 s timeout. */
    public static void until(BooleanSupplier condition, String description) {
        until(condition, Duration.ofSeconds(5), description);
    }

    /** The future's value, failing the test if it does not complete successfully within the timeout. */
    public static <T> T result(CompletableFuture<T> future, Duration timeout, String description) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + description, e);
        } catch (ExecutionException e) {
            throw new AssertionError(description + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for: " + description, e);
        }
    }

    /** The exception the future failed with, failing the test if it completes normally or not in time. */
    public static Throwable failure(CompletableFuture<?> future, Duration timeout, String description) {
        try {
            Object value = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(description + ": expected a failure but got " + value);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + description, e);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for: " + description, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
