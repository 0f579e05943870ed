package dev.allotment.api;

/**
 * Regular expressions shared by the CRD schema (RE2) and the Java validator (java.util.regex).
 * Each one is written in the subset both engines read the same way.
 */
public final class SpecPatterns {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final String IP = "(" + OCTET + "\\.){3}" + OCTET;
    private static final String PREFIX = "([0-9]|[12][0-9]|3[0-2])";
    private static final String PATH_SEGMENT = "/[A-Za-z0-9._@+=,~-]+";

    public static final String NODE_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public static final String HANDLE = "^[A-Za-z0-9][A-Za-z0-9_.-]*$";
    public static final String NETWORK = "^$|^" + IP + "(/" + PREFIX + ")?$";
    public static final String ROOTFS = "^dir://(" + PATH_SEGMENT + ")+/?$"
            + "|^oci://(" + PATH_SEGMENT + ")+/?(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?$";
    public static final String ABSOLUTE_PATH = "^(" + PATH_SEGMENT + ")+/?$";
    public static final String ENV_ENTRY = "^[A-Za-z_][A-Za-z0-9_]*=.*$";
    public static final String NET_OUT_NETWORK = "^" + IP + "(/" + PREFIX + ")?$|^" + IP + "-" + IP + "$";
    public static final String PORT_RANGE = "^[0-9]{1,5}(-[0-9]{1,5})?$";
    public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";

    /** CEL, for paths: no segment may be "..". */
    public static final String CEL_NO_DOT_DOT = "!self.matches('(^|/)\\\\.\\\\.(/|:|$)')";

    private SpecPatterns() {
    }
}
