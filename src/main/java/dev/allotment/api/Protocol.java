package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Transport protocol of a NetIn mapping. */
public enum Protocol {
    @JsonProperty("tcp")
    TCP,
    @JsonProperty("udp")
    UDP;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
