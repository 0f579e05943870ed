package dev.allotment.local;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates CRDs read from classpath YAML, through the same front door kubectl would use. */
final class CrdInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(CrdInstaller.class);

    /** The project's generated CRDs, as the build puts them on the classpath. */
    static final List<String> PROJECT_CRDS = List.of(
            "/crds/containerreservations.allotment.dev.yaml",
            "/crds/reservationpools.allotment.dev.yaml");

    private final Dispatcher api;

    CrdInstaller(Dispatcher api) {
        this.api = api;
    }

    void install(List<String> resources) {
        resources.forEach(this::install);
    }

    private void install(String resource) {
        CustomResourceDefinition crd = read(resource);
        String body = Serialization.asJson(crd);
        MockResponse response = api.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.POST,
                BuiltInResources.CRD_COLLECTION, Headers.builder().add("Content-Type", "application/json").build(),
                new Buffer(body.getBytes(StandardCharsets.UTF_8))));
        if (response.code() != 201) {
            throw new IllegalStateException("could not install CRD " + crd.getMetadata().getName() + ": HTTP "
                    + response.code() + " " + (response.getBody() == null ? "" : response.getBody().readUtf8()));
        }
        LOG.info("crd-installed name={}", crd.getMetadata().getName());
    }

    private static CustomResourceDefinition read(String resource) {
        try (InputStream in = CrdInstaller.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath; the build generates it"
                        + " (mvn process-classes)");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }
}
