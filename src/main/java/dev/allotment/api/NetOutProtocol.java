package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Protocol a NetOut rule allows. */
public enum NetOutProtocol {
    @JsonProperty("all")
    ALL,
    @JsonProperty("tcp")
    TCP,
    @JsonProperty("udp")
    UDP,
    @JsonProperty("icmp")
    ICMP;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
