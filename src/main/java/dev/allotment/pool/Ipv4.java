package dev.allotment.pool;

/**
 * Converts IPv4 addresses between dotted-quad text and {@code int}.
 * The int holds the 32 address bits; compare addresses with {@link Integer#compareUnsigned}.
 */
public final class Ipv4 {
    private Ipv4() {
    }

    /** Parses four decimal octets 0-255; signs, leading zeros (octal ambiguity) and whitespace are rejected. */
    public static int parse(String text) {
        if (text == null) {
            throw new InvalidAddressException("IPv4 address is missing");
        }
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            throw new InvalidAddressException("\"" + text + "\" is not an IPv4 address: expected four dot-separated octets");
        }
        int address = 0;
        for (String octet : octets) {
            address = (address << 8) | parseOctet(text, octet);
        }
        return address;
    }

    public static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** Parses a decimal number of at most {@code maxDigits} ASCII digits without a leading zero; -1 if it is not one. */
    static int parseDecimal(String digits, int maxDigits) {
        if (digits.isEmpty() || digits.length() > maxDigits || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int parseOctet(String text, String octet) {
        int value = parseDecimal(octet, 3);
        if (value < 0 || value > 255) {
            throw new InvalidAddressException("\"" + text + "\" is not an IPv4 address: octet \"" + octet
                    + "\" is not a decimal number 0-255 without sign or leading zero");
        }
        return value;
    }
}
