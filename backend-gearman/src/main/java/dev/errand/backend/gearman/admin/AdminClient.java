package dev.errand.backend.gearman.admin;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gearmand's text protocol (the one {@code gearadmin} speaks, on the same port as the binary
 * one). gearmand ends some answers with LF ({@code status}, {@code version}) and others with CRLF
 * ({@code OK}, {@code ERR}), so both are accepted everywhere. Every read is bounded by the
 * response timeout; one command at a time per connection.
 */
public final class AdminClient implements AutoCloseable {
    private static final int MAX_LINE = 64 * 1024;
    private static final Pattern WORKER_LINE = Pattern.compile("(\\d{1,9}) (\\S+) (.*?) :(?: (.*))?");

    private final String server;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private AdminClient(String server, Socket socket) throws IOException {
        this.server = server;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to gearmand at {@code host:port}.
     *
     * @param timeout bounds the connect and every answer
     */
    public static AdminClient connect(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return new AdminClient(host + ":" + port, socket);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot reach gearmand at " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** {@code status}: one record per function the server knows, in the server's order. */
    public List<FunctionStatus> status() throws IOException {
        List<FunctionStatus> result = new ArrayList<>();
        for (String line : listCommand("status")) {
            result.add(parseStatus(line));
        }
        return result;
    }

    /** {@code workers}: one record per connection, clients included. */
    public List<WorkerInfo> workers() throws IOException {
        List<WorkerInfo> result = new ArrayList<>();
        for (String line : listCommand("workers")) {
            result.add(parseWorker(line));
        }
        return result;
    }

    /** {@code version}: the server's version text, e.g. {@code "1.1.20+ds"}. */
    public String version() throws IOException {
        send("version");
        String line = readLine("version");
        if (!line.startsWith("OK ")) {
            throw answer("version", line);
        }
        return line.substring(3);
    }

    /**
     * {@code cancel job H}: removes a queued job. True on {@code OK}; false when gearmand does
     * not know the handle ({@code ERR UNKNOWN_JOB}).
     */
    public boolean cancelJob(String handle) throws IOException {
        if (handle.isEmpty() || handle.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("not a job handle: \"" + handle + "\"");
        }
        send("cancel job " + handle);
        String line = readLine("cancel job");
        if (line.equals("OK")) {
            return true;
        }
        if (line.equals("ERR UNKNOWN_JOB") || line.startsWith("ERR UNKNOWN_JOB ")) {
            return false;
        }
        throw answer("cancel job " + handle, line);
    }

    /** A {@code workers} line; the client id is what lies between the address and the first " :". */
    static WorkerInfo parseWorker(String line) throws GearmanAdminException {
        Matcher m = WORKER_LINE.matcher(line);
        if (!m.matches()) {
            throw malformed("workers", line, "FD ADDRESS CLIENT-ID : FUNCTION...");
        }
        String functions = m.group(4) == null ? "" : m.group(4).trim();
        return new WorkerInfo(
                Integer.parseInt(m.group(1)),
                m.group(2),
                m.group(3),
                functions.isEmpty() ? List.of() : List.of(functions.split(" +")));
    }

    static FunctionStatus parseStatus(String line) throws GearmanAdminException {
        String[] f = line.split("\t", -1);
        if (f.length != 4 || f[0].isEmpty()) {
            throw malformed("status", line, "FUNCTION\\tTOTAL\\tRUNNING\\tAVAILABLE_WORKERS");
        }
        try {
            return new FunctionStatus(f[0], count(f[1]), count(f[2]), count(f[3]));
        } catch (NumberFormatException e) {
            throw malformed("status", line, "FUNCTION\\tTOTAL\\tRUNNING\\tAVAILABLE_WORKERS with counts >= 0");
        }
    }

    private static long count(String field) {
        if (field.isEmpty() || !field.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(field);
        }
        return Long.parseLong(field);
    }

    /** Sends {@code command} and reads lines up to the terminating {@code "."}. */
    private List<String> listCommand(String command) throws IOException {
        send(command);
        List<String> lines = new ArrayList<>();
        for (String line = readLine(command); !line.equals("."); line = readLine(command)) {
            if (line.startsWith("ERR ")) {
                throw answer(command, line);
            }
            lines.add(line);
        }
        return lines;
    }

    private void send(String command) throws IOException {
        out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private String readLine(String command) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new GearmanAdminException("gearmand at " + server + " closed the connection in the answer to \""
                        + command + "\" after " + line.size() + " bytes of a line");
            }
            if (b == '\n') {
                break;
            }
            if (line.size() >= MAX_LINE) {
                throw new GearmanAdminException("gearmand at " + server + " sent a line over " + MAX_LINE
                        + " bytes in the answer to \"" + command + "\"");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static GearmanAdminException malformed(String command, String line, String expected) {
        return new GearmanAdminException(
                "malformed line in the answer to \"" + command + "\": \"" + line + "\"; expected " + expected);
    }

    private GearmanAdminException answer(String command, String line) {
        return new GearmanAdminException(
                "gearmand at " + server + " answered \"" + command + "\" with \"" + line + "\"");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
