package dev.allotment.depot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.allotment.api.ContainerReservationSpec;

/** The one JSON configuration of depot files: ISO-8601 instants, nulls omitted, unknown properties ignored. */
final class DepotJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // "{...}garbage" must read as corrupt, not as the object before the garbage.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
            .build();

    private DepotJson() {
    }

    static byte[] toBytes(DepotRecord record) {
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new DepotException("cannot serialise the record of " + record.containerId(), e);
        }
    }

    /** A deep copy, so that no caller can change a spec snapshot held by a record. */
    static ContainerReservationSpec copy(ContainerReservationSpec spec) {
        if (spec == null) {
            return null;
        }
        try {
            return MAPPER.treeToValue(MAPPER.valueToTree(spec), ContainerReservationSpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new DepotException("cannot copy the reservation spec", e);
        }
    }
}
