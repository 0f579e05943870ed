package dev.allotment.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatchFilterTest {
    private static ObjectNode event(String type, String uid, String node, int resourceVersion) throws IOException {
        return Json.readObject(("{'type':'" + type + "','object':{'metadata':{'uid':'" + uid + "','resourceVersion':'"
                + resourceVersion + "'},'spec':{'nodeName':'" + node + "'}}}").replace('\'', '"')
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String type(Optional<ObjectNode> event) {
        return event.map(e -> e.path("type").asText()).orElse("dropped");
    }

    @Test
    void fieldSelectorTurnsObjectsMovingInAndOutOfTheSelectionIntoAddedAndDeleted() throws IOException {
        WatchFilter filter = new FieldSelectorWatchFilter(FieldSelector.parse("spec.nodeName=a"));

        assertThat(type(filter.apply(event("ADDED", "1", "b", 1)))).isEqualTo("dropped");
        assertThat(type(filter.apply(event("MODIFIED", "1", "a", 2)))).isEqualTo("ADDED");
        assertThat(type(filter.apply(event("MODIFIED", "1", "a", 3)))).isEqualTo("MODIFIED");
        assertThat(type(filter.apply(event("MODIFIED", "1", "b", 4)))).isEqualTo("DELETED");
        assertThat(type(filter.apply(event("DELETED", "1", "b", 4)))).isEqualTo("dropped");
    }

    @Test
    void changesAfterDropsOnlyAddedEventsTheClientHasAlreadyListed() throws IOException {
        WatchFilter filter = WatchFilter.changesAfter(5);

        assertThat(type(filter.apply(event("ADDED", "1", "a", 5)))).isEqualTo("dropped");
        assertThat(type(filter.apply(event("ADDED", "2", "a", 6)))).isEqualTo("ADDED");
        assertThat(type(filter.apply(event("DELETED", "3", "a", 2)))).isEqualTo("DELETED");
    }

    @Test
    void fieldSelectorSplitsTermsTheStoreUnderstandsFromTheRest() {
        FieldSelector selector = FieldSelector.parse("metadata.name=x,spec.nodeName!=b,status.phase==Ready");

        assertThat(selector.storeHandled()).hasToString("metadata.name=x");
        assertThat(selector.storeIgnored()).hasToString("spec.nodeName!=b,status.phase=Ready");
    }
}
