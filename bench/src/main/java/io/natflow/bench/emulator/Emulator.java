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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one measurement: connects the switches, waits until the controller has set each up as a
 * NAT router, optionally fills the controller with live sessions first, warms up, measures for a
 * fixed time, drains, and reports. Everything that touches the switches runs on one event loop
 * thread (no locks); this class only schedules. With a metrics URL it reads the controller's
 * counters around the measured phase, and with {@code scrapeMillis} also keeps reading them
 * during warm-up and measurement, as a Prometheus server would.
 */
final class Emulator {
    /**
     * What to run. {@code rate} 0 means as fast as the controller answers, bounded by {@code window};
     * {@code fill} first packets are set up, as fast as answered, before the warm-up;
     * {@code maxFlows} bounds the flows all switches keep for flow-stats requests.
     */
    record Settings(
            String host,
            int port,
            int switches,
            long firstDatapathId,
            int window,
            long rate,
            int hosts,
            double udpShare,
            int warmupSeconds,
            int durationSeconds,
            long timeoutMillis,
            boolean progress,
            long fill,
            int maxFlows,
            String metricsUrl,
            long scrapeMillis,
            String mappingsUrl) {}

    /** The longest the fill phase may take before the run gives up on it. */
    private static final long FILL_LIMIT_SECONDS = 600;

    private final Settings s;
    private final List<FlowTable> tables = new ArrayList<>();
    private final Results results = new Results();
    private final List<EmulatedSwitch> switches = new ArrayList<>();
    private EventLoopGroup group;
    private EventLoop loop;

    Emulator(Settings settings) {
        this(settings, List.of());
    }

    /**
     * With {@code tables} (one per switch), the switches start with the flows in them, as
     * switches whose controller restarted do; otherwise each starts empty, with an equal share of
     * {@code maxFlows}.
     */
    Emulator(Settings settings, List<FlowTable> tables) {
        this.s = settings;
        for (int i = 0; i < settings.switches(); i++) {
            this.tables.add(
                    i < tables.size()
                            ? tables.get(i)
                            : new FlowTable(OfWire.NAT_TABLE, settings.maxFlows() / settings.switches()));
        }
    }

    /** The switches' flow tables, in datapath id order. */
    List<FlowTable> flowTables() {
        return List.copyOf(tables);
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
        Bootstrap bootstrap = bootstrap(group, epoll);
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(s.timeoutMillis());
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (int i = 0; i < s.switches(); i++) {
            Gateway gateway = new Gateway(RouterAddresses.gatewayIp(i), RouterAddresses.gatewayMac(i));
            EmulatedSwitch sw = new EmulatedSwitch(
                    s.firstDatapathId() + i,
                    gateway,
                    tables.get(i),
                    new Traffic(s.hosts(), s.udpShare()),
                    s.window(),
                    s.rate() > 0,
                    results,
                    timeoutNanos);
            switches.add(sw);
            ready.add(sw.ready);
            connect(bootstrap, sw, s.host(), s.port());
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        log("%d switch(es) connected, gateway ARP answered, set up as NAT routers by the controller", s.switches());
    }

    private Results measure() throws Exception {
        long start = System.nanoTime();
        loop.scheduleAtFixedRate(this::sweep, 20, 20, TimeUnit.MILLISECONDS);
        long[] lastCompleted = {0};
        if (s.progress()) {
            loop.scheduleAtFixedRate(
                    () -> {
                        long done = results.completedAllPhases;
                        log(
                                "t=%3ds %-7s %,9d setups/s  outstanding %,6d  slowest %,8.1f ms",
                                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                                results.phase.name().toLowerCase(Locale.ROOT),
                                done - lastCompleted[0],
                                outstanding(),
                                results.intervalMaxNanos / 1e6);
                        lastCompleted[0] = done;
                        results.intervalMaxNanos = 0;
                    },
                    1,
                    1,
                    TimeUnit.SECONDS);
        }
        if (s.fill() > 0) {
            fill();
        }
        Optional<ControllerMetrics> metrics =
                Optional.ofNullable(s.metricsUrl()).map(ControllerMetrics::new);
        ScheduledExecutorService scraper = startScraping(metrics);
        Thread lister = startListing();
        long warmupStart = System.nanoTime();
        onLoop(() -> results.phase = Results.Phase.WARMUP);
        if (s.rate() > 0) {
            Pacer pacer = new Pacer(warmupStart);
            loop.scheduleAtFixedRate(pacer::tick, 0, 100, TimeUnit.MICROSECONDS);
        } else {
            onLoop(() -> switches.forEach(EmulatedSwitch::start));
        }
        metrics.ifPresent(ControllerMetrics::read); // the endpoint's first read is slow: let it fall in the warm-up
        Thread.sleep(s.warmupSeconds() * 1000L);
        if (metrics.isPresent()) {
            // Read before the measured phase, not in it: at a million sessions a read is work.
            results.metricsBefore = metrics.get().read().orElse(null);
            results.completedAtMetricsBefore = callOnLoop(() -> results.completedAllPhases);
            Thread.sleep(1000);
        }
        onLoop(() -> results.startMeasure(System.nanoTime()));
        Thread.sleep(s.durationSeconds() * 1000L);
        onLoop(() -> results.stopMeasure(System.nanoTime()));
        if (scraper != null) {
            scraper.shutdownNow();
            scraper.awaitTermination(30, TimeUnit.SECONDS);
        }
        if (lister != null) {
            lister.interrupt();
            lister.join(TimeUnit.SECONDS.toMillis(40));
        }
        long drainUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(s.timeoutMillis() + 500);
        while (System.nanoTime() < drainUntil && callOnLoop(this::outstanding) > 0) {
            Thread.sleep(20);
        }
        if (metrics.isPresent()) {
            results.metricsAfter = metrics.get().read().orElse(null);
            results.completedAtMetricsAfter = callOnLoop(() -> results.completedAllPhases);
        }
        return callOnLoop(() -> {
            long now = System.nanoTime();
            switches.forEach(sw -> sw.sweep(now, true)); // whatever is still unanswered is missing
            results.phase = Results.Phase.DONE;
            tables.forEach(results::addFlowTable);
            return results;
        });
    }

    /** Sets up {@code fill} sessions as fast as the controller answers, and waits for every answer. */
    private void fill() throws Exception {
        long start = System.nanoTime();
        onLoop(() -> {
            results.fillTarget = s.fill();
            results.phase = Results.Phase.FILL;
            switches.forEach(EmulatedSwitch::start);
        });
        long limit = start + TimeUnit.SECONDS.toNanos(FILL_LIMIT_SECONDS);
        while (!callOnLoop(results::fillSettled)) {
            if (System.nanoTime() > limit) {
                throw new IllegalStateException("fill did not finish within " + FILL_LIMIT_SECONDS + " s");
            }
            Thread.sleep(50);
        }
        results.fillSeconds = (System.nanoTime() - start) / 1e9;
        log(
                "filled: %,d sessions set up in %.1f s, %,d wrong, %,d missing",
                results.fillCompleted, results.fillSeconds, results.fillWrong, results.fillMissing);
    }

    /** Lists every mapping through REST in a loop from now until interrupted; null if off. */
    private Thread startListing() {
        if (s.mappingsUrl() == null) {
            return null;
        }
        results.lister = new MappingLister(s.mappingsUrl());
        Thread t = new Thread(results.lister, "emulator-mapping-lister");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Reads the controller's metrics every {@code scrapeMillis} from now until shut down; null if off. */
    private ScheduledExecutorService startScraping(Optional<ControllerMetrics> metrics) {
        if (metrics.isEmpty() || s.scrapeMillis() <= 0) {
            return null;
        }
        ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emulator-scraper");
            t.setDaemon(true);
            return t;
        });
        scraper.scheduleAtFixedRate(
                () -> {
                    long t0 = System.nanoTime();
                    boolean ok = metrics.get().read().isPresent();
                    results.scraped(ok, System.nanoTime() - t0);
                },
                0,
                s.scrapeMillis(),
                TimeUnit.MILLISECONDS);
        return scraper;
    }

    static Bootstrap bootstrap(EventLoopGroup group, boolean epoll) {
        return new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20));
    }

    /** Connects one switch to the controller (OpenFlow frames by their length field). */
    static Channel connect(Bootstrap bootstrap, EmulatedSwitch sw, String host, int port) throws InterruptedException {
        return bootstrap
                .clone()
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(0xffff, 2, 2, -4, 0), sw);
                    }
                })
                .connect(host, port)
                .sync()
                .channel();
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
