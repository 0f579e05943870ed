package dev.allotment.api;

public enum BindMountMode {
    RO,
    RW
}
