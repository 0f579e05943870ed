package dev.allotment.node.rootfs;

import java.util.regex.Pattern;

/** A parsed rootfs URI: {@code dir:///abs/path} or {@code oci:///abs/path/to/oci-layout[:tag]}. */
record RootfsUri(Kind kind, String path, String tag) {
    static final String FIELD = "spec.rootfs";
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    enum Kind { DIR, OCI }

    static RootfsUri parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw Refusals.invalid(FIELD + ": no rootfs given and this node has no default rootfs");
        }
        if (uri.startsWith("dir://")) {
            String path = uri.substring("dir://".length());
            SafeResolver.components(path, FIELD);
            return new RootfsUri(Kind.DIR, path, null);
        }
        if (uri.startsWith("oci://")) {
            String rest = uri.substring("oci://".length());
            String tag = null;
            int colon = rest.lastIndexOf(':');
            if (colon >= 0) {
                tag = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
                if (!TAG.matcher(tag).matches()) {
                    throw Refusals.invalid(FIELD + ": " + uri + " has an invalid tag '" + tag + "'");
                }
            }
            SafeResolver.components(rest, FIELD);
            return new RootfsUri(Kind.OCI, rest, tag);
        }
        throw Refusals.invalid(FIELD + ": " + uri + " must start with dir:// or oci://");
    }
}
