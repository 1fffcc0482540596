package dev.kubewsgi.runtime.interp;

/**
 * What the WSGI adapter needs of a request to build {@code environ}: primitives and Strings only.
 *
 * @param requestUri the request target as the client sent it: {@code REQUEST_URI}, as Apache's
 * @param headers request headers as name, value, name, value, ... (values latin-1)
 * @param contentLength -1 when the body length is not known in advance (chunked)
 * @param urlScheme {@code http}, or what a trusted proxy forwarded
 * @param host the Host a trusted proxy forwarded, replacing the header's; null keeps the header
 */
public record WsgiRequest(
    int applicationIndex,
    String method,
    String scriptName,
    String pathInfo,
    String query,
    String requestUri,
    String protocol,
    String[] headers,
    long contentLength,
    String remoteAddr,
    int remotePort,
    String serverName,
    int serverPort,
    String urlScheme,
    String host) {}
