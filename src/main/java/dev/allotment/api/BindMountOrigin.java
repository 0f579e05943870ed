package dev.allotment.api;

/** Where a bind mount's srcPath is resolved: on the host, or inside the reservation's rootfs. */
public enum BindMountOrigin {
    Host,
    Container
}
