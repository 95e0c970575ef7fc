package dev.errand.dashboard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The address the audit log names. The direct peer, unless it is one of the trusted proxies: then the right-most
 * {@code X-Forwarded-For} address that is not itself a trusted proxy (each proxy appends the address it heard from, so
 * only the part its trusted proxies wrote can be believed; anything left of it may be forged by the client).
 */
final class ClientAddress {
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final InetAddressSet trusted = new InetAddressSet();

    /** @param proxies addresses and CIDR ranges ({@code 10.0.0.0/8}) of the proxies whose X-Forwarded-For is believed */
    ClientAddress(List<String> proxies) {
        proxies.forEach(trusted::add);
    }

    /** Checks a trusted-proxy entry as {@link ClientAddress} will read it; the message names it and what is allowed. */
    static void check(String proxy) {
        try {
            new InetAddressSet().add(proxy);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("trusted proxy '" + proxy + "' is not an IP address nor a CIDR range"
                    + " (e.g. 10.0.0.5, 10.0.0.0/8, fd00::/8)");
        }
    }

    /** The client's address, and {@code " via=<proxy>"} when it was read from X-Forwarded-For. */
    String describe(Request request) {
        String peerText = Request.getRemoteAddr(request);
        InetAddress peer = request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress s
                ? s.getAddress()
                : null;
        if (trusted.isEmpty() || peer == null || !trusted.test(peer)) {
            return peerText;
        }
        List<String> hops = new ArrayList<>();
        for (String header : request.getHeaders().getValuesList("X-Forwarded-For")) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        String client = null;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops.get(i));
            if (hop.isEmpty()) {
                break; // not an address: nothing further left can be believed
            }
            client = hop.get().getHostAddress();
            if (!trusted.test(hop.get())) {
                break;
            }
        }
        return client == null ? peerText : client + " via=" + peerText;
    }

    /** An IP address written as such; never a name (resolving what a client sent would make it choose DNS lookups). */
    private static Optional<InetAddress> literal(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                return Optional.of(InetAddress.getByName(text));
            }
            if (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()) {
                return Optional.of(InetAddress.getByName("[" + text + "]")); // brackets: a literal or an error
            }
        } catch (UnknownHostException e) {
            // not an address
        }
        return Optional.empty();
    }
}
