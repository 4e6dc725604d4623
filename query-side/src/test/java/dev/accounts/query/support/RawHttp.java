package dev.accounts.query.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 written byte for byte, for requests no well-behaved client sends: a request target with a broken
 * percent-escape or a null byte, a header with a control character, two Content-Lengths. The request line and
 * headers go out exactly as given (only {@code Host}, and {@code Content-Length} when the caller sets none, are
 * added, and {@code Connection: close}); the answer is read to the end of the connection.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 15_000;

    private RawHttp() {
    }

    /** An answer: its status, its headers (names in lower case, the first value of each) and its body as text. */
    public record Response(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends one request to 127.0.0.1 and reads the whole answer.
     *
     * @param headers header lines ({@code "Name: value"}), sent in order and as they are
     * @param body    the body's bytes, or {@code null} for none
     */
    public static Response send(int port, String method, String target, List<String> headers, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            headers.forEach(header -> request.writeBytes((header + "\r\n").getBytes(StandardCharsets.UTF_8)));
            boolean lengthGiven = headers.stream().map(header -> header.toLowerCase(Locale.ROOT))
                    .anyMatch(header -> header.startsWith("content-length:") || header.startsWith("transfer-encoding:"));
            if (body != null && !lengthGiven) {
                request.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                request.writeBytes(body);
            }
            socket.getOutputStream().write(request.toByteArray());
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + ": " + e.getMessage(), e);
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("no HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new TreeMap<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.putIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(in) : in.readAllBytes();
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String size = line(in); size != null; size = line(in)) {
            int length = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (length == 0) {
                break;
            }
            body.writeBytes(in.readNBytes(length));
            line(in);
        }
        return body.toByteArray();
    }

    /** One line without its CRLF, as ISO-8859-1 (header values are bytes); null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
