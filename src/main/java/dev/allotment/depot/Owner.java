package dev.allotment.depot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The reservation a depot entry belongs to. The UID, not the name, identifies it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Owner(String namespace, String name, String uid, Long generation) {
}
