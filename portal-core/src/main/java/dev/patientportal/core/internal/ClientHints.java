package dev.patientportal.core.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a client address into the coarse hint a patient's access log shows: the IPv4 network /24 or the IPv6 network
 * /48, never the full address (a full address identifies a household and is personal data of whoever used it).
 */
public final class ClientHints {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?]?");

    private ClientHints() {}

    /**
     * The network of an address, or {@code null} when it is absent or not an IP literal. Never resolves a name.
     *
     * @param address the client address as recorded
     * @return for example {@code "203.0.113.0/24"} or {@code "2001:db8:1::/48"}
     */
    public static @Nullable String of(@Nullable String address) {
        if (address == null) {
            return null;
        }
        String a = address.strip();
        if (IPV4.matcher(a).matches()) {
            String[] octets = a.split("\\.", -1); // the pattern above has matched four groups
            for (String o : octets) {
                if (Integer.parseInt(o) > 255) {
                    return null;
                }
            }
            return Integer.parseInt(octets[0]) + "." + Integer.parseInt(octets[1]) + "." + Integer.parseInt(octets[2])
                    + ".0/24";
        }
        if (a.indexOf(':') < 0 || !IPV6.matcher(a).matches()) {
            return null;
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        try {
            // In brackets, InetAddress takes only an IPv6 literal and never looks a name up.
            InetAddress ip = InetAddress.getByName("[" + a + "]");
            byte[] b = ip.getAddress();
            if (ip instanceof Inet4Address) {
                // An IPv4-mapped address (::ffff:a.b.c.d) comes back as IPv4.
                return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + ".0/24";
            }
            if (ip instanceof Inet6Address) {
                return String.format("%x:%x:%x::/48", word(b, 0), word(b, 2), word(b, 4));
            }
            return null;
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static int word(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
}
