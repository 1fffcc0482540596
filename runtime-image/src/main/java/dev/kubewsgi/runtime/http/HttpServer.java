package dev.kubewsgi.runtime.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The application port: HTTP/1.1 on Netty (epoll when available, else NIO), one handler for all
 * requests.
 */
public final class HttpServer implements AutoCloseable {

  private final AtomicBoolean closed = new AtomicBoolean();

  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final Connections connections;

  private HttpServer(EventLoopGroup group, Channel serverChannel, Connections connections) {
    this.group = group;
    this.serverChannel = serverChannel;
    this.connections = connections;
  }

  /** Binds {@code address} (port 0 picks a free port) with one event loop per core. */
  public static HttpServer start(
      InetSocketAddress address, RequestLimits limits, RequestHandler handler)
      throws InterruptedException {
    return start(address, limits, handler, Runtime.getRuntime().availableProcessors());
  }

  /** Binds {@code address} with {@code eventLoops} I/O threads. */
  public static HttpServer start(
      InetSocketAddress address, RequestLimits limits, RequestHandler handler, int eventLoops)
      throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            eventLoops, new DefaultThreadFactory("kubewsgi-http", true), io);
    Connections connections = new Connections();
    try {
      Channel channel =
          new ServerBootstrap()
              .group(group)
              .channel(channelType)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(ChannelOption.AUTO_READ, false)
              .childHandler(new HttpChannelInitializer(limits, handler, connections))
              .bind(address)
              .sync()
              .channel();
      return new HttpServer(group, channel, connections);
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Whether the epoll transport is in use (else NIO). */
  public static boolean nativeTransport() {
    return Epoll.isAvailable();
  }

  /**
   * The drain delay begins: requests are still served, but every response says {@code Connection:
   * close}, so keep-alive clients reconnect (to a pod still in the endpoints) while this one is
   * still answering, instead of finding an idle connection closed under them when it stops
   * accepting.
   */
  public void closeConnectionsAfterResponses() {
    connections.closeAfterResponses();
  }

  /**
   * Stops taking new connections and starts the drain: idle keep-alive connections are closed now,
   * busy ones after their current response (which says {@code Connection: close}).
   */
  public void stopAccepting() {
    serverChannel.close().syncUninterruptibly();
    connections.drain();
  }

  /** Open client connections. */
  public int openConnections() {
    return connections.open();
  }

  /** Requests dispatched and not yet finished. */
  public int activeExchanges() {
    return connections.activeExchanges();
  }

  /**
   * Waits until no request is in flight and every connection has closed, at most {@code timeout}.
   *
   * @return true when idle, false when the timeout passed first
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return connections.awaitIdle(timeout);
  }

  /** Closes every connection and stops the event loops; closing again does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    serverChannel.close().syncUninterruptibly();
    connections.closeAll();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
