package dev.allotment.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourcePathTest {
    @Test
    void splitsNamespacedCustomResourcePaths() {
        assertThat(ResourcePath.parse("/apis/allotment.dev/v1alpha1/namespaces/d/containerreservations/a/status"))
                .contains(new ResourcePath("allotment.dev", "v1alpha1", "d", "containerreservations", "a", "status"));
        assertThat(ResourcePath.parse("/apis/allotment.dev/v1alpha1/reservationpools"))
                .contains(new ResourcePath("allotment.dev", "v1alpha1", null, "reservationpools", null, null));
    }

    @Test
    void tellsNamespacesThemselvesFromNamespacedResources() {
        assertThat(ResourcePath.parse("/api/v1/namespaces/foo"))
                .contains(new ResourcePath("", "v1", null, "namespaces", "foo", null));
        assertThat(ResourcePath.parse("/api/v1/namespaces/foo/status"))
                .contains(new ResourcePath("", "v1", null, "namespaces", "foo", "status"));
        assertThat(ResourcePath.parse("/api/v1/namespaces/foo/events"))
                .contains(new ResourcePath("", "v1", "foo", "events", null, null));
    }

    @Test
    void rejectsPathsThatAreNotResources() {
        assertThat(ResourcePath.parse("/apis/allotment.dev/v1alpha1")).isEmpty();
        assertThat(ResourcePath.parse("/openapi/v3")).isEmpty();
    }
}
