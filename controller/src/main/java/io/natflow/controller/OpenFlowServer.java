package io.natflow.controller;

import io.natflow.controller.session.DefaultSwitchRegistry;
import io.natflow.controller.session.ListenerBus;
import io.natflow.controller.session.SwitchSessionContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFlow listener: accepts switches, takes each through the handshake, keeps the registry
 * and tells listeners. Uses epoll where available, else NIO.
 */
public final class OpenFlowServer {
    private static final Logger LOG = LoggerFactory.getLogger(OpenFlowServer.class);

    private final OpenFlowServerConfig config;
    private final DefaultSwitchRegistry registry = new DefaultSwitchRegistry();
    private final ListenerBus listeners = new ListenerBus();
    private final OpenFlowCounters counters = new OpenFlowCounters();
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    public OpenFlowServer(OpenFlowServerConfig config) {
        this.config = config;
    }

    public void addListener(SwitchListener listener) {
        listeners.add(listener);
    }

    public SwitchRegistry registry() {
        return registry;
    }

    public OpenFlowServerConfig config() {
        return config;
    }

    /** What the server did to protect itself from its peers. */
    public OpenFlowCounters counters() {
        return counters;
    }

    /** Binds and starts accepting; throws if the address cannot be bound. */
    public synchronized void start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        boolean epoll = Epoll.isAvailable();
        bossGroup = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        workerGroup = epoll ? new EpollEventLoopGroup() : new NioEventLoopGroup();
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        SwitchSessionContext context =
                new SwitchSessionContext(config, registry, listeners, Clock.systemUTC(), counters);
        ConnectionLimits limits = config.limits();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // Above the high mark a connection stops being read (OutboundLimitHandler).
                .childOption(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(limits.writeBufferLowWaterMark(), limits.writeBufferHighWaterMark()))
                .childHandler(new OpenFlowChannelInitializer(context));
        try {
            serverChannel =
                    bootstrap.bind(config.bindAddress(), config.port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownGroups();
            throw e;
        }
        LOG.info("OpenFlow server listening on {} ({})", serverChannel.localAddress(), epoll ? "epoll" : "nio");
    }

    public synchronized boolean isRunning() {
        return serverChannel != null && serverChannel.isActive();
    }

    /** The bound address; useful when the configured port is 0. */
    public synchronized InetSocketAddress localAddress() {
        if (serverChannel == null) {
            throw new IllegalStateException("not started");
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public synchronized void stop() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        serverChannel = null;
        shutdownGroups();
        LOG.info("OpenFlow server stopped");
    }

    private void shutdownGroups() {
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
