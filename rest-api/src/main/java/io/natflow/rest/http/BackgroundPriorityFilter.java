package io.natflow.rest.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Serves each HTTP request at {@link Thread#MIN_PRIORITY}, then gives the thread its priority
 * back: the REST API is the control plane, and a client that asks for page after page of a big
 * listing must not take the CPU from the routers' event loops and Netty (docs/benchmarks.md, "The
 * listing criterion on a quiet machine"). Java priorities reach the OS only with
 * {@code -XX:ThreadPriorityPolicy=1} (MIN_PRIORITY is nice 4 on Linux); without it this is a no-op.
 */
public final class BackgroundPriorityFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Thread thread = Thread.currentThread();
        int before = thread.getPriority();
        thread.setPriority(Thread.MIN_PRIORITY);
        try {
            chain.doFilter(request, response);
        } finally {
            thread.setPriority(before);
        }
    }
}
