package dev.allotment.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PatchTypesTest {
    private static final String CURRENT = "{'metadata':{'name':'a','labels':{'x':'1','y':'2'}},"
            + "'spec':{'env':['A=1','B=2'],'nodeName':'n'}}";

    private static JsonNode json(String s) throws IOException {
        return Json.read(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    private static RecordedRequest patch(String contentType, String body) {
        return new RecordedRequest("HTTP/1.1", HttpMethod.PATCH, "/apis/g/v1/namespaces/d/things/a",
                Headers.builder().add("Content-Type", contentType).build(),
                new Buffer(body.replace('\'', '"').getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void mergePatchReplacesListsAndDeletesNulls() throws Exception {
        JsonNode patched = PatchTypes.apply(patch("application/merge-patch+json",
                "{'metadata':{'labels':{'x':null,'z':'3'}},'spec':{'env':['C=3']}}"), json(CURRENT), true);

        assertThat(patched).isEqualTo(json("{'metadata':{'name':'a','labels':{'y':'2','z':'3'}},"
                + "'spec':{'env':['C=3'],'nodeName':'n'}}"));
    }

    @Test
    void jsonPatchCreatesMissingParentObjects() throws Exception {
        JsonNode patched = PatchTypes.apply(patch("application/json-patch+json",
                "[{'op':'add','path':'/status/phase','value':'Ready'}]"), json(CURRENT), true);

        assertThat(patched.path("status").path("phase").asText()).isEqualTo("Ready");
    }

    @Test
    void strategicMergePatchIsRefusedForCustomResources() {
        assertThatThrownBy(() -> PatchTypes.apply(patch("application/strategic-merge-patch+json", "{}"),
                json(CURRENT), true))
                .isInstanceOfSatisfying(PatchTypes.Refused.class,
                        e -> assertThat(e.response().code()).isEqualTo(415));
    }

    @Test
    void strategicMergePatchWithoutDirectivesIsAMergePatchForBuiltInKinds() throws Exception {
        JsonNode patched = PatchTypes.apply(patch("application/strategic-merge-patch+json",
                "{'metadata':{'labels':{'z':'3'}}}"), json(CURRENT), false);

        assertThat(patched.path("metadata").path("labels")).isEqualTo(json("{'x':'1','y':'2','z':'3'}"));
        assertThatThrownBy(() -> PatchTypes.apply(patch("application/strategic-merge-patch+json",
                "{'spec':{'$setElementOrder/env':[]}}"), json(CURRENT), false))
                .isInstanceOf(PatchTypes.Refused.class);
    }

    @Test
    void serverSideApplyIsRefused() {
        assertThatThrownBy(() -> PatchTypes.apply(patch("application/apply-patch+yaml", "{}"), json(CURRENT), true))
                .isInstanceOfSatisfying(PatchTypes.Refused.class,
                        e -> assertThat(e.response().code()).isEqualTo(415));
    }
}
