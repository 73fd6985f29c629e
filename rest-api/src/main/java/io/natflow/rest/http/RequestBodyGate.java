package io.natflow.rest.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request's body before the application sees it, without holding a thread: content is
 * taken as it arrives (Jetty calls back on demand), at most {@code maxBytes} of it (413 past
 * that), within {@code timeout} from the start of the request (408 and the connection closed
 * past that), and at most {@code maxPending} bodies are awaited at once (503 beyond). The
 * application then reads the whole body from memory, so a client that announces a body and
 * never sends it costs a socket, not a thread, and gets a JSON answer instead of a stack trace.
 */
public final class RequestBodyGate extends Handler.Wrapper {
    private final long timeoutMillis;
    private final int maxBytes;
    private final Semaphore pending;

    public RequestBodyGate(Handler next, Duration timeout, int maxBytes, int maxPending) {
        super(next);
        this.timeoutMillis = timeout.toMillis();
        this.maxBytes = maxBytes;
        this.pending = new Semaphore(maxPending);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long length = request.getLength();
        boolean chunked = length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (length == 0 || length < 0 && !chunked) {
            return super.handle(request, response, callback);
        }
        if (length > maxBytes) {
            return reject(
                    request,
                    response,
                    callback,
                    HttpStatus.PAYLOAD_TOO_LARGE_413,
                    "the request body is " + length + " bytes; at most " + maxBytes + " are accepted");
        }
        if (!pending.tryAcquire()) {
            return reject(
                    request,
                    response,
                    callback,
                    HttpStatus.SERVICE_UNAVAILABLE_503,
                    "too many requests are waiting for their body; try again");
        }
        new BodyReader(request, response, callback).start();
        return true;
    }

    private static boolean reject(Request request, Response response, Callback callback, int status, String message) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        Response.writeError(request, response, callback, status, message);
        return true;
    }

    /** One body on its way in; whichever of "complete", "too big", "failed" or "timed out" comes first wins. */
    private final class BodyReader implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private Scheduler.Task timeout;
        private boolean finished; // guarded by this

        BodyReader(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void start() {
            timeout = request.getComponents()
                    .getScheduler()
                    .schedule(this::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
            run();
        }

        /** Reads what has arrived; asks to be called again when there is more. */
        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                try {
                    if (Content.Chunk.isFailure(chunk)) {
                        fail(HttpStatus.BAD_REQUEST_400, "the request body could not be read");
                        return;
                    }
                    synchronized (this) {
                        if (finished) {
                            return;
                        }
                        ByteBuffer bytes = chunk.getByteBuffer();
                        if (body.size() + bytes.remaining() > maxBytes) {
                            finishWith(
                                    HttpStatus.PAYLOAD_TOO_LARGE_413,
                                    "the request body is larger than " + maxBytes + " bytes");
                            return;
                        }
                        while (bytes.hasRemaining()) {
                            body.write(bytes.get());
                        }
                    }
                    if (chunk.isLast()) {
                        complete();
                        return;
                    }
                } finally {
                    chunk.release();
                }
            }
        }

        private void complete() {
            byte[] bytes;
            synchronized (this) {
                if (!settle()) {
                    return;
                }
                bytes = body.toByteArray();
            }
            Request whole = new BufferedBody(request, bytes);
            try {
                if (!getHandler().handle(whole, response, callback)) {
                    Response.writeError(whole, response, callback, HttpStatus.NOT_FOUND_404);
                }
            } catch (Throwable t) {
                Response.writeError(whole, response, callback, t);
            }
        }

        private void timedOut() {
            fail(HttpStatus.REQUEST_TIMEOUT_408, "the request body did not arrive within " + timeoutMillis + " ms");
        }

        private void fail(int status, String message) {
            synchronized (this) {
                finishWith(status, message);
            }
        }

        /** Call holding the lock. */
        private void finishWith(int status, String message) {
            if (settle()) {
                reject(request, response, callback, status, message);
            }
        }

        /** True for the first outcome only; lets go of the timer and the slot. */
        private boolean settle() {
            if (finished) {
                return false;
            }
            finished = true;
            if (timeout != null) { // null only if the timer fired before start() stored it
                timeout.cancel();
            }
            pending.release();
            return true;
        }
    }

    /** The request with its body already in memory. */
    private static final class BufferedBody extends Request.Wrapper {
        private Content.Chunk remaining;

        BufferedBody(Request request, byte[] body) {
            super(request);
            this.remaining = Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk chunk = remaining;
            remaining = Content.Chunk.EOF;
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run(); // everything is here already
        }

        @Override
        public boolean consumeAvailable() {
            read();
            return true;
        }
    }
}
