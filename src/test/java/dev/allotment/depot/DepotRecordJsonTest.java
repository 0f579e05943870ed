package dev.allotment.depot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.allotment.api.ContainerReservationSpec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DepotRecordJsonTest {
    private static final String ID = "0000000000a";

    @Test
    void stateIsWrittenInLowercase() throws Exception {
        for (RecordState state : RecordState.values()) {
            JsonNode json = tree(TestRecords.planned(ID, "uid-1", "h").withState(state, TestRecords.LATER));

            assertThat(json.get("state").asText()).isEqualTo(state.name().toLowerCase());
        }
    }

    @Test
    void instantsAreIsoStrings() throws Exception {
        JsonNode json = tree(TestRecords.full(ID, "uid-1", "h"));

        assertThat(json.get("createdAt").asText()).isEqualTo("2025-03-04T05:06:07.123456789Z");
        assertThat(json.get("updatedAt").asText()).isEqualTo("2025-03-04T05:07:07.123456789Z");
    }

    @Test
    void nullFieldsAreOmitted() throws Exception {
        DepotRecord record = new DepotRecord(1, ID, new Owner(null, null, "uid-1", null), null,
                RecordState.ACQUIRING, null, Resources.builder().ip("10.254.0.2").build(), null, null);

        assertThat(new String(DepotJson.toBytes(record), StandardCharsets.UTF_8))
                .doesNotContain("null")
                .doesNotContain("handle")
                .doesNotContain("spec")
                .doesNotContain("subnet");
    }

    @Test
    void unknownPropertiesAreIgnoredOnRead() throws Exception {
        String json = "{\"schemaVersion\":1,\"containerId\":\"" + ID + "\",\"state\":\"ready\",\"fromTheFuture\":{\"x\":1},"
                + "\"owner\":{\"uid\":\"uid-1\",\"zone\":\"z\"},\"resources\":{\"ip\":\"10.0.0.2\",\"vlan\":7}}";

        DepotRecord record = DepotJson.MAPPER.readValue(json, DepotRecord.class);

        assertThat(record.state()).isEqualTo(RecordState.READY);
        assertThat(record.owner().uid()).isEqualTo("uid-1");
        assertThat(record.resources().ip()).isEqualTo("10.0.0.2");
    }

    @Test
    void withStateReturnsACopyAndLeavesTheOriginal() {
        DepotRecord planned = TestRecords.planned(ID, "uid-1", "h");

        DepotRecord ready = planned.withState(RecordState.READY, TestRecords.LATER);

        assertThat(planned.state()).isEqualTo(RecordState.ACQUIRING);
        assertThat(ready.state()).isEqualTo(RecordState.READY);
        assertThat(ready.updatedAt()).isEqualTo(TestRecords.LATER);
        assertThat(ready.createdAt()).isEqualTo(planned.createdAt());
        assertThat(ready.withState(RecordState.ACQUIRING, planned.updatedAt())).isEqualTo(planned);
    }

    @Test
    void specSnapshotCannotBeChangedThroughTheRecord() {
        ContainerReservationSpec spec = TestRecords.fullSpec("h");
        DepotRecord record = TestRecords.full(ID, "uid-1", "h").withSpec(spec, TestRecords.LATER);

        spec.setGraceTime("1h");
        record.spec().setGraceTime("2h");

        assertThat(record.spec().getGraceTime()).isEqualTo("30s");
    }

    private static JsonNode tree(DepotRecord record) throws Exception {
        return DepotJson.MAPPER.readTree(DepotJson.toBytes(record));
    }
}
