package dev.allotment.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Gives a CRD being created the status the API server's controllers would give it moments later: names accepted,
 * Established, stored versions. {@code kubectl wait --for=condition=Established crd/...} then returns at once.
 */
final class CrdEstablisher {
    private final Clock clock;

    CrdEstablisher(Clock clock) {
        this.clock = clock;
    }

    RecordedRequest establish(RecordedRequest create) {
        ObjectNode crd;
        try {
            crd = Json.readObject(create.getBody().getBytes());
        } catch (IOException e) {
            return create;
        }
        JsonNode spec = crd.path("spec");
        ObjectNode status = crd.putObject("status");
        status.set("acceptedNames", spec.path("names").deepCopy());
        ArrayNode conditions = status.putArray("conditions");
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        conditions.addObject().put("type", "NamesAccepted").put("status", "True").put("reason", "NoConflicts")
                .put("message", "no conflicts found").put("lastTransitionTime", now);
        conditions.addObject().put("type", "Established").put("status", "True").put("reason", "InitialNamesAccepted")
                .put("message", "the initial names have been accepted").put("lastTransitionTime", now);
        ArrayNode stored = status.putArray("storedVersions");
        spec.path("versions").forEach(v -> {
            if (v.path("storage").asBoolean(false)) {
                stored.add(v.path("name").asText());
            }
        });
        return new RecordedRequest(create.getHttpVersion(), create.method(), create.getPath(), create.getHeaders(),
                new Buffer(crd.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
