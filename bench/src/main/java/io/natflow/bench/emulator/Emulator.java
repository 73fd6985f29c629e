package io.natflow.bench.emulator;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one measurement: connects the switches, waits until the controller has set each up as a
 * NAT router, warms up, measures for a fixed time, drains, and reports. Everything that touches
 * the switches runs on one event loop thread (no locks); this class only schedules.
 */
final class Emulator {
    /** What to run. {@code rate} 0 means as fast as the controller answers, bounded by {@code window}. */
    record Settings(String host, int port, int switches, long firstDatapathId, int window, long rate,
                    int hosts, double udpShare, int warmupSeconds, int durationSeconds, long timeoutMillis,
                    boolean progress) {}

    private final Settings s;
    private final Results results = new Results();
    private final List<EmulatedSwitch> switches = new ArrayList<>();
    private EventLoopGroup group;
    private EventLoop loop;

    Emulator(Settings settings) {
        this.s = settings;
    }

    Results run() throws Exception {
        boolean epoll = Epoll.isAvailable();
        group = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        loop = group.next();
        try {
            connect(epoll);
            return measure();
        } finally {
            onLoop(() -> results.phase = Results.Phase.DONE);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private void connect(boolean epoll) throws Exception {
        Bootstrap bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20));
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(s.timeoutMillis());
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (int i = 0; i < s.switches(); i++) {
            EmulatedSwitch sw = new EmulatedSwitch(s.firstDatapathId() + i, new Traffic(s.hosts(), s.udpShare()),
                    s.window(), s.rate() == 0, results, timeoutNanos);
            switches.add(sw);
            ready.add(sw.ready);
            bootstrap.clone().handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(0xffff, 2, 2, -4, 0), sw);
                }
            }).connect(s.host(), s.port()).sync();
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        log("%d switch(es) connected and set up as NAT routers by the controller", s.switches());
    }

    private Results measure() throws Exception {
        long start = System.nanoTime();
        onLoop(() -> results.phase = Results.Phase.WARMUP);
        loop.scheduleAtFixedRate(this::sweep, 20, 20, TimeUnit.MILLISECONDS);
        if (s.rate() > 0) {
            Pacer pacer = new Pacer(start);
            loop.scheduleAtFixedRate(pacer::tick, 0, 100, TimeUnit.MICROSECONDS);
        } else {
            onLoop(() -> switches.forEach(EmulatedSwitch::start));
        }
        long[] lastCompleted = {0};
        if (s.progress()) {
            loop.scheduleAtFixedRate(() -> {
                long done = results.completedAllPhases;
                log("t=%3ds %-7s %,9d setups/s  outstanding %,d", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                        results.phase.name().toLowerCase(Locale.ROOT), done - lastCompleted[0], outstanding());
                lastCompleted[0] = done;
            }, 1, 1, TimeUnit.SECONDS);
        }
        Thread.sleep(s.warmupSeconds() * 1000L);
        onLoop(() -> results.startMeasure(System.nanoTime()));
        Thread.sleep(s.durationSeconds() * 1000L);
        onLoop(() -> results.stopMeasure(System.nanoTime()));
        long drainUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(s.timeoutMillis() + 500);
        while (System.nanoTime() < drainUntil && callOnLoop(this::outstanding) > 0) {
            Thread.sleep(20);
        }
        return callOnLoop(() -> {
            long now = System.nanoTime();
            switches.forEach(sw -> sw.sweep(now, true)); // whatever is still unanswered is missing
            results.phase = Results.Phase.DONE;
            return results;
        });
    }

    private void sweep() {
        long now = System.nanoTime();
        for (EmulatedSwitch sw : switches) {
            sw.sweep(now, false);
        }
    }

    private int outstanding() {
        int n = 0;
        for (EmulatedSwitch sw : switches) {
            n += sw.outstanding();
        }
        return n;
    }

    /** Runs on the event loop that owns the switches and results, and waits for it. */
    private void onLoop(Runnable task) throws Exception {
        loop.submit(task).get(30, TimeUnit.SECONDS);
    }

    private <T> T callOnLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(30, TimeUnit.SECONDS);
    }

    private static void log(String format, Object... args) {
        System.err.printf("[emulator] " + format + "%n", args);
    }

    /**
     * Fixed rate: packet-in k is due at start + k/rate, round robin over the switches. Latency
     * counts from the due time, so a controller that falls behind shows it (no coordinated
     * omission). A due packet-in that finds every window full waits for the next tick.
     */
    private final class Pacer {
        private final long start;
        private long issued;
        private int next;

        Pacer(long start) {
            this.start = start;
        }

        void tick() {
            if (results.phase != Results.Phase.WARMUP && results.phase != Results.Phase.MEASURE) {
                return;
            }
            long now = System.nanoTime();
            double nanosPerSetup = 1e9 / s.rate();
            long due = (long) ((now - start) / nanosPerSetup);
            sending:
            while (issued < due) {
                for (int tries = 0; tries < switches.size(); tries++) {
                    EmulatedSwitch sw = switches.get(next);
                    next = (next + 1) % switches.size();
                    if (sw.hasRoom()) {
                        sw.send(start + (long) (issued * nanosPerSetup));
                        issued++;
                        continue sending;
                    }
                }
                results.windowFull++;
                break;
            }
            for (EmulatedSwitch sw : switches) {
                sw.flush();
            }
        }
    }
}
