package dev.allotment.api;

public enum Phase {
    Pending,
    Ready,
    Failed,
    Releasing
}
