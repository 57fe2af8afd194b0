package dev.tickrunner.it.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real server's CLI ({@code cli_port}, the backend's line console, backend lib/cli/server.js): sends one
 * JavaScript expression per connection and returns what the server printed for it, as {@code screeps cli} shows it.
 */
final class ServerCli {
    /** What the backend writes before a command's result (and at the end of its greeting). */
    private static final String RESULT = "< ";
    private static final int QUIET_MS = 300;

    private final int port;

    ServerCli(int port) {
        this.port = port;
    }

    /**
     * Runs {@code expression} in the server's CLI sandbox and waits for its result line ({@code "< " + value}; a
     * promise's value once it settles), plus whatever follows it within 300 ms.
     *
     * @return what the server printed for the command, trimmed, without the {@code "< "} marker
     * @throws IOException if the CLI does not answer within {@code timeout}
     */
    String run(String expression, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            read(socket, in, timeout, true);
            out.write((expression + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = read(socket, in, timeout, false);
            int at = answer.indexOf(RESULT);
            return (at >= 0 ? answer.substring(0, at) + answer.substring(at + RESULT.length()) : answer).trim();
        }
    }

    /** @return whether the CLI accepts a connection and greets now */
    boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            read(socket, socket.getInputStream(), Duration.ofSeconds(2), true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads until a result marker (or the greeting's), then until 300 ms pass without more. */
    private static String read(Socket socket, InputStream in, Duration timeout, boolean greeting) throws IOException {
        StringBuilder text = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[4096];
        boolean seen = false;
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 && !seen) {
                throw new IOException("server CLI gave no answer within " + timeout + "; got: " + text);
            }
            socket.setSoTimeout((int) Math.max(1, seen ? QUIET_MS : left));
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                if (seen) {
                    return text.toString();
                }
                continue;
            }
            if (n < 0) {
                if (seen) {
                    return text.toString();
                }
                throw new IOException("server CLI closed the connection; got: " + text);
            }
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            seen = greeting ? text.toString().contains(RESULT.trim() + " \r\n") || text.toString().endsWith(RESULT)
                    : text.indexOf(RESULT) >= 0;
        }
    }
}
