package dev.kubewsgi.runtime.http;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The body of the request a connection is reading, on its event loop: streams it into its exchange
 * within the size limit and the client timeout, holds it back until the worker's first read when
 * the client sent {@code Expect: 100-continue}, and skips what a finished request left unread so
 * that the next request can be framed. The connection decides what a verdict means for it.
 */
final class RequestBodyReader {

  /** What the connection does after a piece of body. */
  enum Next {
    /** Nothing: keep reading when there is room. */
    READ,
    /** A finished request's body is skipped to its end: frame the next request. */
    NEXT_REQUEST,
    /** Close the connection now. */
    CLOSE,
    /** The framing is lost ({@link #framingLost}): close now if no exchange is under way. */
    POISON
  }

  private final RequestLimits limits;
  private final ConnectionTimer timer;

  /** A body is still arriving: the current exchange's, or a finished one's being skipped. */
  private boolean open;

  /** The stream cannot be framed past this body: no more requests on the connection. */
  private boolean framingLost;

  private NettyExchange owner;
  private long received;
  private boolean awaitingContinue;

  RequestBodyReader(RequestLimits limits, ConnectionTimer timer) {
    this.limits = limits;
    this.timer = timer;
  }

  boolean open() {
    return open;
  }

  boolean framingLost() {
    return framingLost;
  }

  /** A request head was accepted: its body (possibly empty) now belongs to {@code exchange}. */
  void start(NettyExchange exchange, boolean expectContinue) {
    open = true;
    owner = exchange;
    received = 0;
    awaitingContinue = expectContinue;
  }

  /** The handler took the exchange: time the body if it is still wanted and under way. */
  void handed(NettyExchange exchange, NettyExchange current, long contentLength) {
    if (current == exchange && open && contentLength != 0 && !awaitingContinue) {
      timer.awaitBody();
    }
  }

  Next accept(HttpContent content, NettyExchange current) {
    boolean last = content instanceof LastHttpContent;
    if (content.decoderResult().isFailure()) {
      content.release();
      open = false;
      timer.stop();
      fail(owner, 400, "Malformed chunked request body");
      framingLost = true;
      return Next.POISON; // the decoder discards everything after a bad chunk
    }
    received += content.content().readableBytes();
    boolean tooLarge = received > limits.maxBodySize();
    if (current == null || owner != current) {
      content.release(); // skipping the unread rest of a finished request's body
      if (tooLarge) {
        return Next.CLOSE;
      }
      if (last) {
        open = false;
        owner = null;
        return Next.NEXT_REQUEST;
      }
      return Next.READ;
    }
    StreamingRequestBody body = current.streamingBody();
    if (body == null) {
      content.release(); // no body declared: only the decoder's empty end marker
      if (last) {
        open = false;
      }
      return Next.READ;
    }
    if (tooLarge) {
      content.release();
      open = false;
      timer.stop();
      fail(current, 413, "Request body larger than " + limits.maxBodySize() + " bytes");
      framingLost = true;
      return Next.POISON;
    }
    boolean room = body.offer(content.content());
    if (last) {
      body.end();
      open = false;
      timer.stop();
    } else if (!room) {
      timer.stop(); // we stopped reading: the client is not slow, the app is; resume re-arms
    } else {
      timer.bodyProgressed();
    }
    return Next.READ;
  }

  /**
   * Whether to read the socket now: to frame the next request when no exchange is under way (or a
   * finished one's body is being skipped), or to feed the current exchange's body.
   */
  boolean wantsRead(NettyExchange current) {
    if (framingLost) {
      return false;
    }
    if (current == null) {
      return true; // idle, or skipping a finished request's body
    }
    StreamingRequestBody body = current.streamingBody();
    return open && owner == current && !awaitingContinue && (body == null || !body.full());
  }

  /**
   * The worker reads the body for the first time: whether {@code 100 Continue} is to be sent now
   * (the body's timeout then starts).
   */
  boolean continueNow(NettyExchange exchange, NettyExchange current) {
    if (exchange != current || !awaitingContinue) {
      return false;
    }
    awaitingContinue = false;
    timer.awaitBody();
    return true;
  }

  /** The worker made room: whether to read again (the body's timeout restarts if stopped). */
  boolean resume(NettyExchange exchange, NettyExchange current) {
    if (exchange != current || !open) {
      return false;
    }
    timer.resumeBody();
    return true;
  }

  /** The response went out before the client sent a body it was told to wait with. */
  boolean neverContinued() {
    return open && awaitingContinue;
  }

  /** The response is complete with its body still arriving: skip the rest of it. */
  void skipRest(NettyExchange finished) {
    if (finished.streamingBody() != null) {
      finished.streamingBody().discard();
    }
    timer.awaitBody();
  }

  /**
   * The body's timeout fired: whether the current exchange's body was failed with a 408 (else the
   * connection only has a finished request's body to skip, and closes).
   */
  boolean timedOut(NettyExchange current) {
    framingLost = true;
    if (current == null || owner != current) {
      return false;
    }
    fail(current, 408, limits.notReceived("Request body"));
    open = false;
    return true;
  }

  /**
   * The client went away: a worker waiting on the body gets an error instead of waiting forever.
   */
  void clientGone() {
    if (open) {
      fail(owner, 400, "client closed the connection mid-body");
    }
  }

  private static void fail(NettyExchange exchange, int status, String message) {
    StreamingRequestBody body = exchange == null ? null : exchange.streamingBody();
    if (body != null) {
      body.fail(new RequestBodyException(status, message));
    }
  }
}
